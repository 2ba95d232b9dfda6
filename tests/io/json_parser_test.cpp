// The JSON parser under every reader (src/io/json_input.*, internal) against nlohmann-json 3.11,
// whose grammar and values it follows: on random documents (valid ones, mutations of them, token
// soup) both accept the same documents and report the same events with the same values, bit for
// bit (integers as int64/uint64 where they fit, doubles correctly rounded), and a document one
// rejects the other rejects too (the error's wording and line come from nlohmann).
#include "json_input.hpp"

#include <edgemetrics/error.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

// Events as text, numbers with their kind and exact bits.
std::string num_event(const char* kind, double v) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  return std::string(kind) + std::to_string(bits);
}

class recorder final : public edgemetrics::detail::json_sax_reader {
 public:
  recorder() : json_sax_reader("r.json") {}
  std::vector<std::string> events;

 private:
  void on_value(const edgemetrics::detail::json_scalar& v) override {
    using t = edgemetrics::detail::json_scalar::type;
    switch (v.kind) {
      case t::null:
        events.push_back("null");
        break;
      case t::boolean:
        events.push_back(v.boolean ? "true" : "false");
        break;
      case t::integer:
        events.push_back("i" + std::to_string(v.integer));
        break;
      case t::unsigned_integer:
        events.push_back("u" + std::to_string(v.unsigned_integer));
        break;
      case t::floating:
        events.push_back(num_event("f", v.floating));
        break;
      case t::string:
        events.push_back("s" + *v.text);
        break;
    }
  }
  void on_start(bool object) override { events.push_back(object ? "{" : "["); }
  void on_key(std::string& k) override { events.push_back("k" + k); }
  void on_end(bool object) override { events.push_back(object ? "}" : "]"); }
};

struct reference_recorder {
  std::vector<std::string> events;
  int depth = 0, max_depth = 0;
  bool null() { return events.push_back("null"), true; }
  bool boolean(bool v) { return events.push_back(v ? "true" : "false"), true; }
  bool number_integer(std::int64_t v) { return events.push_back("i" + std::to_string(v)), true; }
  bool number_unsigned(std::uint64_t v) { return events.push_back("u" + std::to_string(v)), true; }
  bool number_float(double v, const std::string&) { return events.push_back(num_event("f", v)), true; }
  bool string(std::string& v) { return events.push_back("s" + v), true; }
  bool binary(nlohmann::json::binary_t&) { return true; }
  bool start_object(std::size_t) { return enter(), events.push_back("{"), true; }
  bool key(std::string& k) { return events.push_back("k" + k), true; }
  bool end_object() { return --depth, events.push_back("}"), true; }
  bool start_array(std::size_t) { return enter(), events.push_back("["), true; }
  bool end_array() { return --depth, events.push_back("]"), true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception&) { return false; }
  void enter() { max_depth = std::max(max_depth, ++depth); }
};

std::string random_number(std::mt19937_64& rng) {
  std::string s;
  if (rng() % 3 == 0) s += '-';
  const int int_digits = 1 + static_cast<int>(rng() % 25);
  s += static_cast<char>('0' + (int_digits == 1 ? rng() % 10 : 1 + rng() % 9));
  for (int i = 1; i < int_digits; ++i) s += static_cast<char>('0' + rng() % 10);
  if (rng() % 2) {
    s += '.';
    for (int i = 0, n = 1 + static_cast<int>(rng() % 25); i < n; ++i) s += static_cast<char>('0' + rng() % 10);
  }
  if (rng() % 3 == 0) {
    s += "eE"[rng() % 2];
    if (rng() % 2) s += "+-"[rng() % 2];
    s += std::to_string(rng() % 400);
  }
  return s;
}

std::string random_value(std::mt19937_64& rng, int depth) {
  switch (rng() % (depth > 6 ? 5 : 7)) {
    case 0:
      return random_number(rng);
    case 1:
      return "\"" + std::string("a\\u00e9\\ud83d\\ude00\xC3\xA9\\n\\\"/\\\\").substr(0, rng() % 32) + "\"";
    case 2:
      return "null";
    case 3:
      return rng() % 2 ? "true" : "false";
    case 4:
      return std::to_string(static_cast<std::int64_t>(rng()));
    case 5: {
      std::string s = "[";
      for (int i = 0, n = static_cast<int>(rng() % 4); i < n; ++i) s += (i ? ", " : " ") + random_value(rng, depth + 1);
      return s + "]";
    }
    default: {
      std::string s = "{";
      for (int i = 0, n = static_cast<int>(rng() % 4); i < n; ++i) {
        s += (i ? ",\n\"k" : "\"k") + std::to_string(rng() % 5) + "\": " + random_value(rng, depth + 1);
      }
      return s + "}";
    }
  }
}

std::string mutate(std::string s, std::mt19937_64& rng) {
  static const std::string alphabet =
      std::string("[]{},:\"\\/ \t\n\r0123456789.-+eEtrufalsn") + '\0' + "\x01\x7f\xc3\xa9\xff\xed\xa0\x80\xf4\x90";
  static const char* const tokens[] = {"\\u", "\\ud800", "\\udc00",       "1e400", "-0", "NaN", "Infinity",
                                       "//",  "/*",      "\xEF\xBB\xBF",  "00",    "1.", ".1",  "-",
                                       "tru", "nul",     "\\uD83D\\uDE00"};
  for (int k = 0, edits = 1 + static_cast<int>(rng() % 3); k < edits; ++k) {
    const std::size_t pos = rng() % (s.size() + 1);
    switch (rng() % 4) {
      case 0:
        if (pos < s.size()) s.erase(pos, 1 + rng() % 2);
        break;
      case 1:
        s.insert(pos, 1, alphabet[rng() % alphabet.size()]);
        break;
      case 2:
        if (pos < s.size()) s[pos] = alphabet[rng() % alphabet.size()];
        break;
      default:
        s.insert(pos, tokens[rng() % (sizeof tokens / sizeof tokens[0])]);
    }
  }
  return s;
}

void compare(const std::string& doc, int& accepted, int& rejected) {
  reference_recorder ref;
  const bool ref_ok = nlohmann::json::sax_parse(doc, &ref);
  recorder mine;
  std::string error;
  try {
    edgemetrics::detail::parse_json_text(doc, mine);
  } catch (const edgemetrics::parse_error& e) {
    error = e.what();
  }
  if (doc.find('\0') != std::string::npos && error.find("a NUL byte") != std::string::npos) {
    ++rejected;  // nlohmann stops at a NUL byte as if the input ended there; we refuse it
    return;
  }
  if (ref_ok && ref.max_depth > edgemetrics::detail::max_json_depth) {
    EXPECT_NE(error.find("nested deeper than"), std::string::npos) << doc;
    return;
  }
  if (ref_ok) {
    ++accepted;
    ASSERT_EQ(error, "") << doc;
    ASSERT_EQ(mine.events, ref.events) << doc;
  } else {
    ++rejected;
    // nlohmann words the error; a bare "malformed JSON" would mean it accepted what we refused
    ASSERT_TRUE(error.find("malformed JSON: parse error") != std::string::npos ||
                error.find("invalid JSON: number overflow") != std::string::npos ||
                error.find("nested deeper than") != std::string::npos)
        << error << "\non: " << doc;
  }
}

}  // namespace

TEST(JsonParser, SameDocumentsAndValuesAsNlohmann) {
  std::mt19937_64 rng(2026);
  int accepted = 0, rejected = 0;
  for (int i = 0; i < 6000; ++i) {
    const std::string valid = random_value(rng, 0);
    compare(valid, accepted, rejected);
    compare(mutate(valid, rng), accepted, rejected);
  }
  EXPECT_GT(accepted, 5000);  // the valid ones (but numbers beyond the double's range) and some mutations
  EXPECT_GT(rejected, 2000);
}

TEST(JsonParser, EdgeCases) {
  int a = 0, r = 0;
  for (const char* doc : {"",
                          " ",
                          "\xEF\xBB\xBF",
                          "\xEF\xBB\xBF[]",
                          "\xEF\xBB[]",
                          "[] ",
                          " [1] \n",
                          "[1] [2]",
                          "[1,]",
                          "[,1]",
                          "{\"a\" 1}",
                          "{\"a\":}",
                          "{,}",
                          "{\"a\":1,}",
                          "[\"\\u0000\"]",
                          "[\"\\uDBFF\\uDFFF\"]",
                          "[\"\\uD800\\u0041\"]",
                          "[\"\xF4\x8F\xBF\xBF\"]",
                          "[\"\xF4\x90\x80\x80\"]",
                          "[\"\xE0\x9F\xBF\"]",
                          "[\"\xED\x9F\xBF\"]",
                          "[1e-400]",
                          "[-1e-400]",
                          "[-0.0]",
                          "[-0]",
                          "[1E+2]",
                          "[18446744073709551615]",
                          "[18446744073709551616]",
                          "[-9223372036854775808]",
                          "[-9223372036854775809]",
                          "[0.1e1]",
                          "[2.2250738585072011e-308]",
                          "[9007199254740993]",
                          "[9007199254740993.0]",
                          "[123456789012345678901234567890]",
                          "[1.5e308]",
                          "[1e309]",
                          "[tru]",
                          "[true false]",
                          "[nulll]",
                          "\"a\"",
                          "12",
                          "-",
                          "[\"a\nb\"]",
                          "[\"\\\"\"]"}) {
    compare(doc, a, r);
  }
  EXPECT_GT(a, 10);
  EXPECT_GT(r, 10);
}
