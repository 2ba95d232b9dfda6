// Readers of per-inference latencies: a CSV column (or several, as stages), a JSON array of
// numbers, TensorRT trtexec's --exportTimes JSON, any of them by content, and the per-model
// CSV of edgemetrics-latency --models. Signatures: parse_<what>(text, source, options...) and
// read_<what>(path, options...) ("-" reads standard input, named "<stdin>"). Bad input raises
// edgemetrics::parse_error naming the file, the line (CSV, malformed JSON) or the element (JSON
// values, e.g. "[12].computeMs").
#ifndef EDGEMETRICS_IO_LATENCY_HPP
#define EDGEMETRICS_IO_LATENCY_HPP

#include <edgemetrics/error.hpp>
#include <edgemetrics/timing/compare.hpp>
#include <edgemetrics/timing/trace.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

struct latency_csv_options {
  /// Column to read: a header name, or empty for the first column. With header == false a
  /// 0-based index written as digits ("2").
  std::string column;
  /// The first non-comment line names the columns. With an empty `column`, a first line whose
  /// first field parses as a number is data, not a header (a header-less file loses no sample).
  bool header = true;
  char delimiter = ',';
  double scale_to_ms = 1.0;  ///< multiply every value (e.g. 1e-6 for nanoseconds)
};

/// One column of a CSV file. Empty lines and lines starting with '#' are skipped; every
/// other line must have the column and a number there that is a latency (>= 0, <= 1e15 ms).
[[nodiscard]] std::vector<double> parse_latency_csv(std::string_view text, const std::string& source,
                                                    const latency_csv_options& options = {});
[[nodiscard]] std::vector<double> read_latency_csv(const std::string& path, const latency_csv_options& options = {});

/// Several columns of one CSV file as the stages of one run (e.g. preprocess_ms,
/// inference_ms, postprocess_ms), in the order given, each named by its column; every column
/// is read as parse_latency_csv reads options.column (which is ignored here).
[[nodiscard]] latency_trace parse_latency_csv_stages(std::string_view text, const std::string& source,
                                                     const std::vector<std::string>& columns,
                                                     const latency_csv_options& options = {});
[[nodiscard]] latency_trace read_latency_csv_stages(const std::string& path, const std::vector<std::string>& columns,
                                                    const latency_csv_options& options = {});

/// A JSON array of numbers (ms), e.g. [12.5, 13.0]; or an object whose member
/// `key` is such an array.
[[nodiscard]] std::vector<double> parse_latency_json(std::string_view text, const std::string& source,
                                                     const std::string& key = "");
[[nodiscard]] std::vector<double> read_latency_json(const std::string& path, const std::string& key = "");

struct trtexec_options {
  /// trtexec's warm-up rule: drop leading entries whose startComputeMs < warmup_ms.
  double warmup_ms = 0;
};

/// trtexec --exportTimes JSON: a list of objects with startEnqMs, endEnqMs, startH2dMs,
/// endH2dMs, startComputeMs, endComputeMs, startD2hMs, endD2hMs, h2dMs, computeMs, d2hMs,
/// latencyMs (older versions add endToEndMs). Stages, in trtexec's print order:
/// "latency" (latencyMs), "end_to_end" (endToEndMs, else endD2hMs - startH2dMs as trtexec
/// computes it), "enqueue" (endEnqMs - startEnqMs), "h2d", "compute", "d2h". Wall window:
/// last endD2hMs - first startH2dMs after warm-up (trtexec's "Total Host Walltime"). Durations,
/// spans and the wall window must be latencies (>= 0, <= 1e15 ms), timestamps within +-1e15 ms;
/// every error names the file, the entry and the field(s): "t.json: [0].endEnqMs - startEnqMs: ...".
[[nodiscard]] latency_trace parse_trtexec_times(std::string_view text, const std::string& source,
                                                const trtexec_options& options = {});
[[nodiscard]] latency_trace read_trtexec_times(const std::string& path, const trtexec_options& options = {});

/// How parse_latency_file reads each format.
struct latency_file_options {
  latency_csv_options csv;  ///< CSV inputs
  /// CSV inputs: read these columns as the stages of the run (parse_latency_csv_stages); empty:
  /// the one column csv.column.
  std::vector<std::string> columns;
  /// trtexec inputs. A warm-up by time (warmup_ms > 0) needs trtexec's start times: it is a
  /// parse_error for any other format.
  trtexec_options trtexec;
};

/// Any of the above by content: a JSON array of objects -> trtexec (six stages, wall window);
/// a JSON array of numbers -> one stage "latency"; an object with one array member -> one
/// stage named by the member; anything else -> CSV (one stage named by its column, "latency"
/// for the first column; or options.columns as stages).
[[nodiscard]] latency_trace parse_latency_file(std::string_view text, const std::string& source,
                                               const latency_file_options& options = {});
[[nodiscard]] latency_trace read_latency_file(const std::string& path, const latency_file_options& options = {});

/// Options of the models CSV (edgemetrics-latency --models): a header naming the columns, then
/// one row per model.
struct latency_models_csv_options {
  char delimiter = ',';
  std::string baseline_column = "baseline_ms";
  std::string candidate_column = "candidate_ms";
  std::string covariate_column;  ///< e.g. "gflops"; empty: none (covariates 0)
};

/// One model_result per data row, in order. Every value is checked before anything is
/// returned: times > 0 and <= 1e15 ms, the covariate finite; a header without one of the
/// columns, a missing or non-numeric field, or no data row is a parse_error naming
/// FILE:LINE: column.
[[nodiscard]] std::vector<model_result> parse_latency_models_csv(std::string_view text, const std::string& source,
                                                                 const latency_models_csv_options& options = {});
[[nodiscard]] std::vector<model_result> read_latency_models_csv(const std::string& path,
                                                                const latency_models_csv_options& options = {});

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_LATENCY_HPP
