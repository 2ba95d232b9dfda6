// The detection area's names, its class-at-a-time evaluator, make_voc_report and the JSON round
// trip of voc_report / voc_result / voc_class_result / voc_options.
#include <edgemetrics/detection.hpp>
#include <edgemetrics/fmt/detection.hpp>
#include <edgemetrics/io.hpp>
#include <edgemetrics/json/detection.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

const std::string data_dir = std::string(EDGEMETRICS_TEST_DATA) + "/voc/";

em::voc_load_options fixture(const std::string& set) {
  em::voc_load_options o;
  o.devkit = data_dir + set;
  o.results = data_dir + set + "/" + (set == "edge_cases" ? "results_no_unknown_ids" : "results");
  if (set == "edge_cases") o.class_names = em::read_class_list(data_dir + set + "/classes.txt");
  return o;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expect_identical(const em::voc_result& a, const em::voc_result& b) {
  ASSERT_EQ(a.classes.size(), b.classes.size());
  EXPECT_TRUE(same_bits(a.map_voc07, b.map_voc07));
  EXPECT_TRUE(same_bits(a.map_voc10, b.map_voc10));
  EXPECT_EQ(a.images, b.images);
  EXPECT_EQ(a.skipped_unknown_image_detections, b.skipped_unknown_image_detections);
  for (std::size_t k = 0; k < a.classes.size(); ++k) {
    const auto& x = a.classes[k];
    const auto& y = b.classes[k];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.npos, y.npos) << x.name;
    EXPECT_EQ(x.difficult, y.difficult) << x.name;
    EXPECT_EQ(x.detections, y.detections) << x.name;
    EXPECT_EQ(x.true_positives, y.true_positives) << x.name;
    EXPECT_EQ(x.false_positives, y.false_positives) << x.name;
    EXPECT_EQ(x.ignored, y.ignored) << x.name;
    EXPECT_EQ(x.inverted_detections, y.inverted_detections) << x.name;
    EXPECT_EQ(x.inverted_objects, y.inverted_objects) << x.name;
    EXPECT_EQ(x.in_mean, y.in_mean) << x.name;
    EXPECT_TRUE(same_bits(x.ap_voc07, y.ap_voc07)) << x.name;
    EXPECT_TRUE(same_bits(x.ap_voc10, y.ap_voc10)) << x.name;
    ASSERT_EQ(x.curve.recall.size(), y.curve.recall.size()) << x.name;
    for (std::size_t i = 0; i < x.curve.recall.size(); ++i) {
      EXPECT_TRUE(same_bits(x.curve.recall[i], y.curve.recall[i])) << x.name << " " << i;
      EXPECT_TRUE(same_bits(x.curve.precision[i], y.curve.precision[i])) << x.name << " " << i;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// names

template <class E>
void check_names(std::initializer_list<std::pair<E, const char*>> all, E (*parse)(std::string_view)) {
  for (const auto& [e, name] : all) {
    EXPECT_EQ(em::to_string(e), name);
    EXPECT_EQ(parse(name), e) << name;
    EXPECT_EQ(fmt::format("{}", e), name);
    const nlohmann::json j = e;
    EXPECT_EQ(j, name);
    EXPECT_EQ(j.get<E>(), e);
  }
  EXPECT_EQ(em::detail::enum_traits<E>::names.size(), all.size());
  EXPECT_THROW((void)parse("no-such-name"), std::invalid_argument);
  EXPECT_THROW((void)parse(""), std::invalid_argument);
  EXPECT_THROW((void)nlohmann::json("no-such-name").get<E>(), std::invalid_argument);
}

TEST(VocNames, EveryEnumeratorBothWays) {
  using namespace em;
  check_names<ap_method>(
      {{ap_method::voc07_11_point, "voc07_11_point"}, {ap_method::voc10_all_point, "voc10_all_point"}},
      parse_ap_method);
  check_names<iou_comparison>({{iou_comparison::greater_equal, "greater_equal"}, {iou_comparison::greater, "greater"}},
                              parse_iou_comparison);
  check_names<recall_grid>({{recall_grid::matlab_colon, "matlab_colon"}, {recall_grid::numpy_arange, "numpy_arange"}},
                           parse_recall_grid);
  check_names<summation>({{summation::left_to_right, "left_to_right"}, {summation::numpy_pairwise, "numpy_pairwise"}},
                         parse_summation);
  check_names<empty_precision>({{empty_precision::nan, "nan"}, {empty_precision::zero, "zero"}}, parse_empty_precision);
  check_names<no_positives_policy>({{no_positives_policy::as_computed, "as_computed"},
                                    {no_positives_policy::nan, "nan"},
                                    {no_positives_policy::zero, "zero"},
                                    {no_positives_policy::exclude, "exclude"}},
                                   parse_no_positives_policy);
  check_names<unknown_image_policy>({{unknown_image_policy::error, "error"}, {unknown_image_policy::skip, "skip"}},
                                    parse_unknown_image_policy);
  check_names<voc_preset>({{voc_preset::voc_devkit, "voc_devkit"},
                           {voc_preset::py_faster_rcnn, "py_faster_rcnn"},
                           {voc_preset::gluoncv, "gluoncv"}},
                          parse_voc_preset);
  check_names<voc_curves>({{voc_curves::none, "none"}, {voc_curves::keep, "keep"}}, parse_voc_curves);
  check_names<voc_metric>({{voc_metric::voc07, "voc07"}, {voc_metric::voc10, "voc10"}, {voc_metric::both, "both"}},
                          parse_voc_metric);
  check_names<voc_notice>({{voc_notice::skipped_unknown_image_detections, "skipped_unknown_image_detections"},
                           {voc_notice::objects_of_other_classes, "objects_of_other_classes"},
                           {voc_notice::inverted_boxes, "inverted_boxes"},
                           {voc_notice::normalized_coordinates, "normalized_coordinates"},
                           {voc_notice::nan_map_without_ground_truth, "nan_map_without_ground_truth"}},
                          parse_voc_notice);
}

TEST(VocNames, BadNameMessageListsTheValidOnes) {
  try {
    (void)em::parse_voc_preset("matlab");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("'matlab'"), std::string::npos) << m;
    EXPECT_NE(m.find("voc_devkit, py_faster_rcnn, gluoncv"), std::string::npos) << m;
  }
}

TEST(VocNames, ToStringIsConstexpr) {
  static_assert(em::to_string(em::iou_comparison::greater) == "greater");
  static_assert(em::to_string(em::voc_metric::both) == "both");
  EXPECT_EQ(em::to_string(static_cast<em::voc_preset>(99)), "");
}

// ---------------------------------------------------------------------------------------------
// voc_set_evaluator

class VocSetEvaluator : public ::testing::TestWithParam<const char*> {};

TEST_P(VocSetEvaluator, EqualsEvaluateBitForBit) {
  const em::voc_dataset data = em::load_voc_dataset(fixture(GetParam()));
  for (auto preset : {em::voc_preset::voc_devkit, em::voc_preset::py_faster_rcnn, em::voc_preset::gluoncv}) {
    const auto opts = em::voc_options::preset(preset);
    for (auto curves : {em::voc_curves::none, em::voc_curves::keep}) {
      const auto whole = em::evaluate(data, opts, curves);
      // classes in reverse order, each given once: the same numbers
      em::voc_set_evaluator ev(data, opts, curves);
      EXPECT_EQ(ev.classes(), data.class_names.size());
      EXPECT_EQ(ev.images(), data.image_ids.size());
      for (std::size_t c = data.class_names.size(); c-- > 0;) ev.add_class(c, data.detections[c]);
      ev.add_skipped_unknown_image_detections(data.skipped_unknown_image_detections);
      expect_identical(ev.result(), whole);
      expect_identical(ev.result(), whole);  // result() does not consume
      expect_identical(std::move(ev).result(), whole);  // nor does moving it out change it
    }
  }
}

TEST_P(VocSetEvaluator, FilesEqualEvaluate) {
  const auto load = fixture(GetParam());
  const em::voc_dataset data = em::load_voc_dataset(load);
  for (auto preset : {em::voc_preset::voc_devkit, em::voc_preset::gluoncv}) {
    const auto opts = em::voc_options::preset(preset);
    const em::voc_evaluation files = em::evaluate_voc_files(load, opts, em::voc_curves::keep);
    expect_identical(files.result, em::evaluate(data, opts, em::voc_curves::keep));
    EXPECT_EQ(files.objects_of_other_classes, data.objects_of_other_classes);
    EXPECT_EQ(files.object_of_other_class_example, data.object_of_other_class_example);
  }
}

INSTANTIATE_TEST_SUITE_P(Sets, VocSetEvaluator,
                         ::testing::Values("small_unique", "medium_unique", "ties", "edge_cases"));

TEST(VocSetEvaluatorRules, ClassNeverGivenHasNoDetections) {
  em::voc_dataset data = em::load_voc_dataset(fixture("small_unique"));
  for (auto preset : {em::voc_preset::voc_devkit, em::voc_preset::gluoncv}) {
    const auto opts = em::voc_options::preset(preset);
    em::voc_set_evaluator ev(data, opts, em::voc_curves::keep);
    for (std::size_t c = 0; c < data.class_names.size(); c += 2) ev.add_class(c, data.detections[c]);
    em::voc_dataset without = data;
    for (std::size_t c = 1; c < data.class_names.size(); c += 2) without.detections[c] = {};
    expect_identical(ev.result(), em::evaluate(without, opts, em::voc_curves::keep));
    expect_identical(std::move(ev).result(), em::evaluate(without, opts, em::voc_curves::keep));
  }
}

TEST(VocSetEvaluatorRules, BadCallsThrowInvalidArgumentAndRecordNothing) {
  const em::voc_dataset data = em::load_voc_dataset(fixture("small_unique"));
  em::voc_set_evaluator ev(data);
  EXPECT_THROW(ev.add_class(data.class_names.size(), data.detections[0]), std::invalid_argument);
  ev.add_class(0, data.detections[0]);
  EXPECT_THROW(ev.add_class(0, data.detections[0]), std::invalid_argument);
  em::voc_dataset::class_detections bad = data.detections[1];
  bad.score.push_back(0.5);  // sizes differ
  EXPECT_THROW(ev.add_class(1, bad), std::invalid_argument);
  ev.add_class(1, data.detections[1]);  // still accepted after the failure
  em::voc_options o;
  o.iou_threshold = 0;
  EXPECT_THROW((void)em::voc_set_evaluator(data, o), std::invalid_argument);
  em::voc_dataset empty;
  EXPECT_THROW((void)em::voc_set_evaluator(empty), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// make_voc_report

TEST(VocReport, TotalsAndNanNoteOnTheSample) {
  const auto load = fixture("small_unique");
  em::voc_run run;
  run.metric = em::voc_metric::both;
  const auto rep = em::make_voc_report(em::evaluate_voc_files(load), run, {"tool", {"a", "b"}});
  EXPECT_EQ(rep.info.tool, "tool");
  EXPECT_EQ(rep.totals.images, 60u);
  EXPECT_EQ(rep.totals.objects, 161u);
  EXPECT_EQ(rep.totals.difficult, 33u);
  EXPECT_EQ(rep.totals.detections, 900u);
  EXPECT_EQ(rep.totals.objects_of_other_classes, 0u);
  EXPECT_EQ(rep.notices, std::vector<em::voc_notice>{em::voc_notice::nan_map_without_ground_truth});
  EXPECT_EQ(rep.classes_without_ground_truth, std::vector<std::string>{"bicycle"});
  // voc07 alone: its mAP is a number, so no note
  run.metric = em::voc_metric::voc07;
  const auto only07 = em::make_voc_report(em::evaluate_voc_files(load), run);
  EXPECT_TRUE(only07.notices.empty());
  EXPECT_TRUE(only07.classes_without_ground_truth.empty());
  EXPECT_TRUE(only07.shows(em::ap_method::voc07_11_point));
  EXPECT_FALSE(only07.shows(em::ap_method::voc10_all_point));
  // gluoncv leaves bicycle out of the mean: no NaN, no note
  run.metric = em::voc_metric::both;
  const auto gl =
      em::make_voc_report(em::evaluate_voc_files(load, em::voc_options::preset(em::voc_preset::gluoncv)), run);
  EXPECT_FALSE(gl.has(em::voc_notice::nan_map_without_ground_truth));
}

TEST(VocReport, OtherClassesSkippedAndInvertedBoxesAreNotices) {
  auto load = fixture("small_unique");
  load.class_names = {"person", "dog"};
  const auto rep = em::make_voc_report(em::evaluate_voc_files(load), {});
  EXPECT_EQ(rep.totals.objects_of_other_classes, 96u);
  EXPECT_EQ(rep.totals.object_of_other_class_example.rfind("'horse' in ", 0), 0u)
      << rep.totals.object_of_other_class_example;
  EXPECT_TRUE(rep.has(em::voc_notice::objects_of_other_classes));

  auto edge = fixture("edge_cases");
  edge.results = data_dir + "edge_cases/results";
  edge.unknown_images = em::unknown_image_policy::skip;
  em::voc_options o;
  o.unknown_images = em::unknown_image_policy::skip;
  em::voc_run run;
  run.metric = em::voc_metric::voc07;  // voc10's mAP is NaN here (a class without ground truth)
  const auto e = em::make_voc_report(em::evaluate_voc_files(edge, o), run);
  EXPECT_EQ(e.notices, (std::vector<em::voc_notice>{em::voc_notice::skipped_unknown_image_detections,
                                                    em::voc_notice::inverted_boxes}));
  EXPECT_EQ(e.totals.skipped_unknown_image_detections, 1u);
  EXPECT_EQ(e.totals.inverted_detections, 1u);
  EXPECT_EQ(e.totals.inverted_objects, 1u);
}

TEST(VocReport, FromAResultInMemory) {
  em::voc_evaluator ev({"dog"});
  ev.update({{0, 0.9, {1, 1, 50, 50}}}, {{0, {1, 1, 50, 50}, false}});
  const auto rep = em::make_voc_report(ev.compute(em::voc_curves::none), {});
  EXPECT_EQ(rep.totals.images, 1u);
  EXPECT_EQ(rep.totals.objects, 1u);
  EXPECT_EQ(rep.totals.detections, 1u);
  EXPECT_TRUE(rep.notices.empty());
  const std::string text = fmt::format("{}", rep);
  EXPECT_EQ(text.rfind("VOC2007 test: 1 images, 1 objects (0 difficult), 1 detections; preset voc_devkit, IoU >= 0.5, "
                       "pixel_inclusive boxes\n\n",
                       0),
            0u)
      << text;
}

// ---------------------------------------------------------------------------------------------
// JSON round trip

void expect_round_trip(const nlohmann::json& j1, const nlohmann::json& j2) { EXPECT_EQ(j1.dump(2), j2.dump(2)); }

TEST(VocJson, ReportRoundTrip) {
  for (const char* set : {"small_unique", "edge_cases"}) {
    for (auto metric : {em::voc_metric::voc07, em::voc_metric::voc10, em::voc_metric::both}) {
      auto load = fixture(set);
      if (std::string(set) == "small_unique") load.class_names = {"person", "dog", "bicycle"};
      em::voc_run run;
      run.year = "2007";
      run.image_set = "test";
      run.preset = em::voc_preset::py_faster_rcnn;
      run.metric = metric;
      const auto rep = em::make_voc_report(em::evaluate_voc_files(load, em::voc_options::preset(run.preset)), run,
                                           {"edgemetrics-voc-eval", {load.devkit, load.results}});
      const nlohmann::json j = rep;
      EXPECT_EQ(j.at("schema"), em::report_schema);
      EXPECT_EQ(j.at("kind"), "voc_eval");
      EXPECT_EQ(j.at("options").at("iou_comparison"), "greater");
      EXPECT_EQ(j.at("options").at("metric"), em::to_string(metric));
      EXPECT_EQ(j.at("results").contains("voc07"), metric != em::voc_metric::voc10);
      EXPECT_EQ(j.at("results").contains("voc10"), metric != em::voc_metric::voc07);
      const auto back = nlohmann::json::parse(j.dump()).get<em::voc_report>();
      expect_round_trip(nlohmann::json(back), j);
      EXPECT_EQ(back.info, rep.info);
      EXPECT_EQ(back.run, rep.run);
      EXPECT_EQ(back.notices, rep.notices);
      EXPECT_EQ(back.totals.objects_of_other_classes, rep.totals.objects_of_other_classes);
      EXPECT_EQ(back.totals.object_of_other_class_example, rep.totals.object_of_other_class_example);
      ASSERT_EQ(back.result.classes.size(), rep.result.classes.size());
      for (std::size_t k = 0; k < rep.result.classes.size(); ++k) {
        EXPECT_EQ(back.result.classes[k].name, rep.result.classes[k].name);  // order kept
        if (rep.shows(em::ap_method::voc07_11_point)) {
          EXPECT_TRUE(same_bits(back.result.classes[k].ap_voc07, rep.result.classes[k].ap_voc07) ||
                      (std::isnan(back.result.classes[k].ap_voc07) && std::isnan(rep.result.classes[k].ap_voc07)));
        }
      }
      EXPECT_EQ(fmt::format("{}", back), fmt::format("{}", rep));  // the console form too
    }
  }
}

TEST(VocJson, ReportRejectsOtherKindsAndSchemas) {
  em::voc_evaluator ev({"dog"});
  const auto rep = em::make_voc_report(ev.compute(), {});
  nlohmann::json j = rep;
  EXPECT_EQ(j.at("tool"), "edgemetrics");
  j["kind"] = "latency";
  EXPECT_THROW((void)j.get<em::voc_report>(), std::invalid_argument);
  j["kind"] = "voc_eval";
  j["schema"] = 1;
  EXPECT_THROW((void)j.get<em::voc_report>(), std::invalid_argument);
  j["schema"] = 2;
  j["options"]["preset"] = "matlab";
  EXPECT_THROW((void)j.get<em::voc_report>(), std::invalid_argument);
}

TEST(VocJson, ResultClassResultAndOptionsRoundTrip) {
  const auto r = em::evaluate_voc_files(fixture("edge_cases"), em::voc_options::preset(em::voc_preset::gluoncv)).result;
  const nlohmann::json j = r;
  const auto back = nlohmann::json::parse(j.dump()).get<em::voc_result>();
  expect_round_trip(nlohmann::json(back), j);
  EXPECT_TRUE(same_bits(back.map_voc07, r.map_voc07));

  for (const auto& c : r.classes) {
    const nlohmann::json jc = c;
    const auto bc = jc.get<em::voc_class_result>();
    expect_round_trip(nlohmann::json(bc), jc);
    EXPECT_EQ(bc.true_positives, c.true_positives);
    EXPECT_EQ(bc.inverted_objects, c.inverted_objects);
  }

  em::voc_options o = em::voc_options::preset(em::voc_preset::py_faster_rcnn);
  o.iou_threshold = 0.75;
  o.no_positives = em::no_positives_policy::zero;
  o.unknown_images = em::unknown_image_policy::skip;
  const nlohmann::json jo = o;
  EXPECT_EQ(jo.at("summation"), "numpy_pairwise");
  const auto bo = jo.get<em::voc_options>();
  EXPECT_EQ(bo.iou_threshold, 0.75);
  EXPECT_EQ(bo.comparison, o.comparison);
  EXPECT_EQ(bo.grid, o.grid);
  EXPECT_EQ(bo.sum, o.sum);
  EXPECT_EQ(bo.no_decision_precision, o.no_decision_precision);
  EXPECT_EQ(bo.no_positives, o.no_positives);
  EXPECT_EQ(bo.unknown_images, o.unknown_images);
  expect_round_trip(nlohmann::json(bo), jo);
}

}  // namespace
