#include <edgemetrics/io.hpp>
#include <edgemetrics/io/latency.hpp>

#include <gtest/gtest.h>

#include <exception>
#include <random>
#include <string>
#include <typeinfo>

namespace em = edgemetrics;

namespace {
const std::string data_dir = std::string(EDGEMETRICS_TEST_DATA) + "/timing/";

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const em::parse_error& e) {
    return e.what();
  }
  return "<no error>";
}
}  // namespace

TEST(TimingIo, CsvColumnByNameAndIndex) {
  const std::string text = "# run 1\nframe,latency_ms,fps\n0,12.5,80\n\n1,13.25,75\n2,+11,90\n";
  em::latency_csv_options o;
  o.column = "latency_ms";
  EXPECT_EQ(em::parse_latency_csv(text, "run.csv", o), (std::vector<double>{12.5, 13.25, 11}));
  // No column chosen: the only column whose name ends in _ms (issue #10: the first column, frame
  // numbers, was read as milliseconds).
  em::latency_csv_options first;
  EXPECT_EQ(em::parse_latency_csv(text, "run.csv", first), (std::vector<double>{12.5, 13.25, 11}));
  em::latency_csv_options noheader;
  noheader.header = false;
  noheader.column = "1";
  EXPECT_EQ(em::parse_latency_csv("0,5\n1,6", "run.csv", noheader), (std::vector<double>{5, 6}));
  em::latency_csv_options ns;
  ns.header = false;
  ns.scale_to_ms = 1e-6;
  EXPECT_EQ(em::parse_latency_csv("2000000\n", "run.csv", ns), (std::vector<double>{2}));
}

TEST(TimingIo, CsvErrorsNameLineAndField) {
  em::latency_csv_options o;
  o.column = "latency_ms";
  EXPECT_EQ(error_of([&] { (void)em::parse_latency_csv("latency_ms\n1.0\nabc\n", "run.csv", o); }),
            "run.csv:3: latency_ms: 'abc' is not a number");
  EXPECT_EQ(error_of([&] { (void)em::parse_latency_csv("a,latency_ms\n1,2\n3\n", "run.csv", o); }),
            "run.csv:3: the row has 1 field, the first row (line 1) has 2 (quote a field that holds the delimiter)");
  EXPECT_EQ(error_of([&] { (void)em::parse_latency_csv("x,y\n1,2\n", "run.csv", o); }),
            "run.csv:1: latency_ms: no such column in the header ('x', 'y')");
  EXPECT_EQ(error_of([&] { (void)em::parse_latency_csv("latency_ms\n-1\n", "run.csv", o); }),
            "run.csv:2: latency_ms: latency must be >= 0 and <= 1e15 ms, got '-1'");
  EXPECT_EQ(error_of([&] { (void)em::read_latency_csv(data_dir + "does_not_exist.csv"); }),
            data_dir + "does_not_exist.csv: cannot open file: No such file or directory");
}

TEST(TimingIo, JsonArray) {
  EXPECT_EQ(em::parse_latency_json("[1, 2.5, 3e0]", "a.json"), (std::vector<double>{1, 2.5, 3}));
  EXPECT_EQ(em::parse_latency_json(R"({"latency_ms": [4, 5]})", "a.json", "latency_ms"), (std::vector<double>{4, 5}));
  EXPECT_EQ(error_of([] { (void)em::parse_latency_json("[1, \"x\"]", "a.json"); }),
            "a.json: [1]: expected a number, got \"x\"");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_json("[1, -2]", "a.json"); }),
            "a.json: [1]: latency must be >= 0 and <= 1e15 ms, got -2");
  const std::string err = error_of([] { (void)em::parse_latency_json("[1,\n2,\n3", "a.json"); });
  EXPECT_EQ(err.rfind("a.json:3: malformed JSON", 0), 0u) << err;
}

TEST(TimingIo, TrtexecExportTimes) {
  const auto t = em::read_trtexec_times(data_dir + "trtexec_times.json");
  ASSERT_EQ(t.stages.size(), 6u);
  EXPECT_EQ(t.stages[0].name, "latency");
  ASSERT_EQ(t.stages[0].ms.size(), 4u);
  EXPECT_DOUBLE_EQ(t.stages[0].ms[0], 2.0);
  EXPECT_EQ(t.stages[4].name, "compute");
  EXPECT_DOUBLE_EQ(t.stages[4].ms[1], 1.5);
  EXPECT_DOUBLE_EQ(t.stages[2].ms[0], 0.25);  // enqueue = endEnqMs - startEnqMs
  // end_to_end from endD2hMs - startH2dMs when endToEndMs is absent.
  EXPECT_DOUBLE_EQ(t.stages[1].ms[0], 2.0);
  EXPECT_DOUBLE_EQ(t.wall_ms, 10.5 - 1.0);
  em::trtexec_options w;
  w.warmup_ms = 4.0;  // entries with startComputeMs < 4 are warm-up
  const auto tw = em::read_trtexec_times(data_dir + "trtexec_times.json", w);
  EXPECT_EQ(tw.warmup_excluded, 2u);
  EXPECT_EQ(tw.stages[0].ms.size(), 2u);
  const auto old = em::read_trtexec_times(data_dir + "trtexec_times_old.json");
  EXPECT_DOUBLE_EQ(old.stages[1].ms[0], 2.5);  // endToEndMs present
}

TEST(TimingIo, TrtexecErrorsNameElement) {
  EXPECT_EQ(error_of([] { (void)em::parse_trtexec_times(R"([{"startEnqMs": 0}])", "t.json"); }),
            "t.json: [0].endEnqMs: missing field");
  EXPECT_EQ(error_of([] { (void)em::parse_trtexec_times("{}", "t.json"); }),
            "t.json: trtexec --exportTimes: expected a JSON array of objects");
  EXPECT_EQ(error_of([] { (void)em::parse_trtexec_times("[1]", "t.json"); }), "t.json: [0]: expected an object, got 1");
}

TEST(TimingIo, ReadLatencyFileDetectsFormat) {
  EXPECT_EQ(em::read_latency_file(data_dir + "trtexec_times.json").stages.size(), 6u);
  const auto csv = em::read_latency_file(data_dir + "latency.csv", {{"latency_ms"}, {}, {}});
  ASSERT_EQ(csv.stages.size(), 1u);
  EXPECT_EQ(csv.stages[0].ms.size(), 5u);
}

// Fuzz-style: random mutations of valid inputs either parse or throw parse_error, and nothing
// else (no crash, no other exception type). Counts both outcomes so that the test would notice
// a reader that rejects everything or accepts everything.
TEST(TimingIo, FuzzNeverCrashes) {
  std::mt19937_64 rng(5);
  const std::string seeds[] = {"latency_ms\n1.5\n2\n", "[1,2,3]",
                               R"([{"startEnqMs":0,"endEnqMs":1,"startH2dMs":1,"endH2dMs":2,"startComputeMs":2,
"endComputeMs":3,"startD2hMs":3,"endD2hMs":4,"h2dMs":1,"computeMs":1,"d2hMs":1,"latencyMs":3}])",
                               "model,baseline_ms,candidate_ms\na,2,1\nb,4,3\n"};
  const char alphabet[] = "0123456789.,-+eE[]{}\":\n #abc";
  std::size_t parsed = 0, rejected = 0;
  // Runs one reader: it returns, or throws parse_error; any other exception fails the test.
  const auto check = [&](const std::string& input, const char* reader, auto&& parse) {
    try {
      parse();
      ++parsed;
    } catch (const em::parse_error& e) {
      ++rejected;
      EXPECT_NE(std::string(e.what()).find("fuzz"), std::string::npos) << reader << ": " << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << reader << " threw a " << typeid(e).name() << " (" << e.what() << ") on: " << input;
    }
  };
  for (int i = 0; i < 4000; ++i) {
    std::string s = seeds[static_cast<std::size_t>(i) % 4];
    const auto edits = 1 + rng() % 4;
    for (std::uint64_t k = 0; k < edits && !s.empty(); ++k) {
      s[rng() % s.size()] = alphabet[rng() % (sizeof alphabet - 1)];
    }
    check(s, "parse_latency_csv", [&] { (void)em::parse_latency_csv(s, "fuzz"); });
    check(s, "parse_latency_json", [&] { (void)em::parse_latency_json(s, "fuzz"); });
    check(s, "parse_trtexec_times", [&] { (void)em::parse_trtexec_times(s, "fuzz"); });
    check(s, "parse_latency_file", [&] { (void)em::parse_latency_file(s, "fuzz"); });
    check(s, "parse_latency_models_csv", [&] { (void)em::parse_latency_models_csv(s, "fuzz"); });
  }
  EXPECT_GT(parsed, 1000u);
  EXPECT_GT(rejected, 1000u);
}

TEST(TimingIo, CsvWithoutHeaderKeepsTheFirstSample) {
  // header defaults to true, but a first line of numbers is data: no sample is lost.
  EXPECT_EQ(em::parse_latency_csv("5\n6\n7\n", "n.csv"), (std::vector<double>{5, 6, 7}));
  // Several columns and no header: the column must be chosen (issue #10), never the first by default.
  EXPECT_EQ(error_of([] { (void)em::parse_latency_csv("# comment\n\n5,x\n6,y\n", "n.csv"); }),
            "n.csv:3: the first line is data with 2 fields and no column is chosen: choose one by its 0-based index "
            "(--no-header --column N), or add a header");
  EXPECT_EQ(em::parse_latency_csv("7", "n.csv"), (std::vector<double>{7}));
  // A real header is still skipped.
  EXPECT_EQ(em::parse_latency_csv("latency_ms\n5\n6\n", "n.csv"), (std::vector<double>{5, 6}));
  // header = false reads every line.
  em::latency_csv_options o;
  o.header = false;
  EXPECT_EQ(em::parse_latency_csv("5\n6\n7\n", "n.csv", o), (std::vector<double>{5, 6, 7}));
  // A numeric first line with a negative value is data, so it is an error, never dropped.
  EXPECT_EQ(error_of([] { (void)em::parse_latency_csv("-5\n6\n", "n.csv"); }),
            "n.csv:1: column 0: latency must be >= 0 and <= 1e15 ms, got '-5'");
}

TEST(TimingIo, SeveralCsvColumnsAsStages) {
  const std::string text = "frame;pre_ms;infer_ms\n0;1.5;10\n1;2;11\n";
  em::latency_csv_options o;
  o.delimiter = ';';
  const em::latency_trace t = em::parse_latency_csv_stages(text, "loop.csv", {"infer_ms", "pre_ms"}, o);
  ASSERT_EQ(t.stages.size(), 2u);
  EXPECT_EQ(t.stages[0].name, "infer_ms");
  EXPECT_EQ(t.stages[0].ms, (std::vector<double>{10, 11}));
  EXPECT_EQ(t.stages[1].ms, (std::vector<double>{1.5, 2}));
  EXPECT_EQ(t.wall_ms, 0.0);
  EXPECT_EQ(error_of([&] {
              (void)em::parse_latency_csv_stages(text, "loop.csv", {"pre_ms", "post_ms"}, o);
            }),
            "loop.csv:1: post_ms: no such column in the header ('frame', 'pre_ms', 'infer_ms')");
  // The same through parse_latency_file.
  em::latency_file_options fo;
  fo.csv.delimiter = ';';
  fo.columns = {"pre_ms", "infer_ms"};
  EXPECT_EQ(em::parse_latency_file(text, "loop.csv", fo).stages[1].ms, (std::vector<double>{10, 11}));
}

TEST(TimingIo, LatencyFileFormatsAndWarmupByTime) {
  const em::latency_trace a = em::parse_latency_file("[1, 2]", "a.json");
  ASSERT_EQ(a.stages.size(), 1u);
  EXPECT_EQ(a.stages[0].name, "latency");
  const em::latency_trace o = em::parse_latency_file(R"({"infer_ms": [3]})", "o.json");
  EXPECT_EQ(o.stages[0].name, "infer_ms");
  em::latency_file_options fo;
  fo.csv.column = "latency_ms";
  EXPECT_EQ(em::parse_latency_file("latency_ms\n4\n", "c.csv", fo).stages[0].name, "latency_ms");
  // A warm-up by time needs trtexec's start times.
  fo.trtexec.warmup_ms = 5;
  EXPECT_EQ(error_of([&] { (void)em::parse_latency_file("latency_ms\n4\n", "c.csv", fo); }),
            "c.csv: warmup_ms: a warm-up by time applies to trtexec --exportTimes files only (this is a CSV file); "
            "use a warm-up by count");
  EXPECT_EQ(error_of([&] { (void)em::parse_latency_file("[1, 2]", "a.json", fo); }),
            "a.json: warmup_ms: a warm-up by time applies to trtexec --exportTimes files only (this is a JSON "
            "array); use a warm-up by count");
  EXPECT_EQ(em::read_latency_file(data_dir + "trtexec_times.json", fo).warmup_excluded, 2u);
}

TEST(TimingIo, ModelsCsv) {
  const std::string text = "# models\nmodel,baseline_ms,candidate_ms,gflops\nresnet,12.4,10.9,4.1\n\nyolo,31,25.2,8\n";
  const auto plain = em::parse_latency_models_csv(text, "m.csv");
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_EQ(plain[1].baseline_ms, 31.0);
  EXPECT_EQ(plain[1].candidate_ms, 25.2);
  EXPECT_EQ(plain[1].covariate, 0.0);
  em::latency_models_csv_options o;
  o.covariate_column = "gflops";
  EXPECT_EQ(em::parse_latency_models_csv(text, "m.csv", o)[0].covariate, 4.1);
  o.covariate_column = "params";
  EXPECT_EQ(error_of([&] { (void)em::parse_latency_models_csv(text, "m.csv", o); }),
            "m.csv:2: params: no such column in the header ('model', 'baseline_ms', 'candidate_ms', 'gflops')");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_models_csv("baseline_ms,candidate_ms\n1,0\n", "m.csv"); }),
            "m.csv:2: candidate_ms: time must be > 0 and <= 1e15 ms, got '0'");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_models_csv("baseline_ms,candidate_ms\n1\n", "m.csv"); }),
            "m.csv:2: the row has 1 field, the first row (line 1) has 2 (quote a field that holds the delimiter)");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_models_csv("baseline_ms,candidate_ms\nx,1\n", "m.csv"); }),
            "m.csv:2: baseline_ms: 'x' is not a number");
  EXPECT_EQ(error_of([] { (void)em::parse_latency_models_csv("baseline_ms,candidate_ms\n", "m.csv"); }),
            "m.csv:1: no model rows");
  em::latency_models_csv_options cov;
  cov.covariate_column = "g";
  EXPECT_EQ(
      error_of([&] { (void)em::parse_latency_models_csv("baseline_ms,candidate_ms,g\n1,1,inf\n", "m.csv", cov); }),
      "m.csv:2: g: not finite: 'inf'");
}
