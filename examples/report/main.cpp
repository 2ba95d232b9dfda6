// edgemetrics-report: the benchmark report over run directories — one table (accuracy, latency,
// FPS, power, energy per inference, temperature and swap change, peak RAM), comparisons of runs
// that differ in one attribute, the mean speedup over models and its correlation with FLOPs,
// Pareto fronts and verdicts against budgets; as a console table, Markdown, JSON and a
// self-contained HTML page with SVG plots. Parsing plus library calls: each run is read by
// read_run_directory (<edgemetrics/io/run_directory.hpp>), the report made by
// make_benchmark_report, printed by its {fmt} support, written by to_markdown, its JSON support
// and to_html.
//
//   edgemetrics-report runs/ssd-fp32 runs/ssd-fp16 runs/ssdlite-fp16 --html report.html
//   edgemetrics-report runs/* --budget-ms 50 --min-accuracy 0.6 --max-power-w 7 --strict --json report.json
//
// Exit status: 0 success, 1 bad input (a run directory missing, a malformed part) or output,
// 2 usage error, 3 with --strict when a run fails a budget.
#include <edgemetrics/fmt/report.hpp>
#include <edgemetrics/io/file.hpp>
#include <edgemetrics/io/run_directory.hpp>
#include <edgemetrics/json/report.hpp>
#include <edgemetrics/report/benchmark_report.hpp>
#include <edgemetrics/report/html.hpp>

#include <fmt/format.h>

#include <cli.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace em = edgemetrics;
namespace cli = edgemetrics::cli;

namespace {

struct settings {
  std::vector<std::string> runs;
  std::string html, md, title = em::html_options{}.title;
  std::string preset = "voc_devkit";
  double interval_ms = 1000;
  std::optional<double> budget_ms, min_accuracy, max_power_w, max_energy_mj;
  double budget_percentile = 99;
  bool no_default_budgets = false, strict = false;
  std::size_t jobs = 2;
  em::run_directory_options read;
  em::benchmark_report_options report;
};

// Reads every run directory on `jobs` threads (each takes the next run in input order); the
// runs keep their input order. A failure is reported for the first failing run in input order.
std::vector<em::benchmark_run> read_runs(const settings& s) {
  const std::size_t n = s.runs.size();
  std::vector<em::benchmark_run> runs(n);
  std::vector<std::exception_ptr> errors(n);
  std::atomic<std::size_t> next{0}, done{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        runs[i] = em::read_run_directory(s.runs[i], s.read);
      } catch (...) {
        errors[i] = std::current_exception();
      }
      ++done;
    }
  };
  const std::size_t threads = std::max<std::size_t>(1, std::min(s.jobs, n));
  cli::progress progress;
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(work);
  if (progress.enabled()) {  // this thread shows the workers' progress (standard error is a terminal)
    while (done.load() < n) {
      progress.update("reading runs", done.load(), n);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  for (std::thread& t : pool) t.join();
  progress.finish();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return runs;
}

void check_output_path(const std::string& path, const char* option) {
  if (path.empty()) throw cli::usage_error(std::string(option) + ": an empty file name");
}

}  // namespace

int main(int argc, char** argv) {
  settings s;
  cli::tool tool("edgemetrics-report",
                 "Benchmark report over run directories: accuracy (VOC mAP or top-1), latency, FPS, power, energy "
                 "per inference, temperature, memory; comparisons of runs that differ in one attribute, the mean "
                 "speedup over models vs FLOPs, Pareto fronts, verdicts against budgets (defaults: seed 000's "
                 "guidelines, p99 latency <= 100 ms and accuracy >= 0.85). A run directory holds any of VOC2007/ + "
                 "results/ (or detections.json), labels.csv, latency.csv | latency.json | times.json, "
                 "tegrastats.log, run.json, or a ready benchmark_run.json.\nExit status 3: --strict and a run "
                 "FAILS a budget.");
  CLI::App& app = tool.app();
  app.add_option("runs", s.runs,
                 "Run directories, in the order of the table (the first is the baseline of "
                 "its comparisons)")
      ->required();
  app.add_option("--html", s.html,
                 "Write the report as a self-contained HTML page with SVG plots ('-': standard "
                 "output, instead of the console report)");
  app.add_option("--md", s.md, "Write the report as Markdown ('-': standard output, instead of the console report)");
  tool.add_json_option();
  app.add_option("--title", s.title, "Title of the HTML page")->capture_default_str();
  // budgets
  app.add_option("--budget-ms", s.budget_ms,
                 "Latency budget in ms for every run (default 100): the percentile "
                 "--budget-percentile of the first stage must not exceed it")
      ->transform(cli::finite_positive());
  app.add_option("--budget-percentile", s.budget_percentile, "Percentile held to --budget-ms (default 99)")
      ->transform(cli::finite_range(0.0, 100.0));
  app.add_option("--min-accuracy", s.min_accuracy,
                 "Accuracy budget in [0, 1] (default 0.85): top-1 accuracy, else the VOC07 mAP (VOC10 when "
                 "VOC07 is not computed)")
      ->transform(cli::finite_range(0.0, 1.0));
  app.add_option("--max-power-w", s.max_power_w, "Power budget: mean board power in W (default none)")
      ->transform(cli::finite_positive());
  app.add_option("--max-energy-mj", s.max_energy_mj, "Energy budget: energy per inference in mJ (default none)")
      ->transform(cli::finite_positive());
  app.add_flag("--no-default-budgets", s.no_default_budgets,
               "Check only the budgets given here (no 100 ms latency and 0.85 accuracy defaults)");
  app.add_flag("--strict", s.strict, "Exit with status 3 when a run fails a budget");
  // comparisons
  app.add_option("--resamples", s.report.compare.resamples,
                 "Bootstrap resamples for the speedup intervals (default 2000, at most 1000000; 0: no interval)")
      ->transform(cli::integer_range(0, em::max_bootstrap_resamples));
  app.add_option("--seed", s.report.compare.seed, "Bootstrap seed, any 64-bit unsigned integer (default 20240601)")
      ->transform(cli::integer_range(0, std::numeric_limits<std::uint64_t>::max()));
  app.add_option("--confidence", s.report.compare.confidence, "Bootstrap interval level (default 0.95)")
      ->transform(cli::finite_range(0.5, 0.9999));
  app.add_option("--significance", s.report.significance,
                 "Mann-Whitney p below this: a significant latency difference (default 0.05)")
      ->transform(cli::finite_range_open_low(0.0, 0.5));
  // reading the parts
  app.add_option("--preset", s.preset, "VOC conventions to reproduce (as edgemetrics-voc-eval)")
      ->check(cli::name_of<em::voc_preset>())
      ->capture_default_str();
  app.add_option("--year", s.read.voc.year, "VOC data set year: the folder VOC<year> in each run")
      ->capture_default_str();
  app.add_option("--set", s.read.voc.image_set, "VOC image set: ImageSets/Main/<set>.txt")->capture_default_str();
  app.add_option("--percentiles", s.read.latency.percentiles,
                 "Latency percentiles, comma-separated (default 50,90,95,99,99.9; 99 is always added)")
      ->delimiter(',')
      ->transform(cli::finite_range(0.0, 100.0));
  app.add_option("--warmup", s.read.latency.warmup_count, "Exclude the first N queries of every latency file")
      ->transform(cli::integer_range(0, std::numeric_limits<std::uint64_t>::max()));
  app.add_option("--warmup-ms", s.read.latency.warmup_ms,
                 "times.json (trtexec) only: exclude queries whose startComputeMs < this")
      ->transform(cli::finite_range(0.0, em::max_latency_ms));
  app.add_option("--batch", s.read.latency.batch_size,
                 "Items per query for runs whose run.json gives no batch_size attribute (default 1)")
      ->transform(cli::integer_range(1, std::uint64_t{1} << 40));
  app.add_option("--interval-ms", s.interval_ms,
                 "Milliseconds between tegrastats lines without a timestamp (tegrastats --interval; default 1000)")
      ->transform(cli::finite_range_open_low(0.0, 3600.0 * 1000));
  app.add_flag("--ignore-timestamps", s.read.tegrastats.ignore_timestamps,
               "Time every tegrastats line by --interval-ms even when it has a timestamp");
  app.add_option("--jobs", s.jobs, "Run directories read at once (default 2)")->transform(cli::integer_range(1, 256));

  return tool.run(argc, argv, [&]() -> int {
    if (!s.html.empty() || app.count("--html") > 0) check_output_path(s.html, "--html");
    if (!s.md.empty() || app.count("--md") > 0) check_output_path(s.md, "--md");
    const int to_stdout = (tool.json_path() == "-") + (s.md == "-") + (s.html == "-");
    if (to_stdout > 1) throw cli::usage_error("only one of --json, --md and --html can write to standard output");
    if (app.count("--budget-percentile") > 0 && !s.budget_ms && s.no_default_budgets) {
      throw cli::usage_error("--budget-percentile needs a latency budget (--budget-ms, or the default)");
    }
    s.read.voc.preset = em::parse_voc_preset(s.preset);
    s.read.tegrastats.interval_s = s.interval_ms / 1000;

    em::report_budgets& b = s.report.budgets;
    if (s.no_default_budgets) b = em::report_budgets{std::nullopt, 99, std::nullopt, std::nullopt, std::nullopt};
    if (s.budget_ms) b.latency_ms = s.budget_ms;
    b.latency_percentile = s.budget_percentile;
    if (s.min_accuracy) b.min_accuracy = s.min_accuracy;
    if (s.max_power_w) b.max_power_mw = *s.max_power_w * 1000;
    if (s.max_energy_mj) b.max_energy_per_inference_j = *s.max_energy_mj / 1000;

    std::vector<em::benchmark_run> runs = read_runs(s);
    std::vector<std::string> inputs;
    inputs.reserve(s.runs.size());
    for (const std::string& r : s.runs) inputs.push_back(cli::source_name(r));
    cli::progress progress;
    const em::benchmark_report report = em::make_benchmark_report(
        std::move(runs), s.report, tool.info(std::move(inputs)),
        [&progress](std::size_t done, std::size_t total) { progress.update("comparisons (bootstrap)", done, total); });
    progress.finish();

    if (s.md != "-" && s.html != "-") tool.print(fmt::format("{}", report));
    tool.write_json(report);
    if (!s.md.empty()) em::write_text_file(s.md, em::to_markdown(report));
    if (!s.html.empty()) {
      em::html_options h;
      h.title = s.title;
      em::write_text_file(s.html, em::to_html(report, h));
    }
    if (s.strict) {
      std::size_t failed = 0;
      for (const em::run_verdict& v : report.verdicts) failed += v.overall == em::verdict_status::fail;
      if (failed > 0) {
        tool.warn(fmt::format("--strict: {} of {} run{} FAILED a budget", failed, report.verdicts.size(),
                              report.verdicts.size() == 1 ? "" : "s"));
        return cli::check_failed;
      }
    }
    return cli::success;
  });
}
