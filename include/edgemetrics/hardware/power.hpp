// The board's total power from its rails: the one rule every hardware source applies (the
// tegrastats parser, jtop's CSV, the live sysfs sampler, the tegrastats process source).
// docs/conventions.md, "Hardware".
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

/// The board total of these rails (instantaneous mW), by the first rule that applies:
///   1. input_rail: a rail that is the whole board input (`POM_5V_IN`, `VDD_IN`; see
///      is_input_rail) is the total; the other rails are parts of it and are not added. When a
///      sample lists two input rails (never seen), the first one listed is taken.
///   2. sum_without_fed: no input rail, and a rail is fed by another listed rail (AGX Orin:
///      `VDDQ_VDD2_1V8AO` is fed from `VIN_SYS_5V0`; see feeding_rail): the sum of the rails
///      without the fed ones, so nothing is counted twice.
///   3. sum_of_rails: the sum of all rails (AGX Xavier, Thor).
///   4. none: no rail; total_mw is empty.
/// Sums are taken in the order listed. Names compare exactly (case-sensitive, as printed).
[[nodiscard]] board_power total_power(const std::vector<power_rail>& rails);

/// Sets `sample.total_power_mw` and `sample.power_rule` from `sample.rails` by total_power().
void apply_total_power(hardware_sample& sample);

/// True for the rails that are a whole board's input: `POM_5V_IN` (Nano), `VDD_IN` (TX1, TX2,
/// TX2 NX, Xavier NX, Orin NX, Orin Nano).
[[nodiscard]] bool is_input_rail(std::string_view name) noexcept;

/// The rail that feeds `name` when both are rails of one board (`VIN_SYS_5V0` for AGX Orin's
/// `VDDQ_VDD2_1V8AO`), or an empty view.
[[nodiscard]] std::string_view feeding_rail(std::string_view name) noexcept;

}  // namespace edgemetrics

#endif  // EDGEMETRICS_HARDWARE_POWER_HPP
