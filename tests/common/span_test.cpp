// span, strided_span and matrix_view: the one input model (views, never copies).
#include <edgemetrics/span.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace em = edgemetrics;

namespace {

double sum(em::span<const double> s) {
  double t = 0;
  for (double x : s) t += x;
  return t;
}

TEST(Span, FromEveryContiguousContainer) {
  std::vector<double> v{1, 2, 3};
  const std::vector<double> cv{1, 2};
  std::array<double, 2> a{4, 5};
  double c[3] = {1, 1, 1};
  EXPECT_EQ(sum(v), 6);
  EXPECT_EQ(sum(cv), 3);
  EXPECT_EQ(sum(a), 9);
  EXPECT_EQ(sum(c), 3);
  EXPECT_EQ(sum({v.data(), 2}), 3);
  EXPECT_EQ(sum({}), 0);
  em::span<double> m(v);
  m[0] = 10;
  EXPECT_EQ(v[0], 10);
  em::span<const double> k = m;  // span<T> -> span<const T>
  EXPECT_EQ(k.size(), 3u);
  EXPECT_EQ(k.data(), v.data());  // no copy
  static_assert(!std::is_convertible_v<const std::vector<double>&, em::span<double>>);
  static_assert(!std::is_convertible_v<std::vector<float>&, em::span<const double>>);
}

TEST(Span, DeductionGuides) {
  std::vector<int> v{1, 2};
  const std::vector<int> cv{1};
  em::span s(v);
  em::span cs(cv);
  static_assert(std::is_same_v<decltype(s), em::span<int>>);
  static_assert(std::is_same_v<decltype(cs), em::span<const int>>);
  EXPECT_EQ(s.size() + cs.size(), 3u);
}

TEST(Span, SubspanChecksItsBounds) {
  const std::vector<int> v{1, 2, 3, 4};
  em::span<const int> s(v);
  EXPECT_EQ(s.subspan(1, 2)[0], 2);
  EXPECT_EQ(s.subspan(4, 0).size(), 0u);
  EXPECT_THROW((void)s.subspan(3, 2), std::invalid_argument);
  EXPECT_THROW((void)s.subspan(5, 0), std::invalid_argument);
}

TEST(MatrixView, ColumnsOfAModelOutput) {
  // Three rows of x1, y1, x2, y2, score, class (a detector's raw output).
  const std::vector<float> out{0, 0, 10, 10, 0.9f, 1,  //
                               5, 5, 15, 15, 0.8f, 2,  //
                               1, 2, 3,  4,  0.1f, 0};
  const em::matrix_view<const float> m(out.data(), 3, 6);
  EXPECT_EQ(m.rows(), 3u);
  EXPECT_EQ(m(1, 2), 15.0f);
  const em::strided_span<const float> score = m.column(4);
  EXPECT_EQ(score.size(), 3u);
  EXPECT_EQ(score.stride(), 6u);
  EXPECT_EQ(score[2], 0.1f);
  EXPECT_EQ(m.row(2)[3], 4.0f);
  EXPECT_THROW((void)m.column(6), std::invalid_argument);
  // Padded rows (a stride larger than the row).
  const em::matrix_view<const float> padded(out.data(), 2, 5, 6);
  EXPECT_EQ(padded(1, 4), 0.8f);
  EXPECT_THROW(em::matrix_view<const float>(out.data(), 2, 6, 5), std::invalid_argument);
}

TEST(StridedSpan, FromASpanAndStrideZero) {
  const std::vector<double> v{1, 2, 3};
  const em::strided_span<const double> s = em::span<const double>(v);
  EXPECT_EQ(s[2], 3);
  EXPECT_EQ(s.stride(), 1u);
  const double one = 7;
  EXPECT_EQ(em::strided_span<const double>(&one, 1, 0)[0], 7);  // a single element: any stride
  EXPECT_THROW(em::strided_span<const double>(&one, 2, 0), std::invalid_argument);
}

}  // namespace
