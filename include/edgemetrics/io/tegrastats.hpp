// Reader of NVIDIA tegrastats output, every release from L4T 28 to JetPack 7 (Thor): one line
// per sample, parsed into a hardware_sample (<edgemetrics/hardware/sample.hpp>).
//
//   edgemetrics::hardware_sample s = edgemetrics::parse_tegrastats_line(line);
//   edgemetrics::read_tegrastats("run.log", {}, [&](const edgemetrics::hardware_sample& s) { ... });
//
// The grammar is per token kind, not per board (docs/conventions.md, "Hardware"):
//   MM-DD-YYYY HH:MM:SS          optional timestamp prefix (local time as printed, 1 s resolution)
//   RAM|SWAP|IRAM U/T<unit> (...)   memory in MB (kB and GB converted); the parenthesised group
//                                 (lfb ..., cached NMB) may be glued to the value ("252kB(lfb")
//   CPU|cpu [c,c,...][@F]         per core load%@MHz, load%, or off; a trailing @F is every core's clock
//   NAME value                    a load-and-clock unit (EMC_FREQ, GR3D_FREQ, VIC, NVENC, APE, ...):
//                                 off | L% | L%@F | L%@[F,F,..] | @F | @[F,..] | F (MHz); _FREQ dropped
//   MTS fg L% bg L%               Denver's scheduler: engines "MTS fg" and "MTS bg"
//   NAME@T[C][/T2C]               a temperature (°C); -256 = offline, PMIC@100C / PMIC@50C placeholder
//   NAME cur/avg[/x]              a power rail in mW, with or without the mW unit
// Anything else is kept verbatim in hardware_sample::unknown_tokens and never fatal. A line is
// corrupt (parse_error) when a known field's value is malformed (RAM 12/, CPU [5%@x]) or when
// nothing in it is a known field.
#ifndef EDGEMETRICS_IO_TEGRASTATS_HPP
#define EDGEMETRICS_IO_TEGRASTATS_HPP

#include <edgemetrics/error.hpp>
#include <edgemetrics/hardware/power.hpp>
#include <edgemetrics/hardware/sample.hpp>
#include <edgemetrics/hardware/source.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

/// One line of tegrastats output (with or without its trailing newline). The sample's time is
/// the timestamp prefix (seconds since 1970-01-01 00:00:00 of the time as printed, no time zone
/// applied; `timestamped = true`), else 0 with `timestamped = false`. The board total power
/// follows set_total_power (<edgemetrics/hardware/power.hpp>).
/// Throws parse_error("<tegrastats>", 0, token, problem) for a corrupt line.
[[nodiscard]] hardware_sample parse_tegrastats_line(std::string_view line);

/// Same, naming `source` and `line_number` in errors.
[[nodiscard]] hardware_sample parse_tegrastats_line(std::string_view line, const std::string& source,
                                                    std::size_t line_number);

/// Same into an existing sample (its vectors keep their capacity): the reader's loop.
void parse_tegrastats_line(std::string_view line, const std::string& source, std::size_t line_number,
                           hardware_sample& out);

/// A time written as tegrastats prints it, "MM-DD-YYYY HH:MM:SS", in the seconds that
/// parse_tegrastats_line gives its prefix; nullopt for anything else.
[[nodiscard]] std::optional<double> parse_tegrastats_time(std::string_view text);

/// How a log is read.
struct tegrastats_options {
  /// Seconds between samples (tegrastats --interval, 1000 ms by default), for lines without a
  /// timestamp prefix (or all lines with ignore_timestamps): line k (0-based, counting every
  /// non-empty line, skipped ones too) is at start_s + interval_s * k. Finite and > 0.
  double interval_s = 1.0;
  double start_s = 0;
  /// Use start_s + interval_s * k even where a line has a timestamp prefix (the prefix has a
  /// 1 s resolution: use this for intervals below 1 s).
  bool ignore_timestamps = false;
  /// At most this many skipped lines are kept with their message (all are counted).
  std::size_t max_reported_skips = 100;
};

/// A skipped corrupt line and what a read found (<edgemetrics/hardware/source.hpp>).
using tegrastats_skip = skipped_line;
using tegrastats_stats = source_stats;

/// Receives each sample as it is parsed (the reference is valid during the call only).
using tegrastats_callback = std::function<void(const hardware_sample&)>;

/// Parses a whole log held in memory, streaming each sample to `on_sample`. Empty lines are
/// ignored; a corrupt line is counted, reported and skipped, the rest is still read. Throws
/// std::invalid_argument for bad options.
tegrastats_stats parse_tegrastats(std::string_view text, const std::string& source, const tegrastats_options& options,
                                  const tegrastats_callback& on_sample);

/// Reads a log file ("-": standard input, named "<stdin>") line by line in bounded memory (a
/// 24-hour log at 10 ms is 8.6 million lines): a 1 MiB buffer, one sample at a time. A line
/// longer than 1 MiB is skipped as corrupt. Throws parse_error when the file cannot be read.
tegrastats_stats read_tegrastats(const std::string& path, const tegrastats_options& options,
                                 const tegrastats_callback& on_sample);

/// Every sample of a log and what the read found.
struct tegrastats_log {
  std::vector<hardware_sample> samples;
  tegrastats_stats stats;
};

/// Convenience forms keeping every sample in memory (about 1 kB per sample).
[[nodiscard]] tegrastats_log parse_tegrastats(std::string_view text, const std::string& source,
                                              const tegrastats_options& options = {});
[[nodiscard]] tegrastats_log read_tegrastats(const std::string& path, const tegrastats_options& options = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_TEGRASTATS_HPP
