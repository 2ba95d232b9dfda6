// edgemetrics-latency: latency statistics of one run (a trtexec-like summary per stage) or
// a comparison of two runs (speedups, bootstrap interval, Mann-Whitney U).
//
//   edgemetrics-latency run.json                       # trtexec --exportTimes, CSV or JSON array
//   edgemetrics-latency --baseline fp32.json --candidate fp16.json
//   edgemetrics-latency --models models.csv --covariate gflops   # aggregate over models
//   edgemetrics-latency run.csv --column inference_ms --percentiles 50,90,99 --rule trtexec
//                       --budget-ms 100 --json report.json   (one command line)
#include <edgemetrics/io.hpp>
#include <edgemetrics/fmt/timing.hpp>
#include <edgemetrics/json/timing.hpp>
#include <edgemetrics/timing.hpp>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <edgemetrics/detail/parse.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace em = edgemetrics;

namespace {

struct settings {
  std::string input, baseline, candidate, json_out, models;
  std::vector<std::string> columns;
  std::vector<double> percentiles = em::default_percentiles();
  std::string rule = "nearest_rank";
  double budget_ms = 0;
  double budget_percentile = 99;
  std::size_t warmup = 0;
  double warmup_ms = 0;
  bool no_header = false;
  std::size_t batch = 1;
  std::string stage;
  std::string covariate;
  std::size_t resamples = 2000;
  std::uint64_t seed = 20240601;
  double confidence = 0.95;
};

// trtexec's labels for its stages; other stages keep their names.
std::string label(const std::string& stage) {
  if (stage == "latency") return "Latency";
  if (stage == "end_to_end") return "End-to-End Host Latency";
  if (stage == "enqueue") return "Enqueue Time";
  if (stage == "h2d") return "H2D Latency";
  if (stage == "compute") return "GPU Compute Time";
  if (stage == "d2h") return "D2H Latency";
  return stage;
}

em::latency_trace load(const std::string& path, const settings& s) {
  em::trtexec_options t;
  t.warmup_ms = s.warmup_ms;
  em::latency_trace trace;
  bool trtexec_file = false;
  if (s.columns.size() > 1) {
    for (const auto& c : s.columns) {
      em::csv_options o;
      o.column = c;
      o.header = !s.no_header;
      trace.stages.push_back({c, em::read_latency_csv(path, o)});
    }
  } else {
    em::csv_options o;
    if (!s.columns.empty()) o.column = s.columns.front();
    o.header = !s.no_header;
    trace = em::read_latency_file(path, o, t);
    // Only trtexec --exportTimes files have these stages (and a wall window).
    trtexec_file =
        trace.stages.size() == 6 && trace.stages.front().name == "latency" && trace.stages[4].name == "compute";
  }
  if (s.warmup_ms > 0 && !trtexec_file) {
    throw em::parse_error(
        path, 0, "--warmup-ms",
        "applies to trtexec --exportTimes files only (this is a CSV or a JSON array); use --warmup N");
  }
  // Warm-up by count: the first N samples of every stage (all stages have the same length
  // except for CSV columns read separately; report what the first stage actually lost).
  std::size_t dropped = 0;
  for (std::size_t i = 0; i < trace.stages.size(); ++i) {
    auto& st = trace.stages[i];
    const std::size_t drop = std::min(s.warmup, st.ms.size());
    if (i == 0) dropped = drop;
    st.ms.erase(st.ms.begin(), st.ms.begin() + static_cast<std::ptrdiff_t>(drop));
  }
  trace.warmup_excluded += dropped;
  if (trace.stages.empty() || trace.stages.front().ms.empty()) {
    throw em::parse_error(path, 0, "",
                          dropped > 0
                              ? "no latencies left to summarise (--warmup dropped all " + std::to_string(dropped) + ")"
                              : std::string("no latencies left to summarise"));
  }
  return trace;
}

em::summary_options summary_opts(const settings& s, const em::latency_trace& t) {
  em::summary_options o;
  o.percentiles = s.percentiles;
  o.rule = em::parse_percentile_rule(s.rule);
  o.batch_size = s.batch;
  o.wall_ms = t.wall_ms;
  return o;
}

nlohmann::json summarise(const std::string& path, const settings& s) {
  const em::latency_trace trace = load(path, s);
  const em::summary_options o = summary_opts(s, trace);
  nlohmann::json report{{"schema", 1}, {"input", path}, {"rule", o.rule}, {"batch_size", o.batch_size}};
  std::vector<em::latency_summary> sums;
  for (const auto& st : trace.stages) sums.push_back(em::summarize(st.ms, o));
  const em::latency_summary& main = sums.front();
  fmt::print("=== Performance summary: {} ({} queries, rule {}) ===\n", path, main.count, o.rule);
  if (trace.warmup_excluded > 0) fmt::print("Warm-up excluded: {} queries\n", trace.warmup_excluded);
  fmt::print("Throughput: {:g} qps ({} window {:g} ms, batch {})\n", main.throughput_per_s,
             trace.wall_ms > 0 ? "wall" : "sum-of-latencies", main.wall_ms, main.batch_size);
  nlohmann::json stages = nlohmann::json::object();
  for (std::size_t i = 0; i < sums.size(); ++i) {
    fmt::print("{}: {}\n", label(trace.stages[i].name), sums[i]);
    stages[trace.stages[i].name] = sums[i];
  }
  if (trace.wall_ms > 0) fmt::print("Total Host Walltime: {:g} s\n", trace.wall_ms / 1000);
  for (std::size_t i = 0; i < sums.size(); ++i) {
    if (trace.stages[i].name == "compute") fmt::print("Total GPU Compute Time: {:g} s\n", sums[i].total_ms / 1000);
  }
  fmt::print("{} spread: stddev (sample) = {:g} ms, CV = {:.2f} %, FPS = {:g}, total = {:g} ms\n",
             label(trace.stages.front().name), main.stddev_sample_ms, 100 * main.cv, main.fps, main.total_ms);
  fmt::print("Real-time guide (median): {} (< 100 ms good for real time, > 500 ms laggy)\n",
             em::classify_latency(main.median_ms));
  report["stages"] = stages;
  if (s.budget_ms > 0) {
    em::budget_options b;
    b.budget_ms = s.budget_ms;
    b.percentile = s.budget_percentile;
    b.rule = o.rule;
    const em::budget_verdict v = em::check_budget(trace.stages.front().ms, b);
    fmt::print("Budget: p{:g} = {:g} ms {} {:g} ms: {}; deadline misses {} / {} ({:.2f} %)\n", v.percentile,
               v.percentile_ms, v.met ? "<=" : ">", v.budget_ms, v.met ? "MET" : "MISSED", v.misses, v.count,
               100 * v.miss_rate);
    const bool es_applicable = v.percentile > 0 && v.percentile < 100;
    if (!es_applicable) {
      fmt::print("MLPerf early stopping: not applicable at p{:g} (defined for 0 < p < 100)\n", v.percentile);
    } else if (v.early_stopping.enough) {
      fmt::print(
          "MLPerf early stopping: p{:g} estimate {:g} ms (99 % confidence, {} highest discarded); "
          "budget met with confidence: {}\n",
          v.percentile, v.early_stopping.estimate_ms, v.early_stopping.discarded, v.met_with_confidence ? "yes" : "no");
    } else {
      fmt::print("MLPerf early stopping: needs at least {} queries for p{:g} (have {})\n", v.early_stopping.min_queries,
                 v.percentile, v.count);
    }
    report["budget"] = v;
    if (!es_applicable) report["budget"]["early_stopping"] = nullptr;
  }
  return report;
}

// Reads the --models CSV: a header naming baseline_ms, candidate_ms (and the covariate if one
// is asked for), then one row per model. Every value is checked here, before anything is
// printed: times must be > 0 and <= 1e15 ms, the covariate finite. Errors name file:line:column.
std::vector<em::model_result> read_models(const std::string& path, const std::string& covariate) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<em::model_result> models;
  std::vector<std::string_view> fields;
  std::string raw;
  std::size_t line_no = 0;
  bool have_header = false;
  std::size_t ib = 0, ic = 0, iv = 0;
  const auto find = [&](const std::string& name) -> std::size_t {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (em::detail::trim(fields[i]) == name) return i;
    }
    throw em::parse_error(path, line_no, name, "no such column in the header");
  };
  while (std::getline(in, raw)) {
    ++line_no;
    const std::string_view line = em::detail::trim(raw);
    if (line.empty() || line.front() == '#') continue;
    em::detail::split(line, ',', fields);
    if (!have_header) {
      have_header = true;
      ib = find("baseline_ms");
      ic = find("candidate_ms");
      if (!covariate.empty()) iv = find(covariate);
      continue;
    }
    const auto value = [&](std::size_t col, const std::string& name, bool is_time) {
      if (col >= fields.size()) {
        throw em::parse_error(path, line_no, name,
                              "missing field (line has " + std::to_string(fields.size()) + " fields)");
      }
      const std::string_view f = em::detail::trim(fields[col]);
      double x = 0;
      if (!em::detail::parse_number(f, x))
        throw em::parse_error(path, line_no, name, "'" + std::string(f) + "' is not a number");
      if (is_time && !(x > 0 && x <= em::max_latency_ms)) {
        throw em::parse_error(path, line_no, name, "time must be > 0 and <= 1e15 ms, got '" + std::string(f) + "'");
      }
      if (!is_time && !std::isfinite(x))
        throw em::parse_error(path, line_no, name, "not finite: '" + std::string(f) + "'");
      return x;
    };
    em::model_result m;
    m.baseline_ms = value(ib, "baseline_ms", true);
    m.candidate_ms = value(ic, "candidate_ms", true);
    if (!covariate.empty()) m.covariate = value(iv, covariate, false);
    models.push_back(m);
  }
  if (in.bad()) throw std::runtime_error("cannot read " + path);
  if (models.empty()) throw em::parse_error(path, line_no, "", "no model rows");
  return models;
}

// --models: a CSV with columns model, baseline_ms, candidate_ms and optionally a covariate
// (e.g. gflops): per-model speedups and the aggregate over models. Models are numbered from
// 0 in row order, as the library's messages number them.
nlohmann::json aggregate(const settings& s) {
  const std::vector<em::model_result> models = read_models(s.models, s.covariate);
  const bool have_cov = !s.covariate.empty();
  nlohmann::json per = nlohmann::json::array();
  const em::aggregate_comparison a = em::aggregate_models(models);
  fmt::print("=== Speedups over {} models: {} ===\n", models.size(), s.models);
  for (std::size_t i = 0; i < models.size(); ++i) {
    const double base_i = models[i].baseline_ms, cand_i = models[i].candidate_ms;
    const double speedup = base_i / cand_i;
    const double imp = 100.0 * (base_i - cand_i) / base_i;
    fmt::print("model #{}: {:g} ms -> {:g} ms, speedup {:.4f}x, improvement {:.2f} %\n", i, base_i, cand_i, speedup,
               imp);
    per.push_back(
        {{"baseline_ms", base_i}, {"candidate_ms", cand_i}, {"speedup", speedup}, {"improvement_percent", imp}});
  }
  fmt::print("Mean improvement: {:.2f} % (arithmetic mean of per-model 100 * (baseline - candidate) / baseline)\n",
             a.mean_improvement_percent);
  fmt::print("Geometric mean speedup: {:.4f}x\n", a.geometric_mean_speedup);
  if (have_cov) fmt::print("Spearman rho (speedup vs {}): {:.4f}\n", s.covariate, a.spearman_speedup_covariate);
  nlohmann::json j = a;
  j["per_model"] = per;
  j["input"] = s.models;
  return j;
}

nlohmann::json compare(const settings& s) {
  const em::latency_trace a = load(s.baseline, s);
  const em::latency_trace b = load(s.candidate, s);
  const auto pick = [&](const em::latency_trace& t, const std::string& file) -> const em::latency_series& {
    if (s.stage.empty()) return t.stages.front();
    for (const auto& st : t.stages) {
      if (st.name == s.stage) return st;
    }
    throw em::parse_error(file, 0, s.stage, "no such stage");
  };
  const em::latency_series& sa = pick(a, s.baseline);
  const em::latency_series& sb = pick(b, s.candidate);
  em::compare_options co;
  co.resamples = s.resamples;
  co.seed = s.seed;
  co.confidence = s.confidence;
  const em::comparison c = em::compare_runs(sa.ms, sb.ms, co);
  const em::latency_summary xa = em::summarize(sa.ms, summary_opts(s, a));
  const em::latency_summary xb = em::summarize(sb.ms, summary_opts(s, b));
  fmt::print("=== Comparison of {}: baseline {} vs candidate {} ===\n", label(sa.name), s.baseline, s.candidate);
  fmt::print("Baseline  ({} queries): {}\n", xa.count, xa);
  fmt::print("Candidate ({} queries): {}\n", xb.count, xb);
  fmt::print("Median speedup: {:.4f}x ({:g} % bootstrap CI {:.4f}x .. {:.4f}x; {} resamples, seed {})\n",
             c.median_speedup, 100 * c.confidence, c.speedup_ci_low, c.speedup_ci_high, s.resamples, s.seed);
  fmt::print("Mean speedup: {:.4f}x; improvement {:.2f} % (100 * (mean_baseline - mean_candidate) / mean_baseline)\n",
             c.mean_speedup, c.improvement_percent);
  fmt::print("Mann-Whitney U = {:g}, two-sided p = {:.3g} ({})\n", c.mann_whitney.u_baseline, c.mann_whitney.p_value,
             c.mann_whitney.p_value < 0.05 ? "significant at 5 %" : "not significant at 5 %");
  return nlohmann::json{{"schema", 1},
                        {"stage", sa.name},
                        {"baseline", {{"input", s.baseline}, {"summary", xa}}},
                        {"candidate", {{"input", s.candidate}, {"summary", xb}}},
                        {"comparison", c}};
}

}  // namespace

int main(int argc, char** argv) {
  settings s;
  CLI::App app{
      "Latency statistics of inference runs: a trtexec-like summary per stage of one run, or the comparison of "
      "two runs. Inputs: trtexec --exportTimes JSON, a JSON array of latencies (ms), or a CSV column (ms)."};
  app.add_option("input", s.input, "Run to summarise (trtexec --exportTimes JSON, JSON array, or CSV)")
      ->check(CLI::ExistingFile);
  auto* base = app.add_option("--baseline", s.baseline, "Baseline run to compare against")->check(CLI::ExistingFile);
  auto* cand = app.add_option("--candidate", s.candidate, "Candidate (optimised) run")->check(CLI::ExistingFile);
  base->needs(cand);
  cand->needs(base);
  app.add_option("--column", s.columns, "CSV column(s) to read (header names, comma-separated: one stage each)")
      ->delimiter(',');
  app.add_option("--percentiles", s.percentiles, "Percentiles to report, comma-separated (default 50,90,95,99,99.9)")
      ->delimiter(',')
      ->check(CLI::Range(0.0, 100.0));
  app.add_option("--rule", s.rule,
                 "Percentile rule: nearest_rank (default), trtexec, floor_n_p (LoadGen), linear (numpy)")
      ->check(CLI::IsMember({"nearest_rank", "trtexec", "floor_n_p", "linear"}));
  app.add_option("--budget-ms", s.budget_ms, "Real-time budget in ms: report whether the percentile meets it")
      ->check(CLI::PositiveNumber);
  app.add_option("--budget-percentile", s.budget_percentile, "Percentile checked against --budget-ms (default 99)")
      ->check(CLI::Range(0.0, 100.0));
  app.add_option("--warmup", s.warmup, "Exclude the first N queries of every stage as warm-up");
  app.add_option("--warmup-ms", s.warmup_ms,
                 "trtexec --exportTimes files only (an error for CSV/JSON arrays): exclude queries whose "
                 "startComputeMs < this (trtexec rule)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--no-header", s.no_header,
               "CSV inputs: the first line is data, not column names (--column is then a 0-based index). "
               "Without it a first line whose first field is a number is read as data too");
  app.add_option("--batch", s.batch, "Items per query, for per-item throughput (default 1)")
      ->check(CLI::PositiveNumber);
  app.add_option("--stage", s.stage, "Stage to compare (default: the first: latency for trtexec files)");
  app.add_option("--resamples", s.resamples,
                 "Bootstrap resamples for the speedup interval (default 2000, at most 1000000)")
      ->check(CLI::Range(std::size_t{0}, em::max_bootstrap_resamples));
  app.add_option("--seed", s.seed, "Bootstrap seed (default 20240601)");
  app.add_option("--confidence", s.confidence, "Bootstrap interval level (default 0.95)")
      ->check(CLI::Range(0.5, 0.9999));
  app.add_option("--models", s.models,
                 "Aggregate over models: a CSV with columns baseline_ms, candidate_ms (one row per model)")
      ->check(CLI::ExistingFile);
  app.add_option("--covariate", s.covariate, "--models: CSV column to correlate with the speedup (e.g. gflops)");
  app.add_option("--json", s.json_out, "Write the report as JSON (schema 1) to this file");
  CLI11_PARSE(app, argc, argv);

  try {
    nlohmann::json report;
    if (!s.models.empty()) {
      report = aggregate(s);
    } else if (!s.baseline.empty()) {
      if (!s.input.empty()) throw std::invalid_argument("give either one input or --baseline/--candidate, not both");
      report = compare(s);
    } else if (!s.input.empty()) {
      report = summarise(s.input, s);
    } else {
      std::fputs("edgemetrics-latency: give an input file, --baseline A --candidate B, or --models M (see --help)\n",
                 stderr);
      return 2;
    }
    if (!s.json_out.empty()) {
      std::ofstream out(s.json_out);
      out << report.dump(2) << '\n';
      if (!out) throw std::runtime_error("cannot write " + s.json_out);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edgemetrics-latency: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
