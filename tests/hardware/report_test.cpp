// The tegrastats report: made from samples or a streaming accumulator, JSON round trip in the
// common envelope, the console form.
#include <edgemetrics/fmt/hardware.hpp>
#include <edgemetrics/hardware.hpp>
#include <edgemetrics/io/tegrastats.hpp>
#include <edgemetrics/json/hardware.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace em = edgemetrics;

namespace {
const std::string data_dir = std::string(EDGEMETRICS_TEST_DATA) + "/tegrastats/";

em::tegrastats_report nano_report() {
  const em::tegrastats_log log = em::read_tegrastats(data_dir + "nano_stress.log");
  em::tegrastats_report_options o;
  o.energy.inferences = 100;
  o.energy.idle_baseline_mw = 1022;
  o.summary.temperature_threshold_c = 47;
  o.power = {"10W", true};
  return em::make_tegrastats_report(log.samples, o, {"edgemetrics-tegrastats", {"nano_stress.log"}}, log.stats);
}
}  // namespace

TEST(HardwareReport, FromSamplesAndFromAccumulatorAgree) {
  const em::tegrastats_report a = nano_report();
  EXPECT_EQ(a.summary.samples, 3u);
  EXPECT_EQ(a.source.lines, 3u);
  ASSERT_TRUE(a.summary.energy);
  // POM_5V_IN: 3227, 3075, 2956 mW at 0, 1, 2 s.
  EXPECT_EQ(a.summary.energy->total.energy_mj, (3227.0 + 3075.0) / 2 + (3075.0 + 2956.0) / 2);
  EXPECT_EQ(a.summary.energy->total.energy_per_inference_mj, 6166.5 / 100);
  EXPECT_EQ(a.summary.energy->above_idle->energy_mj, 6166.5 - 1022.0 * 2);

  em::hardware_accumulator acc(a.options.summary);
  const em::tegrastats_stats st =
      em::read_tegrastats(data_dir + "nano_stress.log", {}, [&](const em::hardware_sample& s) { acc.record(s); });
  const em::tegrastats_report b = em::make_tegrastats_report(acc, st, a.options, a.info);
  EXPECT_EQ(nlohmann::json(a), nlohmann::json(b));

  // Without a source: the samples are counted.
  const em::tegrastats_report c = em::make_tegrastats_report(em::read_tegrastats(data_dir + "tx2.log").samples);
  EXPECT_EQ(c.source.samples, 1u);
  EXPECT_FALSE(c.summary.energy);
  em::tegrastats_report_options bad;
  bad.interval_s = -1;
  EXPECT_THROW((void)em::make_tegrastats_report(std::vector<em::hardware_sample>{}, bad), std::invalid_argument);
}

TEST(HardwareReport, JsonRoundTrip) {
  const em::tegrastats_report r = nano_report();
  const nlohmann::json j = r;
  EXPECT_EQ(j.at("kind"), "tegrastats");
  EXPECT_EQ(j.at("schema"), em::report_schema);
  EXPECT_EQ(j.at("samples"), 3);
  EXPECT_EQ(j.at("skipped_lines"), 0);
  EXPECT_EQ(j.at("total_power_rule"), "input_rail");
  EXPECT_EQ(j.at("power_mw").at("max"), 3227.0);
  EXPECT_EQ(j.at("power_mw").at("delta"), 2956.0 - 3227.0);
  EXPECT_EQ(j.at("energy_j"), 6.1665);
  EXPECT_EQ(j.at("temperatures_c").at("GPU").at("first"), 63.0);
  EXPECT_EQ(j.at("temperatures_c").at("GPU").at("delta"), 46.0 - 63.0);
  EXPECT_FALSE(j.at("temperatures_c").contains("PMIC"));  // the placeholder is no reading
  EXPECT_EQ(j.at("ram_mb").at("mean"), 2020.0);
  EXPECT_EQ(j.at("swap_mb").at("last"), 43.0);
  EXPECT_EQ(j.at("options").at("nvpmodel"), "10W");
  EXPECT_EQ(j.at("options").at("jetson_clocks"), true);
  EXPECT_TRUE(j.at("options").at("from_s").is_null());
  EXPECT_EQ(j.at("time_above_threshold_s").at("CPU"), 2.0);
  const em::tegrastats_report back = j.get<em::tegrastats_report>();
  EXPECT_EQ(back.info, r.info);
  EXPECT_EQ(back.options.power.nvpmodel, "10W");
  EXPECT_TRUE(std::isinf(back.options.summary.window.to_s));
  EXPECT_EQ(back.summary.energy->total.energy_mj, r.summary.energy->total.energy_mj);
  EXPECT_EQ(nlohmann::json(back), j);

  // Null energy and empty summaries survive too; another kind is refused.
  const em::tegrastats_report one = em::make_tegrastats_report(em::read_tegrastats(data_dir + "nano_root.log").samples);
  const nlohmann::json j1 = one;
  EXPECT_TRUE(j1.at("energy_j").is_null());
  EXPECT_TRUE(j1.at("energy").is_null());
  EXPECT_TRUE(j1.at("time_above_threshold_s").is_null());
  EXPECT_EQ(nlohmann::json(j1.get<em::tegrastats_report>()), j1);
  const em::tegrastats_report nr =
      em::make_tegrastats_report({em::parse_tegrastats_line("RAM 1/2MB CPU [1%,off] cpu@40C")});
  const nlohmann::json j2 = nr;
  EXPECT_EQ(j2.at("total_power_rule"), "none");
  EXPECT_TRUE(j2.at("power_mw").at("mean").is_null());
  EXPECT_EQ(nlohmann::json(j2.get<em::tegrastats_report>()), j2);
  nlohmann::json wrong = j;
  wrong["kind"] = "latency";
  EXPECT_THROW((void)wrong.get<em::tegrastats_report>(), std::invalid_argument);
}

TEST(HardwareReport, SampleJsonRoundTrip) {
  for (const char* f : {"agx_orin_jp6_r3644.log", "constructed.log", "tx2_load.log", "nano_jp461.log"}) {
    for (const em::hardware_sample& s : em::read_tegrastats(data_dir + f).samples) {
      const nlohmann::json j = s;
      EXPECT_EQ(nlohmann::json(j.get<em::hardware_sample>()), j) << f;
    }
  }
}

TEST(HardwareReport, ConsoleForm) {
  const std::string text = fmt::format("{}", nano_report());
  EXPECT_NE(text.find("=== Hardware summary: nano_stress.log (3 samples of 3 read; 3 lines, 0 skipped"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Power mode: nvpmodel 10W, jetson_clocks on"), std::string::npos) << text;
  EXPECT_NE(text.find("Energy: 6.1665 J over 2 s"), std::string::npos) << text;
  EXPECT_NE(text.find("per inference 61.665 mJ"), std::string::npos) << text;
  EXPECT_EQ(fmt::format("{}", em::metric_summary{3, 1, 3, 2, 1, 3, 2}),
            "n = 3, min = 1, mean = 2, max = 3, first = 1, last = 3, delta = 2");
}

// A component rail above the input rail taken as the board total: counted, named, warned about,
// never corrected (docs/conventions.md "Board total power", consistency check).
TEST(HardwareReport, RailAboveInputRailIsCountedAndWarned) {
  const em::tegrastats_report r = nano_report();
  // All three lines of the Nano stress log have POM_5V_GPU (and POM_5V_CPU on line 2) above POM_5V_IN.
  EXPECT_EQ(r.summary.rail_above_input_samples, 3u);
  EXPECT_EQ(r.summary.rail_above_input_example, "POM_5V_GPU 8949 mW > POM_5V_IN 3227 mW");
  EXPECT_EQ(r.summary.power_mw.first, 3227.0);  // the total stays the input rail
  const nlohmann::json j = r;
  EXPECT_EQ(j.at("rail_above_input_samples"), 3);
  EXPECT_EQ(j.at("rail_above_input_example"), "POM_5V_GPU 8949 mW > POM_5V_IN 3227 mW");
  const em::tegrastats_report back = j.get<em::tegrastats_report>();
  EXPECT_EQ(back.summary.rail_above_input_samples, 3u);
  EXPECT_EQ(back.summary.rail_above_input_example, r.summary.rail_above_input_example);
  EXPECT_NE(fmt::format("{}", r).find("Warning: in 3 samples a rail draws more than the input rail"),
            std::string::npos);

  // A consistent board (TX2: VDD_IN is the largest rail): nothing counted, no key, no warning.
  const em::tegrastats_report tx2 = em::make_tegrastats_report(em::read_tegrastats(data_dir + "tx2.log").samples);
  EXPECT_EQ(tx2.summary.rail_above_input_samples, 0u);
  EXPECT_FALSE(nlohmann::json(tx2).contains("rail_above_input_example"));
  EXPECT_EQ(fmt::format("{}", tx2).find("Warning"), std::string::npos);
}
