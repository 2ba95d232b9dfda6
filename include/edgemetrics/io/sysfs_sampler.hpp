// Live hardware samples of this machine, read straight from sysfs and procfs on a background
// thread, without tegrastats in between (docs/conventions.md, "Hardware", "Live sampling"):
//
//   power rails   the INA3221 power monitors of a Jetson, in either kernel layout:
//                 L4T 32 (JetPack 4) iio:  sys/bus/i2c/drivers/ina3221x/*/iio:device*/
//                   rail_name_N, in_powerN_input (mW), in_voltageN_input (mV), in_currentN_input (mA)
//                 L4T 34+ (JetPack 5, 6, 7) hwmon:  sys/bus/i2c/drivers/ina3221/*/hwmon/hwmon*/
//                   inN_label, inN_input (mV), currN_input (mA); power = V * I
//                 and the board total by total_power() (<edgemetrics/hardware/power.hpp>).
//   temperatures  sys/class/thermal/thermal_zone*/{type,temp} (millidegrees)
//   memory        proc/meminfo (RAM used = MemTotal - MemAvailable, swap = SwapTotal - SwapFree)
//   CPU           per-core load from the differences of two proc/stat readings; frequency from
//                 sys/devices/system/cpu/cpuN/cpufreq/scaling_cur_freq where present; cores listed
//                 in sys/devices/system/cpu/present but absent from proc/stat are offline.
//
// Every path is under `options.root` ("/" by default), so tests run against fake trees. Files are
// opened once and re-read with pread(). A machine without power monitors still gives memory, CPU
// and temperature samples; power_available() is then false and power_unavailable_reason() says
// why. An unreadable or vanished file (hot-unplug, permission) is counted in read_errors and
// left out of that sample, never fatal.
#ifndef EDGEMETRICS_IO_SYSFS_SAMPLER_HPP
#define EDGEMETRICS_IO_SYSFS_SAMPLER_HPP

#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/hardware/sample.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

/// Where the sampler found the power monitors.
enum class power_monitor_layout : std::uint8_t {
  none,           ///< no INA3221 power monitor (not a Jetson, Jetson Nano 2 GB, or unreadable)
  ina3221x_iio,   ///< L4T 32: NVIDIA's ina3221x iio driver
  ina3221_hwmon,  ///< L4T 34 and later: the mainline ina3221 hwmon driver
};

namespace detail {
template <>
struct enum_traits<power_monitor_layout> {
  static constexpr std::string_view type_name = "power_monitor_layout";
  static constexpr std::array<enum_name<power_monitor_layout>, 3> names{
      {{power_monitor_layout::none, "none"},
       {power_monitor_layout::ina3221x_iio, "ina3221x_iio"},
       {power_monitor_layout::ina3221_hwmon, "ina3221_hwmon"}}};
};
}  // namespace detail

[[nodiscard]] constexpr std::string_view to_string(power_monitor_layout l) noexcept {
  return detail::enum_to_string(l);
}
[[nodiscard]] inline power_monitor_layout parse_power_monitor_layout(std::string_view s) {
  return detail::enum_from_string<power_monitor_layout>(s);
}

struct sysfs_sampler_options {
  /// The file-system root under which sys/ and proc/ are read.
  std::string root = "/";
  /// The sampling period of the power rails (10 ms is realistic; tegrastats' default is 1 s).
  std::chrono::nanoseconds interval = std::chrono::milliseconds(10);
  /// The period of CPU, memory and temperature readings, rounded to a whole number (at least 1)
  /// of intervals. They change slowly, cost more to read than a rail (proc/stat lists every
  /// interrupt) and proc/stat counts CPU time in 10 ms ticks, so a 10 ms CPU load is 0 or 100 %.
  /// Set it (and `voltage_interval`) equal to `interval` to read everything on every tick.
  std::chrono::nanoseconds system_interval = std::chrono::milliseconds(100);
  /// The period of the bus-voltage readings of rails whose power is computed from a voltage and
  /// a current (hwmon inN_input and currN_input; iio in_voltageN_input and in_currentN_input
  /// without in_powerN_input), rounded like `system_interval`. The current is read on every
  /// tick and power = current * the latest voltage, which is at most `voltage_interval` old: a
  /// regulated 5 V or 19 V input moves by a few INA3221 steps (8 mV) in that time, and a tick
  /// then costs one system call per rail instead of two (docs/conventions.md, "Live
  /// sampling"). 0, or `interval` itself, re-reads the voltage on every tick (the exact
  /// product of each tick's own readings). Rails whose driver gives the power itself
  /// (iio in_powerN_input) are not affected.
  std::chrono::nanoseconds voltage_interval = std::chrono::milliseconds(100);
  /// Samples kept for drain(). When the buffer is full the oldest sample is overwritten and
  /// counted in `dropped`.
  std::size_t capacity = 4096;
  bool read_power = true;
  bool read_cpu = true;
  bool read_memory = true;
  bool read_temperatures = true;
  /// Called on the sampler thread with every sample, before it enters the buffer. It must be
  /// quick (it delays the next tick), must not call stop() (the thread cannot join itself) and
  /// should not throw: an exception stops the sampling and is rethrown by stop().
  std::function<void(const hardware_sample&)> on_sample;
};

/// What the sampler has done so far.
struct sysfs_sampler_counters {
  std::uint64_t samples = 0;      ///< samples produced (each passed to on_sample and buffered)
  std::uint64_t dropped = 0;      ///< samples overwritten in a full buffer before drain()
  std::uint64_t read_errors = 0;  ///< failed reads of a file (vanished, permission, I/O error)
  std::uint64_t late_ticks = 0;   ///< ticks skipped because a tick started more than one interval late
};

/// Samples this machine at a fixed interval on a background thread.
///
///   sysfs_sampler sampler;            // discovers rails, sensors and cores under "/"
///   sampler.start();
///   ... run the model ...
///   sampler.stop();
///   std::vector<hardware_sample> samples = sampler.drain();
///
/// Samples carry the monotonic clock (std::chrono::steady_clock) in seconds as `time_s`
/// (`timestamped = true`). A tick reads the rails (their bus voltages every `voltage_interval`);
/// every `system_interval` it also reads CPU, memory and temperatures, and only those ticks
/// carry them. Without power rails the thread wakes up only every `system_interval`. A tick that
/// reads nothing gives no sample. All member functions are thread-safe.
class sysfs_sampler {
 public:
  /// Finds the power monitors, thermal zones and cores. Throws std::invalid_argument for a
  /// non-positive interval or system_interval, a negative voltage_interval, or a zero capacity;
  /// never for missing files.
  explicit sysfs_sampler(sysfs_sampler_options options = {});
  /// Stops the thread and joins it (an exception of on_sample is then discarded).
  ~sysfs_sampler();
  sysfs_sampler(const sysfs_sampler&) = delete;
  sysfs_sampler& operator=(const sysfs_sampler&) = delete;
  sysfs_sampler(sysfs_sampler&&) = delete;
  sysfs_sampler& operator=(sysfs_sampler&&) = delete;

  /// Starts the sampler thread; the first tick is immediate. Does nothing when already running.
  void start();
  /// Stops the thread and joins it; the buffer is kept for drain(). Does nothing when not
  /// running. Rethrows an exception thrown by on_sample.
  void stop();
  [[nodiscard]] bool running() const noexcept;

  /// Moves the buffered samples, oldest first, to the end of `out`; returns how many.
  std::size_t drain(std::vector<hardware_sample>& out);
  [[nodiscard]] std::vector<hardware_sample> drain();

  /// One sample read now on the calling thread, with everything (rails with fresh voltages,
  /// CPU, memory, temperatures); not buffered, not passed to on_sample, not counted in `samples`. CPU loads
  /// are relative to the previous CPU reading (of the thread or of sample_now); the first one
  /// has none.
  [[nodiscard]] hardware_sample sample_now();

  [[nodiscard]] sysfs_sampler_counters counters() const noexcept;
  /// The last read error, as "PATH: reason"; empty when there was none.
  [[nodiscard]] std::string last_error() const;

  [[nodiscard]] bool power_available() const noexcept;
  [[nodiscard]] power_monitor_layout power_layout() const noexcept;
  /// Why there is no power reading (empty when power_available()).
  [[nodiscard]] const std::string& power_unavailable_reason() const noexcept;
  /// The rails found, in the order of the samples (by I2C device, then channel).
  [[nodiscard]] const std::vector<std::string>& rail_names() const noexcept;
  /// The temperature sensors found (thermal zone types without a -thermal/-therm suffix).
  [[nodiscard]] const std::vector<std::string>& temperature_names() const noexcept;
  /// The cores found (present, online or not).
  [[nodiscard]] std::size_t cpu_count() const noexcept;
  [[nodiscard]] const sysfs_sampler_options& options() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_SYSFS_SAMPLER_HPP
