// voc_evaluator::update allocates nothing after reserve() (or warm-up), on both input paths
// (detection records and NMS output), and reset() keeps the memory. Own executable: it replaces
// the global operator new to count allocations.
#include <edgemetrics/detection/average_precision.hpp>
#include <edgemetrics/detection/voc.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <random>
#include <vector>

#include "../common/count_allocations.hpp"

namespace em = edgemetrics;

namespace {

struct frame {
  std::vector<em::corner_box<float>> boxes;
  std::vector<float> scores;
  std::vector<int> labels;
  std::vector<std::size_t> keep;
  std::vector<em::detection> records;
  std::vector<float> rows;  // x1, y1, x2, y2, score, class
  std::vector<em::ground_truth_object> truth;
};

std::vector<frame> make_frames() {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(0, 1);
  std::vector<frame> frames;
  for (int f = 0; f < 8; ++f) {
    frame fr;
    // sizes vary: 5 (insertion sort only) .. 300 (merges)
    const std::size_t n = f == 0 ? 5 : 40 * static_cast<std::size_t>(f) + 20;
    for (std::size_t i = 0; i < n; ++i) {
      const float x = u(rng) * 600, y = u(rng) * 400;
      fr.boxes.push_back({x, y, x + 20 + u(rng) * 80, y + 20 + u(rng) * 80});
      fr.scores.push_back(std::floor(u(rng) * 10) / 10);
      fr.labels.push_back(static_cast<int>(rng() % 20));
      if (i % 3 != 0) fr.keep.push_back(i);
      fr.records.push_back({static_cast<std::uint32_t>(fr.labels.back()), static_cast<double>(fr.scores.back()),
                            em::box_cast<double>(fr.boxes.back())});
      const auto& b = fr.boxes.back();
      fr.rows.insert(fr.rows.end(), {b.x1, b.y1, b.x2, b.y2, fr.scores.back(), static_cast<float>(fr.labels.back())});
    }
    for (std::size_t k = 0; k < 30; ++k) {
      const std::size_t i = rng() % n;
      fr.truth.push_back({static_cast<std::uint32_t>(fr.labels[i]), em::box_cast<double>(fr.boxes[i]), k % 7 == 0});
    }
    frames.push_back(std::move(fr));
  }
  return frames;
}

TEST(VocEvaluatorAlloc, UpdateAfterReserveDoesNotAllocate) {
  const std::vector<frame> frames = make_frames();
  em::voc_evaluator ev(em::voc_class_names());
  std::size_t total = 0;
  for (const auto& f : frames) total += f.records.size() + 2 * f.keep.size();
  ev.reserve(3 * total, 300, 30);
  for (int round = 0; round < 2; ++round) {
    const long before = g_allocations.load();
    for (const auto& f : frames) {
      ev.update(f.records, f.truth);
      ev.update(f.boxes, f.scores, f.labels, f.keep, f.truth);
      ev.update(em::matrix_view<const float>(f.rows.data(), f.boxes.size(), 6), f.keep, f.truth);
    }
    EXPECT_EQ(g_allocations.load() - before, 0) << "round " << round;
    if (round == 0) {
      const auto r = ev.compute();  // compute() may allocate; update() may not
      EXPECT_GT(r.classes[0].detections + r.classes[1].detections, 0u);
    }
  }
  // reset() keeps the memory: the same frames again allocate nothing, without a new reserve().
  ev.reset();
  const long before = g_allocations.load();
  for (const auto& f : frames) ev.update(f.boxes, f.scores, f.labels, f.keep, f.truth);
  EXPECT_EQ(g_allocations.load() - before, 0);
}

TEST(VocEvaluatorAlloc, WarmScratchOnlyGrowsTheRecords) {
  // Without reserve(): after one pass over the frames the scratch buffers are warm; only the
  // records grow (amortised vector growth), so allocations stay far below one per frame.
  const std::vector<frame> frames = make_frames();
  em::voc_evaluator ev(em::voc_class_names());
  for (const auto& f : frames) ev.update(f.records, f.truth);
  const long before = g_allocations.load();
  for (int round = 0; round < 20; ++round) {
    for (const auto& f : frames) ev.update(f.records, f.truth);
  }
  EXPECT_LE(g_allocations.load() - before, 3 * 12);  // 3 record arrays, a few doublings each
}

}  // namespace

TEST(AveragePrecisionAlloc, WarmWorkspaceDoesNotAllocate) {
  // The AP API with a workspace and results kept across calls: after one call of each size, the
  // same calls allocate nothing (small inputs are ranked by insertion sort, large ones by radix).
  std::mt19937 rng(3);
  std::vector<std::vector<double>> scores;
  std::vector<std::vector<em::match_outcome>> outcomes;
  for (const std::size_t n : {std::size_t{40}, std::size_t{3000}}) {
    scores.emplace_back();
    outcomes.emplace_back();
    for (std::size_t i = 0; i < n; ++i) {
      scores.back().push_back(static_cast<double>(rng() % 1000) / 1000.0);
      outcomes.back().push_back(rng() % 3 == 0 ? em::match_outcome::true_positive : em::match_outcome::false_positive);
    }
  }
  em::ap_workspace w;
  em::coco_pr coco;
  em::pr_curve curve;
  std::vector<std::uint32_t> order;
  const em::voc_ap_options o;
  auto run = [&] {
    double sink = 0;
    for (std::size_t k = 0; k < scores.size(); ++k) {
      const std::size_t npos = scores[k].size();
      em::coco_precision_recall(scores[k], outcomes[k], npos, em::coco_recall_thresholds(), w, coco);
      sink += coco.average_precision;
      sink += em::voc_average_precision(scores[k], outcomes[k], npos, o, w).voc10_all_point;
      sink += em::voc_average_precision(scores[k], outcomes[k], npos, o, w, &curve).voc07_11_point;
      em::rank_by_score(scores[k], order, w);
    }
    return sink;
  };
  const double first = run();
  run();  // the second size may grow what the first sized
  const long before = g_allocations.load();
  const double again = run();
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_EQ(first, again);
}
