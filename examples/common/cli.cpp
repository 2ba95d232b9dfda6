#include "cli.hpp"

#include <edgemetrics/error.hpp>
#include <edgemetrics/io/file.hpp>
#include <edgemetrics/version.hpp>

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <sstream>

namespace edgemetrics::cli {

namespace {

// Writes one line to standard error; never throws (standard error may be closed or full).
void error_line(const std::string& tool, std::string_view kind, std::string_view message) noexcept {
  try {
    std::string line = tool;
    line += ": ";
    line += kind;
    line += ": ";
    line += message;
    line += '\n';
    (void)std::fwrite(line.data(), 1, line.size(), stderr);
    (void)std::fflush(stderr);
  } catch (...) {
    (void)std::fputs("edgemetrics: error (message lost: out of memory)\n", stderr);
  }
}

// 0.5 -> "0.5", 100 -> "100" (for option descriptions).
std::string shortest(double x) {
  std::ostringstream o;
  o << x;
  return o.str();
}

}  // namespace

tool::tool(std::string name, std::string description) : name_(std::move(name)), app_(std::move(description), name_) {
  app_.set_version_flag("--version", name_ + " " + version_string);
  app_.footer(
      "Exit status: 0 success, 1 bad input or output that could not be written, 2 usage error, 3 a --strict or "
      "budget check failed.\nPart of edgemetrics " +
      std::string(version_string) + "; conventions: docs/conventions.md, JSON: docs/json.md.");
}

CLI::Option* tool::add_json_option(std::string help) { return app_.add_option("--json", json_path_, std::move(help)); }

int tool::run(int argc, char** argv, const std::function<int()>& body) {
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
  int status = success;
  try {
    status = body();
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
      throw output_error("<stdout>", std::string("write error: ") + std::strerror(errno != 0 ? errno : EIO));
    }
  } catch (const usage_error& e) {
    error_line(name_, "error", std::string(e.what()) + "\nRun with --help for more information.");
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
  return status;
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

CLI::Validator finite_range(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& s) -> std::string {
        double x = 0;
        std::istringstream in(s);
        in >> x;
        if (in.fail() || !in.eof()) return "'" + s + "' is not a number";
        if (!std::isfinite(x) || x < lo || x > hi) {
          std::ostringstream m;
          m << "value " << s << " not in range [" << lo << ", " << hi << "]";
          return m.str();
        }
        return {};
      },
      "FLOAT in [" + shortest(lo) + ", " + shortest(hi) + "]");
}

CLI::Validator finite_positive() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        double x = 0;
        std::istringstream in(s);
        in >> x;
        if (in.fail() || !in.eof()) return "'" + s + "' is not a number";
        if (!std::isfinite(x) || !(x > 0)) return "value " + s + " must be a finite number > 0";
        return {};
      },
      "FLOAT > 0");
}

CLI::Validator finite_non_negative() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        double x = 0;
        std::istringstream in(s);
        in >> x;
        if (in.fail() || !in.eof()) return "'" + s + "' is not a number";
        if (!std::isfinite(x) || x < 0) return "value " + s + " must be a finite number >= 0";
        return {};
      },
      "FLOAT >= 0");
}

CLI::Validator one_character() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        return s.size() == 1 ? std::string() : "'" + s + "' is not a single character";
      },
      "CHAR");
}

}  // namespace edgemetrics::cli
