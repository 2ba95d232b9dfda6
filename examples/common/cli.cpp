#include "cli.hpp"

#include <edgemetrics/error.hpp>
#include <edgemetrics/io/file.hpp>
#include <edgemetrics/version.hpp>

#include <fcntl.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <limits>
#include <new>
#include <sstream>

namespace edgemetrics::cli {

namespace {

// Writes one line to standard error; never throws (standard error may be closed or full:
// the exit status still tells the failure).
void error_line(const std::string& tool, std::string_view kind, std::string_view message,
                std::string_view suffix = {}) noexcept {
  try {
    std::string line = tool;
    line += ": ";
    line += kind;
    line += ": ";
    line += message;
    line += suffix;
    line += '\n';
    (void)std::fwrite(line.data(), 1, line.size(), stderr);
    (void)std::fflush(stderr);
  } catch (...) {
    (void)std::fputs("edgemetrics: error (message lost: out of memory)\n", stderr);
    (void)std::fflush(stderr);
  }
}

// Flushes standard output (std::cout, which CLI11's --help and --version use, and stdio) and
// returns 0, or the errno of a failure (EIO when the stream only remembers an earlier one).
int flush_stdout() noexcept {
  errno = 0;
  std::cout.flush();
  const bool cout_bad = !std::cout.good();
  const int flush_err = std::fflush(stdout) != 0 ? (errno != 0 ? errno : EIO) : 0;
  if (flush_err != 0) return flush_err;
  if (std::ferror(stdout) != 0 || cout_bad) return errno != 0 ? errno : EIO;
  return 0;
}

// A standard descriptor closed at startup (`>&-`, `2>&-`) would be the number the next open()
// returns: the --json temporary file could become "standard output" and receive the console
// report, or standard error and receive messages. Each closed one is taken by a descriptor on
// which every write fails with EBADF (the root folder, opened read-only), as on a closed one.
void reserve_standard_descriptors() noexcept {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    const int got = ::open("/", O_RDONLY | O_DIRECTORY);
    if (got >= 0 && got != fd) {
      (void)::dup2(got, fd);
      (void)::close(got);
    }
  }
}

// 0.5 -> "0.5", 100 -> "100" (for option descriptions).
std::string shortest(double x) {
  std::ostringstream o;
  o << x;
  return o.str();
}

}  // namespace

namespace {

// A driver is a short-lived process that builds and frees large buffers over and over (a run's
// detections, sort keys and curves, run after run): with glibc's defaults each buffer of 128 KiB
// or more is a fresh mapping, returned at free and faulted in again page by page by the next one.
// Kept in the heap instead (mapped only from 64 MiB, trimmed only above 256 MiB, grown 16 MiB at
// a time), the memory is reused: on the 10-run report bench, page faults 61,000 -> 20,000 and
// wall time -23 % (docs/benchmarks.md). The library itself never changes the allocator; an app
// can make the same choice (mallopt, or the MALLOC_*_ environment variables).
void tune_allocator() noexcept {
#if defined(__GLIBC__)
  (void)::mallopt(M_MMAP_THRESHOLD, 64 << 20);
  (void)::mallopt(M_TRIM_THRESHOLD, 256 << 20);
  (void)::mallopt(M_TOP_PAD, 16 << 20);
#endif
}

}  // namespace

tool::tool(std::string name, std::string description) : name_(std::move(name)), app_(std::move(description), name_) {
  app_.set_version_flag("--version", name_ + " " + version_string);
  app_.footer(
      "Exit status: 0 success, 1 bad input or output that could not be written, 2 usage error, 3 a --strict or "
      "budget check failed.\nPart of edgemetrics " +
      std::string(version_string) + "; conventions: docs/conventions.md, JSON: docs/json.md.");
}

CLI::Option* tool::add_json_option(std::string help) {
  // An empty name would otherwise mean "no --json" and lose the report silently.
  return app_.add_option("--json", json_path_, std::move(help))
      ->check(CLI::Validator(
          [](const std::string& s) { return s.empty() ? std::string("an empty file name") : std::string(); }, "FILE"));
}

int tool::run(int argc, char** argv, const std::function<int()>& body) {
  reserve_standard_descriptors();
  tune_allocator();
  int status = run_body(argc, argv, body);
  // Whatever went to standard output (the report, --help, --version) must have arrived: a
  // report lost to a full disk or a closed descriptor is a failure (exit 1), never a success.
  // A failure already reported (status 1) is not reported twice.
  if (const int err = flush_stdout(); err != 0) {
    if (status != bad_input) error_line(name_, "error", "<stdout>: write error: ", std::strerror(err));
    status = bad_input;
  }
  return status;
}

int tool::run_body(int argc, char** argv, const std::function<int()>& body) noexcept {
  try {
    try {
      app_.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version
      return app_.exit(e) == 0 ? success : usage;
    } catch (const CLI::ParseError& e) {
      std::ostringstream out, err;
      (void)app_.exit(e, out, err);
      std::string msg = err.str();
      while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
      // CLI11 prints "<message>\nRun with --help for more information."
      error_line(name_, "error", msg);
      return usage;
    }
  } catch (...) {  // out of memory while reporting a usage error
    error_line(name_, "error", "command line could not be parsed (out of memory)");
    return usage;
  }
  try {
    return body();
  } catch (const usage_error& e) {
    error_line(name_, "error", e.what(), "\nRun with --help for more information.");
    return usage;
  } catch (const std::bad_alloc&) {
    error_line(name_, "error", "out of memory");
    return bad_input;
  } catch (const std::exception& e) {
    error_line(name_, "error", e.what());
    return bad_input;
  } catch (...) {
    error_line(name_, "error", "unknown failure");
    return bad_input;
  }
}

void tool::print(std::string_view text) const {
  if (!console() || text.empty()) return;
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
    throw output_error("<stdout>", std::string("write error: ") + std::strerror(errno));
  }
}

void tool::warn(std::string_view message) const noexcept { error_line(name_, "warning", message); }

void tool::write_json(const nlohmann::json& report) const {
  if (json_path_.empty()) return;
  std::string text = report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  write_text_file(json_path_, text);
}

report_info tool::info(std::vector<std::string> inputs) const { return report_info{name_, std::move(inputs)}; }

std::string read_input(const std::string& path) { return read_text_file(path); }

std::string source_name(const std::string& path) { return path == "-" ? std::string("<stdin>") : path; }

progress::progress()
    : enabled_(::isatty(::fileno(stderr)) != 0), start_(std::chrono::steady_clock::now()), last_(start_) {}

progress::~progress() { finish(); }

void progress::update(std::string_view stage, std::size_t done, std::size_t total) noexcept {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!shown_ && now - start_ < std::chrono::milliseconds(500)) return;
  if (shown_ && now - last_ < std::chrono::milliseconds(100) && done != total) return;
  last_ = now;
  shown_ = true;
  std::fprintf(stderr, "\r%.*s %zu/%zu   ", static_cast<int>(stage.size()), stage.data(), done, total);
  std::fflush(stderr);
}

void progress::finish() noexcept {
  if (!shown_) return;
  shown_ = false;
  std::fprintf(stderr, "\r%70s\r", "");
  std::fflush(stderr);
}

namespace {

// A decimal floating-point number, strictly: what std::from_chars accepts (no leading '+',
// whitespace, hex or trailing characters). "nan", "inf" and a value beyond the double range
// parse but are not finite: the caller rejects them. Empty string: not a number.
std::string parse_finite(const std::string& s, double& x) {
  const char* first = s.data();
  const char* last = first + s.size();
  const auto r = std::from_chars(first, last, x);
  if (s.empty() || r.ptr != last || (r.ec != std::errc() && r.ec != std::errc::result_out_of_range)) {
    return "'" + s + "' is not a number";
  }
  if (r.ec == std::errc::result_out_of_range) {
    // Beyond the double range (1e400): rejected, never infinity. Below the smallest denormal
    // (1e-400): rounds to 0 (or the smallest denormal), as strtod does.
    errno = 0;
    x = std::strtod(s.c_str(), nullptr);
    if (std::isinf(x)) return "value " + s + " is out of the range of a double";
  }
  if (!std::isfinite(x)) return "value " + s + " is not a finite number";
  return {};
}

// x exactly, as a hexadecimal float ("0x1.8f9999999999ap+6" for 99.9). The validators rewrite
// the option's text into it: CLI11 then converts with strtold and a cast to double, which
// rounds twice on x86-64 (80-bit long double) and can give the neighbouring double of a
// decimal; a hex float is exact in every long double format.
std::string exact_text(double x) {
  char buf[64];
  const bool negative = std::signbit(x);
  const auto r = std::to_chars(buf, buf + sizeof buf, std::fabs(x), std::chars_format::hex);
  return std::string(negative ? "-0x" : "0x") + std::string(buf, r.ptr);
}

}  // namespace

CLI::Validator finite_range(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& s) -> std::string {
        double x = 0;
        if (std::string why = parse_finite(s, x); !why.empty()) return why;
        if (x < lo || x > hi) return "value " + s + " not in range [" + shortest(lo) + ", " + shortest(hi) + "]";
        s = exact_text(x);
        return {};
      },
      "FLOAT in [" + shortest(lo) + ", " + shortest(hi) + "]");
}

CLI::Validator finite_range_open_low(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& s) -> std::string {
        double x = 0;
        if (std::string why = parse_finite(s, x); !why.empty()) return why;
        if (!(x > lo) || x > hi) return "value " + s + " not in range (" + shortest(lo) + ", " + shortest(hi) + "]";
        s = exact_text(x);
        return {};
      },
      "FLOAT in (" + shortest(lo) + ", " + shortest(hi) + "]");
}

CLI::Validator finite_positive() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        double x = 0;
        if (std::string why = parse_finite(s, x); !why.empty()) return why;
        if (!(x > 0)) return "value " + s + " must be a finite number > 0";
        s = exact_text(x);
        return {};
      },
      "FLOAT > 0");
}

CLI::Validator finite_non_negative() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        double x = 0;
        if (std::string why = parse_finite(s, x); !why.empty()) return why;
        if (x < 0) return "value " + s + " must be a finite number >= 0";
        s = exact_text(x);
        return {};
      },
      "FLOAT >= 0");
}

CLI::Validator integer_range(std::uint64_t lo, std::uint64_t hi) {
  const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  const std::string help = hi == std::numeric_limits<std::uint64_t>::max() ? ">= " + std::to_string(lo) : "in " + range;
  return CLI::Validator(
      [lo, hi, range](std::string& s) -> std::string {
        // Digits only: CLI11 would read "-5" as 2^64 - 5 and "+3", " 3" or "3.0" loosely.
        const bool digits = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits) return "'" + s + "' is not a non-negative integer (digits only)";
        std::uint64_t x = 0;
        const auto r = std::from_chars(s.data(), s.data() + s.size(), x);
        if (r.ec != std::errc() || x < lo || x > hi) return "value " + s + " not in range " + range;
        s = std::to_string(x);  // CLI11 converts with strtoull(base 0): "010" would be octal 8
        return {};
      },
      "INT " + help);
}

CLI::Validator one_character() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        return s.size() == 1 ? std::string() : "'" + s + "' is not a single character";
      },
      "CHAR");
}

}  // namespace edgemetrics::cli
