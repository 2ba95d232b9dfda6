// What live sampling costs: CPU time of the process (only the sampler thread works; the main
// thread sleeps) over a run of `--seconds` (default 20) at `--interval-ms` (default 10), as a
// percentage of one core, for the sysfs sampler and for a reference that opens, reads and closes
// every file on each tick (std::ifstream, as a straightforward reader would). Issue #11 asks for
// under 1 % of one core at 10 ms.
//
//   live_sampler_bench [--seconds S] [--interval-ms N]
//
// Cases: this machine's real /proc and /sys (no power monitor unless this is a Jetson), and a
// fake AGX Orin tree in a temporary folder (4 rails on two INA3221, 6 thermal zones, 12 cores):
// regular files, so the cost of the kernel's I2C reads of a real INA3221 is not in it; the
// per-tick work of the sampler is. The fake tree is read with the default options (currents
// every tick, bus voltages every 100 ms), with voltages every tick (the exact product of each
// tick's own readings), and with everything every tick. Two floors: a thread that only waits on
// a condition variable, and one that only waits on a futex (the sampler's wait on Linux).
#include "fake_sysfs.hpp"

#include <edgemetrics/io/sysfs_sampler.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <climits>
#include <ctime>

#include <glob.h>
#include <linux/futex.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace edgemetrics;

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

struct result {
  double cpu_percent = 0;
  double us_per_tick = 0;
  std::uint64_t ticks = 0;
};

result run_sampler(const std::string& root, std::chrono::milliseconds interval, std::chrono::milliseconds system,
                   std::chrono::milliseconds voltage, double seconds) {
  sysfs_sampler_options o;
  o.root = root;
  o.interval = interval;
  o.system_interval = system;
  o.voltage_interval = voltage;
  o.capacity = 1 << 16;
  sysfs_sampler sampler(o);
  std::vector<hardware_sample> sink;
  const double c0 = cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  sampler.start();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  sampler.stop();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = cpu_seconds() - c0;
  sampler.drain(sink);
  result r;
  r.ticks = sampler.counters().samples;
  r.cpu_percent = 100.0 * cpu / wall;
  r.us_per_tick = r.ticks > 0 ? cpu * 1e6 / static_cast<double>(r.ticks) : 0;
  return r;
}

std::vector<std::string> files_of(const std::string& root) {
  const std::string r = root == "/" ? "" : root;
  std::vector<std::string> out;
  for (const char* pattern :
       {"/sys/bus/i2c/drivers/ina3221/*/hwmon/hwmon*/in[1-3]_input",
        "/sys/bus/i2c/drivers/ina3221/*/hwmon/hwmon*/curr[1-3]_input",
        "/sys/bus/i2c/drivers/ina3221x/*/iio:device*/in_power[0-2]_input", "/sys/class/thermal/thermal_zone*/temp",
        "/sys/devices/system/cpu/cpu*/cpufreq/scaling_cur_freq", "/proc/stat", "/proc/meminfo"}) {
    glob_t g{};
    if (glob((r + pattern).c_str(), 0, nullptr, &g) == 0)
      for (std::size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
    globfree(&g);
  }
  return out;
}

// The reference: every file opened, read whole and closed on every tick.
result run_reference(const std::string& root, std::chrono::milliseconds interval, double seconds) {
  const std::vector<std::string> files = files_of(root);
  std::atomic<bool> stop{false};
  std::uint64_t ticks = 0;
  std::size_t bytes = 0;
  const double c0 = cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  std::thread t([&] {
    auto next = std::chrono::steady_clock::now();
    while (!stop.load()) {
      for (const std::string& f : files) {
        std::ifstream in(f);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        bytes += text.size();
      }
      ++ticks;
      next += interval;
      std::this_thread::sleep_until(next);
    }
  });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop.store(true);
  t.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = cpu_seconds() - c0;
  result r;
  r.ticks = ticks;
  r.cpu_percent = 100.0 * cpu / wall;
  r.us_per_tick = ticks > 0 ? cpu * 1e6 / static_cast<double>(ticks) : 0;
  if (bytes == 0 && !files.empty()) std::printf("(reference read nothing)\n");
  return r;
}

// The floor: a thread that only wakes up at every interval (a condition variable's timed wait,
// as the sampler's), reading nothing.
result run_wakeups(std::chrono::milliseconds interval, double seconds) {
  std::mutex m;
  std::condition_variable cv;
  bool stop = false;
  std::uint64_t ticks = 0;
  const double c0 = cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  std::thread t([&] {
    auto next = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(m);
    for (;;) {
      ++ticks;
      next += interval;
      if (cv.wait_until(lock, next, [&] { return stop; })) break;
    }
  });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  {
    std::lock_guard<std::mutex> lock(m);
    stop = true;
  }
  cv.notify_all();
  t.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = cpu_seconds() - c0;
  result r;
  r.ticks = ticks;
  r.cpu_percent = 100.0 * cpu / wall;
  r.us_per_tick = ticks > 0 ? cpu * 1e6 / static_cast<double>(ticks) : 0;
  return r;
}

// The floor of a futex waiter: a thread that only waits on a futex word with an absolute
// CLOCK_MONOTONIC deadline (one system call per wake-up), as the sampler does on Linux.
result run_futex_wakeups(std::chrono::milliseconds interval, double seconds) {
  std::atomic<std::uint32_t> stop{0};
  std::uint64_t ticks = 0;
  const double c0 = cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  std::thread t([&] {
    auto next = std::chrono::steady_clock::now();
    for (;;) {
      ++ticks;
      next += interval;
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(next.time_since_epoch()).count();
      timespec ts{};
      ts.tv_sec = static_cast<std::time_t>(ns / 1000000000);
      ts.tv_nsec = static_cast<long>(ns % 1000000000);
      while (stop.load() == 0 &&
             ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&stop), FUTEX_WAIT_BITSET_PRIVATE, 0, &ts, nullptr,
                       FUTEX_BITSET_MATCH_ANY) != 0 &&
             errno != ETIMEDOUT) {
      }
      if (stop.load() != 0) break;
    }
  });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop.store(1);
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&stop), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
  t.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = cpu_seconds() - c0;
  result r;
  r.ticks = ticks;
  r.cpu_percent = 100.0 * cpu / wall;
  r.us_per_tick = ticks > 0 ? cpu * 1e6 / static_cast<double>(ticks) : 0;
  return r;
}

void row(const char* tree, const char* what, const result& r) {
  std::printf("| %s | %s | %llu | %.1f | %.3f |\n", tree, what, static_cast<unsigned long long>(r.ticks), r.us_per_tick,
              r.cpu_percent);
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 20;
  long interval_ms = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seconds") == 0)
      seconds = std::atof(argv[i + 1]);
    else if (std::strcmp(argv[i], "--interval-ms") == 0)
      interval_ms = std::atol(argv[i + 1]);
  }
  if (seconds <= 0 || interval_ms <= 0) {
    std::fprintf(stderr, "usage: live_sampler_bench [--seconds S] [--interval-ms N]\n");
    return 2;
  }
  const std::chrono::milliseconds interval(interval_ms);
  fake_sysfs::tree orin("bench_agx_orin");
  fake_sysfs::write_agx_orin(orin);
  {
    sysfs_sampler here;
    std::printf("this machine: power %s%s%s; %zu cores, %zu thermal zones\n",
                here.power_available() ? "from " : "unavailable (",
                here.power_available() ? std::string(to_string(here.power_layout())).c_str()
                                       : here.power_unavailable_reason().c_str(),
                here.power_available() ? "" : ")", here.cpu_count(), here.temperature_names().size());
  }
  std::printf("interval %ld ms, %.1f s per case; CPU time of the whole process / wall time\n\n", interval_ms, seconds);
  std::printf("| tree | reader | samples (ticks) | CPU us per sample | CPU %% of one core |\n|---|---|---|---|---|\n");
  const std::chrono::milliseconds system_default(100);
  const std::chrono::milliseconds voltage_default(100);
  row("-", "floor: a thread that only waits on a condition variable every interval", run_wakeups(interval, seconds));
  row("-", "floor: a thread that only waits on a futex every interval", run_futex_wakeups(interval, seconds));
  row("this machine", "sysfs_sampler, default (CPU/memory/temperature every 100 ms)",
      run_sampler("/", interval, system_default, voltage_default, seconds));
  row("this machine", "sysfs_sampler, everything every tick", run_sampler("/", interval, interval, interval, seconds));
  row("this machine", "reference: open+read+close every file every tick", run_reference("/", interval, seconds));
  row("fake AGX Orin", "sysfs_sampler, default (currents every tick, voltages and CPU/memory/temperature every 100 ms)",
      run_sampler(orin.root(), interval, system_default, voltage_default, seconds));
  row("fake AGX Orin", "sysfs_sampler, voltages and currents every tick, CPU/memory/temperature every 100 ms",
      run_sampler(orin.root(), interval, system_default, interval, seconds));
  row("fake AGX Orin", "sysfs_sampler, everything every tick",
      run_sampler(orin.root(), interval, interval, interval, seconds));
  row("fake AGX Orin", "reference: open+read+close every file every tick",
      run_reference(orin.root(), interval, seconds));
  return 0;
}
