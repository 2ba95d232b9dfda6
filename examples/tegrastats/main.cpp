// edgemetrics-tegrastats: a summary of a tegrastats log (any Jetson, L4T 28 to JetPack 7):
// RAM, swap, CPU, GPU and EMC load, temperatures, board power and its energy over a window,
// per inference and above an idle baseline. Parsing plus library calls: the log is read by
// <edgemetrics/io/tegrastats.hpp> line by line (bounded memory), summarised by
// hardware_accumulator, the report made by make_tegrastats_report, printed by its {fmt}
// support and written by its JSON support.
//
//   edgemetrics-tegrastats run.log
//   tegrastats --interval 100 | edgemetrics-tegrastats - --interval-ms 100
//   edgemetrics-tegrastats run.log --from 10 --to 70 --inferences 6000 --idle-log idle.log --json run.json
//   edgemetrics-tegrastats --live 30 --interval-ms 10      (this machine, through the sysfs sampler)
//
// Exit status: 0 success, 1 bad input (unreadable log, no sample in it) or output, 2 usage error.
#include <edgemetrics/fmt/hardware.hpp>
#include <edgemetrics/hardware.hpp>
#include <edgemetrics/io/sysfs_sampler.hpp>
#include <edgemetrics/io/tegrastats.hpp>
#include <edgemetrics/json/hardware.hpp>

#include <fmt/format.h>

#include <cli.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace em = edgemetrics;
namespace cli = edgemetrics::cli;

namespace {

struct settings {
  std::string input, idle_log, from, to, jetson_clocks;
  double interval_ms = 1000;
  std::optional<double> live_s;
  std::optional<double> idle_mw, temp_threshold;
  bool ignore_timestamps = false;
  em::tegrastats_report_options report;
};

// A window bound: seconds after the first sample, or a tegrastats time "MM-DD-YYYY HH:MM:SS".
struct bound {
  double value = 0;
  bool absolute = false;
};

bound parse_bound(const std::string& text, const char* option) {
  if (const auto t = em::parse_tegrastats_time(text)) return {*t, true};
  try {
    std::size_t used = 0;
    const double x = std::stod(text, &used);
    if (used == text.size() && std::isfinite(x)) return {x, false};
  } catch (const std::exception&) {
  }
  throw cli::usage_error(std::string(option) + ": '" + text +
                         "' is neither seconds after the first sample nor a time MM-DD-YYYY HH:MM:SS");
}

em::tegrastats_options read_options(const settings& s) {
  em::tegrastats_options o;
  o.interval_s = s.interval_ms / 1000;
  o.ignore_timestamps = s.ignore_timestamps;
  return o;
}

// Reads a log through `acc`, warning about each corrupt line; a log without any sample is bad input.
em::source_stats read_log(const cli::tool& tool, const std::string& path, const settings& s,
                          em::hardware_accumulator& acc) {
  const em::source_stats st =
      em::read_tegrastats(path, read_options(s), [&](const em::hardware_sample& x) { acc.record(x); });
  for (const em::skipped_line& k : st.skipped) tool.warn(k.message + " (line skipped)");
  if (st.skipped_lines > st.skipped.size()) {
    tool.warn(fmt::format("{} more corrupt lines skipped", st.skipped_lines - st.skipped.size()));
  }
  if (st.samples == 0) {
    throw em::parse_error(cli::source_name(path), 0, "",
                          st.lines == 0 ? "empty log: no tegrastats line" : "no valid tegrastats line");
  }
  return st;
}

// --live: samples this machine through the sysfs sampler for `seconds` into `acc` (on the
// sampler thread; `acc` is read only after stop() joined it). Power is sampled every interval
// (default 10 ms), CPU, memory and temperatures every 100 ms (or every interval if longer).
em::source_stats sample_live(const cli::tool& tool, double seconds, std::optional<double> interval_ms,
                             em::hardware_accumulator& acc) {
  using namespace std::chrono;
  em::sysfs_sampler_options so;
  so.interval = duration_cast<nanoseconds>(duration<double, std::milli>(interval_ms.value_or(10)));
  if (so.system_interval < so.interval) so.system_interval = so.interval;
  so.on_sample = [&acc](const em::hardware_sample& x) { acc.record(x); };
  em::sysfs_sampler sampler(so);
  if (!sampler.power_available()) tool.warn("power: unavailable: " + sampler.power_unavailable_reason());
  cli::progress progress;
  sampler.start();
  const auto start = steady_clock::now();
  const auto end = start + duration_cast<steady_clock::duration>(duration<double>(seconds));
  const auto total = static_cast<std::size_t>(std::ceil(seconds));
  for (auto now = start; now < end; now = steady_clock::now()) {
    progress.update("sampling (s)", static_cast<std::size_t>(duration<double>(now - start).count()), total);
    std::this_thread::sleep_until(std::min(end, now + milliseconds(200)));
  }
  sampler.stop();
  progress.finish();
  const em::sysfs_sampler_counters c = sampler.counters();
  if (c.read_errors > 0) {
    tool.warn(fmt::format("{} failed reads (last: {})", c.read_errors, sampler.last_error()));
  }
  em::source_stats st;
  st.samples = static_cast<std::size_t>(c.samples);
  if (st.samples == 0) throw std::runtime_error("live sampling produced no sample");
  return st;
}

}  // namespace

int main(int argc, char** argv) {
  settings s;
  cli::tool tool("edgemetrics-tegrastats",
                 "Summary of a tegrastats log (Jetson L4T 28 to JetPack 7): RAM, swap, CPU/GPU/EMC load, "
                 "temperatures, board power and energy (trapezoid rule), per inference and above an idle "
                 "baseline. '-' reads standard input (e.g. tegrastats | edgemetrics-tegrastats -).");
  CLI::App& app = tool.app();
  auto* log = app.add_option("log", s.input, "tegrastats log ('-': standard input)");
  auto* live = app.add_option("--live", s.live_s,
                              "Sample this machine for SECONDS through sysfs instead of reading a log (INA3221 "
                              "rails every --interval-ms, default 10 ms here; CPU, memory, temperatures every "
                              "100 ms)")
                   ->transform(cli::finite_range(0.01, 7 * 24 * 3600.0));
  log->excludes(live);
  app.add_option("--interval-ms", s.interval_ms,
                 "Milliseconds between lines without a timestamp (tegrastats --interval; default 1000)")
      ->transform(cli::finite_range_open_low(0.0, 3600.0 * 1000));
  app.add_flag("--ignore-timestamps", s.ignore_timestamps,
               "Time every line by --interval-ms even when it has a timestamp (1 s resolution)");
  app.add_option("--from", s.from,
                 "Window start: seconds after the first sample, or a time 'MM-DD-YYYY HH:MM:SS' as tegrastats "
                 "prints it");
  app.add_option("--to", s.to, "Window end, in the same form as --from");
  app.add_option("--inferences", s.report.energy.inferences,
                 "Inferences run in the window: energy per inference and inferences per joule")
      ->transform(cli::integer_range(0, std::uint64_t{1} << 53));
  app.add_option("--queries", s.report.energy.queries,
                 "Queries (MLPerf) in the window, for mJ per query "
                 "(default: as many as --inferences)")
      ->transform(cli::integer_range(0, std::uint64_t{1} << 53));
  auto* idle_log = app.add_option("--idle-log", s.idle_log,
                                  "An idle tegrastats log (same power mode): its mean power is subtracted as the "
                                  "idle baseline");
  auto* idle_mw = app.add_option("--idle-mw", s.idle_mw, "The idle baseline in mW, given directly")
                      ->transform(cli::finite_range(0.0, 1e9));
  idle_log->excludes(idle_mw);
  app.add_option("--temp-threshold", s.temp_threshold, "Report the seconds each sensor spent above this (C)")
      ->transform(cli::finite_range(-300, 1000));
  app.add_option("--nvpmodel", s.report.power.nvpmodel, "Power mode during the run (nvpmodel -q), recorded");
  app.add_option("--jetson-clocks", s.jetson_clocks, "jetson_clocks state during the run: on|off, recorded")
      ->check(CLI::IsMember({"on", "off"}));
  tool.add_json_option();

  return tool.run(argc, argv, [&]() -> int {
    em::tegrastats_report_options& o = s.report;
    o.interval_s = s.interval_ms / 1000;
    o.ignore_timestamps = s.ignore_timestamps;
    o.summary.temperature_threshold_c = s.temp_threshold;
    if (!s.jetson_clocks.empty()) o.power.jetson_clocks = s.jetson_clocks == "on";
    if (!s.from.empty() || !s.to.empty()) {
      const std::optional<bound> from = s.from.empty() ? std::nullopt : std::optional(parse_bound(s.from, "--from"));
      const std::optional<bound> to = s.to.empty() ? std::nullopt : std::optional(parse_bound(s.to, "--to"));
      if (from && to && from->absolute != to->absolute) {
        throw cli::usage_error("--from and --to must both be seconds after the first sample or both be times");
      }
      if (from && to && from->value > to->value) throw cli::usage_error("--from is after --to");
      // Live samples are timed by the monotonic clock, which has no calendar date: a time of day
      // would select nothing. Seconds after the first sample are what --live understands.
      if (s.live_s && ((from && from->absolute) || (to && to->absolute))) {
        throw cli::usage_error("with --live, --from and --to are seconds after the first sample, not times of day");
      }
      o.summary.window_from_first_sample = !((from && from->absolute) || (to && to->absolute));
      if (from) o.summary.window.from_s = from->value;
      if (to) o.summary.window.to_s = to->value;
    }
    if (s.live_s && s.ignore_timestamps) throw cli::usage_error("--ignore-timestamps is for a log, not --live");
    if (!s.live_s && s.input.empty()) throw cli::usage_error("a log (or '-', or --live SECONDS) is required");
    if (s.input == "-" && s.idle_log == "-") throw cli::usage_error("only one input can be standard input");
    std::vector<std::string> inputs{s.live_s ? std::string("live:/sys") : cli::source_name(s.input)};
    if (s.idle_mw) o.energy.idle_baseline_mw = s.idle_mw;
    if (!s.idle_log.empty()) {
      em::hardware_accumulator idle;
      (void)read_log(tool, s.idle_log, s, idle);
      const em::hardware_summary h = idle.summary();
      if (h.power_mw.count == 0) {
        throw em::parse_error(cli::source_name(s.idle_log), 0, "", "idle log: no sample with power (no rail)");
      }
      o.energy.idle_baseline_mw = em::idle_baseline_mw(h);
      inputs.push_back(cli::source_name(s.idle_log));
    }
    em::hardware_accumulator acc(o.summary);
    em::source_stats st =
        s.live_s
            ? sample_live(tool, *s.live_s,
                          app.count("--interval-ms") > 0 ? std::optional<double>(s.interval_ms) : std::nullopt, acc)
            : read_log(tool, s.input, s, acc);
    const em::tegrastats_report report = em::make_tegrastats_report(acc, std::move(st), o, tool.info(inputs));
    tool.print(fmt::format("{}", report));
    tool.write_json(report);
    return cli::success;
  });
}
