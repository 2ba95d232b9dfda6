// The live sysfs sampler (include/edgemetrics/io/sysfs_sampler.hpp): against fake trees of the
// Nano (L4T 32 iio), the Orin NX (hwmon) and the AGX Orin (hwmon, a fed rail), an empty tree, and
// this machine's own /proc and /sys.
#include "fake_sysfs.hpp"

#include <edgemetrics/io/sysfs_sampler.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace edgemetrics;
using namespace std::chrono_literals;

namespace {

sysfs_sampler_options at(const std::string& root) {
  sysfs_sampler_options o;
  o.root = root;
  return o;
}

std::vector<std::string> rail_names(const hardware_sample& s) {
  std::vector<std::string> out;
  for (const power_rail& r : s.rails) out.push_back(r.name);
  return out;
}

}  // namespace

TEST(SysfsSampler, NanoIioLayout) {
  fake_sysfs::tree t("nano");
  fake_sysfs::write_nano(t);
  sysfs_sampler sampler(at(t.root() + "/"));  // a trailing '/' is fine
  ASSERT_TRUE(sampler.power_available()) << sampler.power_unavailable_reason();
  EXPECT_EQ(sampler.power_layout(), power_monitor_layout::ina3221x_iio);
  EXPECT_EQ(sampler.power_unavailable_reason(), "");
  EXPECT_EQ(sampler.rail_names(), (std::vector<std::string>{"POM_5V_IN", "POM_5V_GPU", "POM_5V_CPU"}));
  EXPECT_EQ(sampler.cpu_count(), 4u);
  EXPECT_EQ(sampler.temperature_names(),
            (std::vector<std::string>{"AO", "CPU", "GPU", "PLL", "PMIC-Die", "thermal-fan-est"}));

  const hardware_sample s = sampler.sample_now();
  EXPECT_TRUE(s.timestamped);
  EXPECT_GT(s.time_s, 0.0);
  // in_powerN_input (mW) is read as is, not recomputed from voltage and current.
  ASSERT_EQ(rail_names(s), sampler.rail_names());
  EXPECT_EQ(s.rails[0].instant_mw, 1022.0);
  EXPECT_EQ(s.rails[1].instant_mw, 0.0);
  EXPECT_EQ(s.rails[2].instant_mw, 204.0);
  EXPECT_FALSE(s.rails[0].average_mw.has_value());
  EXPECT_EQ(s.power_rule, total_power_rule::input_rail);
  EXPECT_EQ(s.total_power_mw, 1022.0);

  ASSERT_TRUE(s.ram.has_value());
  EXPECT_EQ(s.ram->used_mb, 534.0);
  EXPECT_EQ(s.ram->total_mb, 3964.0);
  ASSERT_TRUE(s.swap.has_value());
  EXPECT_EQ(s.swap->used_mb, 5.0);
  EXPECT_EQ(s.swap->total_mb, 1982.0);
  EXPECT_EQ(s.swap_cached_mb, 1.0);
  EXPECT_FALSE(s.iram.has_value());

  ASSERT_EQ(s.cpus.size(), 4u);
  for (const cpu_core& c : s.cpus) {
    EXPECT_TRUE(c.online);
    EXPECT_FALSE(c.load_percent.has_value());  // one reading: no difference yet
    EXPECT_EQ(c.frequency_mhz, 204.0);
  }

  ASSERT_EQ(s.temperatures.size(), 6u);
  ASSERT_NE(s.temperature("CPU"), nullptr);
  EXPECT_EQ(s.temperature("CPU")->celsius, 36.5);
  EXPECT_TRUE(s.temperature("CPU")->valid);
  EXPECT_EQ(s.temperature("thermal-fan-est")->celsius, 36.25);
  EXPECT_TRUE(s.engines.empty());
  EXPECT_TRUE(s.unknown_tokens.empty());
  EXPECT_EQ(sampler.counters().read_errors, 0u) << sampler.last_error();
}

TEST(SysfsSampler, CpuLoadIsTheDifferenceOfTwoReadings) {
  fake_sysfs::tree t("nano_load");
  fake_sysfs::write_nano(t);
  sysfs_sampler sampler(at(t.root()));
  (void)sampler.sample_now();
  // cpu0: +100 user, +50 system, +350 idle -> 150 busy of 500 = 30 %. cpu1: iowait counts as
  // idle: +10 user, +30 iowait, +60 idle -> 10 %. cpu2: nothing advanced -> no load.
  // cpu3 went offline (absent from proc/stat).
  fake_sysfs::write_proc_stat(
      t, {0, 1, 2}, {{200, 0, 150, 1150, 0, 0, 0, 0}, {20, 0, 10, 140, 30, 0, 0, 0}, {0, 0, 0, 100, 0, 0, 0, 0}});
  t.write("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", "1479000\n");
  const hardware_sample s = sampler.sample_now();
  ASSERT_EQ(s.cpus.size(), 4u);
  EXPECT_EQ(s.cpus[0].load_percent, 30.0);
  EXPECT_EQ(s.cpus[0].frequency_mhz, 1479.0);
  EXPECT_EQ(s.cpus[1].load_percent, 10.0);
  EXPECT_TRUE(s.cpus[2].online);
  EXPECT_FALSE(s.cpus[2].load_percent.has_value());
  EXPECT_FALSE(s.cpus[3].online);
  EXPECT_FALSE(s.cpus[3].load_percent.has_value());
  EXPECT_FALSE(s.cpus[3].frequency_mhz.has_value());

  // cpu3 back online: its first reading after that has no load again.
  fake_sysfs::write_proc_stat(t, {0, 1, 2, 3},
                              {{300, 0, 150, 1550, 0, 0, 0, 0},
                               {20, 0, 10, 140, 30, 0, 0, 0},
                               {0, 0, 0, 200, 0, 0, 0, 0},
                               {50, 0, 0, 150, 0, 0, 0, 0}});
  const hardware_sample s2 = sampler.sample_now();
  EXPECT_EQ(s2.cpus[0].load_percent, 20.0);
  EXPECT_EQ(s2.cpus[2].load_percent, 0.0);
  EXPECT_TRUE(s2.cpus[3].online);
  EXPECT_FALSE(s2.cpus[3].load_percent.has_value());
}

TEST(SysfsSampler, OrinNxHwmonLayout) {
  fake_sysfs::tree t("orin_nx");
  fake_sysfs::write_orin_nx(t);
  sysfs_sampler sampler(at(t.root()));
  ASSERT_TRUE(sampler.power_available()) << sampler.power_unavailable_reason();
  EXPECT_EQ(sampler.power_layout(), power_monitor_layout::ina3221_hwmon);
  // in7 ("sum of shunt voltages", no current) and in4 (no label) are not rails.
  EXPECT_EQ(sampler.rail_names(), (std::vector<std::string>{"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"}));
  const hardware_sample s = sampler.sample_now();
  ASSERT_EQ(s.rails.size(), 3u);
  // power = bus voltage (mV) * current (mA) / 1000
  EXPECT_EQ(s.rails[0].instant_mw, 5048.0 * 1050.0 / 1000.0);
  EXPECT_EQ(s.rails[1].instant_mw, 5040.0 * 153.0 / 1000.0);
  EXPECT_EQ(s.rails[2].instant_mw, 5040.0 * 283.0 / 1000.0);
  EXPECT_EQ(s.power_rule, total_power_rule::input_rail);
  EXPECT_EQ(s.total_power_mw, 5048.0 * 1050.0 / 1000.0);

  // 8 present cores, 4 of them offline (absent from proc/stat), as tegrastats' "off".
  ASSERT_EQ(s.cpus.size(), 8u);
  for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(s.cpus[i].online, i < 4) << i;
  EXPECT_EQ(s.cpus[0].frequency_mhz, 729.6);
  EXPECT_FALSE(s.cpus[5].frequency_mhz.has_value());

  // The power-gated GPU reads -256 C: kept, marked invalid.
  ASSERT_NE(s.temperature("gpu"), nullptr);
  EXPECT_EQ(s.temperature("gpu")->celsius, -256.0);
  EXPECT_FALSE(s.temperature("gpu")->valid);
  EXPECT_EQ(s.temperature("tj")->celsius, 48.875);
  EXPECT_TRUE(s.temperature("tj")->valid);
  EXPECT_EQ(s.ram->used_mb, 6334.0);
  EXPECT_EQ(s.swap->used_mb, 491.0);
}

TEST(SysfsSampler, AgxOrinTotalWithoutDoubleCounting) {
  fake_sysfs::tree t("agx_orin");
  fake_sysfs::write_agx_orin(t);
  sysfs_sampler sampler(at(t.root()));
  // Two devices, in I2C address order; "NC" channels are not rails.
  EXPECT_EQ(sampler.rail_names(),
            (std::vector<std::string>{"VDD_GPU_SOC", "VDD_CPU_CV", "VIN_SYS_5V0", "VDDQ_VDD2_1V8AO"}));
  const hardware_sample s = sampler.sample_now();
  ASSERT_EQ(s.rails.size(), 4u);
  EXPECT_EQ(s.rail("VDDQ_VDD2_1V8AO")->instant_mw, 4920.0 * 100.0 / 1000.0);
  EXPECT_EQ(s.power_rule, total_power_rule::sum_without_fed);
  const double gpu_soc = 4824.0 * 500.0 / 1000.0;
  const double cpu_cv = 4824.0 * 333.0 / 1000.0;
  const double sys5v = 4920.0 * 956.0 / 1000.0;
  EXPECT_EQ(s.total_power_mw, gpu_soc + cpu_cv + sys5v);
  EXPECT_EQ(s.cpus.size(), 12u);
  EXPECT_EQ(s.temperatures.size(), 6u);
  EXPECT_EQ(sampler.counters().read_errors, 0u) << sampler.last_error();
}

TEST(SysfsSampler, UnreadableFilesAreCountedNotFatal) {
  fake_sysfs::tree t("nano_unreadable");
  fake_sysfs::write_nano(t);
  // The GPU rail and the CPU sensor cannot be read (a folder in place of the file: opening it
  // works, reading it fails, as with a hot-unplugged or protected sysfs attribute).
  t.make_unreadable("sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0/in_power1_input");
  t.make_unreadable("sys/class/thermal/thermal_zone1/temp");
  sysfs_sampler after(at(t.root()));
  ASSERT_EQ(after.rail_names().size(), 3u);
  const hardware_sample s = after.sample_now();
  EXPECT_EQ(rail_names(s), (std::vector<std::string>{"POM_5V_IN", "POM_5V_CPU"}));
  // The input rail was read: the total stands.
  EXPECT_EQ(s.power_rule, total_power_rule::input_rail);
  EXPECT_EQ(s.total_power_mw, 1022.0);
  EXPECT_EQ(s.temperature("CPU"), nullptr);
  EXPECT_NE(s.temperature("GPU"), nullptr);
  EXPECT_EQ(after.counters().read_errors, 2u);
  EXPECT_NE(after.last_error().find("thermal_zone1/temp"), std::string::npos) << after.last_error();
  // Again on the next sample: counted each time, never thrown.
  (void)after.sample_now();
  EXPECT_EQ(after.counters().read_errors, 4u);
}

TEST(SysfsSampler, MissingSummandGivesNoTotal) {
  fake_sysfs::tree t("agx_orin_missing");
  fake_sysfs::write_agx_orin(t);
  t.make_unreadable("sys/bus/i2c/drivers/ina3221/1-0040/hwmon/hwmon1/curr2_input");  // VDD_CPU_CV
  sysfs_sampler sampler(at(t.root()));
  const hardware_sample s = sampler.sample_now();
  EXPECT_EQ(rail_names(s), (std::vector<std::string>{"VDD_GPU_SOC", "VIN_SYS_5V0", "VDDQ_VDD2_1V8AO"}));
  // A sum without one of its rails would be wrong: no total.
  EXPECT_EQ(s.power_rule, total_power_rule::none);
  EXPECT_FALSE(s.total_power_mw.has_value());
  EXPECT_EQ(sampler.counters().read_errors, 1u);
}

TEST(SysfsSampler, EmptyTreeSaysWhyAndThrowsNothing) {
  fake_sysfs::tree t("empty");
  sysfs_sampler sampler(at(t.root()));
  EXPECT_FALSE(sampler.power_available());
  EXPECT_EQ(sampler.power_layout(), power_monitor_layout::none);
  EXPECT_NE(sampler.power_unavailable_reason().find("no INA3221 power monitor"), std::string::npos)
      << sampler.power_unavailable_reason();
  EXPECT_EQ(sampler.cpu_count(), 0u);
  const hardware_sample s = sampler.sample_now();
  EXPECT_TRUE(s.rails.empty());
  EXPECT_FALSE(s.total_power_mw.has_value());
  EXPECT_FALSE(s.ram.has_value());
  EXPECT_TRUE(s.cpus.empty());
  EXPECT_GE(sampler.counters().read_errors, 2u);  // proc/stat and proc/meminfo
  // A tick that reads nothing gives no sample.
  sampler.start();
  std::this_thread::sleep_for(50ms);
  sampler.stop();
  EXPECT_EQ(sampler.counters().samples, 0u);
  EXPECT_TRUE(sampler.drain().empty());
}

TEST(SysfsSampler, PowerOffOnRequest) {
  fake_sysfs::tree t("nano_nopower");
  fake_sysfs::write_nano(t);
  sysfs_sampler_options o = at(t.root());
  o.read_power = false;
  o.read_temperatures = false;
  sysfs_sampler sampler(o);
  EXPECT_FALSE(sampler.power_available());
  EXPECT_FALSE(sampler.power_unavailable_reason().empty());
  const hardware_sample s = sampler.sample_now();
  EXPECT_TRUE(s.rails.empty());
  EXPECT_TRUE(s.temperatures.empty());
  EXPECT_TRUE(s.ram.has_value());
  EXPECT_EQ(s.cpus.size(), 4u);
}

TEST(SysfsSampler, BadOptionsAreInvalidArguments) {
  sysfs_sampler_options o;
  o.interval = 0ms;
  EXPECT_THROW(sysfs_sampler{o}, std::invalid_argument);
  o = {};
  o.system_interval = -1ms;
  EXPECT_THROW(sysfs_sampler{o}, std::invalid_argument);
  o = {};
  o.capacity = 0;
  EXPECT_THROW(sysfs_sampler{o}, std::invalid_argument);
  try {
    o = {};
    o.interval = 0ms;
    sysfs_sampler s(o);
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "edgemetrics::sysfs_sampler: interval must be positive, got 0 ns");
  }
  EXPECT_EQ(to_string(power_monitor_layout::ina3221_hwmon), "ina3221_hwmon");
  EXPECT_EQ(parse_power_monitor_layout("ina3221x_iio"), power_monitor_layout::ina3221x_iio);
  EXPECT_THROW((void)parse_power_monitor_layout("iio"), std::invalid_argument);
}

TEST(SysfsSampler, BackgroundThreadSamplesAtTheInterval) {
  fake_sysfs::tree t("orin_thread");
  fake_sysfs::write_orin_nx(t);
  sysfs_sampler_options o = at(t.root());
  o.interval = 10ms;
  o.system_interval = 50ms;  // every 5th tick
  std::mutex m;
  std::vector<double> seen;
  o.on_sample = [&](const hardware_sample& s) {
    std::lock_guard<std::mutex> lock(m);
    seen.push_back(s.time_s);
  };
  sysfs_sampler sampler(o);
  EXPECT_FALSE(sampler.running());
  sampler.start();
  sampler.start();  // already running: nothing
  EXPECT_TRUE(sampler.running());
  std::this_thread::sleep_for(300ms);
  sampler.stop();
  sampler.stop();  // already stopped: nothing
  EXPECT_FALSE(sampler.running());

  const std::vector<hardware_sample> got = sampler.drain();
  const sysfs_sampler_counters c = sampler.counters();
  ASSERT_GE(got.size(), 5u);  // ~30 at 10 ms; slow machines (sanitizers, qemu) get fewer
  EXPECT_EQ(c.samples, got.size());
  EXPECT_EQ(c.dropped, 0u);
  EXPECT_EQ(c.read_errors, 0u);
  {
    std::lock_guard<std::mutex> lock(m);
    ASSERT_EQ(seen.size(), got.size());
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(seen[i], got[i].time_s);
  }
  std::size_t with_system = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (i > 0) {
      EXPECT_GT(got[i].time_s, got[i - 1].time_s);
    }
    EXPECT_EQ(got[i].rails.size(), 3u);
    EXPECT_EQ(got[i].power_rule, total_power_rule::input_rail);
    if (got[i].ram) {
      ++with_system;
      EXPECT_EQ(got[i].cpus.size(), 8u);
      EXPECT_EQ(got[i].temperatures.size(), 4u);
    } else {
      EXPECT_TRUE(got[i].cpus.empty());
      EXPECT_TRUE(got[i].temperatures.empty());
    }
  }
  EXPECT_TRUE(got.front().ram.has_value());  // the first tick reads everything
  EXPECT_GE(with_system, 1u);
  EXPECT_LT(with_system, got.size());
  EXPECT_TRUE(sampler.drain().empty());  // drained
}

TEST(SysfsSampler, FullBufferDropsTheOldestAndCountsThem) {
  fake_sysfs::tree t("nano_overflow");
  fake_sysfs::write_nano(t);
  sysfs_sampler_options o = at(t.root());
  o.interval = 5ms;
  o.capacity = 3;
  std::mutex m;
  std::vector<double> seen;
  o.on_sample = [&](const hardware_sample& s) {
    std::lock_guard<std::mutex> lock(m);
    seen.push_back(s.time_s);
  };
  sysfs_sampler sampler(o);
  sampler.start();
  std::this_thread::sleep_for(150ms);
  sampler.stop();
  const sysfs_sampler_counters c = sampler.counters();
  std::vector<hardware_sample> got;
  const std::size_t n = sampler.drain(got);
  EXPECT_EQ(n, got.size());
  ASSERT_GT(c.samples, 3u);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(c.dropped, c.samples - 3);
  std::lock_guard<std::mutex> lock(m);
  ASSERT_EQ(seen.size(), c.samples);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(got[i].time_s, seen[seen.size() - 3 + i]);  // the newest three
}

TEST(SysfsSampler, CallbackExceptionStopsAndIsRethrown) {
  fake_sysfs::tree t("nano_throw");
  fake_sysfs::write_nano(t);
  sysfs_sampler_options o = at(t.root());
  std::atomic<int> calls{0};
  o.on_sample = [&](const hardware_sample&) {
    if (++calls == 3) throw std::runtime_error("consumer failed");
  };
  sysfs_sampler sampler(o);
  sampler.start();
  for (int i = 0; i < 500 && sampler.running(); ++i) std::this_thread::sleep_for(5ms);
  EXPECT_FALSE(sampler.running());
  EXPECT_THROW(sampler.stop(), std::runtime_error);
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(sampler.counters().samples, 2u);
  sampler.stop();  // the exception was given once
}

TEST(SysfsSampler, DestructorJoinsARunningThread) {
  fake_sysfs::tree t("nano_dtor");
  fake_sysfs::write_nano(t);
  std::atomic<int> calls{0};
  {
    sysfs_sampler_options o = at(t.root());
    o.on_sample = [&](const hardware_sample&) { ++calls; };
    sysfs_sampler sampler(o);
    sampler.start();
    std::this_thread::sleep_for(30ms);
  }
  const int after = calls.load();
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(calls.load(), after);  // nothing runs after the destructor
}

TEST(SysfsSampler, DrainWhileRunning) {
  fake_sysfs::tree t("nano_concurrent");
  fake_sysfs::write_nano(t);
  sysfs_sampler_options o = at(t.root());
  o.interval = 2ms;
  sysfs_sampler sampler(o);
  sampler.start();
  std::vector<hardware_sample> all;
  for (int i = 0; i < 20; ++i) {
    sampler.drain(all);
    (void)sampler.counters();
    (void)sampler.sample_now();  // shares the readers with the thread, under a lock
    std::this_thread::sleep_for(3ms);
  }
  sampler.stop();
  sampler.drain(all);
  EXPECT_EQ(all.size(), sampler.counters().samples);
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_GT(all[i].time_s, all[i - 1].time_s);
}

TEST(SysfsSampler, ThisMachine) {
  // Real /proc and /sys: memory and CPU on any Linux; power only on a Jetson, where the sampler
  // otherwise says why not.
  sysfs_sampler_options o;
  o.interval = 10ms;
  o.system_interval = 10ms;
  sysfs_sampler sampler(o);
  if (!sampler.power_available()) {
    EXPECT_FALSE(sampler.power_unavailable_reason().empty());
    EXPECT_TRUE(sampler.rail_names().empty());
  }
  const hardware_sample s = sampler.sample_now();
  ASSERT_TRUE(s.ram.has_value());
  EXPECT_GT(s.ram->total_mb, 0.0);
  EXPECT_GE(s.ram->used_mb, 0.0);
  EXPECT_LE(s.ram->used_mb, s.ram->total_mb);
  ASSERT_TRUE(s.swap.has_value());
  EXPECT_GE(sampler.cpu_count(), 1u);
  EXPECT_EQ(s.cpus.size(), sampler.cpu_count());
  if (!sampler.power_available()) {
    EXPECT_FALSE(s.total_power_mw.has_value());
  }

  sampler.start();
  std::this_thread::sleep_for(120ms);
  sampler.stop();
  const std::vector<hardware_sample> got = sampler.drain();
  ASSERT_GE(got.size(), 2u);
  bool some_load = false;
  for (const hardware_sample& g : got) {
    for (const cpu_core& c : g.cpus) {
      if (c.load_percent) {
        some_load = true;
        EXPECT_GE(*c.load_percent, 0.0);
        EXPECT_LE(*c.load_percent, 100.0);
      }
    }
  }
  EXPECT_TRUE(some_load);
}

// ---- bus voltages every voltage_interval -----------------------------------------------------

namespace {

// The Orin NX tree's VDD_IN (hwmon channel 1 of 1-0040): its voltage and current files change
// between ticks, written by on_sample on the sampler thread after sample k for sample k + 1.
const std::string vdd_in_mv = "sys/bus/i2c/drivers/ina3221/1-0040/hwmon/hwmon3/in1_input";
const std::string vdd_in_ma = "sys/bus/i2c/drivers/ina3221/1-0040/hwmon/hwmon3/curr1_input";
long long mv_at(std::size_t k) { return 5000 + 8 * static_cast<long long>(k); }  // one INA3221 bus step a tick
long long ma_at(std::size_t k) { return 1000 + 7 * static_cast<long long>(k); }

// Runs the sampler until it has produced at least `n` samples; `between(k)` runs after sample k.
std::vector<hardware_sample> sample_while_changing(sysfs_sampler_options o, std::size_t n,
                                                   const std::function<void(std::size_t)>& between,
                                                   sysfs_sampler_counters& counters) {
  std::atomic<std::size_t> k{0};
  o.on_sample = [&](const hardware_sample&) { between(k.fetch_add(1)); };
  sysfs_sampler sampler(o);
  sampler.start();
  for (int i = 0; i < 1000 && k.load() < n; ++i) std::this_thread::sleep_for(5ms);
  sampler.stop();
  counters = sampler.counters();
  return sampler.drain();
}

const power_rail* vdd_in(const hardware_sample& s) { return s.rail("VDD_IN"); }

}  // namespace

TEST(SysfsSampler, BusVoltageIsReadEveryVoltageIntervalAndPowerUsesTheLatest) {
  fake_sysfs::tree t("orin_nx_voltage");
  fake_sysfs::write_orin_nx(t);
  t.write(vdd_in_mv, std::to_string(mv_at(0)) + "\n");
  t.write(vdd_in_ma, std::to_string(ma_at(0)) + "\n");
  sysfs_sampler_options o = at(t.root());
  o.interval = 10ms;
  o.voltage_interval = 30ms;  // every 3rd tick
  o.system_interval = 10s;
  sysfs_sampler_counters c;
  const std::vector<hardware_sample> got = sample_while_changing(
      o, 12,
      [&](std::size_t k) {
        t.write(vdd_in_mv, std::to_string(mv_at(k + 1)) + "\n");
        t.write(vdd_in_ma, std::to_string(ma_at(k + 1)) + "\n");
      },
      c);
  ASSERT_GE(got.size(), 12u);
  EXPECT_EQ(c.read_errors, 0u);
  // Each sample: the current of its own tick times the voltage of the latest voltage tick.
  // Without late ticks the voltage ticks are samples 0, 3, 6, ...; with late ticks (a slow
  // machine skips ticks) at most two samples in a row use an older voltage.
  std::size_t fresh = 0;
  std::size_t last_j = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const power_rail* r = vdd_in(got[i]);
    ASSERT_NE(r, nullptr) << i;
    std::size_t j = i + 1;
    for (std::size_t cand = i + 1; cand-- > (i >= 2 ? i - 2 : 0);) {
      if (r->instant_mw == static_cast<double>(mv_at(cand)) * static_cast<double>(ma_at(i)) / 1000.0) {
        j = cand;
        break;
      }
    }
    ASSERT_LE(j, i) << "sample " << i << ": " << r->instant_mw << " mW is not a current of this tick times a voltage "
                    << "of this tick or of the two before";
    EXPECT_GE(j, last_j) << i;
    last_j = j;
    if (j == i) ++fresh;
    if (c.late_ticks == 0) {
      EXPECT_EQ(j, i - i % 3) << i;
    }
    EXPECT_EQ(got[i].power_rule, total_power_rule::input_rail);
    EXPECT_EQ(got[i].total_power_mw, r->instant_mw);
    // The other rails' files do not change: always the same product.
    EXPECT_EQ(got[i].rail("VDD_SOC")->instant_mw, 5040.0 * 283.0 / 1000.0);
  }
  EXPECT_LT(fresh, got.size());  // some voltages were reused
  EXPECT_GE(fresh, got.size() / 3);
}

TEST(SysfsSampler, EveryTickVoltagesGiveEachTicksOwnProduct) {
  // voltage_interval 0 or equal to interval: the voltage is read on every tick, power = that
  // tick's voltage * its current / 1000, as before voltage_interval existed.
  for (const std::chrono::nanoseconds every_tick : {std::chrono::nanoseconds(0), std::chrono::nanoseconds(10ms)}) {
    fake_sysfs::tree t("orin_nx_every_tick");
    fake_sysfs::write_orin_nx(t);
    t.write(vdd_in_mv, std::to_string(mv_at(0)) + "\n");
    t.write(vdd_in_ma, std::to_string(ma_at(0)) + "\n");
    sysfs_sampler_options o = at(t.root());
    o.interval = 10ms;
    o.voltage_interval = every_tick;
    o.system_interval = 10s;
    sysfs_sampler_counters c;
    const std::vector<hardware_sample> got = sample_while_changing(
        o, 8,
        [&](std::size_t k) {
          t.write(vdd_in_mv, std::to_string(mv_at(k + 1)) + "\n");
          t.write(vdd_in_ma, std::to_string(ma_at(k + 1)) + "\n");
        },
        c);
    ASSERT_GE(got.size(), 8u);
    EXPECT_EQ(c.read_errors, 0u);
    for (std::size_t i = 0; i < got.size(); ++i) {
      ASSERT_NE(vdd_in(got[i]), nullptr);
      EXPECT_EQ(vdd_in(got[i])->instant_mw, static_cast<double>(mv_at(i)) * static_cast<double>(ma_at(i)) / 1000.0)
          << every_tick.count() << " ns, sample " << i;
    }
  }
}

TEST(SysfsSampler, AFailedVoltageReadIsRetriedNeverReplacedByAnOlderOne) {
  fake_sysfs::tree t("orin_nx_voltage_error");
  fake_sysfs::write_orin_nx(t);
  sysfs_sampler_options o = at(t.root());
  o.interval = 10ms;
  o.voltage_interval = 30ms;
  o.system_interval = 10s;
  sysfs_sampler_counters c;
  // After sample 0 the voltage file holds garbage until after sample 4, then 5100 mV.
  const std::vector<hardware_sample> got = sample_while_changing(
      o, 9,
      [&](std::size_t k) {
        if (k == 0) t.write(vdd_in_mv, "garbage\n");
        if (k == 4) t.write(vdd_in_mv, "5100\n");
      },
      c);
  ASSERT_GE(got.size(), 9u);
  const double old_mw = 5048.0 * 1050.0 / 1000.0;
  const double new_mw = 5100.0 * 1050.0 / 1000.0;
  ASSERT_NE(vdd_in(got[0]), nullptr);
  EXPECT_EQ(vdd_in(got[0])->instant_mw, old_mw);
  EXPECT_GE(c.read_errors, 1u);
  bool failed = false;
  for (std::size_t i = 1; i < got.size(); ++i) {
    const power_rail* r = vdd_in(got[i]);
    if (r == nullptr) {
      failed = true;
      // Without the input rail the sample has no total (the rule needs it).
      EXPECT_FALSE(got[i].total_power_mw.has_value()) << i;
      continue;
    }
    if (failed) {
      EXPECT_EQ(r->instant_mw, new_mw) << i;  // never the voltage from before the failure
    }
  }
  EXPECT_TRUE(failed);
  if (c.late_ticks == 0) {
    // Samples 1, 2 reuse sample 0's voltage; sample 3 (a voltage tick) fails and so does sample 4
    // (a retry, no voltage to reuse); sample 5 retries and reads 5100 mV.
    EXPECT_EQ(vdd_in(got[1])->instant_mw, old_mw);
    EXPECT_EQ(vdd_in(got[2])->instant_mw, old_mw);
    EXPECT_EQ(vdd_in(got[3]), nullptr);
    EXPECT_EQ(vdd_in(got[4]), nullptr);
    for (std::size_t i = 5; i < got.size(); ++i) {
      ASSERT_NE(vdd_in(got[i]), nullptr) << i;
      EXPECT_EQ(vdd_in(got[i])->instant_mw, new_mw) << i;
    }
    EXPECT_EQ(c.read_errors, 2u);
  }
}

TEST(SysfsSampler, PowerFilesAreReadOnEveryTick) {
  // iio in_powerN_input gives the power itself: voltage_interval changes nothing.
  fake_sysfs::tree t("nano_power_every_tick");
  fake_sysfs::write_nano(t);
  const std::string power0 = "sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0/in_power0_input";
  t.write(power0, "1000\n");
  sysfs_sampler_options o = at(t.root());
  o.interval = 10ms;
  o.voltage_interval = 1s;
  sysfs_sampler_counters c;
  const std::vector<hardware_sample> got = sample_while_changing(
      o, 6, [&](std::size_t k) { t.write(power0, std::to_string(1000 + k + 1) + "\n"); }, c);
  ASSERT_GE(got.size(), 6u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    ASSERT_NE(got[i].rail("POM_5V_IN"), nullptr);
    EXPECT_EQ(got[i].rail("POM_5V_IN")->instant_mw, static_cast<double>(1000 + i)) << i;
  }
}

TEST(SysfsSampler, SampleNowReadsFreshVoltages) {
  fake_sysfs::tree t("orin_nx_sample_now");
  fake_sysfs::write_orin_nx(t);
  sysfs_sampler sampler(at(t.root()));  // default voltage_interval (100 ms)
  EXPECT_EQ(sampler.options().voltage_interval, std::chrono::nanoseconds(100ms));
  EXPECT_EQ(vdd_in(sampler.sample_now())->instant_mw, 5048.0 * 1050.0 / 1000.0);
  t.write(vdd_in_mv, "5056\n");
  EXPECT_EQ(vdd_in(sampler.sample_now())->instant_mw, 5056.0 * 1050.0 / 1000.0);
}

TEST(SysfsSampler, NegativeVoltageIntervalIsAnInvalidArgument) {
  sysfs_sampler_options o;
  o.root = "/nonexistent-edgemetrics-root";
  o.voltage_interval = -1ms;
  try {
    sysfs_sampler s(o);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "edgemetrics::sysfs_sampler: voltage_interval must not be negative, got -1000000 ns");
  }
  o.voltage_interval = 0ms;  // every tick
  EXPECT_NO_THROW(sysfs_sampler{o});
}
