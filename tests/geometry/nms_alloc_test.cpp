// A per-frame NMS call with a warm workspace and output vector does not allocate.
#include <edgemetrics/geometry/nms.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>

#include "../common/count_allocations.hpp"

using namespace edgemetrics;

TEST(GeometryNmsAlloc, WarmWorkspaceDoesNotAllocate) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(0, 1);
  std::vector<std::vector<corner_box<float>>> frames_boxes;
  std::vector<std::vector<float>> frames_scores;
  std::vector<std::vector<int>> frames_classes;
  std::vector<std::vector<float>> frames_rows;  // the same frames as N x 6 model outputs (cx, cy, w, h, score, class)
  for (int f = 0; f < 4; ++f) {
    // Frame 3 is large enough for the radix sort and the spatial grid.
    const std::size_t n = f == 3 ? 5000 : 300 + 100 * static_cast<std::size_t>(f);
    std::vector<corner_box<float>> b(n);
    std::vector<float> s(n);
    std::vector<int> c(n);
    for (std::size_t i = 0; i < n; ++i) {
      const float x = u(rng) * 600, y = u(rng) * 400;
      b[i] = {x, y, x + 20 + u(rng) * 80, y + 20 + u(rng) * 80};
      s[i] = u(rng);
      c[i] = static_cast<int>(u(rng) * 10);
    }
    std::vector<float> rows(n * 6);
    for (std::size_t i = 0; i < n; ++i) {
      const cxcywh_box<float> cb = to_cxcywh(b[i], box_convention::continuous);
      float* r = rows.data() + i * 6;
      r[0] = cb.cx, r[1] = cb.cy, r[2] = cb.w, r[3] = cb.h, r[4] = s[i], r[5] = static_cast<float>(c[i]);
    }
    frames_rows.push_back(std::move(rows));
    frames_boxes.push_back(std::move(b));
    frames_scores.push_back(std::move(s));
    frames_classes.push_back(std::move(c));
  }
  nms_workspace<float> w;
  w.reserve(5000);
  std::vector<std::size_t> keep;
  keep.reserve(5000);
  soft_nms_result<float> soft;
  soft.indices.reserve(5000);
  soft.scores.reserve(5000);
  nms_options o(box_convention::continuous, 0.5);
  o.score_threshold = 0.05;
  const soft_nms_options so(box_convention::continuous, soft_nms_method::gaussian, 0.05);
  const long before = g_allocations.load();
  for (int round = 0; round < 3; ++round) {
    for (std::size_t f = 0; f < frames_boxes.size(); ++f) {
      nms(frames_boxes[f], frames_scores[f], o, w, keep);
      batched_nms(frames_boxes[f], frames_scores[f], frames_classes[f], o, w, keep);
      soft_nms(frames_boxes[f], frames_scores[f], so, w, soft);
      // Spans over raw memory (pointer + size) and the strided rows of a model output.
      const std::size_t n = frames_boxes[f].size();
      nms({frames_boxes[f].data(), n}, {frames_scores[f].data(), n}, o, w, keep);
      batched_nms({frames_boxes[f].data(), n}, {frames_scores[f].data(), n}, {frames_classes[f].data(), n}, o, w, keep);
      const detection_rows<float> rows(matrix_view<const float>(frames_rows[f].data(), n, 6), box_layout::cxcywh);
      nms(rows, o, w, keep);
      batched_nms(rows, o, w, keep);
      soft_nms(rows, so, w, soft);
    }
  }
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_FALSE(keep.empty());
}
