#include <edgemetrics/io.hpp>
#include <edgemetrics/io/class_list.hpp>
#include <edgemetrics/io/label_csv.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace edgemetrics;

namespace {
std::string error_of(const std::string& text, const label_csv_options& o = {}) {
  try {
    (void)parse_label_csv(text, "labels.csv", o);
  } catch (const parse_error& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST(LabelCsv, NamesWithHeaderAreSortedLikeNumpyUnique) {
  const auto p = parse_label_csv("truth,prediction\ndog,cat\ncat,cat\n\n# comment\nbird,dog\n", "x.csv");
  ASSERT_EQ(p.class_names, (std::vector<std::string>{"bird", "cat", "dog"}));
  EXPECT_EQ(p.truth, (std::vector<std::uint32_t>{2, 1, 0}));
  EXPECT_EQ(p.prediction, (std::vector<std::uint32_t>{1, 1, 2}));
  EXPECT_EQ(p.skipped_lines, 2u);
}

TEST(LabelCsv, IntegersKeepTheirMeaning) {
  const auto p = parse_label_csv("0,3\r\n2,2\r\n", "x.csv");
  EXPECT_EQ(p.class_names.size(), 4u);
  EXPECT_EQ(p.truth, (std::vector<std::uint32_t>{0, 2}));
  EXPECT_EQ(p.prediction, (std::vector<std::uint32_t>{3, 2}));
}

TEST(LabelCsv, HeaderColumnsInAnyOrderAndQuotedFields) {
  const auto p = parse_label_csv("id,prediction,truth\n1,\"a, b\",c\n2, c , \"a, b\"\n", "x.csv");
  EXPECT_EQ(p.class_names, (std::vector<std::string>{"a, b", "c"}));
  EXPECT_EQ(p.truth, (std::vector<std::uint32_t>{1, 0}));
  EXPECT_EQ(p.prediction, (std::vector<std::uint32_t>{0, 1}));
}

TEST(LabelCsv, FixedClassList) {
  label_csv_options o;
  o.classes = {"no", "yes"};
  const auto p = parse_label_csv("yes,no\n", "x.csv", o);
  EXPECT_EQ(p.truth[0], 1u);
  EXPECT_EQ(error_of("yes,maybe\n", o),
            "labels.csv:1: prediction: unknown class 'maybe' (not in the class list of 2 classes)");
}

TEST(LabelCsv, ErrorsNameFileLineAndField) {
  // Every row has as many fields as the first (RFC 4180): a short row is an error naming both counts.
  EXPECT_EQ(error_of("truth,prediction\ncat,dog\ncat\n"),
            "labels.csv:3: the row has 1 field, the first row (line 1) has 2 (quote a field that holds the delimiter)");
  EXPECT_EQ(error_of("cat\ndog\n"),
            "labels.csv:1: prediction: missing field (the line has 1 field, expected at least 2)");
  EXPECT_EQ(error_of("cat,\n"), "labels.csv:1: prediction: empty label");
  EXPECT_EQ(error_of(",dog\n"), "labels.csv:1: truth: empty label");
  EXPECT_EQ(error_of("\"cat,dog\n"),
            "labels.csv:1: unclosed double quote (the field opened on line 1 runs to the end of the input)");
  EXPECT_EQ(error_of(""), "labels.csv: no data rows");
  EXPECT_EQ(error_of("truth,prediction\n"), "labels.csv: no data rows");
  EXPECT_EQ(error_of("1,70000\n"),
            "labels.csv: integer label 70000 would make 70001 classes; at most 10000 are inferred from the data (pass "
            "a class list to allow more)");
  EXPECT_EQ(error_of("truth,label\n0,1\n"),
            "labels.csv:1: prediction: the header names 'truth' but has no 'prediction' column");
  EXPECT_EQ(
      error_of("y_true,y_pred\n0,0\n1,1\n1,0\n"),
      "labels.csv:1: looks like a header ('y_true', 'y_pred') but names no 'truth' and 'prediction' columns: name "
      "them (--truth-column, --prediction-column) or remove the line");
  label_csv_options same;
  same.prediction_column = "truth";
  EXPECT_THROW((void)parse_label_csv("truth\n1\n", "x.csv", same), std::invalid_argument);
  EXPECT_EQ(error_of("-1,2\n"), "no error");  // "-1" is a class name then, not an index
  try {
    (void)read_label_csv("/nonexistent/labels.csv");
    FAIL();
  } catch (const parse_error& e) {
    EXPECT_EQ(e.file(), "/nonexistent/labels.csv");
    EXPECT_EQ(e.line(), 0u);
  }
}

// Property: any mutation of a valid file either parses or throws parse_error.
TEST(LabelCsv, RandomMutationsNeverCrash) {
  const std::string valid = "truth,prediction\ncat,dog\n\"a,b\",cat\n3,4\n# c\ndog,dog\n";
  const std::string alphabet = ",\"\n\r #ab01-\t";
  std::mt19937 rng(1234);
  int parsed = 0, rejected = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s = valid;
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = s.empty() ? 0 : rng() % s.size();
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          if (!s.empty()) s[pos] = c;
          break;
        case 1:
          s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), c);
          break;
        default:
          if (!s.empty()) s.erase(pos, 1 + rng() % 4);
      }
    }
    try {
      const auto p = parse_label_csv(s, "fuzz.csv");
      ASSERT_EQ(p.truth.size(), p.prediction.size());
      for (auto v : p.truth) ASSERT_LT(v, p.class_names.size());
      for (auto v : p.prediction) ASSERT_LT(v, p.class_names.size());
      ++parsed;
    } catch (const parse_error&) {
      ++rejected;
    }
  }
  EXPECT_GT(parsed, 0);
  EXPECT_GT(rejected, 0);
}

TEST(ClassList, ParsesAndRejectsDuplicates) {
  EXPECT_EQ(parse_class_list("# VOC subset\ncat\n\n  dog \r\n", "c.txt"), (std::vector<std::string>{"cat", "dog"}));
  try {
    (void)parse_class_list("cat\ndog\ncat\n", "c.txt");
    FAIL();
  } catch (const parse_error& e) {
    EXPECT_STREQ(e.what(), "c.txt:3: class: duplicate class name 'cat' (first on line 1)");
  }
  EXPECT_THROW((void)parse_class_list("\n# nothing\n", "c.txt"), parse_error);
  EXPECT_THROW((void)read_class_list("/nonexistent/classes.txt"), parse_error);
}
