// The drivers' shared CLI layer (examples/common/cli.hpp): the numeric option validators
// (issue #10, defect 10) through a real CLI11 parse, as the drivers attach them (->transform).
#include <cli.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace cli = edgemetrics::cli;

namespace {

// Parses "--x <text>" into a T with validator v; returns the CLI11 error text ("" on success).
template <class T>
std::string parse(const CLI::Validator& v, const std::string& text, T& out) {
  CLI::App app("test", "test");
  app.add_option("--x", out)->transform(v);
  std::vector<std::string> args{text, "--x"};  // CLI11 parses a reversed vector
  try {
    app.parse(args);
    return {};
  } catch (const CLI::ParseError& e) {
    return e.what();
  }
}

template <class T>
bool accepted(const CLI::Validator& v, const std::string& text) {
  T out{};
  return parse(v, text, out).empty();
}

}  // namespace

TEST(CliValidators, FloatRangesRejectNanInfinityJunkAndOutOfRange) {
  const CLI::Validator pct = cli::finite_range(0.0, 100.0);
  for (const char* bad : {"nan", "NaN", "-nan", "inf", "-inf", "infinity", "1e400", "-1",  "100.0001", "101",
                          "",    "5x",  "0x10", "+5",  " 5",   "5 ",       "1,5",   "--5", "5e",       "."}) {
    EXPECT_FALSE(accepted<double>(pct, bad)) << bad;
  }
  for (const char* good : {"0", "-0", "100", "99.9", "1e-100", "5e-324", "1e-400", "0.0", "1E2", "99.99999999999999"}) {
    EXPECT_TRUE(accepted<double>(pct, good)) << good;
  }
  const CLI::Validator positive = cli::finite_positive();
  for (const char* bad : {"0", "-0", "-1e-300", "nan", "inf", "1e400", "1e-400"}) {
    EXPECT_FALSE(accepted<double>(positive, bad)) << bad;
  }
  EXPECT_TRUE(accepted<double>(positive, "1e-300"));
  const CLI::Validator non_negative = cli::finite_non_negative();
  EXPECT_FALSE(accepted<double>(non_negative, "-1e-300"));
  EXPECT_FALSE(accepted<double>(non_negative, "nan"));
  EXPECT_TRUE(accepted<double>(non_negative, "0"));
  const CLI::Validator iou = cli::finite_range_open_low(0.0, 1.0);
  EXPECT_FALSE(accepted<double>(iou, "0"));
  EXPECT_FALSE(accepted<double>(iou, "1.5"));
  EXPECT_FALSE(accepted<double>(iou, "nan"));
  EXPECT_TRUE(accepted<double>(iou, "1"));
  EXPECT_TRUE(accepted<double>(iou, "5e-324"));
}

TEST(CliValidators, FloatValuesAreTheCorrectlyRoundedDouble) {
  // CLI11 alone reads this decimal with strtold + a cast, which rounds twice on x86-64 and gives
  // 99.900000000000034; the validator's exact rewrite gives the nearest double.
  double x = 0;
  ASSERT_EQ(parse(cli::finite_range(0.0, 100.0), "99.90000000000002700061040635665099429730", x), "");
  EXPECT_EQ(x, 99.90000000000002);
  for (const double v : {99.9, 0.1, 1e-100, 5e-324, 100.0, 12.345678901234567}) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    ASSERT_EQ(parse(cli::finite_range(0.0, 100.0), buf, x), "") << buf;
    EXPECT_EQ(x, v) << buf;
  }
  ASSERT_EQ(parse(cli::finite_range(0.0, 100.0), "1e-400", x), "");  // underflow: 0, as strtod
  EXPECT_EQ(x, 0.0);
  std::vector<double> list;
  CLI::App app("test", "test");
  app.add_option("--p", list)->delimiter(',')->transform(cli::finite_range(0.0, 100.0));
  std::vector<std::string> args{"50,99.9,1e-100", "--p"};
  app.parse(args);
  EXPECT_EQ(list, (std::vector<double>{50, 99.9, 1e-100}));
}

TEST(CliValidators, IntegersRejectSignsJunkAndOutOfRange) {
  const CLI::Validator any = cli::integer_range(0, std::numeric_limits<std::uint64_t>::max());
  // "-5" would wrap to 2^64 - 5 in CLI11; "+3", blanks, decimals, exponents, hex, junk: rejected.
  for (const char* bad : {"-5", "-0", "+3", " 3", "3 ", "3.0", "1e3", "0x10", "3x", "", "nan", "inf",
                          "18446744073709551616", "99999999999999999999999"}) {
    EXPECT_FALSE(accepted<std::uint64_t>(any, bad)) << bad;
  }
  std::uint64_t u = 0;
  ASSERT_EQ(parse(any, "18446744073709551615", u), "");
  EXPECT_EQ(u, std::numeric_limits<std::uint64_t>::max());
  ASSERT_EQ(parse(any, "010", u), "");  // decimal 10, not CLI11's octal 8
  EXPECT_EQ(u, 10u);
  std::size_t z = 0;
  const CLI::Validator batch = cli::integer_range(1, std::uint64_t{1} << 40);
  EXPECT_FALSE(accepted<std::size_t>(batch, "0"));
  EXPECT_FALSE(accepted<std::size_t>(batch, "1099511627777"));
  ASSERT_EQ(parse(batch, "1099511627776", z), "");
  EXPECT_EQ(z, std::size_t{1} << 40);
  // The message names the range.
  EXPECT_NE(parse(batch, "0", z).find("not in range [1, 1099511627776]"), std::string::npos) << parse(batch, "0", z);
  EXPECT_NE(parse(any, "-5", u).find("not a non-negative integer"), std::string::npos);
}

TEST(CliValidators, HelpNamesTheRange) {
  EXPECT_EQ(cli::finite_range(0.0, 100.0).get_description(), "FLOAT in [0, 100]");
  EXPECT_EQ(cli::finite_range_open_low(0.0, 1.0).get_description(), "FLOAT in (0, 1]");
  EXPECT_EQ(cli::finite_positive().get_description(), "FLOAT > 0");
  EXPECT_EQ(cli::integer_range(0, std::numeric_limits<std::uint64_t>::max()).get_description(), "INT >= 0");
  EXPECT_EQ(cli::integer_range(0, 1000000).get_description(), "INT in [0, 1000000]");
}
