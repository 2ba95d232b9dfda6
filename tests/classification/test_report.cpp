#include <edgemetrics/classification/report.hpp>
#include <edgemetrics/fmt/classification.hpp>
#include <edgemetrics/json/classification.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

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
  o.confidence = 0.95;
  o.poor_recall = 1.5;
  EXPECT_THROW((void)make_report(intruder(), o), std::invalid_argument);
  o.poor_recall = 0.5;
  o.accuracy_looks_good = std::nan("");
  EXPECT_THROW((void)make_classification_report(intruder(), o), std::invalid_argument);
  o.accuracy_looks_good = 1.0;  // the boundaries are valid
  o.poor_recall = 0.0;
  EXPECT_NO_THROW((void)make_report(intruder(), o));
}

// Issue #8: the report is written in the common envelope (schema 2, kind "classification").
TEST(Report, JsonHasEnvelopeAndNullForNaN) {
  const nlohmann::json j = make_report(intruder());
  EXPECT_EQ(j.at("schema"), 2);
  EXPECT_EQ(j.at("kind"), "classification");
  EXPECT_EQ(j.at("tool"), "edgemetrics");
  EXPECT_EQ(j.at("inputs"), nlohmann::json::array());
  EXPECT_EQ(j.at("options").at("zero_division"), "zero");
  EXPECT_FALSE(j.contains("confusion_matrix"));  // make_report does not copy the matrix
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

namespace {
// to_json -> from_json -> to_json gives the same document, and the value read back equals the original.
void expect_round_trip(const classification_report& r) {
  const nlohmann::json j = r;
  const auto back = j.get<classification_report>();
  EXPECT_EQ(back, r);
  EXPECT_EQ(nlohmann::json(back), j);
  // through text too (NaN is written as null and read back as NaN)
  const auto reparsed = nlohmann::json::parse(j.dump()).get<classification_report>();
  EXPECT_EQ(reparsed, r);
  EXPECT_EQ(nlohmann::json(reparsed).dump(2), j.dump(2));
}
}  // namespace

TEST(Report, JsonRoundTrip) {
  report_options o;
  o.beta = 2;
  o.confidence = 0.99;
  expect_round_trip(make_classification_report(intruder(), o, report_info{"edgemetrics-x", {"a.csv"}}));
  o.zero_div = zero_division::nan;
  // classes never predicted / absent from the truth: NaN values and warnings
  expect_round_trip(
      make_classification_report(confusion_matrix::from_counts(3, {5, 0, 1, 2, 0, 0, 0, 0, 0}), o, report_info{}));
  expect_round_trip(make_classification_report(confusion_matrix(2)));  // no samples: NaN everywhere
  expect_round_trip(make_report(intruder()));                          // without the matrix
  expect_round_trip(classification_report{});                          // default: no classes at all
}

TEST(Report, PartsRoundTrip) {
  const auto r = make_classification_report(intruder());
  const auto& c = r.classes[1];
  const nlohmann::json jc = c;
  EXPECT_EQ(jc.at("name"), "intruder");
  EXPECT_EQ(jc.get<class_report>(), c);
  EXPECT_EQ(nlohmann::json(jc.get<class_report>()), jc);
  const nlohmann::json ja = r.macro;
  EXPECT_EQ(ja.get<average_report>(), r.macro);
  EXPECT_EQ(nlohmann::json(ja.get<average_report>()), ja);
  const nlohmann::json jw = r.warnings.at(0);
  EXPECT_EQ(jw.at("kind"), "accuracy_hides_poor_recall");
  EXPECT_EQ(jw.get<report_warning>(), r.warnings.at(0));
  EXPECT_EQ(nlohmann::json(jw.get<report_warning>()), jw);
  report_options o;
  o.zero_div = zero_division::one;
  o.poor_recall = 0.25;
  const nlohmann::json jo = o;
  EXPECT_EQ(jo.at("zero_division"), "one");
  EXPECT_EQ(jo.get<report_options>(), o);
  EXPECT_EQ(nlohmann::json(jo.get<report_options>()), jo);
  const nlohmann::json jf = fraction(0, 0);
  EXPECT_TRUE(jf.at("value").is_null());
  EXPECT_EQ(jf.get<fraction>(), fraction());
  EXPECT_EQ(nlohmann::json(jf.get<fraction>()), jf);
}

TEST(Report, FromJsonRejectsOtherKindsAndBadRows) {
  nlohmann::json j = make_classification_report(intruder());
  nlohmann::json other = j;
  other["kind"] = "voc_eval";
  EXPECT_THROW((void)other.get<classification_report>(), std::invalid_argument);
  other = j;
  other["schema"] = 1;
  EXPECT_THROW((void)other.get<classification_report>(), std::invalid_argument);
  other = j;
  other["per_class"]["intruder"]["index"] = 0;  // two classes with index 0
  EXPECT_THROW((void)other.get<classification_report>(), std::invalid_argument);
  other = j;
  other["per_class"]["intruder"]["support"] = 7;
  EXPECT_THROW((void)other.get<classification_report>(), std::invalid_argument);
  other = j;
  other["options"]["zero_division"] = "warn";
  EXPECT_THROW((void)other.get<classification_report>(), std::invalid_argument);
}

TEST(Report, WarningKindNames) {
  using k = report_warning::kind;
  for (const k w :
       {k::accuracy_hides_poor_recall, k::class_never_predicted, k::class_absent_from_truth, k::no_samples}) {
    EXPECT_EQ(parse_report_warning_kind(to_string(w)), w);
    EXPECT_EQ(fmt::format("{}", w), to_string(w));
  }
  EXPECT_EQ(to_string(k::class_never_predicted), "class_never_predicted");
  EXPECT_THROW((void)parse_report_warning_kind("unknown"), std::invalid_argument);
  EXPECT_EQ(fmt::format("{:>6}", zero_division::one), "   one");
  EXPECT_EQ(nlohmann::json(average::macro), "macro");
  EXPECT_EQ(nlohmann::json("pessimistic").get<top_k_ties>(), top_k_ties::pessimistic);
}

TEST(Report, ConsoleOutputOfTheTool) {
  const auto r = make_classification_report(intruder(), {}, report_info{"edgemetrics-x", {"in.csv"}});
  const std::string text = fmt::format("{}", r);
  EXPECT_EQ(text.rfind("10000 samples, 2 classes (in.csv)\n\n       class  precision", 0), 0u) << text;
  EXPECT_EQ(text.find("| predicted"), std::string::npos);
  const std::string with_matrix = fmt::format("{:m}", r);
  EXPECT_EQ(with_matrix.rfind("10000 samples, 2 classes (in.csv)\n\n      true | predicted\n", 0), 0u) << with_matrix;
  EXPECT_NE(with_matrix.find("  intruder |        176         24\n\n       class  precision"), std::string::npos)
      << with_matrix;
  EXPECT_EQ(fmt::format("{}", make_report(intruder())).rfind("10000 samples, 2 classes\n\n", 0), 0u);
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
