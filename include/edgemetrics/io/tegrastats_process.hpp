// A live tegrastats source: runs `tegrastats --interval N` as a child process (no shell), reads
// its standard output line by line on a background thread and hands each line, or the sample
// parsed from it, to a callback (docs/conventions.md, "Hardware", "Live sampling").
//
//   tegrastats_process p({/*program*/ "tegrastats", std::chrono::milliseconds(100)},
//                        [](std::string_view line) { ... });
//   p.start();   // throws std::system_error naming the program when it cannot be run
//   ...
//   p.stop();    // SIGTERM to the child (SIGKILL after a grace period), reaped: no zombie
//
// With a parser (a std::function<hardware_sample(std::string_view)>; by default edgemetrics'
// parse_tegrastats_line), each line becomes a sample; a line the parser rejects (it throws) is
// counted in skipped_lines() and passed to the error callback, and the stream goes on.
#ifndef EDGEMETRICS_IO_TEGRASTATS_PROCESS_HPP
#define EDGEMETRICS_IO_TEGRASTATS_PROCESS_HPP

#include <edgemetrics/hardware/sample.hpp>

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

struct tegrastats_process_options {
  /// The program: a name without '/' is looked up on PATH (tegrastats is /usr/bin/tegrastats on
  /// L4T); a path is run as is.
  std::string program = "tegrastats";
  /// Passed as `--interval <milliseconds>` (tegrastats' own default is 1000).
  std::chrono::milliseconds interval{1000};
  /// Further arguments, after `--interval N`.
  std::vector<std::string> arguments;
  /// After stop() has sent SIGTERM, how long to wait for the child before SIGKILL.
  std::chrono::milliseconds kill_after{2000};
};

class tegrastats_process {
 public:
  /// Receives each line (without its line break) on the reader thread. Handlers must not call
  /// stop() or wait() (the reader cannot join itself); an exception they throw ends the reading
  /// and is rethrown by stop() or wait().
  using line_handler = std::function<void(std::string_view line)>;
  /// Turns a line into a sample; throws (any std::exception) for a line it cannot read.
  using line_parser = std::function<hardware_sample(std::string_view line)>;
  /// Receives each parsed sample on the reader thread.
  using sample_handler = std::function<void(const hardware_sample& sample)>;
  /// Receives each line the parser rejected: its 1-based number, its text and the exception.
  using error_handler =
      std::function<void(std::size_t line_number, std::string_view line, const std::exception& error)>;

  /// Streams lines. Throws std::invalid_argument for an empty program, a non-positive interval
  /// or an empty handler.
  tegrastats_process(tegrastats_process_options options, line_handler on_line);
  /// Streams parsed samples. A sample without a timestamp of its own (`timestamped == false`:
  /// the line had no time prefix) gets the monotonic clock (std::chrono::steady_clock, seconds)
  /// at the line's arrival as `time_s`, and `timestamped = true`.
  tegrastats_process(tegrastats_process_options options, line_parser parse, sample_handler on_sample,
                     error_handler on_error = {});
  /// Streams samples parsed by edgemetrics' own tegrastats parser, parse_tegrastats_line
  /// (<edgemetrics/io/tegrastats.hpp>), as the constructor above.
  tegrastats_process(tegrastats_process_options options, sample_handler on_sample, error_handler on_error = {});
  /// stop(); an exception of a handler is then discarded.
  ~tegrastats_process();
  tegrastats_process(const tegrastats_process&) = delete;
  tegrastats_process& operator=(const tegrastats_process&) = delete;
  tegrastats_process(tegrastats_process&&) = delete;
  tegrastats_process& operator=(tegrastats_process&&) = delete;

  /// Runs the program and starts the reader thread. Throws std::system_error naming the program
  /// and the system's reason when it cannot be run (not found, not executable: checked before
  /// spawning, so on every C library and under qemu-user alike). Does nothing when
  /// already started and not stopped.
  void start();
  /// Ends the child if it still runs (SIGTERM to its process group, SIGKILL after kill_after),
  /// reaps it, joins the reader thread. Lines already read are delivered; none after stop()
  /// returns. Does nothing when not started. Rethrows an exception thrown by a handler.
  void stop();
  /// Waits until the program ends by itself (end of its output), then reaps it (for a program
  /// that prints a fixed number of lines). Rethrows an exception thrown by a handler.
  void wait();

  /// True from start() until the program's output ended or stop().
  [[nodiscard]] bool running() const noexcept;
  /// After the child was reaped: its exit code, or 128 + the signal that ended it.
  [[nodiscard]] std::optional<int> exit_status() const;
  /// The child's process id while it runs (0 before start and after it was reaped).
  [[nodiscard]] long pid() const noexcept;
  /// Lines read so far.
  [[nodiscard]] std::size_t lines() const noexcept;
  /// Lines the parser rejected.
  [[nodiscard]] std::size_t skipped_lines() const noexcept;
  [[nodiscard]] const tegrastats_process_options& options() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_TEGRASTATS_PROCESS_HPP
