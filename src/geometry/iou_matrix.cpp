// Pairwise IoU-family matrices. Every entry is the one kernel of kernel.hpp (the pairwise
// functions of iou.cpp use it too). The IoU kind works on a structure-of-arrays copy of the
// second set so that its inner loop vectorises (max/min/sub/mul/div/compare, no branch).
#include <edgemetrics/geometry/iou_matrix.hpp>

#include "kernel.hpp"
#include "validate.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <type_traits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#define EDGEMETRICS_GEOMETRY_SSE2 1
#endif

namespace edgemetrics {
namespace {

template <class T>
struct soa {
  std::vector<T> x1, y1, x2, y2, area;
  soa(span<const corner_box<T>> b, box_convention c)
      : x1(b.size()), y1(b.size()), x2(b.size()), y2(b.size()), area(b.size()) {
    for (std::size_t j = 0; j < b.size(); ++j) {
      x1[j] = b[j].x1;
      y1[j] = b[j].y1;
      x2[j] = b[j].x2;
      y2[j] = b[j].y2;
      area[j] = edgemetrics::area(b[j], c);
    }
  }
};

// IoU rows [r0, r1). Same operations as iou() / torchvision box_iou, branch-free.
template <class T, bool PixelInclusive>
void iou_rows(const corner_box<T>* a, std::size_t r0, std::size_t r1, const soa<T>& b, T* out) {
  const std::size_t m = b.x1.size();
  const T* __restrict bx1 = b.x1.data();
  const T* __restrict by1 = b.y1.data();
  const T* __restrict bx2 = b.x2.data();
  const T* __restrict by2 = b.y2.data();
  const T* __restrict ba = b.area.data();
  const box_convention c = PixelInclusive ? box_convention::pixel_inclusive : box_convention::continuous;
  for (std::size_t i = r0; i < r1; ++i) {
    const T ax1 = a[i].x1, ay1 = a[i].y1, ax2 = a[i].x2, ay2 = a[i].y2;
    const T aa = area(a[i], c);
    T* __restrict row = out + i * m;
    for (std::size_t j = 0; j < m; ++j) {
      const T inter = detail::clamped_intersection<PixelInclusive>(ax1, ay1, ax2, ay2, bx1[j], by1[j], bx2[j], by2[j]);
      row[j] = detail::iou_ratio(inter, detail::union_area(aa, ba[j], inter));
    }
  }
}

#ifdef EDGEMETRICS_GEOMETRY_SSE2
// The same IoU rows for float with SSE2 and non-temporal (streaming) stores: for matrices
// larger than the caches, writing 4 bytes per entry without first reading the cache line
// (read-for-ownership) halves the memory traffic. Each lane performs the kernel's operations
// (kernel.hpp) in the same order: max_ps(b, a) = b > a ? b : a, min_ps(b, a) = b < a ? b : a,
// and(uni > 0, q). x86 only (SSE2 has no FMA, so nothing can be fused); the tests compare it
// with iou() entry by entry.
template <bool PixelInclusive>
void iou_rows_stream(const corner_box<float>* a, std::size_t r0, std::size_t r1, const soa<float>& b, float* out) {
  const std::size_t m = b.x1.size();
  const float* bx1 = b.x1.data();
  const float* by1 = b.y1.data();
  const float* bx2 = b.x2.data();
  const float* by2 = b.y2.data();
  const float* ba = b.area.data();
  const box_convention c = PixelInclusive ? box_convention::pixel_inclusive : box_convention::continuous;
  const __m128 zero = _mm_setzero_ps();
  const __m128 one = _mm_set1_ps(1.0f);
  for (std::size_t i = r0; i < r1; ++i) {
    const float ax1 = a[i].x1, ay1 = a[i].y1, ax2 = a[i].x2, ay2 = a[i].y2;
    const float aa = area(a[i], c);
    float* row = out + i * m;
    auto scalar = [&](std::size_t j) {
      const float inter =
          detail::clamped_intersection<PixelInclusive>(ax1, ay1, ax2, ay2, bx1[j], by1[j], bx2[j], by2[j]);
      row[j] = detail::iou_ratio(inter, detail::union_area(aa, ba[j], inter));
    };
    std::size_t j = 0;
    for (; j < m && (reinterpret_cast<std::uintptr_t>(row + j) & 15u) != 0; ++j) scalar(j);
    const __m128 vax1 = _mm_set1_ps(ax1), vay1 = _mm_set1_ps(ay1), vax2 = _mm_set1_ps(ax2), vay2 = _mm_set1_ps(ay2);
    const __m128 vaa = _mm_set1_ps(aa);
    for (; j + 4 <= m; j += 4) {
      const __m128 ix1 = _mm_max_ps(_mm_loadu_ps(bx1 + j), vax1);
      const __m128 iy1 = _mm_max_ps(_mm_loadu_ps(by1 + j), vay1);
      const __m128 ix2 = _mm_min_ps(_mm_loadu_ps(bx2 + j), vax2);
      const __m128 iy2 = _mm_min_ps(_mm_loadu_ps(by2 + j), vay2);
      __m128 iw = _mm_sub_ps(ix2, ix1);
      __m128 ih = _mm_sub_ps(iy2, iy1);
      if constexpr (PixelInclusive) {
        iw = _mm_add_ps(iw, one);
        ih = _mm_add_ps(ih, one);
      }
      iw = _mm_max_ps(iw, zero);
      ih = _mm_max_ps(ih, zero);
      const __m128 inter = _mm_mul_ps(iw, ih);
      const __m128 uni = _mm_sub_ps(_mm_add_ps(vaa, _mm_loadu_ps(ba + j)), inter);
      const __m128 q = _mm_div_ps(inter, uni);
      _mm_stream_ps(row + j, _mm_and_ps(_mm_cmpgt_ps(uni, zero), q));
    }
    for (; j < m; ++j) scalar(j);
  }
  _mm_sfence();
}
#endif

// Output size above which the float IoU kernel streams its stores past the caches.
constexpr std::size_t stream_bytes = std::size_t{16} << 20;

template <class T, bool PixelInclusive>
void family_rows(span<const corner_box<T>> a, span<const corner_box<T>> b, iou_kind kind, std::size_t r0,
                 std::size_t r1, const std::vector<T>& atan_a, const std::vector<T>& atan_b, T* out) {
  const std::size_t m = b.size();
  for (std::size_t i = r0; i < r1; ++i) {
    T* row = out + i * m;
    switch (kind) {
      case iou_kind::giou:
        for (std::size_t j = 0; j < m; ++j) row[j] = detail::giou_kernel<PixelInclusive>(a[i], b[j]);
        break;
      case iou_kind::diou:
        for (std::size_t j = 0; j < m; ++j) row[j] = detail::diou_kernel<PixelInclusive>(a[i], b[j]);
        break;
      case iou_kind::ciou:
        for (std::size_t j = 0; j < m; ++j) {
          row[j] = detail::ciou_kernel<PixelInclusive>(a[i], b[j], atan_a[i], atan_b[j]);
        }
        break;
      case iou_kind::iou:
        for (std::size_t j = 0; j < m; ++j) row[j] = detail::iou_kernel<PixelInclusive>(a[i], b[j]);
        break;
    }
  }
}

// Runs body(r0, r1) over [0, n) rows split across `threads` threads (the caller included).
template <class F>
void parallel_rows(std::size_t n, unsigned threads, const F& body) {
  if (threads <= 1 || n < 2) {
    body(std::size_t{0}, n);
    return;
  }
  const std::size_t parts = std::min<std::size_t>(threads, n);
  std::vector<std::thread> pool;
  pool.reserve(parts - 1);
  for (std::size_t p = 1; p < parts; ++p) {
    const std::size_t r0 = n * p / parts;
    const std::size_t r1 = n * (p + 1) / parts;
    pool.emplace_back([&body, r0, r1] { body(r0, r1); });
  }
  body(std::size_t{0}, n / parts);
  for (auto& t : pool) t.join();
}

template <class T>
void pairwise_iou_impl(span<const corner_box<T>> a, span<const corner_box<T>> b, iou_kind kind, box_convention c,
                       pairwise_matrix<T>& out, const pairwise_options& options) {
  detail::validate_boxes(a, c, "pairwise_iou", "a");
  detail::validate_boxes(b, c, "pairwise_iou", "b");
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  out.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  if (n == 0 || m == 0) return;
  unsigned threads = options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;
  if (n * m < (std::size_t{1} << 16)) threads = 1;
  T* data = out.data();
  if (kind == iou_kind::iou) {
    const soa<T> sb(b, c);
#ifdef EDGEMETRICS_GEOMETRY_SSE2
    if constexpr (std::is_same_v<T, float>) {
      if (n * m * sizeof(T) >= stream_bytes) {
        if (c == box_convention::pixel_inclusive) {
          parallel_rows(n, threads,
                        [&](std::size_t r0, std::size_t r1) { iou_rows_stream<true>(a.data(), r0, r1, sb, data); });
        } else {
          parallel_rows(n, threads,
                        [&](std::size_t r0, std::size_t r1) { iou_rows_stream<false>(a.data(), r0, r1, sb, data); });
        }
        return;
      }
    }
#endif
    if (c == box_convention::pixel_inclusive) {
      parallel_rows(n, threads, [&](std::size_t r0, std::size_t r1) { iou_rows<T, true>(a.data(), r0, r1, sb, data); });
    } else {
      parallel_rows(n, threads,
                    [&](std::size_t r0, std::size_t r1) { iou_rows<T, false>(a.data(), r0, r1, sb, data); });
    }
    return;
  }
  std::vector<T> atan_a, atan_b;
  if (kind == iou_kind::ciou) {
    atan_a.resize(n);
    atan_b.resize(m);
    for (std::size_t i = 0; i < n; ++i) atan_a[i] = detail::aspect_atan(a[i], c);
    for (std::size_t j = 0; j < m; ++j) atan_b[j] = detail::aspect_atan(b[j], c);
  }
  if (c == box_convention::pixel_inclusive) {
    parallel_rows(n, threads, [&](std::size_t r0, std::size_t r1) {
      family_rows<T, true>(a, b, kind, r0, r1, atan_a, atan_b, data);
    });
  } else {
    parallel_rows(n, threads, [&](std::size_t r0, std::size_t r1) {
      family_rows<T, false>(a, b, kind, r0, r1, atan_a, atan_b, data);
    });
  }
}

}  // namespace

void pairwise_iou(span<const corner_box<float>> a, span<const corner_box<float>> b, iou_kind kind, box_convention c,
                  pairwise_matrix<float>& out, const pairwise_options& options) {
  pairwise_iou_impl(a, b, kind, c, out, options);
}
void pairwise_iou(span<const corner_box<double>> a, span<const corner_box<double>> b, iou_kind kind, box_convention c,
                  pairwise_matrix<double>& out, const pairwise_options& options) {
  pairwise_iou_impl(a, b, kind, c, out, options);
}

}  // namespace edgemetrics
