// JSON readers (issue #10, defects 6 and 9): one linear pass, errors naming the file and the line
// (syntax) or the element and field(s) (values), the same numbers as before, streamed large files,
// and fuzz-style mutations that never crash (run under ASan+UBSan in CI).
#include <edgemetrics/detection.hpp>
#include <edgemetrics/io.hpp>
#include <edgemetrics/timing.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

std::string temp_file(const std::string& name, const std::string& contents) {
  const std::string path = ::testing::TempDir() + "edgemetrics_json_" + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const em::parse_error& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("other exception: ") + e.what();
  }
  return "no error";
}

em::voc_dataset make_data() {
  em::voc_dataset d;
  d.class_names = {"dog", "cat"};
  d.detections.resize(2);
  d.image_ids = {"000001", "000002"};
  return d;
}

std::string detections_error(const std::string& text) {
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  return error_of([&] { em::parse_detections_json(text, "d.json", idx, em::unknown_image_policy::error, d); });
}

const std::string det = R"({"image_id": "000001", "category": "dog", "score": 0.5, "bbox": [1, 2, 3, 4]})";

std::string entry(double start, const std::string& extra = "") {
  auto n = [](double v) { return std::to_string(v); };
  return "{\"startEnqMs\": " + n(start) + ", \"endEnqMs\": " + n(start + 0.25) +
         ", \"startH2dMs\": " + n(start + 0.25) + ", \"endH2dMs\": " + n(start + 0.5) +
         ", \"startComputeMs\": " + n(start + 0.5) + ", \"endComputeMs\": " + n(start + 1.5) +
         ", \"startD2hMs\": " + n(start + 1.5) + ", \"endD2hMs\": " + n(start + 2) +
         ", \"h2dMs\": 0.25, \"computeMs\": 1, \"d2hMs\": 0.5, \"latencyMs\": 1.75" + extra + "}";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// detections

TEST(JsonDetections, SyntaxErrorsNameTheLine) {
  EXPECT_EQ(detections_error("[\n" + det + ",\n]"),
            "d.json:3: malformed JSON: parse error at line 3, column 1: syntax error while parsing value - unexpected "
            "']'; expected '[', '{', or a literal");
  EXPECT_EQ(detections_error("[\n" + det + "\n").rfind("d.json:3: malformed JSON", 0), 0u);
  EXPECT_EQ(detections_error("[" + det + "] x").rfind("d.json:1: malformed JSON", 0), 0u);  // after the value
  EXPECT_EQ(detections_error("").rfind("d.json:1: malformed JSON", 0), 0u);
  EXPECT_EQ(detections_error("[\n" + det + "\n// c\n]").rfind("d.json:3: malformed JSON", 0), 0u);  // no comments
}

TEST(JsonDetections, NanInfinityAndOtherNonJsonTokensAreSyntaxErrors) {
  for (const char* tok :
       {"NaN", "nan", "Infinity", "-Infinity", "inf", "+1", ".5", "1.", "01", "1e", "0x10", "'0.5'", "1_0", "True"}) {
    const std::string text = "[\n{\"image_id\": \"000001\", \"category\": \"dog\",\n\"score\": " + std::string(tok) +
                             ", \"bbox\": [1, 2, 3, 4]}]";
    EXPECT_EQ(detections_error(text).rfind("d.json:3: malformed JSON", 0), 0u) << tok << ": " << detections_error(text);
  }
}

TEST(JsonDetections, HugeNumbersAreErrorsTinyOnesUnderflow) {
  const std::string e = detections_error("[\n{\"image_id\": \"000001\", \"category\": \"dog\",\n\"score\": 1e400}]");
  EXPECT_EQ(e, "d.json:3: invalid JSON: number overflow parsing '1e400'");
  EXPECT_EQ(detections_error(R"([{"image_id": "000001", "category": "dog", "score": 0.5, "bbox": [1, 2, 3, -1e309]}])"),
            "d.json:1: invalid JSON: number overflow parsing '-1e309'");
  // 1e-400 is 0 (as strtod and Python's json give); a 300-digit integer is a double
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  em::parse_detections_json(R"([{"image_id": "000001", "category": "dog", "score": 1e-400, "bbox": [1, 2, 3, )" +
                                std::string(300, '9') + "]}]",
                            "d.json", idx, em::unknown_image_policy::error, d);
  ASSERT_EQ(d.detections[0].score.size(), 1u);
  EXPECT_EQ(d.detections[0].score[0], 0.0);
  EXPECT_EQ(d.detections[0].box[0].y2, std::stod(std::string(300, '9')));
}

TEST(JsonDetections, NumbersAreTheSameDoublesAsBefore) {
  // integers, exact decimals, exponents, beyond 2^53, negative zero, subnormals: nlohmann's values
  const std::vector<std::string> numbers = {"0",
                                            "-0",
                                            "1",
                                            "-1",
                                            "0.1",
                                            "0.3",
                                            "1e3",
                                            "1E-3",
                                            "2.5e+2",
                                            "123456789012345678",
                                            "9007199254740993",
                                            "18446744073709551615",
                                            "18446744073709551616",
                                            "-9223372036854775808",
                                            "-9223372036854775809",
                                            "4.9e-324",
                                            "1.7976931348623157e308",
                                            "0.1234567890123456789012345",
                                            "3.141592653589793238462643383279"};
  for (const auto& n : numbers) {
    auto d = make_data();
    const em::voc_image_index idx(d.image_ids);
    em::parse_detections_json(
        R"([{"image_id": "000001", "category": "dog", "score": )" + n + R"(, "bbox": [1, 2, 3, 4]}])", "d.json", idx,
        em::unknown_image_policy::error, d);
    const double want = nlohmann::json::parse(n).get<double>();  // what the DOM reader gave
    ASSERT_EQ(d.detections[0].score.size(), 1u) << n;
    EXPECT_EQ(d.detections[0].score[0], want) << n;
    EXPECT_EQ(std::signbit(d.detections[0].score[0]), std::signbit(want)) << n;
  }
}

TEST(JsonDetections, WrongTypesNameTheElementAndField) {
  const auto with = [](const std::string& member, const std::string& value) {
    nlohmann::json j = nlohmann::json::parse(det);
    j[member] = nlohmann::json::parse(value);
    return "[" + det + ", " + j.dump() + "]";
  };
  EXPECT_EQ(detections_error(with("image_id", "1")), "d.json: [1].image_id: expected a string");
  EXPECT_EQ(detections_error(with("image_id", "[\"000001\"]")), "d.json: [1].image_id: expected a string");
  EXPECT_EQ(detections_error(with("image_id", "null")), "d.json: [1].image_id: expected a string");
  EXPECT_EQ(detections_error(with("category", "0")), "d.json: [1].category: expected a string (class name)");
  EXPECT_EQ(detections_error(with("category", "{}")), "d.json: [1].category: expected a string (class name)");
  EXPECT_EQ(detections_error(with("score", "\"0.5\"")), "d.json: [1].score: expected a number");
  EXPECT_EQ(detections_error(with("score", "true")), "d.json: [1].score: expected a number");
  EXPECT_EQ(detections_error(with("score", "[0.5]")), "d.json: [1].score: expected a number");
  EXPECT_EQ(detections_error(with("bbox", "[1, 2, 3]")), "d.json: [1].bbox: expected [x1, y1, x2, y2]");
  EXPECT_EQ(detections_error(with("bbox", "[1, 2, 3, 4, 5]")), "d.json: [1].bbox: expected [x1, y1, x2, y2]");
  EXPECT_EQ(detections_error(with("bbox", "{\"x1\": 1}")), "d.json: [1].bbox: expected [x1, y1, x2, y2]");
  EXPECT_EQ(detections_error(with("bbox", "\"1 2 3 4\"")), "d.json: [1].bbox: expected [x1, y1, x2, y2]");
  EXPECT_EQ(detections_error(with("bbox", "[1, 2, \"3\", 4]")), "d.json: [1].bbox: expected 4 numbers");
  EXPECT_EQ(detections_error(with("bbox", "[1, 2, [3], 4]")), "d.json: [1].bbox: expected 4 numbers");
  EXPECT_EQ(detections_error(with("category", "\"cow\"")),
            "d.json: [1].category: class 'cow' is not in the class list");
  EXPECT_EQ(detections_error(with("image_id", "\"000009\"")),
            "d.json: [1].image_id: image '000009' is not in the image set");
  EXPECT_EQ(detections_error("[" + det + ", 5]"), "d.json: [1]: expected an object");
  EXPECT_EQ(detections_error("[" + det + ", [1]]"), "d.json: [1]: expected an object");
  EXPECT_EQ(detections_error(det), "d.json: expected a JSON list of detections");
  EXPECT_EQ(detections_error("\"x\""), "d.json: expected a JSON list of detections");
  EXPECT_EQ(detections_error(R"([{"image_id": "000001", "category": "dog", "score": 0.5}])"),
            "d.json: [0].bbox: missing");
  EXPECT_EQ(detections_error("[{}]"), "d.json: [0].image_id: missing");
}

TEST(JsonDetections, DuplicateKeysAreErrorsNeverLastWins) {
  EXPECT_EQ(detections_error(
                R"([{"image_id": "000001", "category": "dog", "score": 0.5, "score": 0.9, "bbox": [1, 2, 3, 4]}])"),
            "d.json: [0].score: appears more than once");
  EXPECT_EQ(
      detections_error(
          R"([{"image_id": "000001", "category": "dog", "score": 0.5, "bbox": [1, 2, 3, 4], "bbox": [1,2,3,4]}])"),
      "d.json: [0].bbox: appears more than once");
  // other members are ignored, whatever they hold
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  em::parse_detections_json(R"([{"note": {"a": [1, {"b": null}]}, "note": 1, "image_id": "000002", "category": "cat",
                                  "score": 0.25, "bbox": [1, 2, 3, 4], "extra": [[[]]]}])",
                            "d.json", idx, em::unknown_image_policy::error, d);
  ASSERT_EQ(d.detections[1].score.size(), 1u);
  EXPECT_EQ(d.detections[1].image[0], 1u);
}

TEST(JsonDetections, DeepNestingIsAnErrorAnywhere) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(detections_error(deep), "d.json: JSON nested deeper than 64 levels");
  EXPECT_EQ(detections_error(R"([{"image_id": "000001", "x": )" + deep + "}]"),
            "d.json: JSON nested deeper than 64 levels");
  EXPECT_EQ(
      detections_error(R"([{"image_id": "000001", "category": "dog", "score": 0.5, "bbox": [1, 2, 3, )" + deep + "]}]"),
      "d.json: JSON nested deeper than 64 levels");
  // 64 levels are fine (an ignored member)
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  em::parse_detections_json(R"([{"x": )" + std::string(62, '[') + std::string(62, ']') +
                                R"(, "image_id": "000001", "category": "dog", "score": 0.5, "bbox": [1, 2, 3, 4]}])",
                            "d.json", idx, em::unknown_image_policy::error, d);
  EXPECT_EQ(d.detections[0].score.size(), 1u);
}

TEST(JsonDetections, NothingAppendedOnErrorSkippedCountedOnlyOnSuccess) {
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  const std::string bad = R"([{"image_id": "000009", "category": "dog", "score": 0.5, "bbox": [1, 2, 3, 4]},
                              {"image_id": "000001", "category": "cat", "score": 0.5, "bbox": [1, 2, 3, 4]},
                              {"image_id": "000001", "category": "cow", "score": 0.5, "bbox": [1, 2, 3, 4]}])";
  EXPECT_THROW(em::parse_detections_json(bad, "d.json", idx, em::unknown_image_policy::skip, d), em::parse_error);
  EXPECT_EQ(d.detections[1].score.size(), 0u);
  EXPECT_EQ(d.skipped_unknown_image_detections, 0u);
  em::parse_detections_json(bad.substr(0, bad.rfind(",\n")) + "]", "d.json", idx, em::unknown_image_policy::skip, d);
  EXPECT_EQ(d.detections[1].score.size(), 1u);
  EXPECT_EQ(d.skipped_unknown_image_detections, 1u);
}

TEST(JsonDetections, StringsEscapesAndUtf8) {
  auto d = make_data();
  d.image_ids = {"a/b\"c", "\xC3\xA9t\xC3\xA9", "\xF0\x9F\x98\x80"};
  const em::voc_image_index idx(d.image_ids);
  em::parse_detections_json(
      R"([{"image_id": "a\/b\"c", "category": "d\u006fg", "score": 1, "bbox": [1, 2, 3, 4]},
          {"image_id": "\u00e9t\u00E9", "category": "dog", "score": 2, "bbox": [1, 2, 3, 4]},
          {"image_id": "\ud83d\ude00", "category": "dog", "score": 3, "bbox": [1, 2, 3, 4]},
          {"image_id": ")"
      "\xF0\x9F\x98\x80"
      R"(", "category": "dog", "score": 4, "bbox": [1, 2, 3, 4]}])",
      "d.json", idx, em::unknown_image_policy::error, d);
  EXPECT_EQ(d.detections[0].image, (std::vector<std::uint32_t>{0, 1, 2, 2}));
  // invalid strings: control characters, bad escapes, lone surrogates, invalid UTF-8
  for (const std::string& s :
       {std::string("a\tb"), std::string("a\\x"), std::string("\\ud83d"), std::string("\\ude00"),
        std::string("\\ud83dx"), std::string("\xC3"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"),
        std::string("\xF5\x80\x80\x80"), std::string("\xFF"), std::string("\\u12G4")}) {
    const std::string text = "[\n{\"image_id\": \"" + s + "\"}]";
    EXPECT_EQ(detections_error(text).rfind("d.json:2: malformed JSON", 0), 0u) << detections_error(text);
  }
  // a BOM is skipped
  em::parse_detections_json("\xEF\xBB\xBF[]", "d.json", idx, em::unknown_image_policy::error, d);
}

TEST(JsonDetections, LargeFilesAreStreamedWithTheSameResultAndErrors) {
  std::string text = "[\n";
  for (int i = 0; i < 20000; ++i) {
    text += (i ? ",\n" : "") + std::string(R"({"image_id": "00000)") + std::to_string(1 + i % 2) +
            R"(", "category": ")" + (i % 3 ? "dog" : "cat") + R"(", "score": 0.)" + std::to_string(i) +
            R"(, "bbox": [1.5, 2, 3e1, 4], "note": "\u00e9\ud83d\ude00 some text to cross chunk boundaries"})";
  }
  text += "\n]\n";
  ASSERT_GT(text.size(), std::size_t{1} << 21);  // streamed (> 1 MiB), many 64 KiB chunks
  auto a = make_data(), b = make_data();
  const em::voc_image_index idx(a.image_ids);
  em::parse_detections_json(text, "d.json", idx, em::unknown_image_policy::error, a);
  em::read_detections_json(temp_file("big.json", text), idx, em::unknown_image_policy::error, b);
  for (std::size_t c = 0; c < 2; ++c) {
    EXPECT_EQ(a.detections[c].score, b.detections[c].score);
    EXPECT_EQ(a.detections[c].image, b.detections[c].image);
    EXPECT_EQ(a.detections[c].box, b.detections[c].box);
  }
  EXPECT_EQ(a.detections[0].score.size() + a.detections[1].score.size(), 20000u);
  // a syntax error near the end of a streamed file: same message, same line
  std::string bad = text;
  bad.insert(bad.size() - 4, ",");
  auto c = make_data();
  const std::string path = temp_file("big_bad.json", bad);
  const std::string streamed =
      error_of([&] { em::read_detections_json(path, idx, em::unknown_image_policy::error, c); });
  const std::string in_memory =
      error_of([&] { em::parse_detections_json(bad, path, idx, em::unknown_image_policy::error, c); });
  EXPECT_EQ(streamed, in_memory);
  EXPECT_EQ(streamed.rfind(path + ":20001: malformed JSON", 0), 0u) << streamed << "\n" << in_memory;
  EXPECT_EQ(c.detections[0].score.size(), 0u);
}

// ---------------------------------------------------------------------------------------------
// latency JSON and trtexec --exportTimes

TEST(JsonLatency, ErrorsNameTheElement) {
  EXPECT_EQ(error_of([] { (void)em::parse_latency_json("[1, [2]]", "a.json"); }),
            "a.json: [1]: expected a number, got an array");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_json("[1, {}]", "a.json"); }),
            "a.json: [1]: expected a number, got an object");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_json("[1, null]", "a.json"); }),
            "a.json: [1]: expected a number, got null");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_json("[1, 1e16]", "a.json"); }),
            "a.json: [1]: latency must be >= 0 and <= 1e15 ms, got 1e+16");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_json("{\"a\": [1]}", "a.json"); }),
            "a.json: expected a JSON array of latencies (ms)");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_json("[1]", "a.json", "ms"); }),
            "a.json: ms: expected an object with member 'ms'");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_json(R"({"x": [1]})", "a.json", "ms"); }),
            "a.json: ms: expected an object with member 'ms'");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_json(R"({"ms": 1})", "a.json", "ms"); }),
            "a.json: ms: expected a JSON array of latencies (ms)");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_json(R"({"ms": [1, -1]})", "a.json", "ms"); }),
            "a.json: ms[1]: latency must be >= 0 and <= 1e15 ms, got -1");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_json(R"({"ms": [1], "ms": [2]})", "a.json", "ms"); }),
            "a.json: ms: appears more than once");
  EXPECT_EQ(em::parse_latency_json(R"({"x": {"y": [[]]}, "ms": [1, 2]})", "a.json", "ms"), (std::vector<double>{1, 2}));
  EXPECT_EQ(error_of([] { (void)em::parse_latency_json("[1, NaN]", "a.json"); }).rfind("a.json:1: malformed JSON", 0),
            0u);
  EXPECT_EQ(
      error_of([] { (void)em::parse_latency_json("[1, Infinity]", "a.json"); }).rfind("a.json:1: malformed JSON", 0),
      0u);
}

TEST(JsonLatency, LatencyFileByContent) {
  EXPECT_EQ(em::parse_latency_file("[]", "a.json").stages.at(0).ms.size(), 0u);
  EXPECT_EQ(em::parse_latency_file(R"({"infer_ms": [3]})", "o.json").stages.at(0).name, "infer_ms");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_file(R"({"a": [1], "b": [2]})", "o.json"); }),
            "o.json: expected a JSON array, or an object with one array member");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_file("{}", "o.json"); }),
            "o.json: expected a JSON array, or an object with one array member");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_file(R"({"a": [1], "a": [2]})", "o.json"); }),
            "o.json: a: appears more than once");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_file("[1, {}]", "a.json"); }),
            "a.json: [1]: expected a number, got an object");
  EXPECT_EQ(error_of([&] { (void)em::parse_latency_file("[" + entry(0) + ", 1]", "t.json"); }),
            "t.json: [1]: expected an object, got 1");
  // large files are streamed, same result
  std::string text = "[";
  for (int i = 0; i < 5000; ++i) text += (i ? ",\n" : "") + entry(2.0 * i);
  text += "]";
  const auto a = em::parse_latency_file(text, "t.json");
  const auto b = em::read_latency_file(temp_file("trt_big.json", text));
  ASSERT_EQ(a.stages.size(), 6u);
  EXPECT_EQ(a.stages[4].ms, b.stages[4].ms);
  EXPECT_EQ(a.wall_ms, b.wall_ms);
  EXPECT_EQ(a.stages[0].ms.size(), 5000u);
}

TEST(JsonTrtexec, EveryValueErrorNamesEntryAndFields) {
  const auto err = [](const std::string& text) {
    return error_of([&] { (void)em::parse_trtexec_times(text, "t.json"); });
  };
  // the issue's case: an enqueue span of 1.8e15 ms
  std::string e = entry(0);
  e.replace(e.find("\"startEnqMs\": 0.000000"), 22, "\"startEnqMs\": -9e14");
  e.replace(e.find("\"endEnqMs\": 0.250000"), 20, "\"endEnqMs\": 9e14");
  EXPECT_EQ(err("[" + entry(0) + ", " + e + "]"),
            "t.json: [1].endEnqMs - startEnqMs: span must be >= 0 and <= 1e15 ms, got 1.8e+15");
  // negative spans
  e = entry(0);
  e.replace(e.find("\"endEnqMs\": 0.250000"), 20, "\"endEnqMs\": -1");
  EXPECT_EQ(err("[" + e + "]"), "t.json: [0].endEnqMs - startEnqMs: span must be >= 0 and <= 1e15 ms, got -1.0");
  e = entry(0);
  e.replace(e.find("\"endD2hMs\": 2.000000"), 20, "\"endD2hMs\": 0.1");
  EXPECT_EQ(err("[" + e + "]"), "t.json: [0].endD2hMs - startH2dMs: span must be >= 0 and <= 1e15 ms, got -0.15");
  EXPECT_EQ(err("[" + entry(0, ", \"endToEndMs\": -2") + "]"),
            "t.json: [0].endToEndMs: latency must be >= 0 and <= 1e15 ms, got -2");
  for (const std::string& f : std::vector<std::string>{"latencyMs", "h2dMs", "computeMs", "d2hMs"}) {
    e = entry(0);
    const std::size_t at = e.find("\"" + f + "\": ") + f.size() + 4;
    e.replace(at, e.find_first_of(",}", at) - at, "-0.5");
    EXPECT_EQ(err("[" + e + "]"), "t.json: [0]." + f + ": latency must be >= 0 and <= 1e15 ms, got -0.5") << f;
    e.replace(at, 4, "2e15");
    EXPECT_EQ(err("[" + e + "]"), "t.json: [0]." + f + ": latency must be >= 0 and <= 1e15 ms, got 2e+15") << f;
  }
  // timestamps beyond +-1e15, wrong types, missing and repeated fields
  e = entry(0);
  e.replace(e.find("\"startEnqMs\": 0.000000"), 22, "\"startEnqMs\": -2e15");
  EXPECT_EQ(err("[" + e + "]"), "t.json: [0].startEnqMs: not finite, or beyond +-1e15 ms: -2e+15");
  e = entry(0);
  e.replace(e.find("\"computeMs\": 1"), 14, "\"computeMs\": \"1\"");
  EXPECT_EQ(err("[" + e + "]"), "t.json: [0].computeMs: expected a number, got \"1\"");
  e = entry(0);
  e.replace(e.find("\"computeMs\": 1"), 14, "\"computeMs\": [1]");
  EXPECT_EQ(err("[" + e + "]"), "t.json: [0].computeMs: expected a number, got an array");
  e = entry(0);
  e.replace(e.find("\"computeMs\": 1"), 14, "\"computeMs\": null");
  EXPECT_EQ(err("[" + e + "]"), "t.json: [0].computeMs: expected a number, got null");
  EXPECT_EQ(err("[" + entry(0, ", \"computeMs\": 2") + "]"), "t.json: [0].computeMs: appears more than once");
  e = entry(0);
  e.erase(e.find(", \"d2hMs\": 0.5"), 14);
  EXPECT_EQ(err("[" + entry(0) + ", " + e + "]"), "t.json: [1].d2hMs: missing field");
  EXPECT_EQ(err("[" + entry(0) + ", [1]]"), "t.json: [1]: expected an object, got an array");
  EXPECT_EQ(err("[1, 2]"), "t.json: [0]: expected an object, got 1");
  EXPECT_EQ(err("5"), "t.json: trtexec --exportTimes: expected a JSON array of objects");
  // NaN cannot be written in JSON: a syntax error with its line
  e = entry(0);
  e.replace(e.find("\"computeMs\": 1"), 14, "\"computeMs\": NaN");
  EXPECT_EQ(err("[\n" + e + "]").rfind("t.json:2: malformed JSON", 0), 0u);
  // entries out of order: the wall window (last endD2hMs - first startH2dMs) would be negative
  EXPECT_EQ(err("[" + entry(10) + ", " + entry(0) + "]"),
            "t.json: [1].endD2hMs - [0].startH2dMs: wall window (last endD2hMs - first startH2dMs after warm-up) must "
            "be >= 0 and <= 1e15 ms, got -8.25");
  // unknown members are ignored, whatever they hold
  const auto t = em::parse_trtexec_times("[" + entry(0, ", \"extra\": {\"a\": [1, 2]}") + "]", "t.json");
  EXPECT_EQ(t.stages[2].ms, (std::vector<double>{0.25}));
}

// ---------------------------------------------------------------------------------------------
// fuzz: random mutations of valid detections and trtexec JSON parse or throw parse_error, never
// anything else; the same mutation read from memory and from a streamed file gives the same result

namespace {

std::string mutate(std::string s, std::mt19937_64& rng) {
  static const std::string alphabet =
      std::string("[]{},:\"\\/ \t\n0123456789.-+eEtrufalsnbu") + '\0' + "\x01\x7f\xc3\xa9\xff\xed";
  static const char* const tokens[] = {"[",
                                       "]",
                                       "{",
                                       "}",
                                       "\"",
                                       ",",
                                       ":",
                                       "null",
                                       "true",
                                       "1e400",
                                       "-0",
                                       "NaN",
                                       "\\u",
                                       "\\ud800",
                                       "[[[[[[[[",
                                       "]]]]",
                                       "{\"a\":",
                                       "\"score\":",
                                       "\"bbox\":",
                                       "\"image_id\":",
                                       "\"startEnqMs\":",
                                       "1e15",
                                       "-1",
                                       "\xEF\xBB\xBF"};
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int k = 0; k < edits; ++k) {
    const std::size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 5) {
      case 0:
        if (!s.empty() && pos < s.size()) s.erase(pos, 1 + rng() % 3);
        break;
      case 1:
        s.insert(pos, 1, alphabet[rng() % alphabet.size()]);
        break;
      case 2:
        if (pos < s.size()) s[pos] = alphabet[rng() % alphabet.size()];
        break;
      case 3:
        s.insert(pos, tokens[rng() % (sizeof tokens / sizeof tokens[0])]);
        break;
      default:  // duplicate a slice
        if (!s.empty()) {
          const std::size_t from = rng() % s.size();
          s.insert(pos, s.substr(from, 1 + rng() % 40));
        }
    }
  }
  return s;
}

template <class F>
void fuzz(const std::string& seed, int rounds, F&& parse) {
  std::mt19937_64 rng(10);
  int ok = 0, rejected = 0;
  for (int i = 0; i < rounds; ++i) {
    const std::string s = mutate(seed, rng);
    try {
      parse(s);
      ++ok;
    } catch (const em::parse_error& e) {
      ++rejected;
      ASSERT_NE(std::string(e.what()).find("f.json"), std::string::npos) << e.what();
    } catch (const std::exception& e) {
      FAIL() << "threw " << typeid(e).name() << " (" << e.what() << ") on: " << s;
    }
  }
  EXPECT_GT(ok, rounds / 50);
  EXPECT_GT(rejected, rounds / 4);
}

}  // namespace

TEST(JsonFuzz, Detections) {
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  const std::string seed = R"([{"image_id": "000001", "category": "dog", "score": 0.5, "bbox": [1, 2, 3, 4]},
  {"image_id": "000002", "category": "cat", "score": 1e-3, "bbox": [1.5, 2, 3, 4], "x": [{"y": null}]},
  {"image_id": "000001", "category": "cat", "score": -2, "bbox": [0, 0, 1e2, 4E1]}])";
  fuzz(seed, 6000,
       [&](const std::string& s) { em::parse_detections_json(s, "f.json", idx, em::unknown_image_policy::skip, d); });
}

TEST(JsonFuzz, TrtexecAndLatency) {
  const std::string seed = "[" + entry(0) + ",\n" + entry(2, ", \"endToEndMs\": 2") + "]";
  em::trtexec_options w;
  w.warmup_ms = 1;
  fuzz(seed, 4000, [&](const std::string& s) { (void)em::parse_trtexec_times(s, "f.json", w); });
  fuzz(seed, 3000, [&](const std::string& s) { (void)em::parse_latency_file(s, "f.json"); });
  fuzz(R"({"ms": [1, 2.5, 3e0, 0]})", 3000,
       [&](const std::string& s) { (void)em::parse_latency_json(s, "f.json", "ms"); });
}

TEST(JsonFuzz, StreamedAndInMemoryAgree) {
  // a large seed (streamed from a file) with mutations near chunk boundaries
  std::string seed = "[";
  for (int i = 0; i < 5000; ++i) seed += (i ? ",\n" : "") + entry(2.0 * i);
  seed += "]";
  std::mt19937_64 rng(11);
  const std::string path = ::testing::TempDir() + "edgemetrics_json_fuzz_big.json";
  for (int i = 0; i < 10; ++i) {
    std::string s = seed;
    const std::size_t at = (std::size_t{1} << 16) * (1 + rng() % 20) - 3 + rng() % 6;  // near a chunk boundary
    if (at < s.size()) s.insert(at, 1, "[]{},:\"\\ 0e.-x"[rng() % 15]);
    { std::ofstream(path, std::ios::binary) << s; }
    const std::string a = error_of([&] { (void)em::parse_latency_file(s, path); });
    const std::string b = error_of([&] { (void)em::read_latency_file(path); });
    EXPECT_EQ(a, b) << "insert at " << at;
  }
}

TEST(JsonDetections, NulBytesAreErrorsWithTheirLine) {
  // nlohmann-json alone reads a NUL byte as the end of the input ("[...]\0garbage" would be accepted)
  EXPECT_EQ(detections_error("[\n" + det + "]\n" + std::string(1, '\0') + "garbage"),
            "d.json:3: malformed JSON: a NUL byte (JSON text never holds one)");
  EXPECT_EQ(detections_error("[\n" + det + "," + std::string(1, '\0') + "]"),
            "d.json:2: malformed JSON: a NUL byte (JSON text never holds one)");
  EXPECT_EQ(detections_error("[\n{\"image_id\": \"0000" + std::string(1, '\0') + "1\"}]")
                .rfind("d.json:2: malformed JSON", 0),
            0u);
  // streamed
  std::string text = "[";
  for (int i = 0; i < 12000; ++i) text += (i ? ",\n" : "\n") + det;
  text += "\n" + std::string(1, '\0') + "]";
  auto d = make_data();
  const em::voc_image_index idx(d.image_ids);
  EXPECT_EQ(
      error_of([&] { em::read_detections_json(temp_file("nul.json", text), idx, em::unknown_image_policy::error, d); }),
      ::testing::TempDir() + "edgemetrics_json_nul.json:12002: malformed JSON: a NUL byte (JSON text never holds one)");
}
