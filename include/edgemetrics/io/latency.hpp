// Readers of per-inference latencies: a CSV column, a JSON array of numbers, and TensorRT
// trtexec's --exportTimes JSON. Bad input raises edgemetrics::parse_error naming the file,
// the line (CSV, malformed JSON) or the element (JSON values, e.g. "[12].computeMs").
#ifndef EDGEMETRICS_IO_LATENCY_HPP
#define EDGEMETRICS_IO_LATENCY_HPP

#include <edgemetrics/error.hpp>
#include <edgemetrics/timing/trace.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

struct csv_options {
  /// Column to read: a header name, or empty for the first column. With header == false a
  /// 0-based index written as digits ("2").
  std::string column;
  /// The first non-comment line names the columns. With an empty `column`, a first line whose
  /// first field parses as a number is data, not a header (a header-less file loses no sample).
  bool header = true;
  char separator = ',';
  double scale_to_ms = 1.0;  ///< multiply every value (e.g. 1e-6 for nanoseconds)
};

/// One column of a CSV file. Empty lines and lines starting with '#' are skipped; every
/// other line must have the column and a finite, non-negative number there.
[[nodiscard]] std::vector<double> read_latency_csv(const std::string& path, const csv_options& options = {});
[[nodiscard]] std::vector<double> parse_latency_csv(std::string_view text, const csv_options& options = {},
                                                    const std::string& source = "<string>");

/// A JSON array of numbers (ms), e.g. [12.5, 13.0]; or an object whose member
/// `key` is such an array.
[[nodiscard]] std::vector<double> read_latency_json(const std::string& path, const std::string& key = "");
[[nodiscard]] std::vector<double> parse_latency_json(std::string_view text, const std::string& key = "",
                                                     const std::string& source = "<string>");

struct trtexec_options {
  /// trtexec's warm-up rule: drop leading entries whose startComputeMs < warmup_ms.
  double warmup_ms = 0;
};

/// trtexec --exportTimes JSON: a list of objects with startEnqMs, endEnqMs, startH2dMs,
/// endH2dMs, startComputeMs, endComputeMs, startD2hMs, endD2hMs, h2dMs, computeMs, d2hMs,
/// latencyMs (older versions add endToEndMs). Stages, in trtexec's print order:
/// "latency" (latencyMs), "end_to_end" (endToEndMs, else endD2hMs - startH2dMs as trtexec
/// computes it), "enqueue" (endEnqMs - startEnqMs), "h2d", "compute", "d2h". Wall window:
/// last endD2hMs - first startH2dMs after warm-up (trtexec's "Total Host Walltime").
[[nodiscard]] latency_trace read_trtexec_times(const std::string& path, const trtexec_options& options = {});
[[nodiscard]] latency_trace parse_trtexec_times(std::string_view text, const trtexec_options& options = {},
                                                const std::string& source = "<string>");

/// Reads any of the above by content: a JSON array of objects -> trtexec; JSON array (or
/// object) of numbers -> one "latency" stage; anything else -> CSV with `csv`.
[[nodiscard]] latency_trace read_latency_file(const std::string& path, const csv_options& csv = {},
                                              const trtexec_options& trtexec = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_LATENCY_HPP
