// The shared command-line layer of the edgemetrics-<tool> drivers (not installed; linked
// into each driver). It gives every tool the same behaviour:
//
//   exit status   0 success; 1 bad input, or output that could not be written; 2 usage error
//                 (unknown option, bad option value, conflicting options); 3 a --strict or
//                 budget check failed (the driver decides).
//   errors        one line on standard error: "edgemetrics-<tool>: error: FILE:LINE: field: message"
//                 (the library's parse_error already reads "FILE:LINE: field: message").
//   --version     "edgemetrics-<tool> 0.2.0"
//   --json OUT    written atomically (temporary file + rename; no partial file on failure);
//                 "-" writes the JSON to standard output and then the console report is not printed.
//   inputs        "-" reads standard input (read_input).
//   progress      on standard error, only when it is a terminal and the work takes a while.
#ifndef EDGEMETRICS_EXAMPLES_COMMON_CLI_HPP
#define EDGEMETRICS_EXAMPLES_COMMON_CLI_HPP

#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/report_info.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics::cli {

/// The documented exit statuses of every driver.
enum exit_status : int { success = 0, bad_input = 1, usage = 2, check_failed = 3 };

/// A usage mistake found after parsing (conflicting or missing options): exit status 2.
class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class tool {
 public:
  /// `name` is the installed program name ("edgemetrics-voc-eval").
  tool(std::string name, std::string description);

  [[nodiscard]] CLI::App& app() noexcept { return app_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

  /// Adds the standard --json OUT option.
  CLI::Option* add_json_option(std::string help =
                                   "Also write the report as JSON to this file ('-': standard "
                                   "output, instead of the console report)");
  [[nodiscard]] const std::string& json_path() const noexcept { return json_path_; }
  /// True when the console report goes to standard output (i.e. not --json -).
  [[nodiscard]] bool console() const noexcept { return json_path_ != "-"; }

  /// Parses the command line and runs `body`, mapping every failure to its exit status and
  /// one error line. Returns the process's exit status; `body` returns its own (0 or 3).
  /// Standard output is flushed and checked at the end: output that could not be written
  /// (a full disk, a closed descriptor) makes the status 1, also after --help or --version.
  /// Never throws; an unwritable standard error loses the message, not the status.
  int run(int argc, char** argv, const std::function<int()>& body);

  /// Prints text to standard output unless the JSON goes there (console() is false).
  void print(std::string_view text) const;
  /// "edgemetrics-<tool>: warning: <message>" on standard error.
  void warn(std::string_view message) const noexcept;
  /// Writes the report to --json's path (nothing when it was not given): atomically, 2-space indent.
  void write_json(const nlohmann::json& report) const;
  /// The report_info for a report this tool makes from `inputs`.
  [[nodiscard]] report_info info(std::vector<std::string> inputs) const;

 private:
  int run_body(int argc, char** argv, const std::function<int()>& body) noexcept;

  std::string name_;
  CLI::App app_;
  std::string json_path_;
};

/// The whole text of an input file; "-" reads standard input. Throws parse_error.
[[nodiscard]] std::string read_input(const std::string& path);
/// How an input is named in messages and reports: "<stdin>" for "-", else the path.
[[nodiscard]] std::string source_name(const std::string& path);

/// Progress on standard error, "\r<stage> <done>/<total>", only when standard error is a
/// terminal and only once the work has taken more than half a second; finish() (or the
/// destructor) clears the line.
class progress {
 public:
  progress();
  ~progress();
  progress(const progress&) = delete;
  progress& operator=(const progress&) = delete;
  void update(std::string_view stage, std::size_t done, std::size_t total) noexcept;
  void finish() noexcept;
  [[nodiscard]] bool enabled() const noexcept { return enabled_; }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

/// Option validators for documented numeric ranges: a value outside is a usage error (exit 2).
/// Each names its range in --help (docs/cli.md lists every option's range). Numbers are read
/// strictly (std::from_chars, correctly rounded): no leading '+' or blanks, no hex, no trailing
/// characters; NaN, infinities and values beyond the double range are rejected.
///
/// Attach them with ->transform(), not ->check(): they also rewrite the accepted text into an
/// exact form (a hex float; plain decimal digits for integers) that CLI11's own conversion reads
/// exactly. CLI11 reads floats with strtold + a cast (two roundings on x86-64: a decimal can
/// become the neighbouring double) and integers with strtoull base 0 ("010" is octal 8);
/// ->check() would keep the range check but discard the rewrite.
/// Finite and within [lo, hi].
[[nodiscard]] CLI::Validator finite_range(double lo, double hi);
/// Finite and within (lo, hi] (an IoU threshold: (0, 1]).
[[nodiscard]] CLI::Validator finite_range_open_low(double lo, double hi);
/// Finite and > 0.
[[nodiscard]] CLI::Validator finite_positive();
/// Finite and >= 0.
[[nodiscard]] CLI::Validator finite_non_negative();
/// A non-negative integer in [lo, hi], digits only: "-5" (which CLI11 would wrap to 2^64 - 5),
/// "+3", "1e3", "3.0", "3x" and values above hi (or above 2^64 - 1) are rejected.
[[nodiscard]] CLI::Validator integer_range(std::uint64_t lo, std::uint64_t hi);
/// Exactly one character (a CSV delimiter).
[[nodiscard]] CLI::Validator one_character();

/// One of the names of enum E's name table (the names the library parses, writes and
/// documents); another is a usage error whose message lists the valid names.
template <class E>
[[nodiscard]] CLI::Validator name_of() {
  std::string names;
  for (const auto& n : detail::enum_traits<E>::names) {
    if (!names.empty()) names += '|';
    names += n.name;
  }
  return CLI::Validator(
      [](std::string& s) -> std::string {
        try {
          (void)detail::enum_from_string<E>(s);
          return {};
        } catch (const std::invalid_argument& e) {
          const std::string_view what = e.what();
          constexpr std::string_view prefix = "edgemetrics: ";
          return std::string(what.substr(what.compare(0, prefix.size(), prefix) == 0 ? prefix.size() : 0));
        }
      },
      names);
}

}  // namespace edgemetrics::cli

#endif  // EDGEMETRICS_EXAMPLES_COMMON_CLI_HPP
