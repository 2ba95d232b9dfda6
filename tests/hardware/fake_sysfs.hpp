// Fake sysfs/procfs trees of Jetson boards in a temporary folder, for the live sysfs sampler's
// tests and bench. The rail names and layouts follow the rail tables of the tegrastats fixtures'
// FORMAT_NOTES.md and the kernel drivers (NVIDIA's ina3221x iio driver on L4T 32: rail_name_N,
// in_powerN_input mW, in_voltageN_input mV, in_currentN_input mA, channels 0-2; the mainline
// ina3221 hwmon driver on L4T 34+: inN_label, inN_input mV, currN_input mA, channels 1-3, "NC"
// for an unconnected channel, in7_label "sum of shunt voltages" without a current). The values
// are those of real tegrastats lines of the same boards (tests/data/tegrastats_process/).
#ifndef EDGEMETRICS_TESTS_HARDWARE_FAKE_SYSFS_HPP
#define EDGEMETRICS_TESTS_HARDWARE_FAKE_SYSFS_HPP

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fake_sysfs {

namespace fs = std::filesystem;

/// A fresh temporary folder, removed with everything in it on destruction.
class tree {
 public:
  explicit tree(const std::string& tag) {
    std::string tmpl = (fs::temp_directory_path() / ("edgemetrics_" + tag + "_XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + tmpl);
    root_ = tmpl;
  }
  tree(const tree&) = delete;
  tree& operator=(const tree&) = delete;
  ~tree() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  [[nodiscard]] const std::string& root() const noexcept { return root_; }
  [[nodiscard]] std::string path(const std::string& rel) const { return root_ + "/" + rel; }

  /// Writes `rel` (creating its folders) in place: an open descriptor sees the new contents,
  /// as it does in sysfs.
  void write(const std::string& rel, const std::string& contents) const {
    const fs::path p = path(rel);
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << contents;
    if (!out) throw std::runtime_error("cannot write " + p.string());
  }
  /// Replaces a file by a folder of the same name: opening it still works, reading it fails
  /// (EISDIR), as a vanished or unreadable sysfs attribute does.
  void make_unreadable(const std::string& rel) const {
    fs::remove(path(rel));
    fs::create_directories(path(rel));
  }

 private:
  std::string root_;
};

/// proc/stat counters of one core: user nice system idle iowait irq softirq steal.
using cpu_times = std::array<unsigned long long, 8>;

/// proc/stat with the given online cores (cpuN lines for N in `online`), then the lines that
/// follow the cpu lines on a real machine.
inline void write_proc_stat(const tree& t, const std::vector<int>& online, const std::vector<cpu_times>& times) {
  std::string s = "cpu  1 2 3 4 5 6 7 8 0 0\n";
  for (std::size_t i = 0; i < online.size(); ++i) {
    s += "cpu" + std::to_string(online[i]);
    for (unsigned long long v : times[i]) s += " " + std::to_string(v);
    s += " 0 0\n";
  }
  s += "intr 123456 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
  s += "ctxt 987654\nbtime 1700000000\nprocesses 4321\nprocs_running 1\nprocs_blocked 0\n";
  s += "softirq 1 2 3 4 5 6 7 8 9 10 11\n";
  t.write("proc/stat", s);
}

inline void write_meminfo(const tree& t, long long total_kb, long long available_kb, long long swap_total_kb,
                          long long swap_free_kb, long long swap_cached_kb) {
  const auto line = [](const char* key, long long kb) {
    std::string v = std::to_string(kb);
    return std::string(key) + ":" + std::string(v.size() < 15 ? 15 - v.size() : 1, ' ') + v + " kB\n";
  };
  std::string s;
  s += line("MemTotal", total_kb);
  s += line("MemFree", available_kb / 2);
  s += line("MemAvailable", available_kb);
  s += line("Buffers", 1024);
  s += line("Cached", available_kb / 3);
  s += line("SwapCached", swap_cached_kb);
  s += line("Active", 100000);
  s += line("SwapTotal", swap_total_kb);
  s += line("SwapFree", swap_free_kb);
  s += line("Dirty", 12);
  t.write("proc/meminfo", s);
}

inline void write_zone(const tree& t, int n, const std::string& type, long long millideg) {
  const std::string z = "sys/class/thermal/thermal_zone" + std::to_string(n) + "/";
  t.write(z + "type", type + "\n");
  t.write(z + "temp", std::to_string(millideg) + "\n");
}

inline void write_cpus(const tree& t, const std::string& present, int count, long long khz) {
  t.write("sys/devices/system/cpu/present", present + "\n");
  for (int i = 0; i < count; ++i)
    t.write("sys/devices/system/cpu/cpu" + std::to_string(i) + "/cpufreq/scaling_cur_freq", std::to_string(khz) + "\n");
}

/// One L4T 32 iio channel.
inline void write_iio_rail(const tree& t, const std::string& dev, int ch, const std::string& name, long long mw,
                           long long mv, long long ma) {
  const std::string d = "sys/bus/i2c/drivers/ina3221x/" + dev + "/";
  const std::string n = std::to_string(ch);
  t.write(d + "rail_name_" + n, name + "\n");
  t.write(d + "in_power" + n + "_input", std::to_string(mw) + "\n");
  t.write(d + "in_voltage" + n + "_input", std::to_string(mv) + "\n");
  t.write(d + "in_current" + n + "_input", std::to_string(ma) + "\n");
  t.write(d + "crit_current_limit_" + n, "4620\n");
}

/// One L4T 34+ hwmon channel.
inline void write_hwmon_rail(const tree& t, const std::string& dev, int ch, const std::string& label, long long mv,
                             long long ma) {
  const std::string d = "sys/bus/i2c/drivers/ina3221/" + dev + "/";
  const std::string n = std::to_string(ch);
  t.write(d + "in" + n + "_label", label + "\n");
  t.write(d + "in" + n + "_input", std::to_string(mv) + "\n");
  t.write(d + "curr" + n + "_input", std::to_string(ma) + "\n");
  t.write(d + "in" + n + "_enable", "1\n");
  t.write(d + "shunt" + n + "_resistor", "5000\n");
}

/// The hwmon files of one device that are not rails: the shunt-voltage sum (in7, no current),
/// the shunt voltages in4-in6 (no label), update_interval; and the driver folder's own files.
inline void write_hwmon_extras(const tree& t, const std::string& dev) {
  const std::string d = "sys/bus/i2c/drivers/ina3221/" + dev + "/";
  t.write(d + "in7_label", "sum of shunt voltages\n");
  t.write(d + "in7_input", "120\n");
  t.write(d + "in4_input", "40\n");
  t.write(d + "curr4_input", "500\n");
  t.write(d + "update_interval", "1\n");
  t.write("sys/bus/i2c/drivers/ina3221/uevent", "DRIVER=ina3221\n");
  t.write("sys/bus/i2c/drivers/ina3221/bind", "");
}

/// Jetson Nano 4 GB, L4T 32 (JetPack 4): one INA3221 at 6-0040 (POM_5V_IN, POM_5V_GPU,
/// POM_5V_CPU), 4 cores at 204 MHz, the Nano's thermal zones. Values from nano_root.log.
inline void write_nano(const tree& t) {
  const std::string dev = "6-0040/iio:device0";
  write_iio_rail(t, dev, 0, "POM_5V_IN", 1022, 5072, 201);
  write_iio_rail(t, dev, 1, "POM_5V_GPU", 0, 5064, 0);
  write_iio_rail(t, dev, 2, "POM_5V_CPU", 204, 5064, 40);
  t.write("sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0/name", "ina3221x\n");
  t.write("sys/bus/i2c/drivers/ina3221x/uevent", "DRIVER=ina3221x\n");
  write_zone(t, 0, "AO-therm", 39500);
  write_zone(t, 1, "CPU-therm", 36500);
  write_zone(t, 2, "GPU-therm", 36000);
  write_zone(t, 3, "PLL-therm", 34000);
  write_zone(t, 4, "PMIC-Die", 100000);
  write_zone(t, 5, "thermal-fan-est", 36250);
  write_cpus(t, "0-3", 4, 204000);
  write_proc_stat(t, {0, 1, 2, 3},
                  {{100, 0, 100, 800, 0, 0, 0, 0},
                   {10, 0, 10, 80, 0, 0, 0, 0},
                   {0, 0, 0, 100, 0, 0, 0, 0},
                   {0, 0, 0, 100, 0, 0, 0, 0}});
  // RAM 534/3964MB, SWAP 5/1982MB (cached 1MB)
  write_meminfo(t, 3964LL * 1024, (3964LL - 534) * 1024, 1982LL * 1024, (1982LL - 5) * 1024, 1024);
}

/// Orin NX 16 GB, L4T 35 (JetPack 5): hwmon at 1-0040 (VDD_IN, VDD_CPU_GPU_CV, VDD_SOC), 8
/// cores of which 4 are offline, the Orin's thermal zones (GPU power-gated: -256 C).
inline void write_orin_nx(const tree& t) {
  const std::string dev = "1-0040/hwmon/hwmon3";
  write_hwmon_rail(t, dev, 1, "VDD_IN", 5048, 1050);
  write_hwmon_rail(t, dev, 2, "VDD_CPU_GPU_CV", 5040, 153);
  write_hwmon_rail(t, dev, 3, "VDD_SOC", 5040, 283);
  write_hwmon_extras(t, dev);
  write_zone(t, 0, "cpu-thermal", 47937);
  write_zone(t, 1, "gpu-thermal", -256000);
  write_zone(t, 2, "soc0-thermal", 46968);
  write_zone(t, 3, "tj-thermal", 48875);
  write_cpus(t, "0-7", 8, 729600);
  write_proc_stat(
      t, {0, 1, 2, 3},
      {{5, 0, 1, 94, 0, 0, 0, 0}, {8, 0, 1, 91, 0, 0, 0, 0}, {4, 0, 1, 95, 0, 0, 0, 0}, {15, 0, 1, 84, 0, 0, 0, 0}});
  write_meminfo(t, 15388LL * 1024, (15388LL - 6334) * 1024, 7694LL * 1024, (7694LL - 491) * 1024, 0);
}

/// AGX Orin 64 GB, L4T 36 (JetPack 6): hwmon at 1-0040 (VDD_GPU_SOC, VDD_CPU_CV, VIN_SYS_5V0)
/// and 1-0041 (NC, VDDQ_VDD2_1V8AO, NC); VIN_SYS_5V0 feeds VDDQ_VDD2_1V8AO. 12 cores.
inline void write_agx_orin(const tree& t) {
  const std::string d0 = "1-0040/hwmon/hwmon1";
  const std::string d1 = "1-0041/hwmon/hwmon2";
  write_hwmon_rail(t, d0, 1, "VDD_GPU_SOC", 4824, 500);
  write_hwmon_rail(t, d0, 2, "VDD_CPU_CV", 4824, 333);
  write_hwmon_rail(t, d0, 3, "VIN_SYS_5V0", 4920, 956);
  write_hwmon_extras(t, d0);
  write_hwmon_rail(t, d1, 1, "NC", 0, 0);
  write_hwmon_rail(t, d1, 2, "VDDQ_VDD2_1V8AO", 4920, 100);
  write_hwmon_rail(t, d1, 3, "NC", 0, 0);
  write_hwmon_extras(t, d1);
  write_zone(t, 0, "cpu-thermal", 52562);
  write_zone(t, 1, "gpu-thermal", 48000);
  write_zone(t, 2, "soc0-thermal", 49093);
  write_zone(t, 3, "soc1-thermal", 49656);
  write_zone(t, 4, "soc2-thermal", 48437);
  write_zone(t, 5, "tj-thermal", 52562);
  write_cpus(t, "0-11", 12, 2188800);
  std::vector<int> ids;
  std::vector<cpu_times> times;
  for (int i = 0; i < 12; ++i) {
    ids.push_back(i);
    times.push_back({static_cast<unsigned long long>(10 + i), 0, 5, 85, 0, 0, 0, 0});
  }
  write_proc_stat(t, ids, times);
  write_meminfo(t, 62841LL * 1024, (62841LL - 18207) * 1024, 31420LL * 1024, (31420LL - 86) * 1024, 0);
}

}  // namespace fake_sysfs

#endif  // EDGEMETRICS_TESTS_HARDWARE_FAKE_SYSFS_HPP
