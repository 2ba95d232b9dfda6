#include <edgemetrics/classification/top_k.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

using edgemetrics::parse_top_k_ties;
using edgemetrics::top_k_accuracy;
using edgemetrics::top_k_ties;

TEST(TopK, CountsHits) {
  const std::vector<std::vector<double>> scores{{0.1, 0.7, 0.2}, {0.5, 0.3, 0.2}, {0.2, 0.3, 0.5}};
  const std::vector<int> truth{1, 1, 0};
  EXPECT_EQ(top_k_accuracy(scores, truth, 1).successes(), 1u);
  EXPECT_EQ(top_k_accuracy(scores, truth, 2).successes(), 2u);
  EXPECT_EQ(top_k_accuracy(scores, truth, 3).successes(), 3u);
  EXPECT_EQ(top_k_accuracy(scores, truth, 10).successes(), 3u);  // k >= classes: all hits
}

TEST(TopK, TieRules) {
  // the true class 1 ties with classes 0 and 2
  const std::vector<std::vector<float>> scores{{0.5f, 0.5f, 0.5f, 0.1f}};
  const std::vector<int> truth{1};
  EXPECT_EQ(top_k_accuracy(scores, truth, 1, top_k_ties::lower_index_first).successes(), 0u);  // rank 1
  EXPECT_EQ(top_k_accuracy(scores, truth, 2, top_k_ties::lower_index_first).successes(), 1u);
  EXPECT_EQ(top_k_accuracy(scores, truth, 1, top_k_ties::higher_index_first).successes(), 0u);  // rank 1
  EXPECT_EQ(top_k_accuracy(scores, truth, 1, top_k_ties::optimistic).successes(), 1u);          // rank 0
  EXPECT_EQ(top_k_accuracy(scores, truth, 2, top_k_ties::pessimistic).successes(), 0u);         // rank 2
  EXPECT_EQ(top_k_accuracy(scores, truth, 3, top_k_ties::pessimistic).successes(), 1u);
  const std::vector<int> truth0{0};
  EXPECT_EQ(top_k_accuracy(scores, truth0, 1, top_k_ties::lower_index_first).successes(), 1u);
  EXPECT_EQ(top_k_accuracy(scores, truth0, 2, top_k_ties::higher_index_first).successes(), 0u);  // rank 2
}

TEST(TopK, BadInput) {
  const std::vector<std::vector<double>> scores{{0.1, NAN}, {0.5, 0.5}};
  try {
    (void)top_k_accuracy(scores, std::vector<int>{0, 0}, 1);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("sample 0, class 1 is NaN"), std::string::npos) << e.what();
  }
  const std::vector<std::vector<double>> ok{{0.1, 0.2}, {0.5, 0.5}};
  EXPECT_THROW((void)top_k_accuracy(ok, std::vector<int>{0, 2}, 1), std::invalid_argument);
  EXPECT_THROW((void)top_k_accuracy(ok, std::vector<int>{0, -1}, 1), std::invalid_argument);
  EXPECT_THROW((void)top_k_accuracy(ok, std::vector<int>{0}, 1), std::invalid_argument);
  EXPECT_THROW((void)top_k_accuracy(ok, std::vector<int>{0, 1}, 0), std::invalid_argument);
  const std::vector<std::vector<double>> ragged{{0.1, 0.2}, {0.5}};
  EXPECT_THROW((void)top_k_accuracy(ragged, std::vector<int>{0, 0}, 1), std::invalid_argument);
  EXPECT_TRUE(top_k_accuracy(std::vector<std::vector<double>>{}, std::vector<int>{}, 1).empty());
}

TEST(TopK, TieRuleNames) {
  for (const top_k_ties t : {top_k_ties::lower_index_first, top_k_ties::higher_index_first, top_k_ties::optimistic,
                             top_k_ties::pessimistic}) {
    EXPECT_EQ(parse_top_k_ties(to_string(t)), t);
  }
  EXPECT_EQ(to_string(top_k_ties::higher_index_first), "higher_index_first");
  try {
    (void)parse_top_k_ties("sklearn");
    FAIL() << "expected an exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "edgemetrics: unknown top_k_ties 'sklearn' (valid: lower_index_first, higher_index_first, optimistic, "
                 "pessimistic)");
  }
}

TEST(TopK, MatrixViewOfAModelOutputAndSpanOfLabels) {
  // Rows of 4 values: 3 class scores and one extra column (e.g. an objectness score), read in
  // place through a strided matrix view; labels of a small unsigned type.
  const float out[] = {0.1f, 0.7f, 0.2f, 9.0f,   // sample 0: best class 1
                       0.5f, 0.3f, 0.2f, 9.0f,   // sample 1: best class 0
                       0.2f, 0.3f, 0.5f, 9.0f};  // sample 2: best class 2
  const std::uint8_t truth[] = {1, 1, 0};
  const edgemetrics::matrix_view<const float> scores(out, 3, 3, 4);
  const auto top1 = top_k_accuracy(scores, edgemetrics::span<const std::uint8_t>(truth), 1);
  EXPECT_EQ(top1.successes(), 1u);
  EXPECT_EQ(top1.trials(), 3u);
  EXPECT_EQ(top_k_accuracy(out, 3, 3, 4, truth, 2).successes(), 2u);  // pointer + row stride
  const std::uint8_t two[] = {1, 1};
  EXPECT_THROW((void)top_k_accuracy(scores, edgemetrics::span<const std::uint8_t>(two), 1), std::invalid_argument);
  EXPECT_THROW((void)top_k_accuracy(out, 3, 3, 2, truth, 1), std::invalid_argument);  // stride < classes
}

TEST(TopK, NegativeLabelReportedAsPassed) {
  const double scores[] = {0.1, 0.9, 0.4, 0.6};
  const std::int64_t truth[] = {1, -1};
  try {
    (void)top_k_accuracy(scores, 2, 2, truth, 1);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "edgemetrics::top_k_accuracy: truth label -1 of sample 1 is not a class (0..1)");
  }
  const unsigned big[] = {1, 4000000000u};
  try {
    (void)top_k_accuracy(scores, 2, 2, big, 1);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "edgemetrics::top_k_accuracy: truth label 4000000000 of sample 1 is not a class (0..1)");
  }
}
