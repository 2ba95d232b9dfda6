// One hardware sample of a Jetson (or any Linux machine): memory, CPU, GPU, engines,
// temperatures and power rails at one instant. Every source produces this type: the tegrastats
// parser (<edgemetrics/io/tegrastats.hpp>), jtop's CSV log, the live sysfs sampler and the
// tegrastats process source. Every field is optional: a board, a release or a non-root run may
// lack it, and a missing value is never written as 0.
#ifndef EDGEMETRICS_HARDWARE_SAMPLE_HPP
#define EDGEMETRICS_HARDWARE_SAMPLE_HPP

#include <edgemetrics/detail/enum_names.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

/// Memory in use and in total, in MB (tegrastats' unit; 1 MB = 1024 kB there).
struct memory_usage {
  double used_mb = 0;
  double total_mb = 0;
};

/// One CPU core: load and frequency, or offline (`off` in tegrastats).
struct cpu_core {
  bool online = true;
  std::optional<double> load_percent;   ///< absent when offline or unknown
  std::optional<double> frequency_mhz;  ///< absent when offline or not printed (non-root, old L4T)
};

/// A load-and-clock unit: EMC, the GPU (GR3D) or an engine (VIC, NVENC, NVDLA0, APE, ...).
/// `off` in tegrastats sets `online = false`. A GPU with several clocks (one per GPC on Orin,
/// three on Thor) lists them all in `frequencies_mhz`, in the order printed.
struct engine_state {
  std::string name;  ///< as printed, without the _FREQ suffix: "EMC", "GR3D", "VIC", "NVENC0", "APE"
  bool online = true;
  std::optional<double> load_percent;
  std::vector<double> frequencies_mhz;
};

/// A temperature sensor, by the name printed ("CPU", "GPU", "tj", "soc0", ...).
/// A reading of -256 C means the sensor is offline (a power-gated GPU): `valid = false`.
/// The PMIC placeholder (a fixed 100 C or 50 C) is kept with `valid = false` too.
struct temperature_reading {
  std::string name;
  double celsius = 0;
  bool valid = true;
};

/// A power rail: instantaneous power and tegrastats' running average since it started (not a
/// windowed mean), both in mW. Sources that only know the instantaneous value leave `average_mw`
/// empty.
struct power_rail {
  std::string name;  ///< "VDD_IN", "POM_5V_IN", "VDD_GPU_SOC", ...
  double instant_mw = 0;
  std::optional<double> average_mw;
};

/// How the board total of a sample was obtained (FORMAT_NOTES: which rail is the board's total).
enum class total_power_rule : std::uint8_t {
  none,             ///< no rail in the sample: power unknown
  input_rail,       ///< an input rail (POM_5V_IN, VDD_IN) is the whole board input
  sum_of_rails,     ///< no input rail: the sum of the rails (AGX Xavier, Thor)
  sum_without_fed,  ///< the sum without rails fed by another listed rail (AGX Orin: VDDQ_VDD2_1V8AO)
};

namespace detail {
template <>
struct enum_traits<total_power_rule> {
  static constexpr std::string_view type_name = "total_power_rule";
  static constexpr std::array<enum_name<total_power_rule>, 4> names{
      {{total_power_rule::none, "none"},
       {total_power_rule::input_rail, "input_rail"},
       {total_power_rule::sum_of_rails, "sum_of_rails"},
       {total_power_rule::sum_without_fed, "sum_without_fed"}}};
};
}  // namespace detail

[[nodiscard]] constexpr std::string_view to_string(total_power_rule r) noexcept { return detail::enum_to_string(r); }
[[nodiscard]] inline total_power_rule parse_total_power_rule(std::string_view s) {
  return detail::enum_from_string<total_power_rule>(s);
}

/// One sample. `time_s` is seconds on the source's clock: a tegrastats timestamp prefix (seconds
/// since the epoch, local time as printed), the start time plus the interval times the index when
/// the log has none (`timestamped = false`), or the monotonic clock when sampling live.
struct hardware_sample {
  double time_s = 0;
  bool timestamped = false;  ///< time_s comes from the source's own timestamp, not from an interval

  std::optional<memory_usage> ram;
  std::optional<memory_usage> swap;
  std::optional<double> swap_cached_mb;
  std::optional<memory_usage> iram;  ///< in MB like the others (tegrastats prints kB)

  std::vector<cpu_core> cpus;         ///< empty when the source has no CPU field
  std::vector<engine_state> engines;  ///< EMC and GR3D first when present, then engines as printed
  std::vector<temperature_reading> temperatures;
  std::vector<power_rail> rails;

  /// Board total power (mW) by `power_rule`; empty when the rule is none.
  std::optional<double> total_power_mw;
  total_power_rule power_rule = total_power_rule::none;

  /// Tokens the source did not recognise, kept verbatim (never fatal).
  std::vector<std::string> unknown_tokens;

  /// The engine or temperature of that name, or nullptr.
  const engine_state* engine(const std::string& name) const noexcept {
    for (const engine_state& e : engines)
      if (e.name == name) return &e;
    return nullptr;
  }
  const temperature_reading* temperature(const std::string& name) const noexcept {
    for (const temperature_reading& t : temperatures)
      if (t.name == name) return &t;
    return nullptr;
  }
  const power_rail* rail(const std::string& name) const noexcept {
    for (const power_rail& r : rails)
      if (r.name == name) return &r;
    return nullptr;
  }
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_HARDWARE_SAMPLE_HPP
