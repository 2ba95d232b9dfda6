#include <edgemetrics/hardware/power.hpp>

#include <cstddef>

namespace edgemetrics {

bool is_input_rail(std::string_view name) noexcept {
  constexpr std::string_view suffix = "_IN";
  return name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
}

std::string_view feeding_rail(std::string_view name) noexcept {
  // FORMAT_NOTES, "Which rail is the board's total power": rails that a board lists beside the
  // rail that feeds them.
  struct feed {
    std::string_view rail, fed_by;
  };
  static constexpr feed feeds[] = {{"VDDQ_VDD2_1V8AO", "VIN_SYS_5V0"}};
  for (const feed& f : feeds)
    if (f.rail == name) return f.fed_by;
  return {};
}

void set_total_power(hardware_sample& s) {
  s.total_power_mw.reset();
  s.power_rule = total_power_rule::none;
  if (s.rails.empty()) return;
  for (const power_rail& r : s.rails) {
    if (is_input_rail(r.name)) {
      s.total_power_mw = r.instant_mw;
      s.power_rule = total_power_rule::input_rail;
      return;
    }
  }
  double sum = 0;
  bool without_fed = false;
  for (const power_rail& r : s.rails) {
    const std::string_view feeder = feeding_rail(r.name);
    if (!feeder.empty() && s.rail(std::string(feeder)) != nullptr) {
      without_fed = true;
      continue;
    }
    sum += r.instant_mw;
  }
  s.total_power_mw = sum;
  s.power_rule = without_fed ? total_power_rule::sum_without_fed : total_power_rule::sum_of_rails;
}

}  // namespace edgemetrics
