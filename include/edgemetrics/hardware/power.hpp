// The board total power of a sample from its rails (docs/conventions.md, "Hardware", "Board
// total power"): the one rule every source applies (the tegrastats parser, jtop's CSV reader,
// the live sysfs sampler).
#ifndef EDGEMETRICS_HARDWARE_POWER_HPP
#define EDGEMETRICS_HARDWARE_POWER_HPP

#include <edgemetrics/hardware/sample.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace edgemetrics {

/// A board total and the rule that gave it.
struct board_power {
  std::optional<double> total_mw;  ///< empty when the rule is none
  total_power_rule rule = total_power_rule::none;
};

/// True for a rail that is a whole board's input: its name ends in "_IN" (POM_5V_IN on the
/// Nano, VDD_IN on TX1, TX2, Xavier NX, Orin NX and Orin Nano).
[[nodiscard]] bool is_input_rail(std::string_view name) noexcept;

/// The rail that feeds `name` when both are listed by a board, or "" (AGX Orin:
/// VIN_SYS_5V0 feeds VDDQ_VDD2_1V8AO).
[[nodiscard]] std::string_view feeding_rail(std::string_view name) noexcept;

/// The board total from instantaneous rail values, by the first rule that applies:
///   input_rail       the first input rail's power (is_input_rail), the other rails are parts of it;
///   sum_without_fed  no input rail, and a rail fed by another listed rail (feeding_rail): the
///                    sum of the other rails, in the order listed;
///   sum_of_rails     no input rail: the sum of every rail, in the order listed (AGX Xavier, Thor);
///   none             no rail: total_mw empty.
[[nodiscard]] board_power total_power(const std::vector<power_rail>& rails);

/// Sets `s.total_power_mw` and `s.power_rule` from `s.rails` by total_power().
void set_total_power(hardware_sample& s);

}  // namespace edgemetrics

#endif  // EDGEMETRICS_HARDWARE_POWER_HPP
