// The live sysfs sampler (include/edgemetrics/io/sysfs_sampler.hpp).
//
// Discovery (constructor) walks the directories once and opens every file it will read; a tick
// re-reads the open files with pread() at offset 0, which makes sysfs and procfs produce fresh
// contents, so a tick costs one system call per value and no path lookup. The thread waits for
// its next tick with one futex system call on Linux (a timed condition variable costs two).
#include <edgemetrics/hardware/power.hpp>
#include <edgemetrics/io/sysfs_sampler.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#if defined(__linux__)
#include <climits>
#include <ctime>

#include <linux/futex.h>
#include <sys/syscall.h>
#endif

namespace edgemetrics {

namespace {

namespace fs = std::filesystem;
using steady = std::chrono::steady_clock;

// An open file, closed on destruction.
class open_file {
 public:
  open_file() = default;
  explicit open_file(std::string path) : path_(std::move(path)) { fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC); }
  open_file(const open_file&) = delete;
  open_file& operator=(const open_file&) = delete;
  open_file(open_file&& o) noexcept : path_(std::move(o.path_)), fd_(std::exchange(o.fd_, -1)) {}
  open_file& operator=(open_file&& o) noexcept {
    if (this != &o) {
      close();
      path_ = std::move(o.path_);
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  ~open_file() { close(); }

  [[nodiscard]] bool is_open() const noexcept { return fd_ >= 0; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

  // Reads the file from offset 0 into buf (at most cap bytes) with one pread(); returns the
  // byte count, or -1 with errno set. sysfs serves an attribute, and procfs a small file such as
  // meminfo or the cpu lines at the head of stat, in one read: a second read would only return 0
  // (or, for stat, the interrupt counts nobody needs here), so one system call per value.
  long read_all(char* buf, std::size_t cap) const noexcept {
    if (fd_ < 0) {
      errno = EBADF;
      return -1;
    }
    for (;;) {
      const ssize_t r = ::pread(fd_, buf, cap, 0);
      if (r >= 0 || errno != EINTR) return static_cast<long>(r);
    }
  }

 private:
  void close() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  std::string path_;
  int fd_ = -1;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// A whole small file as text (discovery only); nullopt when it cannot be read.
std::optional<std::string> read_text(const std::string& path) {
  open_file f(path);
  if (!f.is_open()) return std::nullopt;
  char buf[256];
  const long n = f.read_all(buf, sizeof buf);
  if (n < 0) return std::nullopt;
  return std::string(trim(std::string_view(buf, static_cast<std::size_t>(n))));
}

bool parse_int(std::string_view s, long long& v) {
  s = trim(s);
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

bool exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

// The entries of a directory whose names start with `prefix`, sorted ("1-0040" < "1-0041",
// "hwmon2" < "hwmon3"); empty when it cannot be read.
std::vector<std::string> list_dir(const std::string& dir, std::string_view prefix) {
  std::vector<std::string> out;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) return out;
  for (const fs::directory_entry& e : it) {
    std::string name = e.path().filename().string();
    if (name.compare(0, prefix.size(), prefix) == 0) out.push_back(std::move(name));
  }
  // Natural order: the same length first, so that hwmon10 follows hwmon9.
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  return out;
}

// The channel numbers N of the files named <prefix>N<suffix> in dir, ascending.
std::vector<int> channels(const std::string& dir, std::string_view prefix, std::string_view suffix) {
  std::vector<int> out;
  for (const std::string& name : list_dir(dir, prefix)) {
    if (name.size() <= prefix.size() + suffix.size()) continue;
    if (name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    long long n = 0;
    if (parse_int(std::string_view(name).substr(prefix.size(), name.size() - prefix.size() - suffix.size()), n) &&
        n >= 0 && n < 1000)
      out.push_back(static_cast<int>(n));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// "0-3,5" (sys/devices/system/cpu/present) -> {0, 1, 2, 3, 5}.
std::vector<int> parse_cpu_list(std::string_view s) {
  std::vector<int> out;
  s = trim(s);
  while (!s.empty()) {
    const std::size_t comma = s.find(',');
    const std::string_view part = s.substr(0, comma);
    const std::size_t dash = part.find('-');
    long long a = 0;
    long long b = 0;
    const bool ok = dash == std::string_view::npos
                        ? parse_int(part, a) && ((b = a), true)
                        : parse_int(part.substr(0, dash), a) && parse_int(part.substr(dash + 1), b);
    if (!ok || a < 0 || b < a || b > 4095) return {};
    for (long long i = a; i <= b; ++i) out.push_back(static_cast<int>(i));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

std::string sensor_name(std::string type) {
  for (std::string_view suffix : {"-thermal", "_thermal", "-therm"}) {
    if (type.size() > suffix.size() && type.compare(type.size() - suffix.size(), suffix.size(), suffix) == 0) {
      type.resize(type.size() - suffix.size());
      break;
    }
  }
  return type;
}

// One rail: either one power file (iio in_powerN_input, mW) or a voltage (mV) and a current (mA)
// file whose product / 1000 is the power. `mv` is the latest voltage read (valid when
// `have_mv`), used until the next voltage tick.
struct rail_files {
  std::string name;
  open_file power;
  open_file voltage;
  open_file current;
  long long mv = 0;
  bool have_mv = false;
};

struct zone_files {
  std::string name;
  open_file temp;
};

struct core_state {
  int id = 0;
  open_file freq;
  bool have_prev = false;
  unsigned long long prev_total = 0;
  unsigned long long prev_idle = 0;
};

// The sampler thread's wait for its next tick, which stop() cuts short. On Linux one futex wait
// on the stop flag with an absolute CLOCK_MONOTONIC deadline (steady_clock's clock): one system
// call per tick. A condition variable's timed wait costs two there (glibc re-locks the mutex as
// contended after the wait, so the unlock that follows makes a FUTEX_WAKE call), which on a VM,
// where a system call costs about 10 us, is 0.1 % of a core at 100 Hz.
class tick_wait {
 public:
  void reset() noexcept { flag_.store(0); }

#if defined(__linux__)
  void request_stop() noexcept {
    flag_.store(1);
    ::syscall(SYS_futex, word(), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
  }
  // Waits until `deadline` or a stop request; true when stop was requested.
  bool wait_until(steady::time_point deadline) noexcept {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline.time_since_epoch()).count();
    timespec ts{};
    ts.tv_sec = static_cast<std::time_t>(ns / 1000000000);
    ts.tv_nsec = static_cast<long>(ns % 1000000000);
    for (;;) {
      if (flag_.load() != 0) return true;
      if (::syscall(SYS_futex, word(), FUTEX_WAIT_BITSET_PRIVATE, 0, &ts, nullptr, FUTEX_BITSET_MATCH_ANY) == 0)
        continue;  // woken (perhaps spuriously): look at the flag, wait on if it is not set
      if (errno == ETIMEDOUT) return flag_.load() != 0;
      if (errno == EINTR || errno == EAGAIN) continue;  // a signal, or the flag changed
      // Not expected on any Linux since 2.6.25; sleep without a wake-up rather than spin.
      std::this_thread::sleep_until(deadline);
      return flag_.load() != 0;
    }
  }

 private:
  static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t) &&
                    std::atomic<std::uint32_t>::is_always_lock_free,
                "the futex word is the atomic's own storage");
  std::uint32_t* word() noexcept { return reinterpret_cast<std::uint32_t*>(&flag_); }
#else
  void request_stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      flag_.store(1);
    }
    wake_.notify_all();
  }
  bool wait_until(steady::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    return wake_.wait_until(lock, deadline, [this] { return flag_.load() != 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
#endif
  std::atomic<std::uint32_t> flag_{0};
};

}  // namespace

struct sysfs_sampler::impl {
  sysfs_sampler_options opt;
  std::string root;  // without a trailing '/'
  std::size_t system_every = 1;
  std::size_t voltage_every = 1;

  // Discovery results (constant after construction).
  power_monitor_layout layout = power_monitor_layout::none;
  std::string power_reason;
  std::vector<std::string> rail_names;
  std::vector<std::string> temp_names;
  total_power_rule discovered_rule = total_power_rule::none;

  // Readers: used under read_mutex only.
  std::mutex read_mutex;
  std::vector<rail_files> rails;
  std::vector<zone_files> zones;
  std::vector<core_state> cores;
  open_file proc_stat;
  open_file meminfo;
  std::vector<char> buf = std::vector<char>(64 * 1024);
  std::vector<char> seen_scratch;

  // Counters.
  std::atomic<std::uint64_t> samples{0};
  std::atomic<std::uint64_t> dropped{0};
  std::atomic<std::uint64_t> read_errors{0};
  std::atomic<std::uint64_t> late_ticks{0};
  mutable std::mutex error_mutex;
  std::string last_error;

  // The ring buffer.
  std::mutex ring_mutex;
  std::vector<hardware_sample> ring;
  std::size_t head = 0;
  std::size_t size = 0;

  // The thread.
  std::mutex state_mutex;  // guards thread, failure
  tick_wait waiter;
  std::thread thread;
  std::atomic<bool> is_running{false};
  std::exception_ptr failure;

  std::string path(std::string_view rel) const { return root + "/" + std::string(rel); }

  void error(const std::string& p, int err) {
    read_errors.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(error_mutex);
    last_error = p + ": " + std::strerror(err);
  }

  // ---- discovery -------------------------------------------------------------------------

  void discover_iio(const std::string& drivers) {
    for (const std::string& bus : list_dir(drivers, "")) {
      if (bus.find('-') == std::string::npos) continue;  // bind, unbind, module, uevent
      const std::string bus_dir = drivers + "/" + bus;
      for (const std::string& dev : list_dir(bus_dir, "iio:device")) {
        const std::string dir = bus_dir + "/" + dev;
        for (int ch : channels(dir, "rail_name_", "")) {
          const std::string label_path = dir + "/rail_name_" + std::to_string(ch);
          std::optional<std::string> name = read_text(label_path);
          if (!name) {
            error(label_path, errno);
            continue;
          }
          if (name->empty() || *name == "NC") continue;
          rail_files r;
          r.name = *name;
          const std::string n = std::to_string(ch);
          if (exists(dir + "/in_power" + n + "_input")) {
            r.power = open_file(dir + "/in_power" + n + "_input");
            if (!r.power.is_open()) {
              error(r.power.path(), errno);
              continue;
            }
          } else {
            r.voltage = open_file(dir + "/in_voltage" + n + "_input");
            r.current = open_file(dir + "/in_current" + n + "_input");
            if (!r.voltage.is_open() || !r.current.is_open()) {
              error(dir + "/in_power" + n + "_input", ENOENT);
              continue;
            }
          }
          rails.push_back(std::move(r));
        }
      }
    }
  }

  void discover_hwmon(const std::string& drivers) {
    for (const std::string& bus : list_dir(drivers, "")) {
      if (bus.find('-') == std::string::npos) continue;  // bind, unbind, module, uevent
      const std::string hwmon_dir = drivers + "/" + bus + "/hwmon";
      for (const std::string& hw : list_dir(hwmon_dir, "hwmon")) {
        const std::string dir = hwmon_dir + "/" + hw;
        for (int ch : channels(dir, "in", "_label")) {
          const std::string n = std::to_string(ch);
          // in7_label ("sum of shunt voltages") has no current: only channels with a label, a
          // bus voltage and a current are rails.
          if (!exists(dir + "/curr" + n + "_input") || !exists(dir + "/in" + n + "_input")) continue;
          const std::string label_path = dir + "/in" + n + "_label";
          std::optional<std::string> name = read_text(label_path);
          if (!name) {
            error(label_path, errno);
            continue;
          }
          if (name->empty() || *name == "NC") continue;  // not connected
          if (std::optional<std::string> en = read_text(dir + "/in" + n + "_enable"); en && *en == "0") continue;
          rail_files r;
          r.name = *name;
          r.voltage = open_file(dir + "/in" + n + "_input");
          r.current = open_file(dir + "/curr" + n + "_input");
          if (!r.voltage.is_open()) {
            error(r.voltage.path(), errno);
            continue;
          }
          if (!r.current.is_open()) {
            error(r.current.path(), errno);
            continue;
          }
          rails.push_back(std::move(r));
        }
      }
    }
  }

  void discover_power() {
    const std::string iio = path("sys/bus/i2c/drivers/ina3221x");
    const std::string hwmon = path("sys/bus/i2c/drivers/ina3221");
    const bool has_iio = exists(iio);
    const bool has_hwmon = exists(hwmon);
    if (has_iio) {
      discover_iio(iio);
      if (!rails.empty()) layout = power_monitor_layout::ina3221x_iio;
    }
    if (rails.empty() && has_hwmon) {
      discover_hwmon(hwmon);
      if (!rails.empty()) layout = power_monitor_layout::ina3221_hwmon;
    }
    if (!rails.empty()) {
      std::vector<power_rail> names;
      for (const rail_files& r : rails) {
        rail_names.push_back(r.name);
        names.push_back(power_rail{r.name, 0.0, std::nullopt});
      }
      discovered_rule = total_power(names).rule;
      return;
    }
    if (!has_iio && !has_hwmon) {
      power_reason = "no INA3221 power monitor: neither " + iio + " nor " + hwmon +
                     " exists (not a Jetson, or a Jetson without one such as the Nano 2 GB)";
    } else {
      std::string why;
      {
        std::lock_guard<std::mutex> lock(error_mutex);
        why = last_error;
      }
      power_reason =
          "no readable INA3221 rail under " + (has_iio ? iio : hwmon) + (why.empty() ? "" : " (" + why + ")");
    }
  }

  void discover_thermal() {
    const std::string dir = path("sys/class/thermal");
    for (const std::string& zone : list_dir(dir, "thermal_zone")) {
      const std::string zdir = dir + "/" + zone;
      std::optional<std::string> type = read_text(zdir + "/type");
      if (!type) {
        error(zdir + "/type", errno);
        continue;
      }
      zone_files z;
      z.name = sensor_name(*type);
      z.temp = open_file(zdir + "/temp");
      if (!z.temp.is_open()) {
        error(z.temp.path(), errno);
        continue;
      }
      temp_names.push_back(z.name);
      zones.push_back(std::move(z));
    }
  }

  void discover_cpus() {
    proc_stat = open_file(path("proc/stat"));
    if (!proc_stat.is_open()) {
      error(proc_stat.path(), errno);
      return;
    }
    std::vector<int> ids;
    if (std::optional<std::string> present = read_text(path("sys/devices/system/cpu/present")))
      ids = parse_cpu_list(*present);
    if (ids.empty()) {  // no sysfs list: the cores proc/stat shows now
      const long n = proc_stat.read_all(buf.data(), buf.size());
      if (n > 0) {
        std::string_view text(buf.data(), static_cast<std::size_t>(n));
        while (!text.empty()) {
          const std::size_t eol = text.find('\n');
          const std::string_view line = text.substr(0, eol);
          if (line.size() > 3 && line.compare(0, 3, "cpu") == 0 && line[3] >= '0' && line[3] <= '9') {
            long long id = 0;
            if (parse_int(line.substr(3, line.find(' ') - 3), id) && id >= 0 && id < 4096)
              ids.push_back(static_cast<int>(id));
          } else if (line.compare(0, 3, "cpu") != 0) {
            break;
          }
          if (eol == std::string_view::npos) break;
          text.remove_prefix(eol + 1);
        }
      }
    }
    for (int id : ids) {
      core_state c;
      c.id = id;
      const std::string f = path("sys/devices/system/cpu/cpu" + std::to_string(id) + "/cpufreq/scaling_cur_freq");
      if (exists(f)) c.freq = open_file(f);
      cores.push_back(std::move(c));
    }
  }

  // ---- one tick --------------------------------------------------------------------------

  bool read_value(const open_file& f, long long& v) {
    char b[64];
    const long n = f.read_all(b, sizeof b);
    if (n < 0) {
      error(f.path(), errno);
      return false;
    }
    if (!parse_int(std::string_view(b, static_cast<std::size_t>(n)), v)) {
      error(f.path(), EINVAL);
      return false;
    }
    return true;
  }

  // Reads the rails; `voltages`: re-read the bus voltages too (a rail without a valid latest
  // voltage, never read or failed last time, re-reads it anyway).
  void read_power(hardware_sample& s, bool voltages) {
    s.rails.resize(rails.size());
    std::size_t k = 0;
    for (rail_files& r : rails) {
      double mw = 0;
      if (r.power.is_open()) {
        long long p = 0;
        if (!read_value(r.power, p)) continue;
        mw = static_cast<double>(p);
      } else {
        if (voltages || !r.have_mv) {
          r.have_mv = read_value(r.voltage, r.mv);
          if (!r.have_mv) continue;
        }
        long long ma = 0;
        if (!read_value(r.current, ma)) continue;
        mw = static_cast<double>(r.mv) * static_cast<double>(ma) / 1000.0;
      }
      power_rail& out = s.rails[k++];
      out.name = r.name;  // assign: keeps the string's capacity in a reused sample
      out.instant_mw = mw;
      out.average_mw.reset();
    }
    s.rails.resize(k);
    // The rule found at discovery applies only when every rail it needs was read: a missing
    // summand (or input rail) gives no total rather than a wrong one.
    const board_power p = total_power(s.rails);
    const bool complete = p.rule == discovered_rule && (p.rule == total_power_rule::input_rail || k == rails.size());
    s.total_power_mw = complete ? p.total_mw : std::nullopt;
    s.power_rule = complete ? p.rule : total_power_rule::none;
  }

  void read_temperatures(hardware_sample& s) {
    s.temperatures.resize(zones.size());
    std::size_t k = 0;
    for (const zone_files& z : zones) {
      long long milli = 0;
      if (!read_value(z.temp, milli)) continue;
      temperature_reading& t = s.temperatures[k++];
      t.name = z.name;
      t.celsius = static_cast<double>(milli) / 1000.0;
      t.valid = milli > -256000;  // -256 C: an offline sensor (tegrastats prints it so)
    }
    s.temperatures.resize(k);
  }

  void read_memory(hardware_sample& s) {
    if (!meminfo.is_open()) return;
    const long n = meminfo.read_all(buf.data(), buf.size());
    if (n < 0) {
      error(meminfo.path(), errno);
      return;
    }
    long long total = -1, avail = -1, free_kb = -1, buffers = -1, cached = -1, swap_total = -1, swap_free = -1,
              swap_cached = -1;
    std::string_view text(buf.data(), static_cast<std::size_t>(n));
    while (!text.empty()) {
      const std::size_t eol = text.find('\n');
      const std::string_view line = text.substr(0, eol);
      const std::size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        const std::string_view key = line.substr(0, colon);
        std::string_view value = trim(line.substr(colon + 1));
        if (value.size() > 3 && value.compare(value.size() - 3, 3, " kB") == 0) value.remove_suffix(3);
        long long v = 0;
        if (parse_int(value, v)) {
          if (key == "MemTotal")
            total = v;
          else if (key == "MemAvailable")
            avail = v;
          else if (key == "MemFree")
            free_kb = v;
          else if (key == "Buffers")
            buffers = v;
          else if (key == "Cached")
            cached = v;
          else if (key == "SwapTotal")
            swap_total = v;
          else if (key == "SwapFree")
            swap_free = v;
          else if (key == "SwapCached")
            swap_cached = v;
        }
      }
      if (eol == std::string_view::npos) break;
      text.remove_prefix(eol + 1);
    }
    if (total >= 0) {
      // MemAvailable (kernels since 3.14, every L4T); before it, free + buffers + page cache.
      long long used = -1;
      if (avail >= 0)
        used = total - avail;
      else if (free_kb >= 0 && buffers >= 0 && cached >= 0)
        used = total - free_kb - buffers - cached;
      if (used >= 0) s.ram = memory_usage{static_cast<double>(used) / 1024.0, static_cast<double>(total) / 1024.0};
    }
    if (swap_total >= 0 && swap_free >= 0)
      s.swap =
          memory_usage{static_cast<double>(swap_total - swap_free) / 1024.0, static_cast<double>(swap_total) / 1024.0};
    if (swap_cached >= 0) s.swap_cached_mb = static_cast<double>(swap_cached) / 1024.0;
  }

  void read_cpus(hardware_sample& s) {
    if (!proc_stat.is_open() || cores.empty()) return;
    // Only the cpu lines, which come first: one read, whatever follows (the interrupt counts).
    const long n = proc_stat.read_all(buf.data(), buf.size());
    if (n < 0) {
      error(proc_stat.path(), errno);
      return;
    }
    s.cpus.assign(cores.size(), cpu_core{false, std::nullopt, std::nullopt});
    std::vector<char>& seen = seen_scratch;
    seen.assign(cores.size(), 0);
    std::string_view text(buf.data(), static_cast<std::size_t>(n));
    while (!text.empty()) {
      const std::size_t eol = text.find('\n');
      if (eol == std::string_view::npos) break;  // a cut line at the end of the buffer
      const std::string_view line = text.substr(0, eol);
      text.remove_prefix(eol + 1);
      if (line.compare(0, 3, "cpu") != 0) break;                        // the cpu lines come first
      if (line.size() < 4 || line[3] < '0' || line[3] > '9') continue;  // the "cpu " total line
      // cpuN user nice system idle iowait irq softirq steal guest guest_nice (guest time is
      // already in user and nice).
      std::array<unsigned long long, 8> f{};
      const char* p = line.data() + 3;
      const char* end = line.data() + line.size();
      long long id = -1;
      auto r = std::from_chars(p, end, id);
      if (r.ec != std::errc()) continue;
      p = r.ptr;
      std::size_t k = 0;
      while (k < f.size() && p < end) {
        while (p < end && *p == ' ') ++p;
        r = std::from_chars(p, end, f[k]);
        if (r.ec != std::errc()) break;
        p = r.ptr;
        ++k;
      }
      if (k < 4) continue;
      std::size_t c = 0;
      while (c < cores.size() && cores[c].id != id) ++c;
      if (c == cores.size()) continue;
      unsigned long long total = 0;
      for (std::size_t i = 0; i < k; ++i) total += f[i];
      const unsigned long long idle = f[3] + (k > 4 ? f[4] : 0);
      core_state& st = cores[c];
      cpu_core& out = s.cpus[c];
      out.online = true;
      seen[c] = 1;
      if (st.have_prev && total > st.prev_total && idle >= st.prev_idle) {
        const auto dt = static_cast<double>(total - st.prev_total);
        const auto di = static_cast<double>(std::min(idle - st.prev_idle, total - st.prev_total));
        out.load_percent = 100.0 * (dt - di) / dt;
      }
      st.have_prev = true;
      st.prev_total = total;
      st.prev_idle = idle;
    }
    for (std::size_t c = 0; c < cores.size(); ++c) {
      core_state& st = cores[c];
      if (!seen[c]) {
        st.have_prev = false;  // offline: its next load starts afresh
        continue;
      }
      if (st.freq.is_open()) {
        long long khz = 0;
        if (read_value(st.freq, khz)) s.cpus[c].frequency_mhz = static_cast<double>(khz) / 1000.0;
      }
    }
  }

  // Fills s (reusing its storage); false when nothing was read.
  bool take(hardware_sample& s, bool power, bool system, bool voltages) {
    s.time_s = std::chrono::duration<double>(steady::now().time_since_epoch()).count();
    s.timestamped = true;
    s.ram.reset();
    s.swap.reset();
    s.swap_cached_mb.reset();
    s.iram.reset();
    s.engines.clear();
    s.unknown_tokens.clear();
    s.total_power_mw.reset();
    s.power_rule = total_power_rule::none;
    bool any = false;
    if (power && opt.read_power && !rails.empty()) {
      read_power(s, voltages);
      any = true;
    } else {
      s.rails.clear();
    }
    if (system && opt.read_cpu && !cores.empty()) {
      read_cpus(s);
      any = true;
    } else {
      s.cpus.clear();
    }
    if (system && opt.read_temperatures && !zones.empty()) {
      read_temperatures(s);
      any = true;
    } else {
      s.temperatures.clear();
    }
    if (system && opt.read_memory && meminfo.is_open()) {
      read_memory(s);
      any = true;
    }
    return any;
  }

  // Swaps s into the next ring slot: s gets back the slot's old storage (or an empty sample),
  // which the next take() overwrites.
  void push(hardware_sample& s) {
    std::lock_guard<std::mutex> lock(ring_mutex);
    const std::size_t cap = ring.size();
    if (size == cap) {
      std::swap(ring[head], s);  // overwrite the oldest
      head = (head + 1) % cap;
      dropped.fetch_add(1, std::memory_order_relaxed);
    } else {
      std::swap(ring[(head + size) % cap], s);
      ++size;
    }
  }

  void run() {
    hardware_sample s;
    // Without rails to read, wake up only for the system readings.
    const bool power_ticks = opt.read_power && !rails.empty();
    const std::size_t every = power_ticks ? system_every : 1;
    const std::size_t every_voltage = power_ticks ? voltage_every : 1;
    const steady::duration interval = std::chrono::duration_cast<steady::duration>(opt.interval) *
                                      static_cast<steady::duration::rep>(power_ticks ? 1 : system_every);
    steady::time_point next = steady::now();
    std::uint64_t tick = 0;
    try {
      for (;;) {
        bool produced = false;
        {
          std::lock_guard<std::mutex> lock(read_mutex);
          produced = take(s, true, tick % every == 0, tick % every_voltage == 0);
        }
        if (produced) {
          if (opt.on_sample) opt.on_sample(s);
          samples.fetch_add(1, std::memory_order_relaxed);  // first: drained never exceeds samples
          push(s);
        }
        ++tick;
        next += interval;
        const steady::time_point now = steady::now();
        if (now > next + interval) {  // more than one interval late: skip the missed ticks
          const auto missed = static_cast<std::uint64_t>((now - next) / interval);
          late_ticks.fetch_add(missed, std::memory_order_relaxed);
          tick += missed;
          next += interval * static_cast<steady::duration::rep>(missed);
        }
        if (waiter.wait_until(next)) break;
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(state_mutex);
      failure = std::current_exception();
    }
    is_running.store(false);
  }
};

sysfs_sampler::sysfs_sampler(sysfs_sampler_options options) : impl_(std::make_unique<impl>()) {
  impl& m = *impl_;
  if (options.interval <= std::chrono::nanoseconds::zero())
    throw std::invalid_argument("edgemetrics::sysfs_sampler: interval must be positive, got " +
                                std::to_string(options.interval.count()) + " ns");
  if (options.system_interval <= std::chrono::nanoseconds::zero())
    throw std::invalid_argument("edgemetrics::sysfs_sampler: system_interval must be positive, got " +
                                std::to_string(options.system_interval.count()) + " ns");
  if (options.voltage_interval < std::chrono::nanoseconds::zero())
    throw std::invalid_argument("edgemetrics::sysfs_sampler: voltage_interval must not be negative, got " +
                                std::to_string(options.voltage_interval.count()) + " ns");
  if (options.capacity == 0) throw std::invalid_argument("edgemetrics::sysfs_sampler: capacity must be at least 1");
  m.opt = std::move(options);
  m.root = m.opt.root;
  while (!m.root.empty() && m.root.back() == '/') m.root.pop_back();
  const auto ratio = (m.opt.system_interval + m.opt.interval / 2) / m.opt.interval;
  m.system_every = ratio < 1 ? 1 : static_cast<std::size_t>(ratio);
  const auto voltage_ratio = (m.opt.voltage_interval + m.opt.interval / 2) / m.opt.interval;
  m.voltage_every = voltage_ratio < 1 ? 1 : static_cast<std::size_t>(voltage_ratio);
  m.ring.resize(m.opt.capacity);

  if (m.opt.read_power) {
    m.discover_power();
  } else {
    m.power_reason = "power reading is off (sysfs_sampler_options::read_power)";
  }
  if (m.opt.read_temperatures) m.discover_thermal();
  if (m.opt.read_memory) {
    m.meminfo = open_file(m.path("proc/meminfo"));
    if (!m.meminfo.is_open()) m.error(m.meminfo.path(), errno);
  }
  if (m.opt.read_cpu) m.discover_cpus();
}

sysfs_sampler::~sysfs_sampler() {
  try {
    stop();
  } catch (...) {  // NOLINT(bugprone-empty-catch): documented, a destructor must not throw
  }
}

void sysfs_sampler::start() {
  impl& m = *impl_;
  std::lock_guard<std::mutex> lock(m.state_mutex);
  if (m.thread.joinable()) return;
  m.waiter.reset();
  m.failure = nullptr;
  m.is_running.store(true);
  m.thread = std::thread([&m] { m.run(); });
}

void sysfs_sampler::stop() {
  impl& m = *impl_;
  std::thread t;
  {
    std::lock_guard<std::mutex> lock(m.state_mutex);
    if (!m.thread.joinable()) return;
    m.waiter.request_stop();
    t = std::move(m.thread);
  }
  t.join();
  std::exception_ptr failure;
  {
    std::lock_guard<std::mutex> lock(m.state_mutex);
    failure = std::exchange(m.failure, nullptr);
  }
  if (failure) std::rethrow_exception(failure);
}

bool sysfs_sampler::running() const noexcept { return impl_->is_running.load(); }

std::size_t sysfs_sampler::drain(std::vector<hardware_sample>& out) {
  impl& m = *impl_;
  std::lock_guard<std::mutex> lock(m.ring_mutex);
  const std::size_t n = m.size;
  out.reserve(out.size() + n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(std::move(m.ring[(m.head + i) % m.ring.size()]));
  m.head = 0;
  m.size = 0;
  return n;
}

std::vector<hardware_sample> sysfs_sampler::drain() {
  std::vector<hardware_sample> out;
  drain(out);
  return out;
}

hardware_sample sysfs_sampler::sample_now() {
  impl& m = *impl_;
  hardware_sample s;
  std::lock_guard<std::mutex> lock(m.read_mutex);
  m.take(s, true, true, true);
  return s;
}

sysfs_sampler_counters sysfs_sampler::counters() const noexcept {
  const impl& m = *impl_;
  sysfs_sampler_counters c;
  c.samples = m.samples.load(std::memory_order_relaxed);
  c.dropped = m.dropped.load(std::memory_order_relaxed);
  c.read_errors = m.read_errors.load(std::memory_order_relaxed);
  c.late_ticks = m.late_ticks.load(std::memory_order_relaxed);
  return c;
}

std::string sysfs_sampler::last_error() const {
  std::lock_guard<std::mutex> lock(impl_->error_mutex);
  return impl_->last_error;
}

bool sysfs_sampler::power_available() const noexcept { return !impl_->rails.empty(); }
power_monitor_layout sysfs_sampler::power_layout() const noexcept { return impl_->layout; }
const std::string& sysfs_sampler::power_unavailable_reason() const noexcept { return impl_->power_reason; }
const std::vector<std::string>& sysfs_sampler::rail_names() const noexcept { return impl_->rail_names; }
const std::vector<std::string>& sysfs_sampler::temperature_names() const noexcept { return impl_->temp_names; }
std::size_t sysfs_sampler::cpu_count() const noexcept { return impl_->cores.size(); }
const sysfs_sampler_options& sysfs_sampler::options() const noexcept { return impl_->opt; }

}  // namespace edgemetrics
