// Reading jtop's CSV logs (jetson-stats: the `jetson.stats` dictionary written with Python's
// csv.DictWriter, as its examples/jtop_logger.py does) into hardware samples.
//
// Columns understood (jetson-stats 3.x and 4.x and later; docs/conventions.md, "jtop CSV"):
//   time            datetime as Python prints it ("2024-03-01 12:00:00.123456"; 'T' also accepted):
//                   seconds since 1970-01-01 of that clock reading (no time zone applied)
//   uptime          timedelta as Python prints it ("1 day, 2:03:04.5"); the time when `time` is absent
//   CPU1..CPUn      load %, or OFF (offline core)
//   GPU, GPU1...    load % -> engines "GR3D", "GR3D1", ...
//   RAM, SWAP       jtop 3.x: RAM used in kB, SWAP used in MB; jtop 4.x: used / total (a fraction).
//                   Totals are not in the log: with jtop_options::ram_total_mb / swap_total_mb the
//                   sample's ram / swap are filled, otherwise only jtop_row_info has the value
//   EMC             jtop 4.x: load % (engine "EMC"); jtop 3.x wrote the RAM value there (a bug): ignored
//   IRAM            jtop 4.x: fraction used (jtop_row_info); jtop 3.x: ignored (same bug)
//   APE, NVENC, NVDEC, NVJPG, VIC, SE, OFA, MSENC, DLAx_..., PVAx_...   engine clock, or OFF
//                   (jtop 3.x: MHz; jtop 4.x: kHz) -> engines in MHz
//   Temp X          temperature of sensor X in C; -256 = offline (valid = false); a PMIC reading of
//                   exactly 50 or 100 C is tegrastats' placeholder (valid = false)
//   power cur/avg   jtop 3.x: board total (mW), instantaneous and jtop's average -> rail "TOT"
//   Power X         jtop 4.x: rail X instantaneous (mW); Power TOT: the board total
//   jetson_clocks   ON / OFF;  nvp model: the nvpmodel name (jtop_row_info)
// Any other column (fans, MTS, new jtop fields) is never fatal: it is listed in
// jtop_log::unmapped_columns and each sample keeps its value as "NAME=VALUE" in unknown_tokens.
#ifndef EDGEMETRICS_IO_JTOP_HPP
#define EDGEMETRICS_IO_JTOP_HPP

#include <edgemetrics/error.hpp>
#include <edgemetrics/hardware/sample.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

struct jtop_options {
  char delimiter = ',';
  /// Seconds between rows, for logs with neither `time` nor `uptime` (time_s = index * interval).
  double interval_s = 1.0;
  /// Totals the log does not hold (MB): when given, samples get ram / swap in MB.
  std::optional<double> ram_total_mb;
  std::optional<double> swap_total_mb;
};

/// What a jtop row holds beyond hardware_sample.
struct jtop_row_info {
  std::optional<double> uptime_s;
  std::optional<std::string> nvp_model;
  std::optional<bool> jetson_clocks;
  std::optional<double> ram_used_mb;   ///< jtop 3.x (RAM kB / 1024)
  std::optional<double> swap_used_mb;  ///< jtop 3.x
  std::optional<double> ram_fraction;  ///< jtop 4.x: used / total
  std::optional<double> swap_fraction;
  std::optional<double> iram_fraction;
};

/// A row that could not be read (a truncated last line, a value that is not a number): skipped,
/// never fatal.
struct jtop_skipped_row {
  std::size_t line = 0;
  std::string reason;
};

struct jtop_log {
  std::vector<hardware_sample> samples;
  std::vector<jtop_row_info> info;  ///< one per sample, same order
  /// 3 or 4 (4 also for later releases, which keep 4.x's columns), from the header: "Power ..."
  /// columns mean 4, "power cur" / "power avg" mean 3; 0 when the header tells neither (RAM is
  /// then read as a fraction when <= 1, else kB).
  int jtop_major = 0;
  std::vector<std::string> columns;           ///< the header
  std::vector<std::string> unmapped_columns;  ///< header names not understood (kept in unknown_tokens)
  std::vector<jtop_skipped_row> skipped_rows;
  std::size_t skipped_lines = 0;  ///< blank and '#' lines
};

/// Parses a jtop CSV log in memory, naming `source` in errors. Throws parse_error only when the
/// file as a whole cannot be read: no header, a header without any column of jtop, a duplicate
/// column, malformed CSV (an unclosed quote). Rows with a bad value or a wrong number of fields
/// are skipped and listed.
[[nodiscard]] jtop_log parse_jtop_csv(std::string_view text, const std::string& source,
                                      const jtop_options& options = {});
/// Streams a jtop CSV log from a file ("-": standard input, named "<stdin>").
[[nodiscard]] jtop_log read_jtop_csv(const std::string& path, const jtop_options& options = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_JTOP_HPP
