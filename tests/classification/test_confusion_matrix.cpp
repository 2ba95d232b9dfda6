#include <edgemetrics/classification/confusion_matrix.hpp>
#include <edgemetrics/classification/metrics.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using edgemetrics::confusion_matrix;
using edgemetrics::normalize_by;
using namespace edgemetrics;

namespace {

// The worked example: 80 TP, 20 FN, 10 FP, 90 TN, class 1 is the positive class.
confusion_matrix worked_example() {
  return confusion_matrix::from_counts(2, {90, 10, 20, 80}, {"negative", "positive"});
}

}  // namespace

TEST(ConfusionMatrix, RowsAreTruthColumnsArePrediction) {
  confusion_matrix cm(3);
  cm.record(0, 2);
  EXPECT_EQ(cm(0, 2), 1u);
  EXPECT_EQ(cm(2, 0), 0u);
  EXPECT_EQ(cm.true_count(0), 1u);
  EXPECT_EQ(cm.predicted_count(2), 1u);
}

TEST(ConfusionMatrix, OneVsRestCounts) {
  const auto cm = worked_example();
  EXPECT_EQ(cm.true_positives(1), 80u);
  EXPECT_EQ(cm.false_negatives(1), 20u);
  EXPECT_EQ(cm.false_positives(1), 10u);
  EXPECT_EQ(cm.true_negatives(1), 90u);
  EXPECT_EQ(cm.total(), 200u);
  EXPECT_EQ(cm.correct(), 170u);
  EXPECT_EQ(cm.find_class("positive"), 1u);
  EXPECT_FALSE(cm.find_class("cat").has_value());
}

TEST(ConfusionMatrix, SpanAndPairwiseAndParallelRecordingAgree) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> label(0, 9);
  std::vector<int> truth(300000), pred(300000);
  for (std::size_t i = 0; i < truth.size(); ++i) {
    truth[i] = label(rng);
    pred[i] = label(rng);
  }
  confusion_matrix one(10), span(10), parallel(10), two_threads(10);
  for (std::size_t i = 0; i < truth.size(); ++i) {
    one.record(static_cast<std::size_t>(truth[i]), static_cast<std::size_t>(pred[i]));
  }
  span.record(truth, pred);
  parallel.record_parallel(truth, pred);
  two_threads.record_parallel(truth, pred, 2);
  EXPECT_EQ(one, span);
  EXPECT_EQ(one, parallel);
  EXPECT_EQ(one, two_threads);
  EXPECT_EQ(one.total(), truth.size());
}

TEST(ConfusionMatrix, AcceptsAnyIntegerLabelType) {
  const std::array<std::uint8_t, 3> t{0, 1, 1};
  const std::vector<std::int64_t> p{0, 1, 0};
  confusion_matrix cm(2);
  cm.record(t, p);
  EXPECT_EQ(cm(1, 0), 1u);
}

TEST(ConfusionMatrix, MergeOfShardsEqualsOnePass) {
  const std::vector<int> t{0, 1, 2, 2, 1, 0, 1}, p{0, 2, 2, 1, 1, 0, 0};
  confusion_matrix all(3), a(3), b(3);
  all.record(t, p);
  a.record(t.data(), p.data(), 3);
  b.record(t.data() + 3, p.data() + 3, 4);
  EXPECT_EQ(a + b, all);
}

TEST(ConfusionMatrix, MergeRejectsDifferentClasses) {
  confusion_matrix a(3), b(4);
  EXPECT_THROW(a.merge(b), std::invalid_argument);
  confusion_matrix c(std::vector<std::string>{"cat", "dog"}), d(std::vector<std::string>{"dog", "cat"});
  EXPECT_THROW(c.merge(d), std::invalid_argument);
}

TEST(ConfusionMatrix, BadLabelsThrowAndRecordNothing) {
  confusion_matrix cm(3);
  cm.record(0, 0);
  const auto before = cm;
  const std::vector<int> t{0, 1, 2, -1}, p{0, 1, 2, 0};
  try {
    cm.record(t, p);
    FAIL() << "expected an exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("truth label -1 at index 3"), std::string::npos) << e.what();
  }
  EXPECT_EQ(cm, before);
  const std::vector<int> p_bad{0, 1, 3, 0};
  EXPECT_THROW(cm.record(std::vector<int>{0, 1, 2, 0}, p_bad), std::invalid_argument);
  EXPECT_EQ(cm, before);
  // the parallel path keeps the same guarantee
  std::vector<int> big_t(200000, 1), big_p(200000, 2);
  big_p[150000] = 7;
  EXPECT_THROW(cm.record_parallel(big_t, big_p, 2), std::invalid_argument);
  EXPECT_EQ(cm, before);
  EXPECT_THROW(cm.record(5, 0), std::invalid_argument);
  EXPECT_EQ(cm, before);
}

// docs/conventions.md, "Names and errors": a label outside [0, K) is std::invalid_argument
// everywhere (it was std::out_of_range in confusion_matrix before issue #8), and the message
// names the value as the caller passed it (-1, not 4294967295).
TEST(ConfusionMatrix, BadLabelMessagesNameTheValuePassed) {
  confusion_matrix cm(3);
  const auto message = [&](auto&& f) -> std::string {
    try {
      f();
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "(no exception)";
  };
  EXPECT_EQ(message([&] { cm.record(-1, 0); }),
            "edgemetrics::confusion_matrix::record: truth label -1 is not a class (0..2)");
  EXPECT_EQ(message([&] { cm.record(0, std::int8_t{-3}); }),
            "edgemetrics::confusion_matrix::record: prediction label -3 is not a class (0..2)");
  EXPECT_EQ(message([&] { cm.record(0u, 3u); }),
            "edgemetrics::confusion_matrix::record: prediction label 3 is not a class (0..2)");
  const std::vector<std::int64_t> t{0, -1}, p{0, 0};
  EXPECT_EQ(message([&] { cm.record(t, p); }),
            "edgemetrics::confusion_matrix::record: truth label -1 at index 1 is not a class (0..2); nothing was "
            "recorded");
  const std::vector<short> ts{0, 1}, ps{2, -7};
  EXPECT_NE(message([&] { cm.record_parallel(ts, ps, 2); }).find("prediction label -7 at index 1"), std::string::npos);
  EXPECT_EQ(cm.total(), 0u);
  // Per-class queries: a negative index passed through a signed type shows as negative.
  const int minus_one = -1;
  EXPECT_EQ(message([&] { (void)cm.at(static_cast<std::size_t>(minus_one), 0); }),
            "edgemetrics::confusion_matrix::at: class -1 is not a class (0..2)");
  EXPECT_EQ(message([&] { (void)cm.class_name(3); }),
            "edgemetrics::confusion_matrix::class_name: class 3 is not a class (0..2)");
  EXPECT_EQ(message([&] { (void)precision(cm, 3); }), "edgemetrics::precision: class 3 is not a class (0..2)");
  EXPECT_EQ(message([&] { (void)recall(cm, 7); }), "edgemetrics::recall: class 7 is not a class (0..2)");
  EXPECT_EQ(message([&] { (void)specificity(cm, 3); }), "edgemetrics::specificity: class 3 is not a class (0..2)");
  EXPECT_EQ(message([&] { (void)support(cm, 3); }), "edgemetrics::support: class 3 is not a class (0..2)");
  EXPECT_EQ(message([&] { (void)fbeta(cm, 3, 2.0); }), "edgemetrics::fbeta: class 3 is not a class (0..2)");
  EXPECT_EQ(message([&] { (void)f1(cm, 3); }), "edgemetrics::fbeta: class 3 is not a class (0..2)");
}

TEST(ConfusionMatrix, DefaultConstructedHasNoClasses) {
  confusion_matrix cm;
  EXPECT_EQ(cm.num_classes(), 0u);
  EXPECT_EQ(cm.total(), 0u);
  EXPECT_TRUE(cm.counts().empty());
  EXPECT_TRUE(cm.normalized(normalize_by::all).empty());
  try {
    cm.record(0, 0);
    FAIL() << "expected an exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "edgemetrics::confusion_matrix::record: truth label 0 is not a class (the matrix has no "
                 "classes)");
  }
  EXPECT_THROW(cm.record(std::vector<int>{0}, std::vector<int>{0}), std::invalid_argument);
  cm.record(std::vector<int>{}, std::vector<int>{});
  EXPECT_EQ(cm, confusion_matrix());
  EXPECT_NE(cm, confusion_matrix(1));
}

TEST(ConfusionMatrix, NormalizeByNames) {
  for (const normalize_by by : {normalize_by::true_class, normalize_by::predicted_class, normalize_by::all}) {
    EXPECT_EQ(parse_normalize_by(to_string(by)), by);
  }
  EXPECT_EQ(to_string(normalize_by::predicted_class), "predicted_class");
  static_assert(to_string(normalize_by::all) == "all");
  EXPECT_THROW((void)parse_normalize_by("rows"), std::invalid_argument);
}

TEST(ConfusionMatrix, MismatchedLengthsThrow) {
  confusion_matrix cm(2);
  try {
    cm.record(std::vector<int>{0, 1}, std::vector<int>{0});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("2 truth labels but 1 predictions"), std::string::npos);
  }
}

TEST(ConfusionMatrix, ConstructionErrors) {
  EXPECT_THROW(confusion_matrix(0), std::invalid_argument);
  EXPECT_THROW(confusion_matrix(std::vector<std::string>{"a", "a"}), std::invalid_argument);
  EXPECT_THROW(confusion_matrix(std::vector<std::string>{"a", ""}), std::invalid_argument);
  EXPECT_THROW((void)confusion_matrix::from_counts(2, {1, 2, 3}), std::invalid_argument);
  EXPECT_THROW((void)confusion_matrix::from_counts(2, {1, 2, 3, 4}, {"a"}), std::invalid_argument);
}

TEST(ConfusionMatrix, EmptyInput) {
  confusion_matrix cm(4);
  cm.record(std::vector<int>{}, std::vector<int>{});
  cm.record_parallel(std::vector<int>{}, std::vector<int>{}, 2);
  EXPECT_EQ(cm.total(), 0u);
  for (double v : cm.normalized(normalize_by::true_class)) EXPECT_EQ(v, 0.0);
}

TEST(ConfusionMatrix, Normalisation) {
  const auto cm = worked_example();
  const auto by_true = cm.normalized(normalize_by::true_class);
  EXPECT_DOUBLE_EQ(by_true[3], 0.8);  // recall on the diagonal
  EXPECT_DOUBLE_EQ(by_true[0] + by_true[1], 1.0);
  const auto by_pred = cm.normalized(normalize_by::predicted_class);
  EXPECT_DOUBLE_EQ(by_pred[3], 80.0 / 90.0);  // precision on the diagonal
  const auto by_all = cm.normalized(normalize_by::all);
  EXPECT_DOUBLE_EQ(by_all[0] + by_all[3], 0.85);  // accuracy
}
