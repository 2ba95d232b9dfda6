#include <edgemetrics/classification/fraction.hpp>
#include <edgemetrics/detail/normal.hpp>

#include <gtest/gtest.h>

#include <cmath>

using edgemetrics::fraction;

TEST(Fraction, KeepsCountsAndValue) {
  fraction f(80, 90);
  EXPECT_EQ(f.successes(), 80u);
  EXPECT_EQ(f.failures(), 10u);
  EXPECT_EQ(f.trials(), 90u);
  EXPECT_NEAR(f.value(), 0.8889, 5e-5);
}

TEST(Fraction, RecordAndMergeAgree) {
  fraction a, b, all;
  for (int i = 0; i < 50; ++i) {
    const bool s = i % 3 != 0;
    (i < 20 ? a : b).record(s);
    all.record(s);
  }
  EXPECT_EQ(a + b, all);
  a += b;
  EXPECT_EQ(a, all);
}

TEST(Fraction, EmptyCaseIsDocumented) {
  fraction f;
  EXPECT_TRUE(f.empty());
  EXPECT_TRUE(std::isnan(f.value()));
  EXPECT_EQ(f.value_or(1.0), 1.0);
  EXPECT_EQ(f.wilson_interval(), (edgemetrics::interval{0.0, 1.0}));
}

TEST(Fraction, RejectsMoreSuccessesThanTrials) { EXPECT_THROW(fraction(3, 2), std::invalid_argument); }

TEST(Fraction, NormalQuantileIsAccurate) {
  EXPECT_NEAR(edgemetrics::detail::normal_quantile(0.975), 1.959963984540054, 1e-13);
  EXPECT_NEAR(edgemetrics::detail::normal_quantile(0.995), 2.5758293035489004, 1e-13);
  EXPECT_NEAR(edgemetrics::detail::normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(edgemetrics::detail::normal_quantile(1e-10), -6.361340902404056, 1e-9);
}

TEST(Fraction, WilsonIntervalMatchesClosedForm) {
  // Checked against the closed form with z = 1.959963984540054 (by hand: [0.8074, 0.9385]).
  const auto ci = fraction(80, 90).wilson_interval();
  const double n = 90, p = 80.0 / 90, z = 1.959963984540054;
  const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  EXPECT_NEAR(ci.lower, centre - half, 1e-12);
  EXPECT_NEAR(ci.upper, centre + half, 1e-12);
  EXPECT_NEAR(ci.lower, 0.8074, 1e-4);
  EXPECT_NEAR(ci.upper, 0.9385, 1e-4);
}

TEST(Fraction, WilsonIntervalAtTheEdges) {
  const auto none = fraction(0, 10).wilson_interval();
  EXPECT_EQ(none.lower, 0.0);
  EXPECT_GT(none.upper, 0.0);
  const auto all = fraction(10, 10).wilson_interval();
  EXPECT_EQ(all.upper, 1.0);
  EXPECT_LT(all.lower, 1.0);
  EXPECT_THROW((void)fraction(1, 2).wilson_interval(1.0), std::invalid_argument);
  EXPECT_THROW((void)fraction(1, 2).wilson_interval(0.0), std::invalid_argument);
  EXPECT_THROW((void)fraction(1, 2).wilson_interval(std::nan("")), std::invalid_argument);
}
