// edgemetrics: nlohmann-json support (to_json / from_json) for the report area: a benchmark run
// (kind "benchmark_run") and the report over several runs (kind "benchmark_report"), both in the
// common envelope. Field by field: docs/json.md, sections "benchmark_run" and "benchmark_report".
//
// A run's parts are written with their areas' own to_json (each a whole report with its own
// envelope: "classification", "voc_eval", "latency", "tegrastats") and read back with their
// from_json; an absent part is null. NaN is written as null and read back as NaN. from_json
// throws std::invalid_argument on a wrong kind, schema or enum name and nlohmann's exceptions on
// a missing or mistyped field.
#ifndef EDGEMETRICS_JSON_REPORT_HPP
#define EDGEMETRICS_JSON_REPORT_HPP

#include <edgemetrics/json/classification.hpp>
#include <edgemetrics/json/common.hpp>
#include <edgemetrics/json/detection.hpp>
#include <edgemetrics/json/hardware.hpp>
#include <edgemetrics/json/timing.hpp>
#include <edgemetrics/report/benchmark_report.hpp>
#include <edgemetrics/report/run.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace edgemetrics {

namespace detail {

/// Numbers with NaN as null, both ways.
inline nlohmann::json numbers_or_null(const std::vector<double>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (const double x : v) a.push_back(number_or_null(x));
  return a;
}
inline std::vector<double> numbers_or_nan(const nlohmann::json& a) {
  if (!a.is_array()) throw std::invalid_argument("edgemetrics: expected an array of numbers");
  std::vector<double> v;
  v.reserve(a.size());
  for (const nlohmann::json& x : a) v.push_back(number_or_nan(x));
  return v;
}
/// An optional number: null when absent or NaN.
inline nlohmann::json optional_number(const std::optional<double>& x) {
  return x && !std::isnan(*x) ? nlohmann::json(*x) : nlohmann::json(nullptr);
}
inline std::optional<double> optional_number_from(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<double>();
}

}  // namespace detail

// ---- the parts of a run ----

inline void to_json(nlohmann::json& j, const run_attribute& a) {
  j = nlohmann::json{{"name", a.name}, {"value", a.value}};
}
inline void from_json(const nlohmann::json& j, run_attribute& a) {
  a.name = j.at("name").get<std::string>();
  a.value = j.at("value").get<std::string>();
}

/// {"parameters", "mult_adds", "flops"}: null when not given.
inline void to_json(nlohmann::json& j, const model_facts& m) {
  j = nlohmann::json{{"parameters", detail::optional_number(m.parameters)},
                     {"mult_adds", detail::optional_number(m.mult_adds)},
                     {"flops", detail::optional_number(m.flops)}};
}
inline void from_json(const nlohmann::json& j, model_facts& m) {
  m = model_facts{};
  m.parameters = detail::optional_number_from(j, "parameters");
  m.mult_adds = detail::optional_number_from(j, "mult_adds");
  m.flops = detail::optional_number_from(j, "flops");
}

/// {"name", "recall": [...], "precision": [...]} (NaN precision as null).
inline void to_json(nlohmann::json& j, const named_pr_curve& c) {
  j = nlohmann::json{{"name", c.name},
                     {"recall", detail::numbers_or_null(c.curve.recall)},
                     {"precision", detail::numbers_or_null(c.curve.precision)}};
}
inline void from_json(const nlohmann::json& j, named_pr_curve& c) {
  c = named_pr_curve{};
  c.name = j.at("name").get<std::string>();
  c.curve.recall = detail::numbers_or_nan(j.at("recall"));
  c.curve.precision = detail::numbers_or_nan(j.at("precision"));
  if (c.curve.recall.size() != c.curve.precision.size()) {
    throw std::invalid_argument("edgemetrics: PR curve '" + c.name + "': recall and precision differ in length");
  }
}

/// {"report": the voc_eval report, "curves": [named_pr_curve...]}.
inline void to_json(nlohmann::json& j, const detection_part& d) {
  j = nlohmann::json{{"report", d.report}, {"curves", d.curves}};
}
inline void from_json(const nlohmann::json& j, detection_part& d) {
  d = detection_part{};
  d.report = j.at("report").get<voc_report>();
  d.curves = j.at("curves").get<std::vector<named_pr_curve>>();
}

/// {"report": the latency report, "samples_ms": [...]}.
inline void to_json(nlohmann::json& j, const latency_part& l) {
  j = nlohmann::json{{"report", l.report}, {"samples_ms", l.samples_ms}};
}
inline void from_json(const nlohmann::json& j, latency_part& l) {
  l = latency_part{};
  l.report = j.at("report").get<latency_report>();
  l.samples_ms = j.at("samples_ms").get<std::vector<double>>();
}

inline void to_json(nlohmann::json& j, const inference_window& w) {
  j = nlohmann::json{{"start_s", w.start_s}, {"end_s", w.end_s}, {"inferences", w.inferences}};
}
inline void from_json(const nlohmann::json& j, inference_window& w) {
  w.start_s = j.at("start_s").get<double>();
  w.end_s = j.at("end_s").get<double>();
  w.inferences = j.at("inferences").get<std::uint64_t>();
}

/// {"report": the tegrastats report, "temperature_sensor", "trace": {"time_s": [...],
/// "power_mw": [...], "temperature_c": [...], "ram_mb": [...], "swap_mb": [...]} (columns of
/// equal length, NaN as null), "windows": [{"start_s", "end_s", "inferences"}]}.
inline void to_json(nlohmann::json& j, const hardware_part& h) {
  std::vector<double> t, p, c, r, s;
  t.reserve(h.trace.size());
  p.reserve(h.trace.size());
  c.reserve(h.trace.size());
  r.reserve(h.trace.size());
  s.reserve(h.trace.size());
  for (const trace_point& x : h.trace) {
    t.push_back(x.time_s);
    p.push_back(x.power_mw);
    c.push_back(x.temperature_c);
    r.push_back(x.ram_mb);
    s.push_back(x.swap_mb);
  }
  j = nlohmann::json{{"report", h.report},
                     {"temperature_sensor", h.temperature_sensor},
                     {"trace",
                      {{"time_s", detail::numbers_or_null(t)},
                       {"power_mw", detail::numbers_or_null(p)},
                       {"temperature_c", detail::numbers_or_null(c)},
                       {"ram_mb", detail::numbers_or_null(r)},
                       {"swap_mb", detail::numbers_or_null(s)}}},
                     {"windows", h.windows}};
}
inline void from_json(const nlohmann::json& j, hardware_part& h) {
  h = hardware_part{};
  h.report = j.at("report").get<tegrastats_report>();
  h.temperature_sensor = j.at("temperature_sensor").get<std::string>();
  const nlohmann::json& tr = j.at("trace");
  const std::vector<double> t = detail::numbers_or_nan(tr.at("time_s"));
  const std::vector<double> p = detail::numbers_or_nan(tr.at("power_mw"));
  const std::vector<double> c = detail::numbers_or_nan(tr.at("temperature_c"));
  const std::vector<double> r = detail::numbers_or_nan(tr.at("ram_mb"));
  const std::vector<double> s = detail::numbers_or_nan(tr.at("swap_mb"));
  if (p.size() != t.size() || c.size() != t.size() || r.size() != t.size() || s.size() != t.size()) {
    throw std::invalid_argument("edgemetrics: hardware trace columns differ in length");
  }
  h.trace.reserve(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) h.trace.push_back({t[i], p[i], c[i], r[i], s[i]});
  h.windows = j.at("windows").get<std::vector<inference_window>>();
}

/// Kind "benchmark_run": the envelope (options {}), then "name", "attributes" ([{"name",
/// "value"}] in order), "model", "classification", "detection", "latency", "hardware" (null
/// when absent) and "notes".
inline void to_json(nlohmann::json& j, const benchmark_run& r) {
  j = detail::make_envelope("benchmark_run", report_info{}, nlohmann::json::object());
  j["name"] = r.name;
  j["attributes"] = r.attributes;
  j["model"] = r.model;
  j["classification"] = detail::optional_or_null(r.classification);
  j["detection"] = detail::optional_or_null(r.detection);
  j["latency"] = detail::optional_or_null(r.latency);
  j["hardware"] = detail::optional_or_null(r.hardware);
  j["notes"] = r.notes;
}
inline void from_json(const nlohmann::json& j, benchmark_run& r) {
  r = benchmark_run{};
  (void)detail::read_envelope(j, "benchmark_run");
  r.name = j.at("name").get<std::string>();
  for (const run_attribute& a : j.at("attributes").get<std::vector<run_attribute>>()) {
    if (r.attribute(a.name)) throw std::invalid_argument("edgemetrics: run attribute '" + a.name + "' repeated");
    r.attributes.push_back(a);
  }
  r.model = j.at("model").get<model_facts>();
  r.classification = detail::optional_from<classification_report>(j, "classification");
  r.detection = detail::optional_from<detection_part>(j, "detection");
  r.latency = detail::optional_from<latency_part>(j, "latency");
  r.hardware = detail::optional_from<hardware_part>(j, "hardware");
  r.notes = j.value("notes", std::vector<std::string>{});
}

// ---- the report ----

/// {"budgets": {"latency_ms", "latency_percentile", "min_accuracy", "max_power_mw",
/// "max_energy_per_inference_j"} (null: no budget), "resamples", "confidence", "seed",
/// "significance"}.
inline void to_json(nlohmann::json& j, const benchmark_report_options& o) {
  const report_budgets& b = o.budgets;
  j = nlohmann::json{{"budgets",
                      {{"latency_ms", detail::optional_number(b.latency_ms)},
                       {"latency_percentile", b.latency_percentile},
                       {"min_accuracy", detail::optional_number(b.min_accuracy)},
                       {"max_power_mw", detail::optional_number(b.max_power_mw)},
                       {"max_energy_per_inference_j", detail::optional_number(b.max_energy_per_inference_j)}}},
                     {"resamples", o.compare.resamples},
                     {"confidence", o.compare.confidence},
                     {"seed", o.compare.seed},
                     {"significance", o.significance}};
}
inline void from_json(const nlohmann::json& j, benchmark_report_options& o) {
  o = benchmark_report_options{};
  const nlohmann::json& b = j.at("budgets");
  o.budgets.latency_ms = detail::optional_number_from(b, "latency_ms");
  o.budgets.latency_percentile = b.at("latency_percentile").get<double>();
  o.budgets.min_accuracy = detail::optional_number_from(b, "min_accuracy");
  o.budgets.max_power_mw = detail::optional_number_from(b, "max_power_mw");
  o.budgets.max_energy_per_inference_j = detail::optional_number_from(b, "max_energy_per_inference_j");
  o.compare = j.get<compare_options>();
  o.significance = j.at("significance").get<double>();
}

inline void to_json(nlohmann::json& j, const run_verdict& v) {
  j = nlohmann::json{{"latency", v.latency},
                     {"accuracy", v.accuracy},
                     {"power", v.power},
                     {"overall", v.overall},
                     {"warnings", v.warnings}};
}
inline void from_json(const nlohmann::json& j, run_verdict& v) {
  v = run_verdict{};
  v.latency = j.at("latency").get<verdict_status>();
  v.accuracy = j.at("accuracy").get<verdict_status>();
  v.power = j.at("power").get<verdict_status>();
  v.overall = j.at("overall").get<verdict_status>();
  v.warnings = j.at("warnings").get<std::vector<std::string>>();
}

namespace detail {
/// The latency of a comparison: as timing's "comparison" object, every number NaN-safe;
/// "mann_whitney" null when compared on the summaries.
inline nlohmann::json comparison_json(const comparison& c, bool from_samples) {
  using detail::number_or_null;
  return nlohmann::json{{"baseline_count", c.baseline_count},
                        {"candidate_count", c.candidate_count},
                        {"baseline_median_ms", number_or_null(c.baseline_median_ms)},
                        {"candidate_median_ms", number_or_null(c.candidate_median_ms)},
                        {"baseline_mean_ms", number_or_null(c.baseline_mean_ms)},
                        {"candidate_mean_ms", number_or_null(c.candidate_mean_ms)},
                        {"median_speedup", number_or_null(c.median_speedup)},
                        {"mean_speedup", number_or_null(c.mean_speedup)},
                        {"improvement_percent", number_or_null(c.improvement_percent)},
                        {"speedup_ci", {number_or_null(c.speedup_ci_low), number_or_null(c.speedup_ci_high)}},
                        {"confidence", number_or_null(c.confidence)},
                        {"mann_whitney", from_samples ? nlohmann::json(c.mann_whitney) : nlohmann::json(nullptr)}};
}
inline comparison comparison_from_json(const nlohmann::json& j) {
  using detail::number_or_nan;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  comparison c;
  c.baseline_count = j.at("baseline_count").get<std::size_t>();
  c.candidate_count = j.at("candidate_count").get<std::size_t>();
  c.baseline_median_ms = number_or_nan(j.at("baseline_median_ms"));
  c.candidate_median_ms = number_or_nan(j.at("candidate_median_ms"));
  c.baseline_mean_ms = number_or_nan(j.at("baseline_mean_ms"));
  c.candidate_mean_ms = number_or_nan(j.at("candidate_mean_ms"));
  c.median_speedup = number_or_nan(j.at("median_speedup"));
  c.mean_speedup = number_or_nan(j.at("mean_speedup"));
  c.improvement_percent = number_or_nan(j.at("improvement_percent"));
  const nlohmann::json& ci = j.at("speedup_ci");
  if (!ci.is_array() || ci.size() != 2) throw std::invalid_argument("edgemetrics: speedup_ci must be [low, high]");
  c.speedup_ci_low = number_or_nan(ci[0]);
  c.speedup_ci_high = number_or_nan(ci[1]);
  c.confidence = number_or_nan(j.at("confidence"));
  const nlohmann::json& mw = j.at("mann_whitney");
  if (mw.is_null()) {
    c.mann_whitney = {nan, nan, nan, nan};
  } else {
    c.mann_whitney.u_baseline = number_or_nan(mw.at("u_baseline"));
    c.mann_whitney.u_candidate = number_or_nan(mw.at("u_candidate"));
    c.mann_whitney.z = number_or_nan(mw.at("z"));
    c.mann_whitney.p_value = number_or_nan(mw.at("p_value"));
  }
  return c;
}
}  // namespace detail

/// {"baseline", "candidate" (indices into "runs"), "attribute", "baseline_value",
/// "candidate_value", "has_latency", "from_samples", "latency" (null without latency),
/// "significant", "accuracy_change", "energy_change_percent" (null when unknown)}.
inline void to_json(nlohmann::json& j, const run_comparison& c) {
  j = nlohmann::json{
      {"baseline", c.baseline},
      {"candidate", c.candidate},
      {"attribute", c.attribute},
      {"baseline_value", c.baseline_value},
      {"candidate_value", c.candidate_value},
      {"has_latency", c.has_latency},
      {"from_samples", c.from_samples},
      {"latency", c.has_latency ? detail::comparison_json(c.latency, c.from_samples) : nlohmann::json(nullptr)},
      {"significant", c.significant},
      {"accuracy_change", detail::optional_number(c.accuracy_change)},
      {"energy_change_percent", detail::optional_number(c.energy_change_percent)}};
}
inline void from_json(const nlohmann::json& j, run_comparison& c) {
  c = run_comparison{};
  c.baseline = j.at("baseline").get<std::size_t>();
  c.candidate = j.at("candidate").get<std::size_t>();
  c.attribute = j.at("attribute").get<std::string>();
  c.baseline_value = j.at("baseline_value").get<std::string>();
  c.candidate_value = j.at("candidate_value").get<std::string>();
  c.has_latency = j.at("has_latency").get<bool>();
  c.from_samples = j.at("from_samples").get<bool>();
  const nlohmann::json& l = j.at("latency");
  if (!l.is_null()) c.latency = detail::comparison_from_json(l);
  c.significant = j.at("significant").get<bool>();
  c.accuracy_change = detail::optional_number_from(j, "accuracy_change");
  c.energy_change_percent = detail::optional_number_from(j, "energy_change_percent");
}

/// {"attribute", "baseline_value", "candidate_value", "comparisons" (indices), "aggregate"}.
inline void to_json(nlohmann::json& j, const speedup_group& g) {
  j = nlohmann::json{{"attribute", g.attribute},
                     {"baseline_value", g.baseline_value},
                     {"candidate_value", g.candidate_value},
                     {"comparisons", g.comparisons},
                     {"aggregate", g.aggregate}};
}
inline void from_json(const nlohmann::json& j, speedup_group& g) {
  g = speedup_group{};
  g.attribute = j.at("attribute").get<std::string>();
  g.baseline_value = j.at("baseline_value").get<std::string>();
  g.candidate_value = j.at("candidate_value").get<std::string>();
  g.comparisons = j.at("comparisons").get<std::vector<std::size_t>>();
  g.aggregate = j.at("aggregate").get<aggregate_comparison>();
}

namespace detail {

/// One entry of the report's "runs": the run's identity, its row and its verdict, with the
/// latency summary (first stage) and the energy of its parts for readers of the JSON.
inline nlohmann::json report_run_json(const benchmark_run& run, const report_row& row, const run_verdict& v) {
  nlohmann::json e = nlohmann::json::object();
  e["name"] = run.name;
  e["attributes"] = run.attributes;
  e["model"] = run.model;
  e["accuracy_source"] = row.source;
  e["accuracy"] = optional_number(row.accuracy);
  e["map_voc07"] = optional_number(row.map_voc07);
  e["map_voc10"] = optional_number(row.map_voc10);
  nlohmann::json latency = nlohmann::json{{"median_ms", optional_number(row.median_ms)},
                                          {"p99_ms", optional_number(row.p99_ms)},
                                          {"fps", optional_number(row.fps)},
                                          {"throughput_per_s", optional_number(row.throughput_per_s)},
                                          {"total_s", optional_number(row.total_s)},
                                          {"stage", nullptr},
                                          {"label", nullptr},
                                          {"summary", nullptr}};
  if (run.latency && !run.latency->report.stages.empty()) {
    const latency_stage_report& stage = run.latency->report.stages.front();
    latency["stage"] = stage.name;
    latency["label"] = stage.label;
    latency["summary"] = stage.summary;
  }
  e["latency"] = std::move(latency);
  nlohmann::json power = nlohmann::json{{"mean_power_mw", optional_number(row.mean_power_mw)},
                                        {"energy_per_inference_j", optional_number(row.energy_per_inference_j)},
                                        {"temperature_sensor", nullptr},
                                        {"temperature_change_c", optional_number(row.temperature_change_c)},
                                        {"swap_change_mb", optional_number(row.swap_change_mb)},
                                        {"peak_ram_mb", optional_number(row.peak_ram_mb)},
                                        {"power_mw", nullptr},
                                        {"energy", nullptr}};
  if (run.hardware) {
    if (!run.hardware->temperature_sensor.empty()) power["temperature_sensor"] = run.hardware->temperature_sensor;
    power["power_mw"] = run.hardware->report.summary.power_mw;
    power["energy"] = optional_or_null(run.hardware->report.summary.energy);
  }
  e["power"] = std::move(power);
  e["verdict"] = v;
  return e;
}

inline void report_run_from_json(const nlohmann::json& e, benchmark_run& run, report_row& row, run_verdict& v) {
  run = benchmark_run{};
  run.name = e.at("name").get<std::string>();
  run.attributes = e.at("attributes").get<std::vector<run_attribute>>();
  run.model = e.at("model").get<model_facts>();
  row = report_row{};
  row.run = run.name;
  row.source = e.at("accuracy_source").get<accuracy_source>();
  row.accuracy = optional_number_from(e, "accuracy");
  row.map_voc07 = optional_number_from(e, "map_voc07");
  row.map_voc10 = optional_number_from(e, "map_voc10");
  const nlohmann::json& l = e.at("latency");
  row.median_ms = optional_number_from(l, "median_ms");
  row.p99_ms = optional_number_from(l, "p99_ms");
  row.fps = optional_number_from(l, "fps");
  row.throughput_per_s = optional_number_from(l, "throughput_per_s");
  row.total_s = optional_number_from(l, "total_s");
  const nlohmann::json& p = e.at("power");
  row.mean_power_mw = optional_number_from(p, "mean_power_mw");
  row.energy_per_inference_j = optional_number_from(p, "energy_per_inference_j");
  row.temperature_change_c = optional_number_from(p, "temperature_change_c");
  row.swap_change_mb = optional_number_from(p, "swap_change_mb");
  row.peak_ram_mb = optional_number_from(p, "peak_ram_mb");
  if (const nlohmann::json& summary = l.at("summary"); !summary.is_null()) {
    latency_part part;
    part.report.stages.push_back(
        {l.at("stage").get<std::string>(), l.at("label").get<std::string>(), summary.get<latency_summary>()});
    run.latency = std::move(part);
  }
  if (const nlohmann::json& power_mw = p.at("power_mw"); !power_mw.is_null()) {
    hardware_part part;
    part.temperature_sensor = optional_from<std::string>(p, "temperature_sensor").value_or(std::string());
    part.report.summary.power_mw = power_mw.get<metric_summary>();
    part.report.summary.energy = optional_from<energy_result>(p, "energy");
    run.hardware = std::move(part);
  }
  v = e.at("verdict").get<run_verdict>();
}

}  // namespace detail

/// Kind "benchmark_report": the envelope (options: benchmark_report_options), then "runs" (one
/// entry per run: name, attributes, model, accuracy, latency, power, verdict), "comparisons",
/// "groups", "pareto" ({"accuracy_latency", "accuracy_energy", "all"}: indices into "runs")
/// and "notes".
///
/// Read back, the report has every row, comparison, group, front, verdict and note; its runs
/// carry their name, attributes and model facts, the first latency stage (name, label,
/// summary) and the power summary and energy written in their entry, nothing else (the whole
/// parts are in the runs' own "benchmark_run" files). Writing it again gives the same JSON.
inline void to_json(nlohmann::json& j, const benchmark_report& r) {
  j = detail::make_envelope("benchmark_report", r.info, r.options);
  nlohmann::json runs = nlohmann::json::array();
  for (std::size_t i = 0; i < r.runs.size(); ++i) {
    static const report_row no_row{};
    static const run_verdict no_verdict{};
    runs.push_back(detail::report_run_json(r.runs[i], i < r.rows.size() ? r.rows[i] : no_row,
                                           i < r.verdicts.size() ? r.verdicts[i] : no_verdict));
  }
  j["runs"] = std::move(runs);
  j["comparisons"] = r.comparisons;
  j["groups"] = r.groups;
  j["pareto"] = nlohmann::json{{"accuracy_latency", r.pareto_accuracy_latency},
                               {"accuracy_energy", r.pareto_accuracy_energy},
                               {"all", r.pareto}};
  j["notes"] = r.notes;
}
inline void from_json(const nlohmann::json& j, benchmark_report& r) {
  r = benchmark_report{};
  r.info = detail::read_envelope(j, "benchmark_report");
  r.options = j.at("options").get<benchmark_report_options>();
  const nlohmann::json& runs = j.at("runs");
  if (!runs.is_array()) throw std::invalid_argument("edgemetrics: benchmark_report: runs must be an array");
  for (const nlohmann::json& e : runs) {
    benchmark_run run;
    report_row row;
    run_verdict v;
    detail::report_run_from_json(e, run, row, v);
    r.runs.push_back(std::move(run));
    r.rows.push_back(std::move(row));
    r.verdicts.push_back(std::move(v));
  }
  const std::size_t n = r.runs.size();
  const auto check_index = [n](std::size_t i, const char* what) {
    if (i >= n) {
      throw std::invalid_argument(std::string("edgemetrics: benchmark_report: ") + what + " " + std::to_string(i) +
                                  " is not a run index (runs: " + std::to_string(n) + ")");
    }
  };
  r.comparisons = j.at("comparisons").get<std::vector<run_comparison>>();
  for (const run_comparison& c : r.comparisons) {
    check_index(c.baseline, "comparison baseline");
    check_index(c.candidate, "comparison candidate");
  }
  r.groups = j.at("groups").get<std::vector<speedup_group>>();
  for (const speedup_group& g : r.groups) {
    for (const std::size_t k : g.comparisons) {
      if (k >= r.comparisons.size()) {
        throw std::invalid_argument("edgemetrics: benchmark_report: group comparison " + std::to_string(k) +
                                    " is not a comparison index");
      }
    }
  }
  const nlohmann::json& p = j.at("pareto");
  r.pareto_accuracy_latency = p.at("accuracy_latency").get<std::vector<std::size_t>>();
  r.pareto_accuracy_energy = p.at("accuracy_energy").get<std::vector<std::size_t>>();
  r.pareto = p.at("all").get<std::vector<std::size_t>>();
  for (const auto* front : {&r.pareto_accuracy_latency, &r.pareto_accuracy_energy, &r.pareto}) {
    for (const std::size_t i : *front) check_index(i, "Pareto front entry");
  }
  r.notes = j.at("notes").get<std::vector<std::string>>();
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_JSON_REPORT_HPP
