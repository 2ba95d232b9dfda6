// JSON and {fmt} support of voc_result.
#include <edgemetrics/fmt/detection.hpp>
#include <edgemetrics/json/detection.hpp>

#include <gtest/gtest.h>

#include <string>

namespace em = edgemetrics;

namespace {

em::voc_result sample() {
  em::voc_evaluator ev({"dog", "cat"});
  ev.update({{0, 0.9, {1, 1, 50, 50}}, {1, 0.8, {1, 1, 50, 50}}}, {{0, {1, 1, 50, 50}, false}});
  return ev.compute();
}

TEST(VocFormat, JsonHasResultsAndNullForNan) {
  const auto r = sample();
  const nlohmann::json j = r;
  // A voc_result is not a report: no "schema" of its own (voc_report writes the envelope).
  EXPECT_FALSE(j.contains("schema"));
  EXPECT_EQ(j.at("iou"), 0.5);
  EXPECT_EQ(j.at("results").at("voc07").at("per_class").at("dog"), r.classes[0].ap_voc07);
  EXPECT_EQ(j.at("results").at("voc10").at("per_class").at("dog"), 1.0);
  EXPECT_EQ(j.at("results").at("voc07").at("per_class").at("cat"), 0.0);
  EXPECT_EQ(j.at("classes").at("cat").at("fp"), 1);
  const std::string text = j.dump();
  EXPECT_NE(text.find("\"cat\":null"), std::string::npos) << text;  // all-point NaN
  EXPECT_NE(text.find("\"mAP\":null"), std::string::npos) << text;
  EXPECT_EQ(j.at("options").at("iou_comparison"), "greater_equal");  // enum names (issue #8)
}

TEST(VocFormat, TableHasEveryClassAndTheMeanRow) {
  const auto r = sample();
  const std::string both = fmt::format("{}", r);
  EXPECT_NE(both.find("AP voc07"), std::string::npos);
  EXPECT_NE(both.find("AP voc10"), std::string::npos);
  EXPECT_NE(both.find("dog"), std::string::npos);
  EXPECT_NE(both.find("nan"), std::string::npos);
  EXPECT_EQ(both.find("-nan"), std::string::npos);
  const std::string only07 = fmt::format("{:voc07}", r);
  EXPECT_EQ(only07.find("AP voc10"), std::string::npos);
  EXPECT_NE(only07.find("mAP"), std::string::npos);
}

}  // namespace
