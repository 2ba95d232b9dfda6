// read_run_directory: every part of a run directory, missing parts as notes, malformed parts as
// parse_error naming the file, the line and the field.
#include <edgemetrics/io/run_directory.hpp>

#include <edgemetrics/error.hpp>

#include <edgemetrics/io/voc.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

using namespace edgemetrics;

namespace {

const std::string runs = std::string(EDGEMETRICS_TEST_DATA) + "/runs/";
const std::string samples = std::string(EDGEMETRICS_TEST_DATA) + "/../../examples/report/sample/";

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

bool has_note(const benchmark_run& r, const std::string& part) {
  return std::any_of(r.notes.begin(), r.notes.end(),
                     [&](const std::string& n) { return n.find(part) != std::string::npos; });
}

}  // namespace

TEST(RunDirectory, EveryPart) {
  const benchmark_run r = read_run_directory(runs + "complete");
  EXPECT_EQ(r.name, "tiny fp16");
  ASSERT_EQ(r.attributes.size(), 4u);
  EXPECT_EQ(r.attributes[0], (run_attribute{"device", "Jetson Nano"}));
  EXPECT_EQ(r.attribute("precision"), std::optional<std::string_view>("fp16"));
  EXPECT_EQ(r.attribute("batch_size"), std::optional<std::string_view>("2"));
  EXPECT_EQ(r.attribute("clock_mhz"), std::optional<std::string_view>("921.5"));
  EXPECT_EQ(r.model.parameters, 1.5e6);
  EXPECT_EQ(r.model.flops, 6e8);
  EXPECT_FALSE(r.model.mult_adds);  // null: not given

  ASSERT_TRUE(r.detection);
  EXPECT_EQ(r.detection->report.totals.images, 2u);
  EXPECT_EQ(r.detection->report.totals.detections, 4u);
  EXPECT_EQ(r.detection->report.info.inputs.size(), 2u);
  EXPECT_FALSE(r.detection->curves.empty());  // kept (voc_curves::keep), reduced

  ASSERT_TRUE(r.classification);
  EXPECT_EQ(r.classification->accuracy.successes(), 3u);
  EXPECT_EQ(r.classification->accuracy.trials(), 4u);

  ASSERT_TRUE(r.latency);
  EXPECT_EQ(r.latency->samples_ms.size(), 8u);
  EXPECT_EQ(r.latency->samples_ms.front(), 12.0);
  EXPECT_EQ(r.latency->report.options.batch_size, 2u);  // run.json's batch_size
  const auto& p = r.latency->report.options.percentiles;
  EXPECT_NE(std::find(p.begin(), p.end(), 99.0), p.end());

  ASSERT_TRUE(r.hardware);
  EXPECT_EQ(r.hardware->trace.size(), 4u);
  EXPECT_EQ(r.hardware->temperature_sensor, "GPU");
  EXPECT_EQ(r.hardware->trace[1].power_mw, 5200);
  EXPECT_EQ(r.hardware->trace[3].temperature_c, 40);
  // inferences = latencies x batch size, queries = latencies
  EXPECT_EQ(r.hardware->report.options.energy.inferences, 16u);
  EXPECT_EQ(r.hardware->report.options.energy.queries, 8u);
  EXPECT_TRUE(r.notes.empty()) << r.notes.front();
}

TEST(RunDirectory, SampleRunsWithResultsFolderAndTrtexecTimes) {
  const benchmark_run r = read_run_directory(samples + "ssd-mobilenet-v2-fp32");
  EXPECT_EQ(r.name, "ssd-mobilenet-v2 fp32");
  ASSERT_TRUE(r.detection);
  EXPECT_EQ(r.detection->report.totals.images, 56u);
  EXPECT_EQ(r.detection->curves.size(), 20u);
  ASSERT_TRUE(r.latency);
  EXPECT_EQ(r.latency->report.stages.front().name, "latency");
  EXPECT_EQ(r.latency->samples_ms.size(), 1000u);
  EXPECT_GT(r.latency->report.wall_ms, 0);
  ASSERT_TRUE(r.hardware);
  EXPECT_EQ(r.hardware->report.options.energy.inferences, 1000u);
  EXPECT_FALSE(r.classification);
  EXPECT_TRUE(r.notes.empty());
}

TEST(RunDirectory, WarmupAndPercentiles) {
  run_directory_options o;
  o.latency.warmup_count = 2;
  o.latency.percentiles = {50, 90};
  const benchmark_run r = read_run_directory(runs + "complete", o);
  ASSERT_TRUE(r.latency);
  EXPECT_EQ(r.latency->samples_ms.size(), 6u);  // warm-up excluded from the samples too
  EXPECT_EQ(r.latency->samples_ms.front(), 10.0);
  EXPECT_EQ(r.latency->report.options.percentiles, (std::vector<double>{50, 90, 99}));
  EXPECT_EQ(r.hardware->report.options.energy.inferences, 12u);
}

TEST(RunDirectory, MissingPartsAreNotesNeverErrors) {
  const benchmark_run r = read_run_directory(runs + "empty/");
  EXPECT_EQ(r.name, "empty");  // the directory's name (trailing slash and all)
  EXPECT_TRUE(r.attributes.empty());
  EXPECT_FALSE(r.detection || r.classification || r.latency || r.hardware);
  EXPECT_TRUE(has_note(r, "no run.json"));
  EXPECT_TRUE(has_note(r, "no accuracy"));
  EXPECT_TRUE(has_note(r, "no latency"));
  EXPECT_TRUE(has_note(r, "no tegrastats.log"));

  const benchmark_run v = read_run_directory(runs + "voc_without_results");
  EXPECT_FALSE(v.detection);
  EXPECT_TRUE(has_note(v, "VOC2007/ without results/ or detections.json"));

  // A log without a latency part: no inference count, so no energy per inference (a note).
  const benchmark_run h = read_run_directory(runs + "log_only");
  ASSERT_TRUE(h.hardware);
  EXPECT_EQ(h.hardware->report.options.energy.inferences, 0u);
  EXPECT_TRUE(std::isnan(h.hardware->report.summary.energy->total.energy_per_inference_j));
  EXPECT_TRUE(has_note(h, "no energy per inference"));
}

TEST(RunDirectory, TrtexecTimesAndTimestampedLog) {
  const benchmark_run r = read_run_directory(runs + "trtexec");
  ASSERT_TRUE(r.latency);
  EXPECT_EQ(r.latency->report.stages.size(), 6u);
  EXPECT_EQ(r.latency->samples_ms, std::vector<double>(6, 8.9));
  ASSERT_TRUE(r.hardware);
  EXPECT_EQ(r.hardware->trace.size(), 3u);
  EXPECT_EQ(r.hardware->trace[2].time_s - r.hardware->trace[0].time_s, 2.0);
}

TEST(RunDirectory, MalformedPartsNameFileLineAndField) {
  auto e = error_of([] { (void)read_run_directory(runs + "bad_run_json"); });
  EXPECT_EQ(e.file(), runs + "bad_run_json/run.json");
  EXPECT_EQ(e.line(), 4u);
  EXPECT_EQ(e.field(), "attributes.device");

  e = error_of([] { (void)read_run_directory(runs + "bad_run_json_syntax"); });
  EXPECT_EQ(e.file(), runs + "bad_run_json_syntax/run.json");
  EXPECT_EQ(e.line(), 3u);

  e = error_of([] { (void)read_run_directory(runs + "bad_model"); });
  EXPECT_EQ(e.line(), 4u);
  EXPECT_EQ(e.field(), "model.flop");

  e = error_of([] { (void)read_run_directory(runs + "bad_batch"); });
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.field(), "attributes.batch_size");

  e = error_of([] { (void)read_run_directory(runs + "bad_latency"); });
  EXPECT_EQ(e.file(), runs + "bad_latency/latency.csv");
  EXPECT_EQ(e.line(), 3u);

  e = error_of([] { (void)read_run_directory(runs + "empty_log"); });
  EXPECT_EQ(e.file(), runs + "empty_log/tegrastats.log");

  e = error_of([] { (void)read_run_directory(runs + "two_latency"); });
  EXPECT_NE(std::string(e.what()).find("two latency files: latency.csv and times.json"), std::string::npos) << e.what();

  e = error_of([] { (void)read_run_directory(runs + "no_such_run"); });
  EXPECT_NE(std::string(e.what()).find("no such directory"), std::string::npos);
  e = error_of([] { (void)read_run_directory(runs + "README.md"); });
  EXPECT_NE(std::string(e.what()).find("not a directory"), std::string::npos);
}

TEST(RunDirectory, ReadyRunIsUsedAsItIs) {
  const benchmark_run r = read_run_directory(runs + "ready");
  EXPECT_EQ(r.name, "ready run");
  ASSERT_TRUE(r.latency);
  EXPECT_EQ(r.latency->samples_ms.size(), 6u);
  ASSERT_TRUE(r.hardware);
  EXPECT_EQ(r.hardware->trace.size(), 3u);
  EXPECT_TRUE(has_note(r, "written by a program"));
  EXPECT_TRUE(has_note(r, "benchmark_run.json is used as it is; ignored: run.json"));
  // The same run as reading its parts (the JSON round-trips every value).
  benchmark_run parts = read_run_directory(runs + "trtexec");
  EXPECT_EQ(parts.latency->samples_ms, r.latency->samples_ms);
  EXPECT_EQ(parts.hardware->report.summary.energy->total.energy_j, r.hardware->report.summary.energy->total.energy_j);

  auto e = error_of([] { (void)read_run_directory(runs + "bad_ready"); });
  EXPECT_EQ(e.file(), runs + "bad_ready/benchmark_run.json");
  EXPECT_NE(std::string(e.what()).find("benchmark_run"), std::string::npos) << e.what();
  e = error_of([] { (void)read_run_directory(runs + "bad_ready_syntax"); });
  EXPECT_EQ(e.file(), runs + "bad_ready_syntax/benchmark_run.json");
  EXPECT_EQ(e.line(), 4u) << e.what();
}

// The ground truth of a VOC folder is parsed once per process and reused while its files are
// unchanged: the result is the same as evaluate_voc_files' (bit for bit), and a changed
// annotation is read again.
TEST(RunDirectory, CachedGroundTruthGivesTheSameResult) {
  const std::string dir = samples + "ssd-mobilenet-v2-fp16";
  voc_load_options load;
  load.devkit = dir;
  load.results = dir + "/results";
  const voc_result direct = evaluate_voc_files(load, {}, voc_curves::keep).result;
  for (int i = 0; i < 2; ++i) {  // the first read fills the cache, the second uses it
    const benchmark_run r = read_run_directory(dir);
    ASSERT_TRUE(r.detection);
    const voc_result& got = r.detection->report.result;
    ASSERT_EQ(got.classes.size(), direct.classes.size());
    for (std::size_t c = 0; c < got.classes.size(); ++c) {
      EXPECT_EQ(got.classes[c].ap_voc07, direct.classes[c].ap_voc07) << c;
      EXPECT_EQ(got.classes[c].ap_voc10, direct.classes[c].ap_voc10) << c;
    }
    EXPECT_EQ(got.map_voc07, direct.map_voc07);
  }

  namespace fs = std::filesystem;
  const fs::path tmp = fs::path(::testing::TempDir()) / "edgemetrics_run_cache";
  fs::remove_all(tmp);
  fs::copy(runs + "complete", tmp, fs::copy_options::recursive);
  const double before = read_run_directory(tmp.string()).detection->report.result.map_voc10;
  // the person of image 000002 moves away from its detection: a smaller AP
  const fs::path xml = tmp / "VOC2007" / "Annotations" / "000002.xml";
  std::ofstream(xml) << "<annotation><object><name>person</name><difficult>0</difficult><bndbox><xmin>200</xmin>"
                        "<ymin>200</ymin><xmax>260</xmax><ymax>290</ymax></bndbox></object></annotation>\n";
  const double after = read_run_directory(tmp.string()).detection->report.result.map_voc10;
  EXPECT_LT(after, before);
  fs::remove_all(tmp);
}
