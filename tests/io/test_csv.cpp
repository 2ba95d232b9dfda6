// The one CSV reader (src/io/csv.hpp): RFC 4180 cases, streaming in chunks of any size, Python
// csv-module round trips and random mutations.
#include <edgemetrics/error.hpp>

#include "csv.hpp"
#include "echo.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using edgemetrics::parse_error;
using edgemetrics::detail::csv_options;
using edgemetrics::detail::csv_reader;

namespace {

using table = std::vector<std::vector<std::string>>;

std::string temp_file(const std::string& name, const std::string& contents) {
  // Named after the test too: ctest runs the tests of one program in parallel processes.
  const std::string path = ::testing::TempDir() + "edgemetrics_csv_" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

table read_all(csv_reader& in) {
  table t;
  while (in.next()) t.emplace_back(in.fields().begin(), in.fields().end());
  return t;
}

table read_text(const std::string& text, csv_options o = {}) {
  csv_reader in(text, "t.csv", o);
  return read_all(in);
}

// The same text through a file read in chunks of `chunk` bytes.
table read_chunked(const std::string& text, std::size_t chunk, csv_options o = {}) {
  o.chunk_bytes = chunk;
  csv_reader in(temp_file("chunked.csv", text), o);
  return read_all(in);
}

std::string error_of(const std::string& text, csv_options o = {}) {
  try {
    (void)read_text(text, o);
  } catch (const parse_error& e) {
    return e.what();
  }
  return "no error";
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string unhex(const std::string& h) {
  if (h == "-") return "";
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
  return out;
}

}  // namespace

TEST(Csv, Rfc4180Basics) {
  const table expect{{"a", "b,c", "d\"e"}, {"1", "", "x\r\ny"}, {"", "", ""}};
  EXPECT_EQ(read_text("a,\"b,c\",\"d\"\"e\"\r\n1,,\"x\r\ny\"\r\n,,\r\n"), expect);
  EXPECT_EQ(read_text("a,\"b,c\",\"d\"\"e\"\n1,,\"x\r\ny\"\n,,"), expect);  // LF, no final line break
  EXPECT_EQ(read_text("\"\"\n"), (table{{""}}));                            // one empty field
  EXPECT_EQ(read_text(""), table{});
  EXPECT_EQ(read_text("\n\n  \r\n"), table{});
  // A quote inside an unquoted field is data (as Python's csv reads it).
  EXPECT_EQ(read_text("5\" screen,x\n"), (table{{"5\" screen", "x"}}));
  // Spaces around unquoted fields are trimmed (the readers' default); around quotes, dropped.
  EXPECT_EQ(read_text(" a , \"b \" ,c\t\n"), (table{{"a", "b ", "c"}}));
  csv_options raw;
  raw.trim_unquoted = false;
  EXPECT_EQ(read_text(" a , \"b \" ,c\t\n", raw), (table{{" a ", "b ", "c\t"}}));
}

TEST(Csv, LineNumbersCountLineBreaksInsideQuotes) {
  csv_reader in(std::string_view("h1,h2\n\"a\nb\nc\",1\n# note\n\nx,2\n"), "t.csv");
  ASSERT_TRUE(in.next());
  EXPECT_EQ(in.line(), 1u);
  ASSERT_TRUE(in.next());
  EXPECT_EQ(in.line(), 2u);
  EXPECT_EQ(in[0], "a\nb\nc");
  ASSERT_TRUE(in.next());
  EXPECT_EQ(in.line(), 7u);
  EXPECT_EQ(in.skipped_lines(), 2u);
  EXPECT_FALSE(in.next());
}

TEST(Csv, DelimiterIsAParameter) {
  csv_options semi;
  semi.delimiter = ';';
  EXPECT_EQ(read_text("a;\"b;c\";d,e\n", semi), (table{{"a", "b;c", "d,e"}}));
  csv_options tab;
  tab.delimiter = '\t';
  EXPECT_EQ(read_text("a\t\tb\n \t\"x\ty\"\t\n", tab), (table{{"a", "", "b"}, {"", "x\ty", ""}}));
}

TEST(Csv, CommentsAndBlankLines) {
  EXPECT_EQ(read_text("# c\n  # indented\na\n\"#quoted\"\n"), (table{{"a"}, {"#quoted"}}));
  csv_options none;
  none.comment = '\0';
  EXPECT_EQ(read_text("#a\n", none), (table{{"#a"}}));
}

TEST(Csv, FieldCountMismatchNamesFileLineAndCounts) {
  EXPECT_EQ(error_of("a,b\n1,2\n1,2,3\n"),
            "t.csv:3: the row has 3 fields, the first row (line 1) has 2 (quote a field that holds the delimiter)");
  EXPECT_EQ(error_of("a,b\n\"resnet,50\",1\nresnet,50,1\n"),
            "t.csv:3: the row has 3 fields, the first row (line 1) has 2 (quote a field that holds the delimiter)");
  EXPECT_EQ(error_of("a\n1,5\n"),
            "t.csv:2: the row has 2 fields, the first row (line 1) has 1 (quote a field that holds the delimiter)");
  EXPECT_EQ(error_of("# c\na,b\n\n1\n"),
            "t.csv:4: the row has 1 field, the first row (line 2) has 2 (quote a field that holds the delimiter)");
  csv_options free;
  free.same_field_count = false;
  EXPECT_EQ(read_text("a,b\n1\n", free), (table{{"a", "b"}, {"1"}}));
}

TEST(Csv, MalformedQuotes) {
  EXPECT_EQ(error_of("a,b\nx,\"open\n\n"),
            "t.csv:2: unclosed double quote (the field opened on line 2 runs to the end of the input)");
  EXPECT_EQ(error_of("\"a\"b,c\n"),
            "t.csv:1: field 1: text after the closing double quote: 'b' (a quote inside a quoted field is written "
            "\"\")");
  EXPECT_EQ(read_text("\"a\"  ,b\n"), (table{{"a", "b"}}));
}

TEST(Csv, ByteOrderMarkOnlyAtTheStart) {
  EXPECT_EQ(read_text("\xEF\xBB\xBF"
                      "a,b\n1,2\n"),
            (table{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(read_text("a,b\n\xEF\xBB\xBF"
                      "1,2\n"),
            (table{{"a", "b"},
                   {"\xEF\xBB\xBF"
                    "1",
                    "2"}}));
  for (std::size_t chunk : {1u, 2u, 3u, 4u, 1000u}) {
    EXPECT_EQ(read_chunked("\xEF\xBB\xBF"
                           "a\n",
                           chunk),
              (table{{"a"}}));
    EXPECT_EQ(read_chunked("\xEF\xBB", chunk), (table{{"\xEF\xBB"}}));  // not a whole mark: data
  }
}

TEST(Csv, RecordLongerThanTheLimitIsAnError) {
  csv_options o;
  o.max_record_bytes = 64;
  o.chunk_bytes = 16;
  const std::string path = temp_file("long.csv", "a\n\"" + std::string(1000, 'x') + "\"\n");
  csv_reader in(path, o);
  ASSERT_TRUE(in.next());
  try {
    (void)in.next();
    FAIL();
  } catch (const parse_error& e) {
    EXPECT_EQ(e.line(), 2u);
    EXPECT_NE(std::string(e.what()).find("a record longer than 64 bytes"), std::string::npos) << e.what();
  }
}

// Python's csv module wrote these (tests/data/io/make_csv_roundtrip.py): every table reads back
// field for field, in memory and streamed in chunks of several sizes.
TEST(Csv, PythonCsvModuleTablesReadBackIdentically) {
  const std::string dir = std::string(EDGEMETRICS_TEST_DATA) + "/io/";
  const std::pair<const char*, char> cases[] = {
      {"comma_crlf", ','}, {"semicolon_lf", ';'}, {"tab_lf", '\t'}, {"one_column", ','}, {"wide", ','}};
  for (const auto& [name, delim] : cases) {
    table expect;
    std::istringstream lines(read_file(dir + name + ".expected"));
    for (std::string line; std::getline(lines, line);) {
      std::istringstream words(line);
      expect.emplace_back();
      for (std::string w; words >> w;) expect.back().push_back(unhex(w));
    }
    ASSERT_EQ(expect.size(), 300u) << name;
    csv_options o;
    o.delimiter = delim;
    o.trim_unquoted = false;
    o.comment = '#';
    const std::string text = read_file(dir + name + ".csv");
    EXPECT_EQ(read_text(text, o), expect) << name;
    for (std::size_t chunk : {1u, 7u, 64u, 4096u}) {
      EXPECT_EQ(read_chunked(text, chunk, o), expect) << name << " chunk " << chunk;
    }
  }
}

// The same property on random tables written here with Python's rules (QUOTE_MINIMAL: quote a
// field holding the delimiter, a quote, CR or LF; a row of one empty field is "").
TEST(Csv, RandomTablesRoundTrip) {
  std::mt19937 rng(77);
  const std::vector<std::string> pieces{"a", "bc", " ", ",", ";", "\"", "\r", "\n", "\r\n", "é", "", "x y", "#"};
  for (int iter = 0; iter < 300; ++iter) {
    const char delim = ",;\t|"[rng() % 4];
    const std::size_t ncols = 1 + rng() % 5;
    const std::string term = rng() % 2 ? "\r\n" : "\n";
    table t;
    std::string text;
    const std::size_t nrows = 1 + rng() % 30;
    while (t.size() < nrows) {
      std::vector<std::string> row;
      for (std::size_t c = 0; c < ncols; ++c) {
        std::string f;
        for (std::size_t k = rng() % 4; k > 0; --k) f += pieces[rng() % pieces.size()];
        row.push_back(f);
      }
      const auto blank_only = [](const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; };
      if (ncols == 1 && !row[0].empty() && blank_only(row[0])) continue;
      if (!row[0].empty() &&
          row[0][row[0].find_first_not_of(" \t") == std::string::npos ? 0 : row[0].find_first_not_of(" \t")] == '#')
        row[0] = "x" + row[0];
      std::string line;
      for (std::size_t c = 0; c < ncols; ++c) {
        const std::string& f = row[c];
        const bool quote =
            f.find_first_of(std::string("\"\r\n") + delim) != std::string::npos || (ncols == 1 && f.empty());
        if (c > 0) line += delim;
        if (!quote) {
          line += f;
          continue;
        }
        line += '"';
        for (char ch : f) line += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        line += '"';
      }
      text += line + term;
      t.push_back(row);
    }
    if (rng() % 3 == 0) text.resize(text.size() - term.size());  // no final line break
    csv_options o;
    o.delimiter = delim;
    o.trim_unquoted = false;
    ASSERT_EQ(read_text(text, o), t) << "iteration " << iter;
    ASSERT_EQ(read_chunked(text, 1 + rng() % 9, o), t) << "iteration " << iter;
  }
}

// Random mutations of valid CSV never crash: a table or a parse_error, and the same either way
// in memory and streamed.
TEST(Csv, RandomMutationsNeverCrash) {
  const std::string valid = "id,\"name, full\",value\r\n1,\"a\"\"b\",2.5\n2,\"multi\nline\",3\n# c\n\n3,x,\n";
  const std::string alphabet = ",\"\n\r #ab01-\t;\xEF\xBB\xBF";
  std::mt19937 rng(4321);
  int ok = 0, rejected = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s = valid;
    for (int e = 1 + static_cast<int>(rng() % 6); e > 0; --e) {
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
    std::string mem, streamed;
    table a, b;
    try {
      a = read_text(s);
    } catch (const parse_error& e) {
      mem = e.what();
    }
    try {
      b = read_chunked(s, 1 + rng() % 5);
    } catch (const parse_error& e) {
      streamed = e.what();
    }
    mem.empty() ? ++ok : ++rejected;
    ASSERT_EQ(mem.empty(), streamed.empty()) << mem << " | " << streamed;
    ASSERT_EQ(a, b);
  }
  EXPECT_GT(ok, 0);
  EXPECT_GT(rejected, 0);
}

TEST(Echo, EscapesInvisibleBytesAndCapsLength) {
  using edgemetrics::detail::echo;
  EXPECT_EQ(echo("cat"), "'cat'");
  EXPECT_EQ(echo("\xEF\xBB\xBF"
                 "cat"),
            "'\\xef\\xbb\\xbfcat'");
  EXPECT_EQ(echo(std::string("a\0b\r\n\x7f", 6)), "'a\\x00b\\x0d\\x0a\\x7f'");
  EXPECT_EQ(echo("caf\xC3\xA9 \xE6\x97\xA5"), "'caf\xC3\xA9 \xE6\x97\xA5'");  // visible UTF-8 as is
  EXPECT_EQ(echo("\xE2\x80\x8B"), "'\\xe2\\x80\\x8b'");                       // zero-width space
  EXPECT_EQ(echo("\xC3"), "'\\xc3'");                                         // cut sequence
  EXPECT_EQ(echo("it's \\"), "'it\\'s \\\\'");
  const std::string big(100000, 'x');
  EXPECT_EQ(echo(big), "'" + std::string(200, 'x') + "... (100000 bytes)'");
  // Never cut inside a character.
  std::string accents;
  for (int i = 0; i < 150; ++i) accents += "\xC3\xA9";
  EXPECT_EQ(edgemetrics::detail::echo_unquoted(accents).substr(0, 200), accents.substr(0, 200));
  EXPECT_EQ(edgemetrics::detail::echo_unquoted(accents), accents.substr(0, 200) + "... (300 bytes)");
}
