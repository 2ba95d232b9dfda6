// The shared foundations: the enum-name mechanism, the JSON envelope and the version string.
#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/json/common.hpp>
#include <edgemetrics/report_info.hpp>
#include <edgemetrics/version.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace test_enums {
enum class colour { red, green };
}  // namespace test_enums

template <>
struct edgemetrics::detail::enum_traits<test_enums::colour> {
  static constexpr std::string_view type_name = "colour";
  static constexpr std::array<enum_name<test_enums::colour>, 2> names{
      {{test_enums::colour::red, "red"}, {test_enums::colour::green, "green"}}};
};

namespace {

using edgemetrics::detail::enum_from_string;
using edgemetrics::detail::enum_to_string;
using test_enums::colour;

TEST(EnumNames, BothWays) {
  static_assert(enum_to_string(colour::green) == "green");
  EXPECT_EQ(enum_from_string<colour>("red"), colour::red);
  EXPECT_EQ(enum_from_string<colour>("green"), colour::green);
  EXPECT_EQ(enum_to_string(static_cast<colour>(7)), "");  // a cast integer: empty, no crash
}

TEST(EnumNames, UnknownNameListsTheValidOnes) {
  try {
    (void)enum_from_string<colour>("Red");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "edgemetrics: unknown colour 'Red' (valid: red, green)");
  }
  // Control characters are not echoed; long names are cut.
  try {
    (void)enum_from_string<colour>(std::string("a\x01") + std::string(100, 'b'));
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find('\x01'), std::string::npos);
    EXPECT_LT(what.size(), 140u);
  }
}

TEST(Version, StringMatchesTheNumbers) {
  const std::string expected = std::to_string(EDGEMETRICS_VERSION_MAJOR) + "." +
                               std::to_string(EDGEMETRICS_VERSION_MINOR) + "." +
                               std::to_string(EDGEMETRICS_VERSION_PATCH);
  EXPECT_EQ(std::string(edgemetrics::version_string), expected);
  EXPECT_EQ(edgemetrics::library_version(), edgemetrics::version);
}

TEST(Envelope, WritesAndReadsBack) {
  const edgemetrics::report_info info{"edgemetrics-test", {"a.csv", "-"}};
  nlohmann::json j = edgemetrics::detail::make_envelope("test_kind", info, {{"x", 1}});
  EXPECT_EQ(j.at("schema"), edgemetrics::report_schema);
  EXPECT_EQ(j.at("kind"), "test_kind");
  EXPECT_EQ(j.at("tool"), "edgemetrics-test");
  EXPECT_EQ(j.at("version"), edgemetrics::version_string);
  EXPECT_EQ(j.at("inputs"), nlohmann::json::array({"a.csv", "-"}));
  EXPECT_EQ(j.at("options").at("x"), 1);
  EXPECT_EQ(edgemetrics::detail::read_envelope(j, "test_kind"), info);

  // A library call (no tool) writes "edgemetrics" and reads back as "".
  const nlohmann::json lib = edgemetrics::detail::make_envelope("test_kind", {}, nlohmann::json::object());
  EXPECT_EQ(lib.at("tool"), "edgemetrics");
  EXPECT_TRUE(edgemetrics::detail::read_envelope(lib, "test_kind").tool.empty());
}

TEST(Envelope, RefusesOtherKindsAndSchemas) {
  nlohmann::json j = edgemetrics::detail::make_envelope("voc_eval", {}, nlohmann::json::object());
  EXPECT_THROW((void)edgemetrics::detail::read_envelope(j, "latency"), std::invalid_argument);
  j["schema"] = 1;
  EXPECT_THROW((void)edgemetrics::detail::read_envelope(j, "voc_eval"), std::invalid_argument);
  j.erase("schema");
  EXPECT_THROW((void)edgemetrics::detail::read_envelope(j, "voc_eval"), std::invalid_argument);
  EXPECT_THROW((void)edgemetrics::detail::read_envelope(nlohmann::json::array(), "voc_eval"), std::invalid_argument);
}

TEST(Envelope, NanIsNullBothWays) {
  EXPECT_TRUE(edgemetrics::detail::number_or_null(std::numeric_limits<double>::quiet_NaN()).is_null());
  EXPECT_EQ(edgemetrics::detail::number_or_null(0.5), 0.5);
  EXPECT_TRUE(std::isnan(edgemetrics::detail::number_or_nan(nlohmann::json(nullptr))));
  EXPECT_EQ(edgemetrics::detail::number_or_nan(nlohmann::json(2.0)), 2.0);
}

}  // namespace
