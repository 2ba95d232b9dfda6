// The shared input layer, seen through the public readers of every area.
#include <edgemetrics/classification.hpp>
#include <edgemetrics/detail/parse.hpp>
#include <edgemetrics/detection.hpp>
#include <edgemetrics/io.hpp>
#include <edgemetrics/timing.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

using namespace edgemetrics;

namespace {

std::string temp_file(const std::string& name, const std::string& contents) {
  const std::string path = ::testing::TempDir() + "edgemetrics_io_" + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

template <class F>
parse_error error_of(F&& f) {
  try {
    f();
  } catch (const parse_error& e) {
    return e;
  }
  ADD_FAILURE() << "no parse_error";
  return parse_error("", 0, "", "");
}

}  // namespace

TEST(InputFiles, MissingFileNamesTheSystemReason) {
  const auto e = error_of([] { (void)read_class_list("/nonexistent/dir/classes.txt"); });
  EXPECT_EQ(e.file(), "/nonexistent/dir/classes.txt");
  EXPECT_STREQ(e.what(), "/nonexistent/dir/classes.txt: cannot open file: No such file or directory");
}

TEST(InputFiles, DirectoryIsAClearError) {
  const std::string dir = ::testing::TempDir();
  const auto e = error_of([&] { (void)read_label_csv(dir); });
  EXPECT_NE(std::string(e.what()).find("is a directory, not a file"), std::string::npos) << e.what();
}

TEST(InputFiles, ReadsWholeFilesOfAnySize) {
  std::string big = "truth,prediction\n";
  for (int i = 0; i < 100000; ++i) big += (i % 3 == 0 ? "cat,dog\n" : "dog,dog\n");
  const auto pairs = read_label_csv(temp_file("big.csv", big));
  EXPECT_EQ(pairs.truth.size(), 100000u);
}

TEST(JsonInputs, NumberOverflowNamesFileAndLine) {
  const auto path = temp_file("overflow.json", "[\n1.5,\n1e400\n]\n");
  const auto e = error_of([&] { (void)read_latency_json(path); });
  EXPECT_EQ(e.line(), 3u);
  EXPECT_NE(std::string(e.what()).find("number overflow parsing '1e400'"), std::string::npos) << e.what();
}

TEST(JsonInputs, SyntaxErrorNamesLine) {
  const auto path = temp_file("syntax.json", "[\n1.5,\n]\n");
  const auto e = error_of([&] { (void)read_latency_json(path); });
  EXPECT_EQ(e.line(), 3u);
  EXPECT_NE(std::string(e.what()).find("malformed JSON"), std::string::npos) << e.what();
}

TEST(LabelCsvInput, NulByteInALabelIsAnError) {
  const auto e = error_of([] { (void)parse_label_csv(std::string("truth,prediction\ncat,d\0g\n", 24), "n.csv"); });
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.field(), "prediction");
}

TEST(LatencyInputs, ValuesNearTheDoubleLimitAreRejectedNotSummedToNaN) {
  const auto path = temp_file("huge.csv", "latency_ms\n1\n1e308\n");
  const auto e = error_of([&] { (void)read_latency_csv(path); });
  EXPECT_EQ(e.line(), 3u);
  EXPECT_NE(std::string(e.what()).find("<= 1e15 ms"), std::string::npos) << e.what();
  EXPECT_THROW((void)summarize(std::vector<double>{1.0, 1e300}), std::invalid_argument);
  EXPECT_TRUE(is_valid_latency_ms(max_latency_ms));
  EXPECT_FALSE(is_valid_latency_ms(std::nan("")));
}

TEST(JsonInputs, DeepNestingIsAnErrorNotACrash) {
  const auto path = temp_file("deep.json", std::string(200000, '[') + std::string(200000, ']'));
  const auto e = error_of([&] { (void)read_latency_json(path); });
  EXPECT_NE(std::string(e.what()).find("nested deeper than 64 levels"), std::string::npos) << e.what();
  const auto path2 = temp_file("deep2.json", "[1, " + std::string(50, '[') + std::string(50, ']') + "]");
  const auto e2 = error_of([&] { (void)read_latency_json(path2); });
  EXPECT_NE(std::string(e2.what()).find("expected a number, got an array"), std::string::npos) << e2.what();
}

TEST(NumberParsing, OneSignAtMost) {
  double d = 0;
  EXPECT_TRUE(detail::parse_number("+2.5", d));
  EXPECT_EQ(d, 2.5);
  EXPECT_TRUE(detail::parse_number("-2.5", d));
  EXPECT_FALSE(detail::parse_number("+-2.5", d));
  EXPECT_FALSE(detail::parse_number("++2.5", d));
  EXPECT_FALSE(detail::parse_number("--2.5", d));
  int i = 0;
  EXPECT_FALSE(detail::parse_number("+-3", i));
  EXPECT_FALSE(detail::parse_number("", i));
  EXPECT_FALSE(detail::parse_number("+", i));
}
