#include <edgemetrics/classification/metrics.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

using namespace edgemetrics;

namespace {
confusion_matrix worked_example() {
  return confusion_matrix::from_counts(2, {90, 10, 20, 80}, {"negative", "positive"});
}
}  // namespace

TEST(Metrics, WorkedExample) {
  const auto cm = worked_example();
  EXPECT_NEAR(precision(cm, 1).value(), 0.8889, 5e-5);
  EXPECT_NEAR(recall(cm, 1).value(), 0.80, 1e-15);
  EXPECT_NEAR(accuracy(cm).value(), 0.85, 1e-15);
  EXPECT_NEAR(f1(cm, 1), 0.8421, 5e-5);
  EXPECT_NEAR(specificity(cm, 1).value(), 0.9, 1e-15);
  EXPECT_EQ(support(cm, 1), 100u);
  // F1 is the harmonic mean of precision and recall
  const double p = 80.0 / 90.0, r = 0.8;
  EXPECT_NEAR(f1(cm, 1), 2 * p * r / (p + r), 1e-15);
  // F-beta limits: beta = 0 is precision, beta = inf is recall
  EXPECT_NEAR(fbeta(cm, 1, 0.0), p, 1e-15);
  EXPECT_NEAR(fbeta(cm, 1, INFINITY), r, 1e-15);
  EXPECT_THROW((void)fbeta(cm, 1, -1.0), std::invalid_argument);
  EXPECT_THROW((void)fbeta(cm, 1, std::nan("")), std::invalid_argument);
}

TEST(Metrics, BinaryWholeMatrixScores) {
  const auto cm = worked_example();
  // MCC = (TP·TN - FP·FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN))
  const double mcc = (80.0 * 90 - 10.0 * 20) / std::sqrt(90.0 * 100 * 100 * 110);
  EXPECT_NEAR(matthews_corrcoef(cm), mcc, 1e-15);
  // kappa: po = 0.85, pe = (100·110 + 100·90) / 200² = 0.5
  EXPECT_NEAR(cohen_kappa(cm), (0.85 - 0.5) / (1 - 0.5), 1e-15);
  EXPECT_NEAR(balanced_accuracy(cm), (0.9 + 0.8) / 2, 1e-15);
}

// Class 2 is never predicted, class 3 never true: the zero-division policy decides.
TEST(Metrics, ZeroDivisionPolicy) {
  // rows: truth 0..3; columns: prediction 0..3
  const auto cm = confusion_matrix::from_counts(4, {
                                                       5, 1, 0, 1,  //
                                                       2, 6, 0, 0,  //
                                                       1, 2, 0, 1,  //
                                                       0, 0, 0, 0,  //
                                                   });
  EXPECT_TRUE(precision(cm, 2).empty());  // never predicted
  EXPECT_TRUE(recall(cm, 3).empty());     // never true
  EXPECT_EQ(precision(cm, 2).value_or(zero_division_value(zero_division::one)), 1.0);
  EXPECT_EQ(f1(cm, 2, zero_division::one), 0.0);  // recall 0 with support 4: F defined, 0
  EXPECT_EQ(f1(cm, 3, zero_division::one), 0.0);  // precision 0 (predicted twice, never right)
  // macro over the four classes
  const double p0 = 5.0 / 8, p1 = 6.0 / 9, p3 = 0.0;
  EXPECT_NEAR(precision(cm, average::macro, zero_division::zero), (p0 + p1 + 0.0 + p3) / 4, 1e-15);
  EXPECT_NEAR(precision(cm, average::macro, zero_division::one), (p0 + p1 + 1.0 + p3) / 4, 1e-15);
  // nan policy: the undefined class is left out of the mean (scikit-learn >= 1.3)
  EXPECT_NEAR(precision(cm, average::macro, zero_division::nan), (p0 + p1 + p3) / 3, 1e-15);
  const double r0 = 5.0 / 7, r1 = 6.0 / 8, r2 = 0.0;
  EXPECT_NEAR(recall(cm, average::macro, zero_division::nan), (r0 + r1 + r2) / 3, 1e-15);
  EXPECT_NEAR(recall(cm, average::macro, zero_division::zero), (r0 + r1 + r2) / 4, 1e-15);
  // weighted: support-weighted, so the class without support does not count
  EXPECT_NEAR(recall(cm, average::weighted), (r0 * 7 + r1 * 8 + r2 * 4) / 19, 1e-15);
  // micro in multiclass = accuracy
  EXPECT_NEAR(precision(cm, average::micro), accuracy(cm).value(), 1e-15);
  EXPECT_NEAR(recall(cm, average::micro), accuracy(cm).value(), 1e-15);
  EXPECT_NEAR(f1(cm, average::micro), accuracy(cm).value(), 1e-15);
  // balanced accuracy skips the class absent from the truth
  EXPECT_NEAR(balanced_accuracy(cm), (r0 + r1 + r2) / 3, 1e-15);
}

TEST(Metrics, EmptyMatrix) {
  const confusion_matrix cm(3);
  EXPECT_TRUE(std::isnan(accuracy(cm).value()));
  EXPECT_TRUE(std::isnan(balanced_accuracy(cm)));
  EXPECT_TRUE(std::isnan(matthews_corrcoef(cm)));
  EXPECT_TRUE(std::isnan(cohen_kappa(cm)));
  EXPECT_EQ(precision(cm, average::macro), 0.0);
  EXPECT_EQ(precision(cm, average::macro, zero_division::one), 1.0);
  EXPECT_TRUE(std::isnan(precision(cm, average::macro, zero_division::nan)));
  EXPECT_EQ(recall(cm, average::weighted), 0.0);
}

TEST(Metrics, DegenerateWholeMatrixScores) {
  // every sample true class 0 and predicted 0: MCC denominator is 0 -> 0 (scikit-learn)
  const auto cm = confusion_matrix::from_counts(2, {10, 0, 0, 0});
  EXPECT_EQ(matthews_corrcoef(cm), 0.0);
  EXPECT_TRUE(std::isnan(cohen_kappa(cm)));
  // perfect multiclass agreement
  const auto perfect = confusion_matrix::from_counts(3, {4, 0, 0, 0, 5, 0, 0, 0, 6});
  EXPECT_DOUBLE_EQ(matthews_corrcoef(perfect), 1.0);
  EXPECT_DOUBLE_EQ(cohen_kappa(perfect), 1.0);
}

TEST(Metrics, LargeCountsDoNotOverflow) {
  // 4e9 samples per cell: squares of totals exceed 64 bits; exact 128-bit arithmetic
  const std::uint64_t big = 4'000'000'000ULL;
  const auto cm = confusion_matrix::from_counts(2, {9 * big, big, 2 * big, 8 * big});
  const double mcc = (8.0 * 9 - 1.0 * 2) / std::sqrt(9.0 * 10 * 10 * 11);
  EXPECT_NEAR(matthews_corrcoef(cm), mcc, 1e-15);
  EXPECT_NEAR(cohen_kappa(cm), (0.85 - 0.5) / 0.5, 1e-15);
}

TEST(Metrics, EnumNames) {
  for (const zero_division zd : {zero_division::zero, zero_division::one, zero_division::nan}) {
    EXPECT_EQ(parse_zero_division(to_string(zd)), zd);
  }
  for (const average avg : {average::micro, average::macro, average::weighted}) {
    EXPECT_EQ(parse_average(to_string(avg)), avg);
  }
  static_assert(to_string(zero_division::nan) == "nan");
  EXPECT_EQ(to_string(average::weighted), "weighted");
  EXPECT_THROW((void)parse_zero_division("warn"), std::invalid_argument);
  EXPECT_THROW((void)parse_average("samples"), std::invalid_argument);
}
