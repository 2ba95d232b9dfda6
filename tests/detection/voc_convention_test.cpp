// Box convention of the VOC evaluation (issue #9): exact IoU boundaries under each convention,
// the normalised-coordinate flag, the protocol-neutral types and matching, the NMS-output and
// span updates, reserve() / reset(), and the ranking of large images.
#include <edgemetrics/detection.hpp>
#include <edgemetrics/geometry.hpp>
#include <edgemetrics/json/detection.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace em = edgemetrics;

namespace {

using box = em::corner_box<double>;

const em::voc_options devkit = em::voc_options::preset(em::voc_preset::voc_devkit);
const em::voc_options pyfr = em::voc_options::preset(em::voc_preset::py_faster_rcnn);
const em::voc_options gluon = em::voc_options::preset(em::voc_preset::gluoncv);

em::voc_options with(em::voc_options o, em::box_convention c) {
  o.convention = c;
  return o;
}

em::voc_result one(const box& gt, const box& det, const em::voc_options& o) {
  em::voc_evaluator ev({"a"}, o);
  ev.update(std::vector<em::detection>{{0, 0.9, det}}, std::vector<em::ground_truth_object>{{0, gt, false}});
  return ev.compute();
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expect_same(const em::voc_result& a, const em::voc_result& b) {
  ASSERT_EQ(a.classes.size(), b.classes.size());
  EXPECT_TRUE(same_bits(a.map_voc07, b.map_voc07));
  EXPECT_TRUE(same_bits(a.map_voc10, b.map_voc10));
  EXPECT_EQ(a.images, b.images);
  EXPECT_EQ(a.boxes, b.boxes);
  EXPECT_EQ(a.boxes_in_normalized_range, b.boxes_in_normalized_range);
  for (std::size_t c = 0; c < a.classes.size(); ++c) {
    EXPECT_TRUE(same_bits(a.classes[c].ap_voc07, b.classes[c].ap_voc07)) << c;
    EXPECT_TRUE(same_bits(a.classes[c].ap_voc10, b.classes[c].ap_voc10)) << c;
    EXPECT_EQ(a.classes[c].true_positives, b.classes[c].true_positives) << c;
    EXPECT_EQ(a.classes[c].false_positives, b.classes[c].false_positives) << c;
    EXPECT_EQ(a.classes[c].ignored, b.classes[c].ignored) << c;
    EXPECT_EQ(a.classes[c].detections, b.classes[c].detections) << c;
    EXPECT_EQ(a.classes[c].npos, b.classes[c].npos) << c;
  }
}

TEST(VocConvention, EveryPresetIsPixelInclusive) {
  for (const auto p : {em::voc_preset::voc_devkit, em::voc_preset::py_faster_rcnn, em::voc_preset::gluoncv}) {
    EXPECT_EQ(em::voc_options::preset(p).convention, em::box_convention::pixel_inclusive);
  }
  EXPECT_EQ(em::voc_options{}.convention, em::box_convention::pixel_inclusive);
  const em::match_options m = with(pyfr, em::box_convention::continuous).matching();
  EXPECT_EQ(m.convention, em::box_convention::continuous);
  EXPECT_EQ(m.comparison, em::iou_comparison::greater);
  EXPECT_EQ(m.iou_threshold, 0.5);
}

TEST(VocConvention, IouExactlyHalfUnderContinuous) {
  // (0,0,2,2) vs (0,0,2,1): continuous IoU 2 / 4 = 0.5 exactly; pixel-inclusive 6 / 9.
  const box gt{0, 0, 2, 2}, det{0, 0, 2, 1};
  ASSERT_EQ(em::iou(gt, det, em::box_convention::continuous), 0.5);
  EXPECT_EQ(one(gt, det, with(devkit, em::box_convention::continuous)).classes[0].true_positives, 1u);  // >=
  EXPECT_EQ(one(gt, det, with(pyfr, em::box_convention::continuous)).classes[0].true_positives, 0u);    // >
  EXPECT_EQ(one(gt, det, with(gluon, em::box_convention::continuous)).classes[0].true_positives, 1u);   // >=
  EXPECT_EQ(one(gt, det, pyfr).classes[0].true_positives, 1u);  // pixel-inclusive: 0.667 > 0.5
}

TEST(VocConvention, IouExactlyHalfUnderPixelInclusive) {
  // (1,1,10,10) vs (1,1,10,20): pixel-inclusive 100 / 200 = 0.5 exactly; continuous 81 / 171.
  const box gt{1, 1, 10, 10}, det{1, 1, 10, 20};
  ASSERT_EQ(em::iou(gt, det, em::box_convention::pixel_inclusive), 0.5);
  EXPECT_EQ(one(gt, det, devkit).classes[0].true_positives, 1u);
  EXPECT_EQ(one(gt, det, pyfr).classes[0].true_positives, 0u);
  EXPECT_EQ(one(gt, det, with(devkit, em::box_convention::continuous)).classes[0].true_positives, 0u);
}

TEST(VocConvention, DisjointNormalisedBoxesPassOnlyPixelInclusive) {
  // The case: disjoint boxes in 0..1 coordinates score IoU 0.503 with the +1.
  const box gt{0.10, 0.10, 0.31, 0.31}, det{0.50, 0.10, 0.71, 0.31};
  const double pi = em::iou(gt, det, em::box_convention::pixel_inclusive);
  EXPECT_GT(pi, 0.5);
  EXPECT_LT(pi, 0.504);
  const auto a = one(gt, det, devkit);
  EXPECT_EQ(a.classes[0].true_positives, 1u);
  EXPECT_EQ(a.classes[0].ap_voc10, 1.0);
  EXPECT_TRUE(a.coordinates_look_normalized());
  EXPECT_EQ(a.boxes, 2u);
  EXPECT_EQ(a.boxes_in_normalized_range, 2u);
  const auto b = one(gt, det, with(devkit, em::box_convention::continuous));
  EXPECT_EQ(b.classes[0].true_positives, 0u);
  EXPECT_EQ(b.classes[0].ap_voc10, 0.0);
  EXPECT_FALSE(b.coordinates_look_normalized());  // counted, but no warning under continuous
  EXPECT_EQ(b.boxes_in_normalized_range, 2u);
  const auto r = em::make_voc_report(a, em::voc_run{});
  EXPECT_TRUE(r.has(em::voc_notice::normalized_coordinates));
  EXPECT_FALSE(em::make_voc_report(b, em::voc_run{}).has(em::voc_notice::normalized_coordinates));
}

TEST(VocConvention, BelowHalfContinuousAboveHalfPixelInclusive) {
  // Pixel boxes with continuous IoU 0.4918 (< 0.5) and pixel-inclusive 0.5342: a TP only with +1.
  const box gt{0, 0, 7, 13}, det{2, 1, 9, 14};
  EXPECT_LT(em::iou(gt, det, em::box_convention::continuous), 0.5);
  EXPECT_GT(em::iou(gt, det, em::box_convention::pixel_inclusive), 0.5);
  EXPECT_EQ(one(gt, det, devkit).classes[0].true_positives, 1u);
  EXPECT_EQ(one(gt, det, with(devkit, em::box_convention::continuous)).classes[0].true_positives, 0u);
  EXPECT_FALSE(one(gt, det, devkit).coordinates_look_normalized());
}

TEST(VocConvention, NormalisedFlagRule) {
  em::voc_evaluator ev({"a"});
  EXPECT_FALSE(ev.compute().coordinates_look_normalized());  // no box
  ev.update(std::vector<em::detection>{{0, 0.5, box{0, 0, 1.5, 1.5}}},
            std::vector<em::ground_truth_object>{{0, box{0.2, 0.2, 0.4, 0.4}, false}});
  EXPECT_TRUE(ev.compute().coordinates_look_normalized());  // 1.5 is in the range
  ev.update(std::vector<em::detection>{{0, 0.5, box{-0.01, 0, 0.5, 0.5}}}, {});
  auto r = ev.compute();
  EXPECT_EQ(r.boxes, 3u);
  EXPECT_EQ(r.boxes_in_normalized_range, 2u);
  EXPECT_FALSE(r.coordinates_look_normalized());
  EXPECT_FALSE(em::within_normalized_range(box{0, 0, 1.5000001, 1}));
}

TEST(VocConvention, OfflineEvaluationUsesTheConventionAndCountsBoxes) {
  em::voc_dataset d;
  d.class_names = {"a"};
  d.detections.resize(1);
  const em::voc_object o{0, box{0.10, 0.10, 0.31, 0.31}, false};
  d.add_image("x", &o, 1);
  d.detections[0].image = {0};
  d.detections[0].score = {0.9};
  d.detections[0].box = {box{0.50, 0.10, 0.71, 0.31}};
  const auto a = em::evaluate(d, devkit);
  EXPECT_EQ(a.classes[0].true_positives, 1u);
  EXPECT_TRUE(a.coordinates_look_normalized());
  const auto b = em::evaluate(d, with(devkit, em::box_convention::continuous));
  EXPECT_EQ(b.classes[0].true_positives, 0u);
  EXPECT_EQ(b.boxes, 2u);
  EXPECT_EQ(b.options.convention, em::box_convention::continuous);
}

TEST(VocConvention, MergeRequiresTheSameConvention) {
  em::voc_evaluator a({"a"}, devkit), b({"a"}, with(devkit, em::box_convention::continuous));
  EXPECT_THROW(a.merge(b), std::invalid_argument);
}

TEST(VocConvention, JsonRecordsTheConvention) {
  const auto r = one(box{0, 0, 2, 2}, box{0, 0, 2, 1}, with(gluon, em::box_convention::continuous));
  const nlohmann::json j = r;
  EXPECT_EQ(j.at("options").at("box_convention"), "continuous");
  EXPECT_EQ(j.at("boxes"), 2);
  const auto back = j.get<em::voc_result>();
  EXPECT_EQ(back.options.convention, em::box_convention::continuous);
  EXPECT_EQ(back.boxes, 2u);
  // A report written before the option existed reads as pixel_inclusive.
  nlohmann::json old = j.at("options");
  old.erase("box_convention");
  EXPECT_EQ(old.get<em::voc_options>().convention, em::box_convention::pixel_inclusive);
}

TEST(VocTypes, NeutralTypesAreTheVocOnes) {
  static_assert(std::is_same_v<em::voc_detection, em::detection>);
  static_assert(std::is_same_v<em::voc_object, em::ground_truth_object>);
  const em::voc_detection d{2, 0.5, box{1, 2, 3, 4}};
  const em::voc_object o{1, box{1, 2, 3, 4}, true};
  EXPECT_EQ(d.class_id, 2u);
  EXPECT_TRUE(o.difficult);
}

TEST(VocTypes, GreedyMatchIsTheEvaluatorsMatching) {
  const std::array<box, 3> gt{{box{0, 0, 10, 10}, box{0, 0, 10, 10}, box{50, 50, 60, 60}}};
  const std::array<std::uint8_t, 3> ignore{{0, 1, 0}};
  std::array<std::uint8_t, 3> taken{};
  em::match_options mo;
  mo.convention = em::box_convention::continuous;
  // first maximum in object order: object 0, free -> TP; the same box again: object 0 taken -> FP
  EXPECT_EQ(em::greedy_match(box{0, 0, 10, 10}, gt, ignore, taken, mo), em::match_outcome::true_positive);
  EXPECT_EQ(taken[0], 1);
  EXPECT_EQ(em::greedy_match(box{0, 0, 10, 10}, gt, ignore, taken, mo), em::match_outcome::false_positive);
  EXPECT_EQ(em::greedy_match(box{20, 20, 30, 30}, gt, ignore, taken, mo), em::match_outcome::false_positive);
  const std::array<std::uint8_t, 1> ig{{1}};
  std::array<std::uint8_t, 1> tk{};
  EXPECT_EQ(em::greedy_match(box{0, 0, 10, 10}, em::span<const box>(gt.data(), 1), ig, tk, mo),
            em::match_outcome::ignored);
  EXPECT_EQ(tk[0], 0);
}

// ---------------------------------------------------------------------------------------------
// NMS output straight into the evaluator

struct frame {
  std::vector<em::corner_box<float>> boxes;
  std::vector<float> scores;
  std::vector<int> labels;
  std::vector<em::ground_truth_object> truth;
};

frame random_frame(std::mt19937& rng, std::size_t n, int classes) {
  std::uniform_real_distribution<float> u(0, 1);
  frame f;
  for (std::size_t i = 0; i < n; ++i) {
    const float x = u(rng) * 500, y = u(rng) * 400;
    f.boxes.push_back({x, y, x + 10 + u(rng) * 90, y + 10 + u(rng) * 90});
    f.scores.push_back(std::round(u(rng) * 8) / 8);  // many ties
    f.labels.push_back(static_cast<int>(rng() % static_cast<unsigned>(classes)));
  }
  for (int k = 0; k < 6; ++k) {
    const std::size_t i = rng() % n;
    f.truth.push_back({static_cast<std::uint32_t>(f.labels[i]), em::box_cast<double>(f.boxes[i]), k == 0});
  }
  return f;
}

TEST(VocNmsInput, KeptIndicesEqualDetectionRecordsBitForBit) {
  std::mt19937 rng(7);
  for (const auto& preset : {devkit, pyfr, with(gluon, em::box_convention::continuous)}) {
    em::voc_evaluator direct({"a", "b", "c"}, preset), records({"a", "b", "c"}, preset);
    for (int f = 0; f < 30; ++f) {
      const frame fr = random_frame(rng, 40 + static_cast<std::size_t>(f), 3);
      const std::vector<std::size_t> keep =
          em::batched_nms(fr.boxes, fr.scores, fr.labels, em::nms_options(preset.convention, 0.5));
      direct.update(fr.boxes, fr.scores, fr.labels, keep, fr.truth);
      std::vector<em::detection> d;
      for (const std::size_t i : keep) {
        d.push_back({static_cast<std::uint32_t>(fr.labels[i]), static_cast<double>(fr.scores[i]),
                     em::box_cast<double>(fr.boxes[i])});
      }
      records.update(em::span<const em::detection>(d), em::span<const em::ground_truth_object>(fr.truth));
    }
    expect_same(direct.compute(), records.compute());
  }
}

TEST(VocNmsInput, AnyLabelAndIndexTypeDoubleBoxesAndViews) {
  const std::vector<em::corner_box<double>> boxes{{1, 1, 10, 10}, {1, 1, 10, 20}, {30, 30, 40, 40}};
  const std::array<double, 3> scores{{0.9, 0.8, 0.7}};
  const std::vector<em::ground_truth_object> truth{{1, box{1, 1, 10, 10}, false}};
  em::voc_evaluator ref({"a", "b"});
  ref.update(std::vector<em::detection>{{1, 0.9, boxes[0]}, {0, 0.7, boxes[2]}}, truth);
  const auto expected = ref.compute();
  const std::vector<std::uint8_t> l8{1, 1, 0};
  const std::vector<std::int64_t> l64{1, 1, 0};
  const std::array<unsigned short, 3> l16{{1, 1, 0}};
  const std::vector<int> keep_int{0, 2};
  const std::vector<std::uint32_t> keep_u32{0, 2};
  const std::size_t keep_c[2] = {0, 2};
  em::voc_evaluator a({"a", "b"}), b({"a", "b"}), c({"a", "b"});
  a.update(boxes, scores, l8, keep_int, truth);
  b.update(em::span<const em::corner_box<double>>(boxes), em::span<const double>(scores), l64, keep_u32, truth);
  c.update(boxes, scores, l16, keep_c, truth);
  expect_same(a.compute(), expected);
  expect_same(b.compute(), expected);
  expect_same(c.compute(), expected);
  // no keep: every row in order
  em::voc_evaluator all({"a", "b"}), all_ref({"a", "b"});
  all.update(boxes, scores, l64, truth);
  all_ref.update(std::vector<em::detection>{{1, 0.9, boxes[0]}, {1, 0.8, boxes[1]}, {0, 0.7, boxes[2]}}, truth);
  expect_same(all.compute(), all_ref.compute());
}

TEST(VocNmsInput, BadInputThrowsAndRecordsNothing) {
  const std::vector<em::corner_box<float>> boxes{{1, 1, 10, 10}, {2, 2, 9, 9}};
  const std::vector<float> scores{0.9f, 0.8f};
  const std::vector<int> labels{0, -1};
  const std::vector<em::ground_truth_object> truth{{0, box{1, 1, 10, 10}, false}};
  em::voc_evaluator ev({"a", "b"});
  try {
    ev.update(boxes, scores, labels, std::vector<std::size_t>{0, 1}, truth);
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("label -1 out of range (2 classes)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ev.update(boxes, scores, labels, std::vector<std::size_t>{0, 2}, truth), std::invalid_argument);
  EXPECT_THROW(ev.update(boxes, scores, labels, std::vector<int>{-3}, truth), std::invalid_argument);
  EXPECT_THROW(ev.update(boxes, std::vector<float>{0.9f}, labels, std::vector<std::size_t>{0}, truth),
               std::invalid_argument);
  const std::vector<float> nan_scores{0.9f, std::nanf("")};
  EXPECT_THROW(ev.update(boxes, nan_scores, std::vector<int>{0, 0}, truth), std::invalid_argument);
  EXPECT_EQ(ev.images(), 0u);
  EXPECT_EQ(ev.detections(), 0u);
  ev.update(boxes, scores, labels, std::vector<std::size_t>{0}, truth);  // row 1 (label -1) not kept
  EXPECT_EQ(ev.compute().classes[0].true_positives, 1u);
}

TEST(VocNmsInput, RawOutputRowsEqualDetectionRecordsBitForBit) {
  std::mt19937 rng(9);
  for (const auto& preset : {devkit, with(gluon, em::box_convention::continuous)}) {
    em::voc_evaluator rows({"a", "b", "c"}, preset), rows_all({"a", "b", "c"}, preset),
        records({"a", "b", "c"}, preset);
    for (int f = 0; f < 20; ++f) {
      const frame fr = random_frame(rng, 30 + static_cast<std::size_t>(f), 3);
      // rows of 7 floats in a buffer with a row stride of 8: score, x1, y1, x2, y2, pad, class
      std::vector<float> buf(fr.boxes.size() * 8, -7.f);
      for (std::size_t i = 0; i < fr.boxes.size(); ++i) {
        float* r = &buf[i * 8];
        r[0] = fr.scores[i];
        r[1] = fr.boxes[i].x1;
        r[2] = fr.boxes[i].y1;
        r[3] = fr.boxes[i].x2;
        r[4] = fr.boxes[i].y2;
        r[6] = static_cast<float>(fr.labels[i]);
      }
      const em::matrix_view<const float> view(buf.data(), fr.boxes.size(), 7, 8);
      const std::vector<std::int32_t> keep{3, 1, 4, 1, 5, 9, 2, 6, 0};  // repeats are allowed
      rows.update(view, keep, fr.truth, em::detection_columns{1, 0, 6});
      rows_all.update(view, fr.truth, em::detection_columns{1, 0, 6});
      std::vector<em::detection> d;
      for (const auto i : keep) {
        const auto k = static_cast<std::size_t>(i);
        d.push_back({static_cast<std::uint32_t>(fr.labels[k]), static_cast<double>(fr.scores[k]),
                     em::box_cast<double>(fr.boxes[k])});
      }
      records.update(d, fr.truth);
    }
    expect_same(rows.compute(), records.compute());
    EXPECT_EQ(rows_all.detections(), 20u * 30u + 190u);
  }
}

TEST(VocNmsInput, RawOutputRowsValidation) {
  const std::vector<double> buf{1, 1, 10, 10, 0.9, 0, 1, 1, 10, 10, 0.8, 2.5, 1, 1, 10, 10, 0.8, 3};
  const em::matrix_view<const double> view(buf.data(), 3, 6);
  const std::vector<em::ground_truth_object> truth{{0, box{1, 1, 10, 10}, false}};
  em::voc_evaluator ev({"a", "b", "c"});
  try {
    ev.update(view, std::vector<int>{0, 1}, truth);
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("class value 2.5 is not a class index (3 classes)"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(ev.update(view, std::vector<int>{2}, truth), std::invalid_argument);  // class 3 of 3
  EXPECT_THROW(ev.update(view, std::vector<int>{3}, truth), std::invalid_argument);  // row 3 of 3
  EXPECT_THROW(ev.update(view, std::vector<int>{0}, truth, em::detection_columns{3, 4, 5}), std::invalid_argument);
  EXPECT_THROW(ev.update(view, std::vector<int>{0}, truth, em::detection_columns{0, 4, 6}), std::invalid_argument);
  EXPECT_EQ(ev.images(), 0u);
  ev.update(view, std::vector<int>{0}, truth);
  EXPECT_EQ(ev.compute().classes[0].true_positives, 1u);
}

TEST(VocEvaluator, ResetForgetsEverythingButKeepsClassesAndOptions) {
  std::mt19937 rng(11);
  const auto preset = with(pyfr, em::box_convention::continuous);
  em::voc_evaluator ev({"a", "b", "c"}, preset), fresh({"a", "b", "c"}, preset);
  for (int f = 0; f < 5; ++f) {
    const frame fr = random_frame(rng, 30, 3);
    ev.update(fr.boxes, fr.scores, fr.labels, fr.truth);
  }
  ev.reset();
  EXPECT_EQ(ev.images(), 0u);
  EXPECT_EQ(ev.detections(), 0u);
  EXPECT_EQ(ev.options().convention, em::box_convention::continuous);
  for (int f = 0; f < 5; ++f) {
    const frame fr = random_frame(rng, 30, 3);
    ev.update(fr.boxes, fr.scores, fr.labels, fr.truth);
    fresh.update(fr.boxes, fr.scores, fr.labels, fr.truth);
  }
  expect_same(ev.compute(), fresh.compute());
}

TEST(VocEvaluator, LargeImagesRankStablyAsTheOfflineEvaluation) {
  // Up to 300 detections per image with many tied scores: the evaluator's own stable sort
  // (insertion runs + merges) must give exactly the offline evaluation's ranking.
  std::mt19937 rng(5);
  for (int trial = 0; trial < 20; ++trial) {
    em::voc_dataset d;
    d.class_names = {"a", "b", "c"};
    d.detections.resize(3);
    em::voc_evaluator ev(d.class_names, devkit);
    const int images = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < images; ++i) {
      const frame fr = random_frame(rng, 1 + rng() % 300, 3);
      std::vector<em::detection> dets;
      for (std::size_t k = 0; k < fr.boxes.size(); ++k) {
        dets.push_back({static_cast<std::uint32_t>(fr.labels[k]), static_cast<double>(fr.scores[k]),
                        em::box_cast<double>(fr.boxes[k])});
      }
      ev.update(dets, fr.truth);
      const std::uint32_t img = d.add_image(std::to_string(i), fr.truth.data(), fr.truth.size());
      for (const auto& x : dets) {
        d.detections[x.class_id].image.push_back(img);
        d.detections[x.class_id].score.push_back(x.score);
        d.detections[x.class_id].box.push_back(x.box);
      }
    }
    expect_same(ev.compute(), em::evaluate(d, devkit));
  }
}

}  // namespace
