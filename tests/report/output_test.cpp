// JSON round trips of benchmark_run and benchmark_report; the console table and Markdown.
#include "report_fixtures.hpp"

#include <edgemetrics/fmt.hpp>
#include <edgemetrics/json.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using namespace edgemetrics;
using namespace report_test;

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// A run with every part: classification, detection with a curve, latency with samples, hardware
// with a trace (one sample without power) and an inference window.
benchmark_run full_run() {
  benchmark_run r = named("ssd fp16", {{"model", "ssd"}, {"precision", "fp16"}, {"device", "Jetson Nano"}});
  r.model.flops = 2.3e9;
  r.model.parameters = 6.8e6;
  r.set_classification(classification_of(90, 4, 6));
  voc_result result;
  voc_class_result cat;
  cat.name = "cat";
  cat.npos = 2;
  cat.ap_voc07 = 0.5;
  cat.ap_voc10 = 0.55;
  cat.curve = {{0.0, 0.5, 0.5, 1.0}, {not_a_number, 1.0, 0.5, 0.66}};
  result.classes = {cat};
  result.map_voc07 = 0.5;
  result.map_voc10 = 0.55;
  r.set_detection(make_voc_report(result, voc_run{}));
  r = with_latency(r, {12.5, 10.25, 11, 13});
  std::vector<hardware_sample> s{sample(0, 1000, 100, 10, 40), sample(1, 2000, 300, 10, 42),
                                 sample(2, 3000, 200, 15, 45)};
  s[1].total_power_mw.reset();
  tegrastats_report_options o;
  o.energy.inferences = 4;
  r.set_hardware(make_tegrastats_report(s, o), s, {{0.5, 1.5, 4}});
  r.notes = {"no labels.csv"};
  return r;
}

std::vector<benchmark_run> two_models() {
  std::vector<benchmark_run> runs;
  const char* models[] = {"A", "B"};
  for (int m = 0; m < 2; ++m) {
    for (int p = 0; p < 2; ++p) {
      benchmark_run r = named(std::string(models[m]) + (p == 0 ? " fp32" : " fp16"),
                              {{"model", models[m]}, {"precision", p == 0 ? "fp32" : "fp16"}});
      const double base = (m + 1) * 20.0 / (p + 1);
      r = with_latency(r, {base, base + 1, base + 2, base + 3, base + 0.5}, m == 0);
      r.set_detection(voc_of(0.7 - 0.1 * m - 0.01 * p, 0.72));
      r.model.flops = (m + 1) * 1e9;
      if (p == 1 || m == 0) {
        r = with_hardware(r, {sample(0, 1000 * (2 - p), 100, 0, 40), sample(1, 1000 * (2 - p), 150, 0, 41)}, 100);
      }
      runs.push_back(r);
    }
  }
  runs[3].notes = {"no tegrastats.log"};
  return runs;
}

benchmark_report_options fast() {
  benchmark_report_options o;
  o.compare.resamples = 100;
  return o;
}

}  // namespace

TEST(ReportJson, BenchmarkRunRoundTrip) {
  const benchmark_run r = full_run();
  const nlohmann::json j = r;
  EXPECT_EQ(j.at("kind"), "benchmark_run");
  EXPECT_EQ(j.at("schema"), report_schema);
  EXPECT_EQ(j.at("attributes")[2], (nlohmann::json{{"name", "device"}, {"value", "Jetson Nano"}}));
  EXPECT_EQ(j.at("model").at("mult_adds"), nullptr);
  EXPECT_EQ(j.at("classification").at("kind"), "classification");
  EXPECT_EQ(j.at("detection").at("report").at("kind"), "voc_eval");
  EXPECT_EQ(j.at("detection").at("curves")[0].at("precision")[0], nullptr);
  EXPECT_EQ(j.at("latency").at("samples_ms"), (nlohmann::json{12.5, 10.25, 11, 13}));
  EXPECT_EQ(j.at("hardware").at("trace").at("power_mw"), (nlohmann::json{1000, nullptr, 3000}));
  EXPECT_EQ(j.at("hardware").at("temperature_sensor"), "GPU");

  const benchmark_run back = nlohmann::json::parse(j.dump()).get<benchmark_run>();
  EXPECT_EQ(back.name, r.name);
  EXPECT_EQ(back.attributes, r.attributes);
  EXPECT_EQ(back.model.flops, 2.3e9);
  EXPECT_FALSE(back.model.mult_adds);
  EXPECT_EQ(back.notes, r.notes);
  ASSERT_TRUE(back.classification);
  EXPECT_EQ(*back.classification, *r.classification);
  ASSERT_TRUE(back.detection);
  ASSERT_EQ(back.detection->curves.size(), 1u);
  EXPECT_TRUE(std::isnan(back.detection->curves[0].curve.precision[0]));
  EXPECT_EQ(back.detection->curves[0].curve.recall, r.detection->curves[0].curve.recall);
  EXPECT_EQ(back.detection->report.result.map_voc10, 0.55);
  ASSERT_TRUE(back.latency);
  EXPECT_EQ(back.latency->samples_ms, r.latency->samples_ms);
  ASSERT_TRUE(back.hardware);
  ASSERT_EQ(back.hardware->trace.size(), 3u);
  EXPECT_TRUE(std::isnan(back.hardware->trace[1].power_mw));
  EXPECT_EQ(back.hardware->trace[2].temperature_c, 45);
  ASSERT_EQ(back.hardware->windows.size(), 1u);
  EXPECT_EQ(back.hardware->windows[0].inferences, 4u);
  EXPECT_EQ(nlohmann::json(back).dump(), j.dump());

  // The report of the run read back is the report of the run.
  EXPECT_EQ(nlohmann::json(make_benchmark_report({back}, fast())).dump(),
            nlohmann::json(make_benchmark_report({r}, fast())).dump());
}

TEST(ReportJson, BenchmarkRunWithoutParts) {
  const benchmark_run r = named("bare", {});
  const nlohmann::json j = r;
  for (const char* k : {"classification", "detection", "latency", "hardware"}) EXPECT_TRUE(j.at(k).is_null()) << k;
  const benchmark_run back = j.get<benchmark_run>();
  EXPECT_EQ(back.name, "bare");
  EXPECT_FALSE(back.classification || back.detection || back.latency || back.hardware);
}

TEST(ReportJson, BenchmarkRunRejectsOtherKindsAndRepeatedAttributes) {
  nlohmann::json j = named("a", {{"x", "1"}});
  nlohmann::json other = j;
  other["kind"] = "latency";
  EXPECT_THROW((void)other.get<benchmark_run>(), std::invalid_argument);
  j["attributes"].push_back({{"name", "x"}, {"value", "2"}});
  EXPECT_THROW((void)j.get<benchmark_run>(), std::invalid_argument);
}

TEST(ReportJson, BenchmarkReportRoundTrip) {
  benchmark_report_options o = fast();
  o.budgets.max_power_mw = 1500;
  const benchmark_report r = make_benchmark_report(two_models(), o, report_info{"edgemetrics-report", {"runs/a"}});
  ASSERT_EQ(r.comparisons.size(), 4u);
  ASSERT_EQ(r.groups.size(), 2u);
  const nlohmann::json j = r;
  EXPECT_EQ(j.at("kind"), "benchmark_report");
  EXPECT_EQ(j.at("tool"), "edgemetrics-report");
  EXPECT_EQ(j.at("options").at("budgets").at("latency_ms"), 100.0);
  EXPECT_EQ(j.at("options").at("budgets").at("max_energy_per_inference_j"), nullptr);
  const nlohmann::json& run0 = j.at("runs")[0];
  EXPECT_EQ(run0.at("name"), "A fp32");
  EXPECT_EQ(run0.at("accuracy_source"), "voc07");
  EXPECT_EQ(run0.at("map_voc07"), 0.7);
  EXPECT_EQ(run0.at("map_voc10"), 0.72);
  EXPECT_EQ(run0.at("latency").at("summary").at("count"), 5);
  EXPECT_EQ(run0.at("power").at("mean_power_mw"), 2000.0);
  EXPECT_EQ(run0.at("power").at("energy").at("energy_j"), 2.0);
  EXPECT_EQ(run0.at("verdict").at("power"), "fail");
  EXPECT_EQ(j.at("runs")[2].at("power").at("mean_power_mw"), nullptr);  // B fp32: no hardware
  EXPECT_EQ(j.at("comparisons")[0].at("from_samples"), true);           // A: samples on both sides
  EXPECT_EQ(j.at("comparisons")[3].at("latency").at("mann_whitney"), nullptr);
  EXPECT_EQ(j.at("comparisons")[3].at("latency").at("speedup_ci"), (nlohmann::json{nullptr, nullptr}));
  EXPECT_EQ(j.at("groups")[0].at("attribute"), "precision");
  EXPECT_EQ(j.at("pareto").at("accuracy_latency").size(), r.pareto_accuracy_latency.size());
  // B has no samples: its comparisons with A are made on the summaries, with a note.
  EXPECT_EQ(
      j.at("notes"),
      (nlohmann::json{"B fp16: no tegrastats.log",
                      "A fp32 -> B fp32: latencies compared on the summaries (a run has no samples, or one not > 0)",
                      "A fp16 -> B fp16: latencies compared on the summaries (a run has no samples, or one not > 0)"}));

  const benchmark_report back = nlohmann::json::parse(j.dump()).get<benchmark_report>();
  EXPECT_EQ(back.info.tool, "edgemetrics-report");
  EXPECT_EQ(back.options.budgets.max_power_mw, 1500.0);
  EXPECT_EQ(back.options.compare.resamples, 100u);
  ASSERT_EQ(back.runs.size(), 4u);
  EXPECT_EQ(back.runs[1].attributes, r.runs[1].attributes);
  EXPECT_EQ(back.rows[0].median_ms, r.rows[0].median_ms);
  EXPECT_EQ(back.rows[0].energy_per_inference_j, r.rows[0].energy_per_inference_j);
  EXPECT_EQ(back.comparisons[0].latency.speedup_ci_low, r.comparisons[0].latency.speedup_ci_low);
  EXPECT_EQ(back.comparisons[0].significant, r.comparisons[0].significant);
  EXPECT_TRUE(std::isnan(back.comparisons[3].latency.mann_whitney.p_value));
  EXPECT_EQ(back.groups[0].comparisons, r.groups[0].comparisons);
  EXPECT_EQ(back.pareto, r.pareto);
  EXPECT_EQ(back.verdicts[0].overall, r.verdicts[0].overall);
  EXPECT_EQ(back.notes, r.notes);
  EXPECT_EQ(nlohmann::json(back).dump(), j.dump());
  // The console form and Markdown of the report read back are the same.
  EXPECT_EQ(fmt::format("{}", back), fmt::format("{}", r));
  EXPECT_EQ(to_markdown(back), to_markdown(r));
}

TEST(ReportJson, BenchmarkReportRejectsBadIndices) {
  nlohmann::json j = make_benchmark_report(two_models(), fast());
  nlohmann::json bad = j;
  bad["comparisons"][0]["candidate"] = 9;
  EXPECT_THROW((void)bad.get<benchmark_report>(), std::invalid_argument);
  bad = j;
  bad["pareto"]["all"] = {7};
  EXPECT_THROW((void)bad.get<benchmark_report>(), std::invalid_argument);
  bad = j;
  bad["groups"][0]["comparisons"] = {0, 12};
  EXPECT_THROW((void)bad.get<benchmark_report>(), std::invalid_argument);
}

namespace {
// Summaries only (no bootstrap), so that the text is fixed.
benchmark_report small_report() {
  benchmark_run a = with_latency(named("A fp32", {{"model", "A"}, {"precision", "fp32"}}), {18, 20, 22}, false);
  benchmark_run b = with_latency(named("A fp16", {{"model", "A"}, {"precision", "fp16"}}), {9, 10, 11}, false);
  a.set_detection(voc_of(0.7, 0.72));
  b.set_detection(voc_of(0.69, 0.71));
  a = with_hardware(a, {sample(0, 5000, 1000, 0, 40), sample(2, 5000, 1200, 4, 43)}, 100);  // 10 J: 100 mJ each
  b = with_hardware(b, {sample(0, 4000, 900, 0, 40), sample(2, 4000, 1000, 0, 41)}, 4);     // 8 J: 2 J each
  b.notes = {"no labels.csv"};
  benchmark_run c = named("C", {{"model", "C"}});
  c.set_classification(classification_of(90, 4, 6));
  return make_benchmark_report({a, b, c});
}
}  // namespace

TEST(ReportFmt, ConsoleForm) {
  const std::string text = fmt::format("{}", small_report());
  const std::string want =
      "=== Benchmark report: 3 runs ===\n"
      "run         accuracy  median ms  p99 ms    FPS  items/s  power W  energy/inf  temp chg C  swap chg MB  "
      "peak RAM MB\n"
      "A fp32  0.7000 mAP07      20.00   22.00   50.0     50.0     5.00   100.00 mJ        +3.0         +4.0         "
      "1200\n"
      "A fp16  0.6900 mAP07      10.00   11.00  100.0    100.0     4.00     2.000 J        +1.0         +0.0         "
      "1000\n"
      "C       0.9400 top-1          -       -      -        -        -           -           -            -           "
      " "
      "-\n"
      "\n"
      "Comparisons (runs that differ in one attribute; speedup = baseline / candidate):\n"
      "  A fp16 vs A fp32 (precision: fp32 -> fp16): median speedup 2.000x, improvement 50.0 % (from the summaries: "
      "no interval, no test); accuracy -0.0100; energy/inference +1900.0 %\n"
      "\n"
      "Pareto fronts (accuracy up, median latency and energy per inference down):\n"
      "  accuracy vs latency:          A fp32, A fp16\n"
      "  accuracy vs energy:           A fp32\n"
      "  accuracy, latency and energy: A fp32, A fp16\n"
      "\n"
      "Verdicts (p99 latency <= 100 ms, accuracy >= 0.85):\n"
      "  A fp32: fail (latency pass, accuracy fail, power unknown)\n"
      "  A fp16: fail (latency pass, accuracy fail, power unknown)\n"
      "  C: unknown (latency unknown, accuracy pass, power unknown)\n";
  EXPECT_EQ(text.substr(0, want.size()), want);
  EXPECT_NE(text.find("    warning: "), std::string::npos);  // C: accuracy hides poor recall
  EXPECT_NE(text.find("\nNotes:\n  A fp16: no labels.csv\n"), std::string::npos);
}

TEST(ReportFmt, Markdown) {
  const std::string md = to_markdown(small_report());
  EXPECT_EQ(md.rfind("## Benchmark report\n\n| run | accuracy | median ms |", 0), 0u);
  EXPECT_NE(md.find("|---|---:|---:|"), std::string::npos);
  EXPECT_NE(md.find("| A fp32 | 0.7000 mAP07 | 20.00 | 22.00 | 50.0 | 50.0 | 5.00 | 100.00 mJ | +3.0 | +4.0 | 1200 |"),
            std::string::npos);
  EXPECT_NE(md.find("| C | 0.9400 top-1 | - | - | - | - | - | - | - | - | - |"), std::string::npos);
  EXPECT_NE(md.find("### Comparisons"), std::string::npos);
  EXPECT_NE(md.find("| A fp32 | A fp16 | precision | fp32 -> fp16 | 2.000 | - | 50.0 | - | - | -0.0100 | +1900.0 |"),
            std::string::npos);
  EXPECT_EQ(md.find("### Speedup groups"), std::string::npos);  // one model: no group
  EXPECT_NE(md.find("- accuracy vs energy: A fp32\n"), std::string::npos);
  EXPECT_NE(md.find("| A fp32 | fail | pass | fail | unknown | - |"), std::string::npos);
  EXPECT_NE(md.find("### Notes\n\n- A fp16: no labels.csv\n"), std::string::npos);
  // Cells are escaped.
  benchmark_report r = small_report();
  r.rows[0].run = "a|b_c";
  EXPECT_NE(to_markdown(r).find("| a\\|b\\_c |"), std::string::npos);
}

TEST(ReportFmt, GroupsAndSignificance) {
  const benchmark_report r = make_benchmark_report(two_models(), fast());
  const std::string text = fmt::format("{}", r);
  EXPECT_NE(
      text.find("Speedup groups (the same change over several models):\n  precision: fp32 -> fp16 over 2 models: "),
      std::string::npos);
  EXPECT_NE(text.find("% CI "), std::string::npos);
  EXPECT_NE(text.find("Mann-Whitney p = "), std::string::npos);
  EXPECT_NE(to_markdown(r).find("### Speedup groups"), std::string::npos);
}
