// The tegrastats process source (include/edgemetrics/io/tegrastats_process.hpp), with a fake
// tegrastats script (tests/data/tegrastats_process/tegrastats) that prints real tegrastats lines.
#include <edgemetrics/io/tegrastats_process.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <signal.h>
#include <sys/wait.h>

using namespace edgemetrics;
using namespace std::chrono_literals;

namespace {

const std::string data_dir = std::string(EDGEMETRICS_TEST_DATA) + "/tegrastats_process";
const std::string fake = data_dir + "/tegrastats";

tegrastats_process_options fake_options(std::chrono::milliseconds interval, std::vector<std::string> args = {}) {
  tegrastats_process_options o;
  o.program = fake;
  o.interval = interval;
  o.arguments = std::move(args);
  return o;
}

// Collects lines from the reader thread.
struct collector {
  std::mutex m;
  std::vector<std::string> lines;
  void operator()(std::string_view line) {
    std::lock_guard<std::mutex> lock(m);
    lines.emplace_back(line);
  }
  std::vector<std::string> get() {
    std::lock_guard<std::mutex> lock(m);
    return lines;
  }
};

// A stand-in for the tegrastats line parser: reads "RAM used/totalMB", keeps a timestamp prefix
// (time_s = 1 then), throws on a line without RAM.
hardware_sample stub_parse(std::string_view line) {
  const std::size_t at = line.find("RAM ");
  if (at == std::string_view::npos) throw std::runtime_error("no RAM field");
  const std::string rest(line.substr(at + 4));
  double used = 0;
  double total = 0;
  if (std::sscanf(rest.c_str(), "%lf/%lfMB", &used, &total) != 2) throw std::runtime_error("bad RAM field");
  hardware_sample s;
  s.ram = memory_usage{used, total};
  if (at > 0) {
    s.timestamped = true;
    s.time_s = 1.0;
  }
  return s;
}

bool reaped(long pid) {
  errno = 0;
  return ::waitpid(static_cast<pid_t>(pid), nullptr, WNOHANG) == -1 && errno == ECHILD;
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 10s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

}  // namespace

TEST(TegrastatsProcess, StreamsEveryLineAndReapsTheChild) {
  collector c;
  tegrastats_process p(fake_options(1ms), std::ref(c));
  EXPECT_FALSE(p.running());
  EXPECT_EQ(p.pid(), 0);
  p.start();
  const long pid = p.pid();
  EXPECT_GT(pid, 0);
  p.wait();
  const std::vector<std::string> lines = c.get();
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0].substr(0, 28), "RAM 534/3964MB (lfb 98x4MB) ");
  EXPECT_EQ(lines[1].substr(0, 20), "07-09-2024 13:31:31 ");
  EXPECT_EQ(lines[4], "this is not a tegrastats line");
  EXPECT_EQ(lines[0].back(), '4');  // ... POM_5V_CPU 204/204, without the line break
  EXPECT_EQ(p.lines(), 5u);
  EXPECT_EQ(p.exit_status(), 0);
  EXPECT_FALSE(p.running());
  EXPECT_EQ(p.pid(), 0);
  EXPECT_TRUE(reaped(pid));
}

TEST(TegrastatsProcess, ExitStatusAndALastLineWithoutBreak) {
  collector c;
  tegrastats_process p(fake_options(1ms, {"--exit", "3", "--no-newline"}), std::ref(c));
  p.start();
  p.wait();
  const std::vector<std::string> lines = c.get();
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[4], "this is not a tegrastats line");
  EXPECT_EQ(p.exit_status(), 3);
}

TEST(TegrastatsProcess, HonoursTheInterval) {
  collector c;
  tegrastats_process p(fake_options(100ms), std::ref(c));
  const auto t0 = std::chrono::steady_clock::now();
  p.start();
  p.wait();
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(c.get().size(), 5u);
  EXPECT_GE(elapsed, 450ms);  // a 100 ms sleep after each of 5 lines
}

TEST(TegrastatsProcess, StopEndsAProgramThatRunsForever) {
  collector c;
  tegrastats_process p(fake_options(20ms, {"--repeat", "0"}), std::ref(c));
  p.start();
  ASSERT_TRUE(eventually([&] { return p.lines() >= 7; }));
  EXPECT_TRUE(p.running());
  const long pid = p.pid();
  const auto t0 = std::chrono::steady_clock::now();
  p.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1500ms);  // SIGTERM was enough: no SIGKILL wait
  EXPECT_EQ(p.exit_status(), 128 + SIGTERM);
  EXPECT_FALSE(p.running());
  EXPECT_TRUE(reaped(pid));  // no zombie
  const std::size_t n = p.lines();
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(p.lines(), n);  // nothing after stop()
  EXPECT_GE(c.get().size(), 7u);
  p.stop();  // again: nothing
}

TEST(TegrastatsProcess, StopWhileTheChildSleepsIsQuick) {
  // An interval of 10 s: the script sleeps after its first line; stop() must not wait for it.
  collector c;
  tegrastats_process p(fake_options(10000ms), std::ref(c));
  p.start();
  ASSERT_TRUE(eventually([&] { return p.lines() >= 1; }));
  const auto t0 = std::chrono::steady_clock::now();
  p.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1500ms);
  EXPECT_EQ(c.get().size(), 1u);
}

TEST(TegrastatsProcess, DestructorStopsAndReaps) {
  long pid = 0;
  {
    collector c;
    tegrastats_process p(fake_options(20ms, {"--repeat", "0"}), std::ref(c));
    p.start();
    pid = p.pid();
    ASSERT_TRUE(eventually([&] { return p.lines() >= 1; }));
  }
  EXPECT_TRUE(reaped(pid));
}

TEST(TegrastatsProcess, FoundOnPath) {
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  ::setenv("PATH", (data_dir + ":" + saved).c_str(), 1);
  collector c;
  tegrastats_process_options o;  // program "tegrastats", looked up on PATH
  o.interval = 1ms;
  tegrastats_process p(o, std::ref(c));
  p.start();
  p.wait();
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_EQ(c.get().size(), 5u);
  EXPECT_EQ(p.exit_status(), 0);
}

TEST(TegrastatsProcess, MissingProgramIsAClearError) {
  tegrastats_process_options o;
  o.program = "edgemetrics-no-such-tegrastats";
  tegrastats_process p(o, [](std::string_view) {});
  try {
    p.start();
    FAIL() << "started a program that does not exist";
  } catch (const std::system_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cannot run 'edgemetrics-no-such-tegrastats'"), std::string::npos) << what;
    EXPECT_NE(what.find("not found on PATH"), std::string::npos) << what;
    EXPECT_EQ(e.code().value(), ENOENT);
  }
  EXPECT_FALSE(p.running());
  p.stop();  // nothing to stop

  o.program = data_dir + "/no-such-dir/tegrastats";
  tegrastats_process q(o, [](std::string_view) {});
  EXPECT_THROW(q.start(), std::system_error);

  o.program = data_dir + "/README.md";  // not executable
  tegrastats_process r(o, [](std::string_view) {});
  try {
    r.start();
    FAIL() << "ran a file that is not executable";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), EACCES) << e.what();
  }
}

TEST(TegrastatsProcess, BadOptionsAreInvalidArguments) {
  tegrastats_process_options o;
  o.program = "";
  EXPECT_THROW(tegrastats_process(o, [](std::string_view) {}), std::invalid_argument);
  o = {};
  o.interval = 0ms;
  EXPECT_THROW(tegrastats_process(o, [](std::string_view) {}), std::invalid_argument);
  o = {};
  EXPECT_THROW(tegrastats_process(o, tegrastats_process::line_handler{}), std::invalid_argument);
  EXPECT_THROW(tegrastats_process(o, tegrastats_process::line_parser{}, [](const hardware_sample&) {}),
               std::invalid_argument);
}

TEST(TegrastatsProcess, ParsedSamplesWithTheInjectedParser) {
  std::mutex m;
  std::vector<hardware_sample> samples;
  std::vector<std::pair<std::size_t, std::string>> errors;
  tegrastats_process p(
      fake_options(1ms), stub_parse,
      [&](const hardware_sample& s) {
        std::lock_guard<std::mutex> lock(m);
        samples.push_back(s);
      },
      [&](std::size_t n, std::string_view line, const std::exception& e) {
        std::lock_guard<std::mutex> lock(m);
        errors.emplace_back(n, std::string(line) + ": " + e.what());
      });
  p.start();
  p.wait();
  std::lock_guard<std::mutex> lock(m);
  ASSERT_EQ(samples.size(), 4u);
  EXPECT_EQ(samples[0].ram->used_mb, 534.0);
  EXPECT_EQ(samples[1].ram->used_mb, 3168.0);
  EXPECT_EQ(samples[2].ram->total_mb, 15388.0);
  EXPECT_EQ(samples[3].ram->used_mb, 18207.0);
  // A line with its own timestamp keeps it; the others get the monotonic clock at arrival.
  EXPECT_EQ(samples[1].time_s, 1.0);
  EXPECT_EQ(samples[3].time_s, 1.0);
  EXPECT_TRUE(samples[0].timestamped);
  EXPECT_GT(samples[0].time_s, 1.0);
  EXPECT_GT(samples[2].time_s, samples[0].time_s);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].first, 5u);
  EXPECT_EQ(errors[0].second, "this is not a tegrastats line: no RAM field");
  EXPECT_EQ(p.lines(), 5u);
  EXPECT_EQ(p.skipped_lines(), 1u);
}

TEST(TegrastatsProcess, HandlerExceptionIsRethrownAndTheChildEnded) {
  std::atomic<int> calls{0};
  tegrastats_process p(fake_options(5ms, {"--repeat", "0"}), [&](std::string_view) {
    if (++calls == 2) throw std::runtime_error("consumer failed");
  });
  p.start();
  const long pid = p.pid();
  ASSERT_TRUE(eventually([&] { return !p.running(); }));
  EXPECT_THROW(p.wait(), std::runtime_error);  // wait() ends the child: it would block forever
  EXPECT_EQ(calls.load(), 2);
  EXPECT_TRUE(reaped(pid));
}

TEST(TegrastatsProcess, RestartAfterStop) {
  collector c;
  tegrastats_process p(fake_options(1ms), std::ref(c));
  p.start();
  p.wait();
  p.start();
  p.wait();
  EXPECT_EQ(c.get().size(), 10u);
  EXPECT_EQ(p.lines(), 10u);
}

TEST(TegrastatsProcess, DefaultParser) {
  std::mutex m;
  std::vector<hardware_sample> samples;
  const auto keep = [&](const hardware_sample& s) {
    std::lock_guard<std::mutex> lock(m);
    samples.push_back(s);
  };
  // edgemetrics' own parser on the four real lines; the fifth is not a tegrastats line.
  tegrastats_process p(fake_options(1ms), keep);
  p.start();
  p.wait();
  std::lock_guard<std::mutex> lock(m);
  ASSERT_GE(samples.size(), 4u);
  EXPECT_EQ(samples.size() + p.skipped_lines(), 5u);
  ASSERT_TRUE(samples[0].ram.has_value());
  EXPECT_EQ(samples[0].ram->used_mb, 534.0);
  EXPECT_EQ(samples[0].total_power_mw, 1022.0);  // POM_5V_IN
  EXPECT_EQ(samples[0].power_rule, total_power_rule::input_rail);
  EXPECT_EQ(samples[3].power_rule, total_power_rule::sum_of_rails);  // AGX Orin line without VDDQ_VDD2_1V8AO
}
