#include <edgemetrics/hardware/power.hpp>

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

board_power total_power(const std::vector<power_rail>& rails) {
  board_power out;
  if (rails.empty()) return out;
  for (const power_rail& r : rails) {
    if (is_input_rail(r.name)) {
      out.total_mw = r.instant_mw;
      out.rule = total_power_rule::input_rail;
      return out;
    }
  }
  const auto listed = [&rails](std::string_view name) {
    for (const power_rail& r : rails)
      if (r.name == name) return true;
    return false;
  };
  double sum = 0;
  bool without_fed = false;
  for (const power_rail& r : rails) {
    const std::string_view feeder = feeding_rail(r.name);
    if (!feeder.empty() && listed(feeder)) {
      without_fed = true;
      continue;
    }
    sum += r.instant_mw;
  }
  out.total_mw = sum;
  out.rule = without_fed ? total_power_rule::sum_without_fed : total_power_rule::sum_of_rails;
  return out;
}

void set_total_power(hardware_sample& s) {
  const board_power p = total_power(s.rails);
  s.total_power_mw = p.total_mw;
  s.power_rule = p.rule;
}

}  // namespace edgemetrics
