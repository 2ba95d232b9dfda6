// The board-total rule (include/edgemetrics/hardware/power.hpp), on the rail sets of
// FORMAT_NOTES.md's table.
#include <edgemetrics/hardware/power.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace edgemetrics;

namespace {

std::vector<power_rail> rails(std::initializer_list<std::pair<const char*, double>> list) {
  std::vector<power_rail> out;
  for (const auto& [name, mw] : list) out.push_back(power_rail{name, mw, std::nullopt});
  return out;
}

}  // namespace

TEST(HardwarePower, NoRailIsNone) {
  const board_power p = total_power({});
  EXPECT_EQ(p.rule, total_power_rule::none);
  EXPECT_FALSE(p.total_mw.has_value());
}

TEST(HardwarePower, NanoInputRailIsTheTotal) {
  // POM_5V_GPU and POM_5V_CPU are parts of POM_5V_IN: never added to it.
  const board_power p = total_power(rails({{"POM_5V_IN", 1022}, {"POM_5V_GPU", 0}, {"POM_5V_CPU", 204}}));
  EXPECT_EQ(p.rule, total_power_rule::input_rail);
  EXPECT_EQ(p.total_mw, 1022.0);
}

TEST(HardwarePower, InputRailAnywhereInTheList) {
  // nano_stress.log lists the rails in another order; TX2 lists VDD_IN fourth.
  const board_power p = total_power(rails({{"VDD_SYS_GPU", 152},
                                           {"VDD_SYS_SOC", 685},
                                           {"VDD_4V0_WIFI", 0},
                                           {"VDD_IN", 2322},
                                           {"VDD_SYS_CPU", 152},
                                           {"VDD_SYS_DDR", 381}}));
  EXPECT_EQ(p.rule, total_power_rule::input_rail);
  EXPECT_EQ(p.total_mw, 2322.0);
}

TEST(HardwarePower, XavierNxAndOrinNxUseVddIn) {
  const board_power p = total_power(rails({{"VDD_IN", 5299}, {"VDD_CPU_GPU_CV", 773}, {"VDD_SOC", 1424}}));
  EXPECT_EQ(p.rule, total_power_rule::input_rail);
  EXPECT_EQ(p.total_mw, 5299.0);
}

TEST(HardwarePower, AgxXavierSumsItsRails) {
  const board_power p =
      total_power(rails({{"GPU", 0}, {"CPU", 311}, {"SOC", 1243}, {"CV", 0}, {"VDDRQ", 155}, {"SYS5V", 1355}}));
  EXPECT_EQ(p.rule, total_power_rule::sum_of_rails);
  EXPECT_EQ(p.total_mw, 0.0 + 311 + 1243 + 0 + 155 + 1355);
}

TEST(HardwarePower, AgxOrinDoesNotCountTheFedRailTwice) {
  const board_power p = total_power(
      rails({{"VDD_GPU_SOC", 2412}, {"VDD_CPU_CV", 1607}, {"VIN_SYS_5V0", 4707}, {"VDDQ_VDD2_1V8AO", 704}}));
  EXPECT_EQ(p.rule, total_power_rule::sum_without_fed);
  EXPECT_EQ(p.total_mw, 2412.0 + 1607 + 4707);
}

TEST(HardwarePower, FedRailWithoutItsFeederIsCounted) {
  // Without VIN_SYS_5V0 nothing feeds VDDQ_VDD2_1V8AO in the list: a plain sum.
  const board_power p = total_power(rails({{"VDD_GPU_SOC", 2412}, {"VDDQ_VDD2_1V8AO", 704}}));
  EXPECT_EQ(p.rule, total_power_rule::sum_of_rails);
  EXPECT_EQ(p.total_mw, 2412.0 + 704);
}

TEST(HardwarePower, ThorSumsItsRails) {
  const board_power p = total_power(rails({{"VDD_GPU", 1200}, {"VDD_CPU_SOC_MSS", 3400}, {"VIN_SYS_5V0", 5100}}));
  EXPECT_EQ(p.rule, total_power_rule::sum_of_rails);
  EXPECT_EQ(p.total_mw, 1200.0 + 3400 + 5100);
}

TEST(HardwarePower, NamesCompareExactly) {
  EXPECT_TRUE(is_input_rail("VDD_IN"));
  EXPECT_TRUE(is_input_rail("POM_5V_IN"));
  EXPECT_FALSE(is_input_rail("vdd_in"));
  EXPECT_FALSE(is_input_rail("VDD_IN "));
  EXPECT_EQ(feeding_rail("VDDQ_VDD2_1V8AO"), "VIN_SYS_5V0");
  EXPECT_EQ(feeding_rail("VDD_IN"), "");
}

TEST(HardwarePower, ApplySetsTheSample) {
  hardware_sample s;
  s.rails = rails({{"VDD_IN", 2763}, {"VDD_CPU_GPU_CV", 650}, {"VDD_SOC", 650}});
  set_total_power(s);
  EXPECT_EQ(s.power_rule, total_power_rule::input_rail);
  EXPECT_EQ(s.total_power_mw, 2763.0);
  s.rails.clear();
  set_total_power(s);
  EXPECT_EQ(s.power_rule, total_power_rule::none);
  EXPECT_FALSE(s.total_power_mw.has_value());
}
