// The board-total rule (include/edgemetrics/hardware/power.hpp). Compiled, like every formula of
// the library, so that the sum is the same bits under any flags of the caller.
#include <edgemetrics/hardware/power.hpp>

#include <array>
#include <utility>

namespace edgemetrics {

namespace {

// FORMAT_NOTES.md, "Which rail is the board's total power".
constexpr std::array<std::string_view, 2> input_rails{{"POM_5V_IN", "VDD_IN"}};

// {fed rail, the rail that feeds it}.
constexpr std::array<std::pair<std::string_view, std::string_view>, 1> fed_rails{{
    {"VDDQ_VDD2_1V8AO", "VIN_SYS_5V0"},
}};

bool has_rail(const std::vector<power_rail>& rails, std::string_view name) {
  for (const power_rail& r : rails)
    if (r.name == name) return true;
  return false;
}

}  // namespace

bool is_input_rail(std::string_view name) noexcept {
  for (std::string_view n : input_rails)
    if (n == name) return true;
  return false;
}

std::string_view feeding_rail(std::string_view name) noexcept {
  for (const auto& [fed, feeder] : fed_rails)
    if (fed == name) return feeder;
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
  double sum = 0;
  bool skipped = false;
  for (const power_rail& r : rails) {
    const std::string_view feeder = feeding_rail(r.name);
    if (!feeder.empty() && has_rail(rails, feeder)) {
      skipped = true;
      continue;
    }
    sum += r.instant_mw;
  }
  out.total_mw = sum;
  out.rule = skipped ? total_power_rule::sum_without_fed : total_power_rule::sum_of_rails;
  return out;
}

void apply_total_power(hardware_sample& sample) {
  const board_power p = total_power(sample.rails);
  sample.total_power_mw = p.total_mw;
  sample.power_rule = p.rule;
}

}  // namespace edgemetrics
