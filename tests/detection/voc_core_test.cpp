// Unit tests of the VOC evaluation core: every boundary and policy on tiny hand-made inputs.
#include <edgemetrics/detection.hpp>
#include <edgemetrics/io.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

using box = em::corner_box<double>;

em::voc_result run(const std::vector<std::vector<em::voc_detection>>& dets,
                   const std::vector<std::vector<em::voc_object>>& gts, const em::voc_options& o,
                   std::vector<std::string> names = {"a", "b"}) {
  em::voc_evaluator ev(std::move(names), o);
  for (std::size_t i = 0; i < dets.size(); ++i) ev.update(dets[i], gts[i]);
  return ev.compute();
}

const em::voc_options devkit = em::voc_options::preset(em::voc_preset::voc_devkit);
const em::voc_options pyfr = em::voc_options::preset(em::voc_preset::py_faster_rcnn);
const em::voc_options gluon = em::voc_options::preset(em::voc_preset::gluoncv);

TEST(VocCore, IouExactlyAtThresholdGreaterEqualVsGreater) {
  // GT 10x10 pixels (1..10), detection 10x20 pixels (1..20 in y): IoU = 100 / 200 = 0.5 exactly.
  const std::vector<std::vector<em::voc_object>> gts = {{{0, box{1, 1, 10, 10}, false}}};
  const std::vector<std::vector<em::voc_detection>> dets = {{{0, 0.9, box{1, 1, 10, 20}}}};
  const auto a = run(dets, gts, devkit);
  EXPECT_EQ(a.classes[0].true_positives, 1u);
  EXPECT_EQ(a.classes[0].ap_voc10, 1.0);
  const auto b = run(dets, gts, pyfr);
  EXPECT_EQ(b.classes[0].true_positives, 0u);
  EXPECT_EQ(b.classes[0].false_positives, 1u);
  EXPECT_EQ(b.classes[0].ap_voc10, 0.0);
}

TEST(VocCore, PlusOnePixelConvention) {
  // Under pixel_inclusive a one-pixel box (x1 == x2) has area 1, so it matches itself.
  const std::vector<std::vector<em::voc_object>> gts = {{{0, box{1, 1, 1, 1}, false}}};
  const std::vector<std::vector<em::voc_detection>> dets = {{{0, 0.9, box{1, 1, 1, 1}}}};
  const auto r = run(dets, gts, devkit);  // a one-pixel box matches itself (IoU 1, not 0/0)
  EXPECT_EQ(r.classes[0].true_positives, 1u);
}

TEST(VocCore, DifficultIsNeitherTpNorFpAndNotInNpos) {
  const std::vector<std::vector<em::voc_object>> gts = {
      {{0, box{1, 1, 50, 50}, true}, {0, box{100, 100, 150, 150}, false}}};
  const std::vector<std::vector<em::voc_detection>> dets = {
      {{0, 0.9, box{1, 1, 50, 50}}, {0, 0.8, box{1, 1, 50, 50}}, {0, 0.7, box{100, 100, 150, 150}}}};
  const auto r = run(dets, gts, devkit);
  const auto& c = r.classes[0];
  EXPECT_EQ(c.npos, 1u);
  EXPECT_EQ(c.difficult, 1u);
  EXPECT_EQ(c.ignored, 2u);  // both hits on the difficult object, the duplicate too
  EXPECT_EQ(c.true_positives, 1u);
  EXPECT_EQ(c.false_positives, 0u);
  EXPECT_EQ(c.ap_voc10, 1.0);
  // The curve keeps one point per detection; before the first decision precision is NaN (devkit)
  ASSERT_EQ(c.curve.precision.size(), 3u);
  EXPECT_TRUE(std::isnan(c.curve.precision[0]));
  EXPECT_EQ(c.curve.precision[2], 1.0);
  EXPECT_EQ(c.curve.recall[2], 1.0);
  const auto p = run(dets, gts, pyfr);
  EXPECT_EQ(p.classes[0].curve.precision[0], 0.0);  // tp / max(tp + fp, eps)
}

TEST(VocCore, BestObjectIsFirstMaximumEvenIfDifficult) {
  // Two identical objects, the difficult one first: the detection's best object is the difficult
  // one (first maximum in XML order), so it is ignored, not a TP (VOC devkit; mmdet differs).
  const std::vector<std::vector<em::voc_object>> gts = {{{0, box{1, 1, 50, 50}, true}, {0, box{1, 1, 50, 50}, false}}};
  const std::vector<std::vector<em::voc_detection>> dets = {{{0, 0.9, box{1, 1, 50, 50}}}};
  const auto r = run(dets, gts, devkit);
  EXPECT_EQ(r.classes[0].ignored, 1u);
  EXPECT_EQ(r.classes[0].true_positives, 0u);
}

TEST(VocCore, DuplicateIsFalsePositive) {
  const std::vector<std::vector<em::voc_object>> gts = {{{0, box{1, 1, 50, 50}, false}}};
  const std::vector<std::vector<em::voc_detection>> dets = {{{0, 0.5, box{1, 1, 50, 50}}, {0, 0.9, box{2, 2, 50, 50}}}};
  const auto r = run(dets, gts, devkit);
  EXPECT_EQ(r.classes[0].true_positives, 1u);
  EXPECT_EQ(r.classes[0].false_positives, 1u);
  // the higher score is processed first: TP then FP -> AP 1
  EXPECT_EQ(r.classes[0].ap_voc10, 1.0);
}

TEST(VocCore, TiesKeepInputOrderAcrossImages) {
  // Two images, same score: FP listed (fed) first, TP second.
  const std::vector<std::vector<em::voc_object>> gts = {{}, {{0, box{1, 1, 50, 50}, false}}};
  const std::vector<std::vector<em::voc_detection>> fp_first = {{{0, 0.5, box{1, 1, 50, 50}}},
                                                                {{0, 0.5, box{1, 1, 50, 50}}}};
  const auto a = run(fp_first, gts, devkit);
  EXPECT_EQ(a.classes[0].ap_voc10, 0.5);  // FP, TP: precision 1/2 at recall 1
  const std::vector<std::vector<em::voc_object>> gts2 = {{{0, box{1, 1, 50, 50}, false}}, {}};
  const auto b = run(fp_first, gts2, devkit);
  EXPECT_EQ(b.classes[0].ap_voc10, 1.0);  // TP, FP
}

TEST(VocCore, TiesKeepInputOrderWithinAnImage) {
  const std::vector<std::vector<em::voc_object>> gts = {{{0, box{1, 1, 50, 50}, false}}};
  // same score; the first one listed is a poor box (FP), the second a perfect one (TP)
  const std::vector<std::vector<em::voc_detection>> dets = {
      {{0, 0.5, box{100, 100, 120, 120}}, {0, 0.5, box{1, 1, 50, 50}}}};
  EXPECT_EQ(run(dets, gts, devkit).classes[0].ap_voc10, 0.5);
  // -0 and +0 are equal scores too
  const std::vector<std::vector<em::voc_detection>> z = {
      {{0, -0.0, box{100, 100, 120, 120}}, {0, 0.0, box{1, 1, 50, 50}}}};
  EXPECT_EQ(run(z, gts, devkit).classes[0].ap_voc10, 0.5);
}

TEST(VocCore, RecallExactlySixTenthsMatlabVsNumpyThresholds) {
  // npos 5, three TPs first: recall reaches exactly 0.6 (3/5).
  std::vector<em::voc_object> g;
  std::vector<em::voc_detection> d;
  for (int k = 0; k < 5; ++k) {
    const double x = 100.0 * k;
    g.push_back({0, box{x + 1, 1, x + 50, 50}, false});
    if (k < 3) d.push_back({0, 1.0 - 0.1 * k, box{x + 1, 1, x + 50, 50}});
  }
  const auto m = run({d}, {g}, devkit);
  const auto n = run({d}, {g}, pyfr);
  double seven = 0, six = 0;
  for (int k = 0; k < 7; ++k) seven = seven + 1.0 / 11.;
  for (int k = 0; k < 6; ++k) six = six + 1.0 / 11.;
  EXPECT_EQ(m.classes[0].ap_voc07, seven);  // MATLAB 0:0.1:1 has 0.6 exactly
  EXPECT_EQ(n.classes[0].ap_voc07, six);    // numpy.arange gives 0.6000000000000001
  EXPECT_EQ(m.classes[0].ap_voc10, n.classes[0].ap_voc10);
}

TEST(VocCore, NoPositivesPolicies) {
  // class a: one TP; class b: no ground truth, one detection.
  const std::vector<std::vector<em::voc_object>> gts = {{{0, box{1, 1, 50, 50}, false}}};
  const std::vector<std::vector<em::voc_detection>> dets = {{{0, 0.9, box{1, 1, 50, 50}}, {1, 0.9, box{1, 1, 9, 9}}}};
  auto o = devkit;
  const auto asc = run(dets, gts, o);
  EXPECT_EQ(asc.classes[1].ap_voc07, 0.0);
  EXPECT_TRUE(std::isnan(asc.classes[1].ap_voc10));
  EXPECT_EQ(asc.map_voc07, asc.classes[0].ap_voc07 / 2);  // 11 x (1/11) = 1.0000000000000002
  EXPECT_TRUE(std::isnan(asc.map_voc10));
  EXPECT_FALSE(std::signbit(asc.map_voc10));  // canonical NaN (prints "nan", not "-nan")
  o.no_positives = em::no_positives_policy::zero;
  const auto z = run(dets, gts, o);
  EXPECT_EQ(z.classes[1].ap_voc10, 0.0);
  EXPECT_EQ(z.map_voc10, 0.5);
  o.no_positives = em::no_positives_policy::nan;
  const auto nn = run(dets, gts, o);
  EXPECT_TRUE(std::isnan(nn.classes[1].ap_voc07));
  EXPECT_TRUE(std::isnan(nn.map_voc07));
  o.no_positives = em::no_positives_policy::exclude;
  const auto ex = run(dets, gts, o);
  EXPECT_TRUE(std::isnan(ex.classes[1].ap_voc07));
  EXPECT_FALSE(ex.classes[1].in_mean);
  EXPECT_EQ(ex.map_voc07, ex.classes[0].ap_voc07);
  EXPECT_EQ(ex.map_voc10, 1.0);
  // GluonCV excludes too
  EXPECT_EQ(run(dets, gts, gluon).map_voc10, 1.0);
}

TEST(VocCore, ClassWithPositivesButNoDetectionsIsZero) {
  const std::vector<std::vector<em::voc_object>> gts = {{{0, box{1, 1, 50, 50}, false}, {1, box{1, 1, 5, 5}, false}}};
  const std::vector<std::vector<em::voc_detection>> dets = {{{0, 0.9, box{1, 1, 50, 50}}}};
  for (const auto& o : {devkit, pyfr, gluon}) {
    const auto r = run(dets, gts, o);
    EXPECT_EQ(r.classes[1].ap_voc07, 0.0);
    EXPECT_EQ(r.classes[1].ap_voc10, 0.0);
    EXPECT_EQ(r.map_voc10, 0.5);
  }
}

TEST(VocCore, EmptyEvaluator) {
  em::voc_evaluator ev({"a"});
  const auto r = ev.compute();
  EXPECT_EQ(r.images, 0u);
  // no ground truth and no detections: 11-point 0, all-point 0 (MATLAB/detectron2 arithmetic)
  EXPECT_EQ(r.classes[0].ap_voc07, 0.0);
  EXPECT_EQ(r.classes[0].ap_voc10, 0.0);
  em::voc_evaluator g({"a"}, gluon);
  EXPECT_TRUE(std::isnan(g.compute().map_voc10));  // nothing counted
}

TEST(VocCore, OnlyDifficultMatchesWithPositives) {
  // npos 1 (object 2), the only detection hits the difficult object: MATLAB's max over all-NaN
  // precisions is NaN, so the devkit's 11-point AP is NaN; voc_eval.py gives 0.
  const std::vector<std::vector<em::voc_object>> gts = {
      {{0, box{1, 1, 50, 50}, true}, {0, box{100, 100, 150, 150}, false}}};
  const std::vector<std::vector<em::voc_detection>> dets = {{{0, 0.9, box{1, 1, 50, 50}}}};
  EXPECT_TRUE(std::isnan(run(dets, gts, devkit).classes[0].ap_voc07));
  EXPECT_EQ(run(dets, gts, devkit).classes[0].ap_voc10, 0.0);
  EXPECT_EQ(run(dets, gts, pyfr).classes[0].ap_voc07, 0.0);
}

TEST(VocCore, UpdateValidatesAndRecordsNothingOnError) {
  em::voc_evaluator ev({"a"});
  const std::vector<em::voc_object> g = {{0, box{1, 1, 5, 5}, false}};
  EXPECT_THROW(ev.update({{0, std::nan(""), box{1, 1, 5, 5}}}, g), std::invalid_argument);
  EXPECT_THROW(ev.update({{1, 0.5, box{1, 1, 5, 5}}}, g), std::invalid_argument);
  EXPECT_THROW(ev.update({{0, 0.5, box{1, 1, std::numeric_limits<double>::infinity(), 5}}}, g), std::invalid_argument);
  EXPECT_THROW(ev.update({}, {{3, box{1, 1, 5, 5}, false}}), std::invalid_argument);
  EXPECT_EQ(ev.images(), 0u);
  EXPECT_EQ(ev.detections(), 0u);
  // infinite scores are valid (they sort first / last)
  ev.update({{0, std::numeric_limits<double>::infinity(), box{1, 1, 5, 5}}}, g);
  EXPECT_EQ(ev.compute().classes[0].true_positives, 1u);
}

TEST(VocCore, InvertedBoxesAreFalsePositivesNotCrashes) {
  const std::vector<std::vector<em::voc_object>> gts = {{{0, box{50, 50, 1, 1}, false}, {0, box{1, 1, 50, 50}, false}}};
  const std::vector<std::vector<em::voc_detection>> dets = {{{0, 0.9, box{50, 50, 1, 1}}, {0, 0.8, box{1, 1, 50, 50}}}};
  const auto r = run(dets, gts, devkit);
  EXPECT_EQ(r.classes[0].npos, 2u);  // the inverted object counts but can never be matched
  EXPECT_EQ(r.classes[0].false_positives, 1u);
  EXPECT_EQ(r.classes[0].true_positives, 1u);
  EXPECT_EQ(r.classes[0].inverted_detections, 1u);  // counted, never silent
  EXPECT_EQ(r.classes[0].inverted_objects, 1u);
  EXPECT_EQ(r.classes[1].inverted_detections, 0u);
}

TEST(VocCore, InvertedBoxesAreCountedByEveryPath) {
  // x2 < x1 or y2 < y1; a degenerate box (x2 == x1) is not inverted.
  const std::vector<std::vector<em::voc_object>> gts = {
      {{0, box{1, 1, 50, 50}, false}, {0, box{1, 50, 50, 1}, true}, {1, box{5, 5, 5, 5}, false}},
      {{1, box{9, 1, 2, 50}, false}}};
  const std::vector<std::vector<em::voc_detection>> dets = {
      {{0, 0.9, box{1, 1, 50, 50}}, {0, 0.8, box{50, 1, 1, 50}}, {1, 0.7, box{5, 5, 5, 5}}},
      {{1, 0.6, box{9, 50, 20, 1}}, {1, 0.5, box{9, 9, 8, 8}}, {0, 0.4, box{1, 1, 2, 2}}}};
  const auto streamed = run(dets, gts, devkit);
  em::voc_evaluator a({"a", "b"}), b({"a", "b"});
  a.update(dets[0], gts[0]);
  b.update(dets[1], gts[1]);
  a.merge(b);
  const auto merged = a.compute();
  em::voc_dataset data;
  data.class_names = {"a", "b"};
  data.detections.resize(2);
  for (std::size_t i = 0; i < dets.size(); ++i) {
    const auto img = data.add_image(std::to_string(i), gts[i].data(), gts[i].size());
    for (const auto& d : dets[i]) {
      data.detections[d.class_id].image.push_back(img);
      data.detections[d.class_id].score.push_back(d.score);
      data.detections[d.class_id].box.push_back(d.box);
    }
  }
  const auto offline = em::evaluate(data, devkit);
  for (const auto* r : {&streamed, &merged, &offline}) {
    EXPECT_EQ(r->classes[0].inverted_detections, 1u);
    EXPECT_EQ(r->classes[0].inverted_objects, 1u);  // the difficult one
    EXPECT_EQ(r->classes[1].inverted_detections, 2u);
    EXPECT_EQ(r->classes[1].inverted_objects, 1u);
    EXPECT_EQ(r->classes[0].npos, 1u);
    EXPECT_EQ(r->classes[1].npos, 2u);  // the inverted object is in npos, as in the devkit
    EXPECT_EQ(r->classes[0].true_positives, 1u);
    EXPECT_EQ(r->classes[0].false_positives, 2u);
    EXPECT_EQ(r->map_voc07, streamed.map_voc07);
  }
}

TEST(VocCore, ConstructorAndMergeValidation) {
  EXPECT_THROW(em::voc_evaluator({}), std::invalid_argument);
  auto o = devkit;
  o.iou_threshold = 0;
  EXPECT_THROW(em::voc_evaluator({"a"}, o), std::invalid_argument);
  o.iou_threshold = std::nan("");
  EXPECT_THROW(em::voc_evaluator({"a"}, o), std::invalid_argument);
  em::voc_evaluator a({"a"}), b({"b"}), c({"a"}, pyfr);
  EXPECT_THROW(a.merge(b), std::invalid_argument);
  EXPECT_THROW(a.merge(c), std::invalid_argument);
}

TEST(VocCore, MergeOfShardsEqualsSinglePassAndSelfMerge) {
  const std::vector<std::vector<em::voc_object>> gts = {
      {{0, box{1, 1, 50, 50}, false}}, {{0, box{1, 1, 50, 50}, false}}, {{1, box{1, 1, 9, 9}, true}}};
  const std::vector<std::vector<em::voc_detection>> dets = {{{0, 0.5, box{1, 1, 50, 50}}},
                                                            {{0, 0.5, box{3, 3, 60, 60}}, {0, 0.5, box{1, 1, 50, 50}}},
                                                            {{1, 0.2, box{1, 1, 9, 9}}}};
  const auto single = run(dets, gts, devkit);
  em::voc_evaluator a({"a", "b"}), b({"a", "b"});
  a.update(dets[0], gts[0]);
  b.update(dets[1], gts[1]);
  b.update(dets[2], gts[2]);
  a.merge(b);
  const auto m = a.compute();
  EXPECT_EQ(m.images, 3u);
  EXPECT_EQ(m.map_voc07, single.map_voc07);
  EXPECT_EQ(m.classes[0].ap_voc10, single.classes[0].ap_voc10);
  EXPECT_EQ(m.classes[1].ignored, 1u);
  em::voc_evaluator s({"a", "b"});
  s.update(dets[0], gts[0]);
  s.merge(s);
  EXPECT_EQ(s.images(), 2u);
  EXPECT_EQ(s.detections(), 2u);
}

TEST(VocCore, PresetNames) {
  EXPECT_EQ(em::parse_voc_preset("gluoncv"), em::voc_preset::gluoncv);
  EXPECT_EQ(em::to_string(em::voc_preset::py_faster_rcnn), "py_faster_rcnn");
  EXPECT_THROW((void)em::parse_voc_preset("matlab"), std::invalid_argument);
  EXPECT_EQ(em::voc_class_names().size(), 20u);
  EXPECT_EQ(pyfr.comparison, em::iou_comparison::greater);
  EXPECT_EQ(devkit.grid, em::recall_grid::matlab_colon);
}

TEST(VocCore, OfflineEvaluateValidatesItsInput) {
  em::voc_dataset d;
  d.class_names = {"a"};
  d.detections.resize(1);
  const em::voc_object o{0, box{1, 1, 5, 5}, false};
  d.add_image("x", &o, 1);
  d.detections[0].image.push_back(1);  // out of range
  d.detections[0].score.push_back(0.5);
  d.detections[0].box.push_back(box{1, 1, 5, 5});
  EXPECT_THROW((void)em::evaluate(d), std::invalid_argument);
  d.detections[0].image[0] = 0;
  EXPECT_EQ(em::evaluate(d).classes[0].true_positives, 1u);
  d.detections[0].score[0] = std::nan("");
  EXPECT_THROW((void)em::evaluate(d), std::invalid_argument);
}

TEST(VocCore, OfflineNonContiguousImageRunsStillMatchGreedily) {
  // Detections of one image split into two runs in the file: global rank order must be used.
  em::voc_dataset d;
  d.class_names = {"a"};
  d.detections.resize(1);
  const em::voc_object o[1] = {{0, box{1, 1, 50, 50}, false}};
  d.add_image("i0", o, 1);
  d.add_image("i1", o, 1);
  auto& cd = d.detections[0];
  auto add = [&](std::uint32_t img, double s, box b) {
    cd.image.push_back(img);
    cd.score.push_back(s);
    cd.box.push_back(b);
  };
  add(0, 0.3, box{1, 1, 50, 50});
  add(1, 0.9, box{1, 1, 50, 50});
  add(0, 0.8, box{2, 2, 50, 50});  // image 0 again: this one ranks before the 0.3 one
  const auto r = em::evaluate(d);
  EXPECT_EQ(r.classes[0].true_positives, 2u);
  EXPECT_EQ(r.classes[0].ap_voc10, 1.0);  // TP (0.9), TP (0.8), FP (0.3)
}

TEST(VocCore, RandomSetsWithTiesCurvesAndNoCurvesAgreeBitForBit) {
  // Property: the fast path (no full ranking, used without curves) equals the ranked path, on
  // random sets with many tied scores, difficult objects, duplicates and empty classes.
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 300; ++trial) {
    for (const auto& preset : {devkit, pyfr, gluon}) {
      em::voc_evaluator ev({"a", "b", "c"}, preset);
      const int images = 1 + static_cast<int>(rng() % 12);
      for (int i = 0; i < images; ++i) {
        std::vector<em::voc_object> g;
        std::vector<em::voc_detection> d;
        const int no = static_cast<int>(rng() % 4);
        for (int k = 0; k < no; ++k) {
          const double x = static_cast<double>(rng() % 50), y = static_cast<double>(rng() % 50);
          g.push_back({static_cast<std::uint32_t>(rng() % 2), box{x, y, x + 20, y + 20}, rng() % 4 == 0});
        }
        const int nd = static_cast<int>(rng() % 6);
        for (int k = 0; k < nd; ++k) {
          const double x = static_cast<double>(rng() % 50), y = static_cast<double>(rng() % 50);
          d.push_back(
              {static_cast<std::uint32_t>(rng() % 3), static_cast<double>(rng() % 4) / 4.0, box{x, y, x + 20, y + 20}});
        }
        ev.update(d, g);
      }
      const auto a = ev.compute(em::voc_curves::keep);
      const auto b = ev.compute(em::voc_curves::none);
      for (std::size_t c = 0; c < a.classes.size(); ++c) {
        ASSERT_EQ(std::memcmp(&a.classes[c].ap_voc07, &b.classes[c].ap_voc07, sizeof(double)), 0) << trial;
        ASSERT_EQ(std::memcmp(&a.classes[c].ap_voc10, &b.classes[c].ap_voc10, sizeof(double)), 0) << trial;
      }
    }
  }
}

}  // namespace
