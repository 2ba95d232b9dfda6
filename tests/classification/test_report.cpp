#include <edgemetrics/classification/report.hpp>
#include <edgemetrics/fmt/classification.hpp>
#include <edgemetrics/json/classification.hpp>

#include <gtest/gtest.h>

using namespace edgemetrics;

namespace {
// The seed example: an intruder detector with 98 % accuracy and 12 % recall.
// 10,000 frames, 200 with an intruder: 24 caught, 176 missed, 24 false alarms.
confusion_matrix intruder() {
  return confusion_matrix::from_counts(2, {9776, 24, 176, 24}, {"background", "intruder"});
}
}  // namespace

TEST(Report, FlagsAccuracyHidingPoorRecall) {
  const auto r = make_report(intruder());
  EXPECT_DOUBLE_EQ(r.accuracy.value(), 0.98);
  EXPECT_DOUBLE_EQ(r.classes[1].recall.value(), 0.12);
  ASSERT_TRUE(r.hides_poor_recall());
  const auto& w = r.warnings.front();
  EXPECT_EQ(w.what, report_warning::kind::accuracy_hides_poor_recall);
  EXPECT_EQ(w.class_index, 1u);
  EXPECT_NE(w.message.find("recall of class 'intruder' is only 12.0%"), std::string::npos) << w.message;
  EXPECT_NE(w.message.find("Unfit where a missed 'intruder' is costly"), std::string::npos) << w.message;
}

TEST(Report, NoWarningForABalancedGoodModel) {
  const auto r = make_report(confusion_matrix::from_counts(2, {90, 10, 20, 80}));
  EXPECT_FALSE(r.hides_poor_recall());
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_NEAR(r.classes[1].f1, 0.8421, 5e-5);
  EXPECT_NEAR(r.macro.recall, 0.85, 1e-15);
}

TEST(Report, WarnsOnUndefinedPrecisionAndRecallAndEmpty) {
  const auto r = make_report(confusion_matrix::from_counts(3, {5, 0, 1, 2, 3, 0, 0, 0, 0}));
  bool never_predicted = false, absent = false;
  for (const auto& w : r.warnings) {
    never_predicted |= w.what == report_warning::kind::class_never_predicted && w.class_index == 1;
    absent |= w.what == report_warning::kind::class_absent_from_truth && w.class_index == 2;
  }
  // class 1 is predicted (3 times): not "never predicted"; class 2 is predicted once, never true
  EXPECT_FALSE(never_predicted);
  EXPECT_TRUE(absent);
  const auto empty = make_report(confusion_matrix(2));
  ASSERT_EQ(empty.warnings.size(), 1u);
  EXPECT_EQ(empty.warnings[0].what, report_warning::kind::no_samples);
}

TEST(Report, RejectsBadOptions) {
  report_options o;
  o.beta = -1;
  EXPECT_THROW((void)make_report(intruder(), o), std::invalid_argument);
  o.beta = 1;
  o.confidence = 1.5;
  EXPECT_THROW((void)make_report(intruder(), o), std::invalid_argument);
}

TEST(Report, JsonHasSchemaAndNullForNaN) {
  const nlohmann::json j = make_report(intruder());
  EXPECT_EQ(j.at("schema"), 1);
  EXPECT_DOUBLE_EQ(j.at("accuracy").get<double>(), 0.98);
  EXPECT_DOUBLE_EQ(j.at("per_class").at("intruder").at("recall").get<double>(), 0.12);
  EXPECT_EQ(j.at("warnings").at(0).at("kind"), "accuracy_hides_poor_recall");
  const nlohmann::json empty = make_report(confusion_matrix(2));
  EXPECT_EQ(empty.dump().find("NaN"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::parse(empty.dump()).at("accuracy").is_null());
}

TEST(Report, ConfusionMatrixJsonRoundTrip) {
  const auto cm = intruder();
  const nlohmann::json j = cm;
  EXPECT_EQ(j.at("counts").at(1).at(0), 176);
  EXPECT_EQ(j.get<confusion_matrix>(), cm);
  EXPECT_THROW((void)nlohmann::json::parse(R"({"counts": [[1, 2], [3]]})").get<confusion_matrix>(),
               std::invalid_argument);
  const nlohmann::json f = fraction(3, 4);
  EXPECT_EQ(f.get<fraction>(), fraction(3, 4));
}

TEST(Report, FmtOutput) {
  EXPECT_EQ(fmt::format("{:.3f}", fraction(80, 90)), "0.889 [0.807, 0.939]");
  EXPECT_EQ(fmt::format("{}", fraction()), "n/a");
  const std::string table = fmt::format("{}", make_report(intruder()));
  EXPECT_NE(table.find("intruder"), std::string::npos);
  EXPECT_NE(table.find("WARNING: accuracy 98.0% looks good"), std::string::npos) << table;
  const std::string grid = fmt::format("{}", intruder());
  EXPECT_NE(grid.find("  intruder |        176         24"), std::string::npos) << grid;
}
