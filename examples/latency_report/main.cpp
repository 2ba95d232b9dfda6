// edgemetrics-latency: latency statistics of one run (a trtexec-like summary per stage), the
// comparison of two runs (speedups, bootstrap interval, Mann-Whitney U), or speedups over
// several models. Parsing plus library calls: the reports are made by the library
// (<edgemetrics/timing/report.hpp>), printed by its {fmt} support and written by its JSON support.
//
//   edgemetrics-latency run.json                       # trtexec --exportTimes, CSV or JSON array; '-': stdin
//   edgemetrics-latency --baseline fp32.json --candidate fp16.json --stage compute
//   edgemetrics-latency --models models.csv --covariate gflops
//   edgemetrics-latency run.csv --column inference_ms --rule trtexec --budget-ms 100 --json report.json
//
// Exit status: 0 success (budget met or none given), 1 bad input or output, 2 usage error,
// 3 --budget-ms given and the budget MISSED.
#include <edgemetrics/fmt/timing.hpp>
#include <edgemetrics/io/latency.hpp>
#include <edgemetrics/json/timing.hpp>
#include <edgemetrics/timing.hpp>

#include <fmt/format.h>

#include <cli.hpp>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace em = edgemetrics;
namespace cli = edgemetrics::cli;

namespace {

struct settings {
  std::string input, baseline, candidate, models, covariate, rule = "nearest_rank";
  std::vector<std::string> columns;
  bool no_header = false;
  em::latency_report_options run;       // --percentiles, --batch, --warmup, --warmup-ms, --budget-*
  em::latency_comparison_options pair;  // --stage, --resamples, --seed, --confidence
};

em::latency_trace load(const std::string& path, const settings& s) {
  em::latency_file_options o;
  o.csv.header = !s.no_header;
  if (s.columns.size() == 1) o.csv.column = s.columns.front();
  if (s.columns.size() > 1) o.columns = s.columns;
  o.trtexec.warmup_ms = s.run.warmup_ms;
  return em::read_latency_file(path, o);  // CSV streamed
}

}  // namespace

int main(int argc, char** argv) {
  settings s;
  cli::tool tool("edgemetrics-latency",
                 "Latency statistics of inference runs: a trtexec-like summary per stage of one run, the comparison "
                 "of two runs, or speedups over several models. Inputs: trtexec --exportTimes JSON, a JSON array of "
                 "latencies (ms), or a CSV column (ms); '-' reads standard input.\nExit status 3: --budget-ms was "
                 "given and the budget was MISSED.");
  CLI::App& app = tool.app();
  app.add_option("input", s.input, "Run to summarise (trtexec --exportTimes JSON, JSON array, or CSV; '-': stdin)");
  auto* base = app.add_option("--baseline", s.baseline, "Baseline run to compare against");
  auto* cand = app.add_option("--candidate", s.candidate, "Candidate (optimised) run");
  base->needs(cand);
  cand->needs(base);
  app.add_option("--column", s.columns, "CSV column(s) to read (header names, comma-separated: one stage each)")
      ->delimiter(',');
  app.add_option("--percentiles", s.run.percentiles,
                 "Percentiles to report, comma-separated (default 50,90,95,99,99.9)")
      ->delimiter(',')
      ->transform(cli::finite_range(0.0, 100.0));
  app.add_option("--rule", s.rule,
                 "Percentile rule: nearest_rank (default), trtexec, floor_n_p (LoadGen), linear (numpy)")
      ->check(cli::name_of<em::percentile_rule>());
  auto* budget =
      app.add_option("--budget-ms", s.run.budget_ms,
                     "Real-time budget in ms (finite, > 0): report whether the percentile meets it; exit status 3 when "
                     "it is MISSED")
          ->transform(cli::finite_positive());
  app.add_option("--budget-percentile", s.run.budget_percentile, "Percentile checked against --budget-ms (default 99)")
      ->transform(cli::finite_range(0.0, 100.0))
      ->needs(budget);
  app.add_option("--warmup", s.run.warmup_count, "Exclude the first N queries of every stage as warm-up (default 0)")
      ->transform(cli::integer_range(0, std::numeric_limits<std::uint64_t>::max()));
  app.add_option("--warmup-ms", s.run.warmup_ms,
                 "trtexec --exportTimes files only (an error for CSV/JSON arrays): exclude queries whose "
                 "startComputeMs < this (trtexec rule)")
      ->transform(cli::finite_range(0.0, em::max_latency_ms));
  app.add_flag("--no-header", s.no_header,
               "CSV inputs: the first line is data, not column names (--column is then a 0-based index). "
               "Without it a first line whose first field is a number is read as data too");
  app.add_option("--batch", s.run.batch_size, "Items per query, for per-item throughput (default 1)")
      ->transform(cli::integer_range(1, std::uint64_t{1} << 40));
  app.add_option("--stage", s.pair.stage, "Stage to compare (default: the first: latency for trtexec files)");
  app.add_option("--resamples", s.pair.compare.resamples,
                 "Bootstrap resamples for the speedup interval (default 2000, at most 1000000)")
      ->transform(cli::integer_range(0, em::max_bootstrap_resamples));
  app.add_option("--seed", s.pair.compare.seed, "Bootstrap seed, any 64-bit unsigned integer (default 20240601)")
      ->transform(cli::integer_range(0, std::numeric_limits<std::uint64_t>::max()));
  app.add_option("--confidence", s.pair.compare.confidence, "Bootstrap interval level (default 0.95)")
      ->transform(cli::finite_range(0.5, 0.9999));
  app.add_option("--models", s.models,
                 "Aggregate over models: a CSV with columns baseline_ms, candidate_ms (one row per model)");
  app.add_option("--covariate", s.covariate, "--models: CSV column to correlate with the speedup (e.g. gflops)");
  tool.add_json_option();

  return tool.run(argc, argv, [&]() -> int {
    const int modes = !s.input.empty() + !s.baseline.empty() + !s.models.empty();
    if (modes == 0) throw cli::usage_error("give an input file, --baseline A --candidate B, or --models M");
    if (modes > 1) throw cli::usage_error("give one input, --baseline/--candidate, or --models, not several");
    if (!s.covariate.empty() && s.models.empty()) throw cli::usage_error("--covariate needs --models");
    if (s.baseline == "-" && s.candidate == "-") throw cli::usage_error("only one input can be standard input");
    // The verdict never disappears silently: a budget is checked on one run only.
    if (s.run.budget_ms && s.input.empty()) {
      throw cli::usage_error("--budget-ms checks one run (an input file), not --baseline/--candidate or --models");
    }
    const auto emit = [&](const auto& report) {
      tool.print(fmt::format("{}", report));
      tool.write_json(report);
    };
    s.run.rule = em::parse_percentile_rule(s.rule);
    if (!s.models.empty()) {
      em::latency_models_csv_options csv;
      csv.covariate_column = s.covariate;
      const auto models = em::read_latency_models_csv(s.models, csv);
      emit(em::make_latency_models_report(models, {s.covariate}, tool.info({cli::source_name(s.models)})));
      return cli::success;
    }
    if (!s.baseline.empty()) {
      em::latency_comparison_options& o = s.pair;
      o.percentiles = s.run.percentiles;
      o.rule = s.run.rule;
      o.batch_size = s.run.batch_size;
      o.warmup_count = s.run.warmup_count;
      o.warmup_ms = s.run.warmup_ms;
      auto a = load(s.baseline, s);
      auto b = load(s.candidate, s);
      cli::progress progress;
      auto report = em::make_latency_comparison_report(
          std::move(a), std::move(b), o, tool.info({cli::source_name(s.baseline), cli::source_name(s.candidate)}),
          [&progress](std::size_t done, std::size_t total) { progress.update("bootstrap", done, total); });
      progress.finish();
      emit(report);
      return cli::success;
    }
    const auto report = em::make_latency_report(load(s.input, s), s.run, tool.info({cli::source_name(s.input)}));
    emit(report);
    return report.budget && !report.budget->met ? cli::check_failed : cli::success;
  });
}
