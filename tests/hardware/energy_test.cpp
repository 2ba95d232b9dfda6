// Series summaries and energy. Expected values: tests/data/tegrastats/energy_reference.py (the
// same formulas in Python floats, cross-checked with numpy.trapz), compared bit for bit.
#include <edgemetrics/hardware.hpp>
#include <edgemetrics/io/tegrastats.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

const std::vector<int> powers = {4852, 5292, 4907, 4850, 5080, 5405, 3777, 3756, 5096, 4948, 5579, 5514, 3762,
                                 3385, 4829, 4242, 3580, 3371, 5206, 5840, 5598, 3171, 5438, 4622, 4855, 5678,
                                 5521, 5662, 3645, 5552, 3061, 5164, 3258, 3243, 3146, 3779, 3990, 5456, 3123,
                                 4900, 4336, 4804, 5420, 3800, 5126, 3957, 5622, 4204, 5047, 3018};

// 50 samples 10 ms apart from t = 1000 s (the reader computes start + interval * k, as Python does).
std::vector<em::hardware_sample> ten_ms_log() {
  std::string text;
  for (const int p : powers) text += "RAM 100/200MB VDD_IN " + std::to_string(p) + "mW/0mW VDD_SOC 7mW/7mW\n";
  em::tegrastats_options o;
  o.start_s = 1000;
  o.interval_s = 0.01;
  return em::parse_tegrastats(text, "ten_ms", o).samples;
}

em::hardware_sample at(double t, std::optional<double> power) {
  em::hardware_sample s;
  s.time_s = t;
  if (power) {
    s.rails.push_back({"VDD_IN", *power, std::nullopt});
    em::set_total_power(s);
  }
  return s;
}

}  // namespace

TEST(HardwareEnergy, TrapezoidOverTheWholeLog) {
  const auto samples = ten_ms_log();
  ASSERT_EQ(samples.size(), 50u);
  const auto e = em::energy_over(samples);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->total.energy_mj, 2235.3200000000093);  // numpy.trapz gives the same bits
  EXPECT_EQ(e->duration_s, 0.4900000000000091);
  EXPECT_EQ(e->from_s, 1000);
  EXPECT_EQ(e->samples, 50u);
  EXPECT_EQ(e->total.energy_j, 2235.3200000000093 / 1000);
  EXPECT_TRUE(std::isnan(e->total.energy_per_inference_j));
  EXPECT_FALSE(e->above_idle);
}

TEST(HardwareEnergy, WindowInterpolatedAtItsEdgesAndPerInference) {
  const auto samples = ten_ms_log();
  em::energy_options o;
  o.inferences = 7;
  o.idle_baseline_mw = 3500;
  const auto e = em::energy_over(samples, {1000.123, 1000.4567}, o);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->total.energy_mj, 1485.7376424996696);  // numpy: 1485.73764249967 (pairwise sum)
  EXPECT_EQ(e->duration_s, 0.33369999999990796);
  EXPECT_EQ(e->from_s, 1000.123);
  EXPECT_EQ(e->to_s, 1000.4567);
  EXPECT_EQ(e->samples, 33u);
  EXPECT_EQ(e->total.mean_power_mw, 4452.315380581598);
  EXPECT_EQ(e->total.energy_per_inference_mj, 212.24823464280993);
  EXPECT_EQ(e->total.energy_per_inference_j, 0.21224823464280992);
  EXPECT_EQ(e->total.inferences_per_joule, 4.711464393015509);
  EXPECT_EQ(e->total.mj_per_query, 212.24823464280993);  // queries default to inferences
  ASSERT_TRUE(e->above_idle);
  EXPECT_EQ(e->above_idle->energy_mj, 317.78764249999176);
  EXPECT_EQ(*e->idle_baseline_mw, 3500);
  o.queries = 2;  // MLPerf: a query may carry a batch
  EXPECT_EQ(em::energy_over(samples, {1000.123, 1000.4567}, o)->total.mj_per_query, 1485.7376424996696 / 2);
}

TEST(HardwareEnergy, InferenceWindows) {
  const auto samples = ten_ms_log();
  const auto r = em::energy_per_window(samples, {{1000.05, 1000.2, 10}, {1000.2, 1000.31, 8}, {2000, 2001, 1}});
  ASSERT_EQ(r.size(), 3u);
  ASSERT_TRUE(r[0] && r[1]);
  EXPECT_EQ(r[0]->total.energy_mj, 683.8650000004341);
  EXPECT_EQ(r[0]->duration_s, 0.15000000000009095);
  EXPECT_EQ(r[0]->total.energy_per_inference_mj, 68.38650000004341);
  EXPECT_EQ(r[1]->total.energy_mj, 525.8599999995217);
  EXPECT_EQ(r[1]->total.energy_per_inference_mj, 65.73249999994022);
  EXPECT_EQ(r[1]->inferences, 8u);
  EXPECT_FALSE(r[2]);  // no sample there
  // From a recorder's nanoseconds (steady_clock time_since_epoch).
  const em::inference_window w = em::inference_window::from_ns(1'000'050'000'000, 1'000'200'000'000, 10);
  EXPECT_EQ(w.start_s, 1000.05);
  EXPECT_EQ(w.end_s, 1000.2);
  EXPECT_THROW((void)em::energy_per_window(samples, {{2, 1, 1}}), std::invalid_argument);
  auto shuffled = samples;
  std::swap(shuffled[3], shuffled[4]);
  EXPECT_THROW((void)em::energy_per_window(shuffled, {{0, 1, 1}}), std::invalid_argument);
  EXPECT_THROW((void)em::hardware_series(shuffled), std::invalid_argument);
  const em::hardware_series series(samples);
  EXPECT_EQ(series.energy({{1000.05, 1000.2, 10}})[0]->total.energy_mj, 683.8650000004341);
}

TEST(HardwareEnergy, EdgesAndGaps) {
  // Hand-computed: 1000 -> 2000 -> 2000 -> 4000 -> 1000 mW at 0..4 s: 9000 mJ.
  std::vector<em::hardware_sample> s = {at(0, 1000), at(1, 2000), at(2, 2000), at(3, 4000), at(4, 1000)};
  EXPECT_EQ(em::energy_over(s)->total.energy_mj, 9000);
  // [0.5, 3.25]: 0.5 * (1500 + 2000) / 2 + 2000 + 3000 + 0.25 * (4000 + 3250) / 2.
  EXPECT_EQ(em::energy_over(s, {0.5, 3.25})->total.energy_mj, 875 + 2000 + 3000 + 906.25);
  EXPECT_EQ(em::energy_over(s, {0.5, 3.25})->samples, 3u);
  // A window inside one segment: interpolation at both edges, no sample inside.
  const auto inside = em::energy_over(s, {3.25, 3.75});
  ASSERT_TRUE(inside);
  EXPECT_EQ(inside->samples, 0u);
  EXPECT_EQ(inside->total.energy_mj, 0.5 * (3250 + 1750) / 2);
  // A window beyond the samples is clipped to them; one sample or a point window has no energy.
  EXPECT_EQ(em::energy_over(s, {-10, 100})->duration_s, 4);
  EXPECT_FALSE(em::energy_over({at(0, 1000)}));
  EXPECT_FALSE(em::energy_over(s, {2, 2}));
  EXPECT_FALSE(em::energy_over(s, {10, 20}));
  // A sample without power is passed over (the segment joins its neighbours).
  s.insert(s.begin() + 2, at(1.5, std::nullopt));
  EXPECT_EQ(em::energy_over(s)->total.energy_mj, 9000);
  EXPECT_THROW((void)em::energy_over(s, {2, 1}), std::invalid_argument);
  em::energy_options bad;
  bad.idle_baseline_mw = -1;
  EXPECT_THROW((void)em::energy_over(s, {}, bad), std::invalid_argument);
  // Idle baseline: time-weighted mean, or the arithmetic mean of a single-sample window.
  EXPECT_EQ(em::idle_baseline_mw(s), 9000.0 / 4);
  EXPECT_EQ(em::idle_baseline_mw(s, {3, 3}), 4000);
  EXPECT_THROW((void)em::idle_baseline_mw({at(0, std::nullopt)}), std::invalid_argument);
}

TEST(HardwareEnergy, TimeAboveThreshold) {
  em::time_above_integrator a(48);
  const double t[] = {0, 1, 2, 3};
  const double v[] = {40, 50, 60, 45};
  for (int i = 0; i < 4; ++i) a.record(t[i], v[i]);
  EXPECT_EQ(a.seconds(), 1.9999999999999998);  // 0.2 + 1 + 0.8, crossings interpolated (Python: same)
  em::time_above_integrator clipped(48, {1.5, 2.5});
  for (int i = 0; i < 4; ++i) clipped.record(t[i], v[i]);
  EXPECT_EQ(clipped.seconds(), 1);
}

TEST(HardwareSummary, OrinLogPerMetric) {
  const em::tegrastats_log log =
      em::read_tegrastats(std::string(EDGEMETRICS_TEST_DATA) + "/tegrastats/agx_orin_jp6_r3644.log");
  em::hardware_summary_options o;
  o.temperature_threshold_c = 52.2;
  const em::hardware_summary h = em::summarize_hardware(log.samples, o);
  EXPECT_EQ(h.samples, 3u);
  EXPECT_EQ(h.power_rule, em::total_power_rule::sum_of_rails);
  EXPECT_EQ(h.power_mw.count, 3u);
  EXPECT_EQ(h.power_mw.min, 8626);
  EXPECT_EQ(h.power_mw.max, 8726);
  EXPECT_EQ(h.power_mw.mean, (8726.0 + 8626.0 + 8726.0) / 3);
  EXPECT_EQ(h.power_mw.first, 8726);
  EXPECT_EQ(h.power_mw.delta, 0);
  EXPECT_EQ(h.ram_mb.max, 18207);  // peak memory
  EXPECT_EQ(h.ram_mb.delta, 18203 - 18207);
  EXPECT_EQ(h.swap_mb.mean, 86);
  EXPECT_EQ(h.ram_total_mb, 62841);
  EXPECT_EQ(h.gpu_load_percent.max, 0);
  EXPECT_EQ(h.emc_load_percent.mean, (3.0 + 3.0 + 2.0) / 3);
  // CPU: the mean of the 12 cores of each sample, then their mean.
  EXPECT_EQ(h.cpu_load_percent.first, (14 + 5 + 8 + 14 + 46 + 47 + 2 + 10 + 4 + 5 + 6 + 10) / 12.0);
  ASSERT_EQ(h.temperatures_c.size(), 5u);
  EXPECT_EQ(h.temperatures_c[0].name, "cpu");
  EXPECT_EQ(h.temperature("tj")->delta, 52.156 - 52.562);
  EXPECT_EQ(h.rail("VIN_SYS_5V0")->min, 4607);
  ASSERT_TRUE(h.energy);
  EXPECT_EQ(h.energy->total.energy_mj, (8726.0 + 8626.0) / 2 + (8626.0 + 8726.0) / 2);
  ASSERT_EQ(h.time_above_threshold_s.size(), 5u);
  EXPECT_EQ(h.time_above_threshold_s[0].name, "cpu");
  // cpu: 52.562 -> 52.343 -> 52.156 crosses 52.2 in the second second.
  // (Near, not bit-exact: this TU may fuse the multiply-add on aarch64; the library does not.)
  const double t0 = log.samples[0].time_s, t1 = log.samples[1].time_s, t2 = log.samples[2].time_s;
  const double x = t1 + (t2 - t1) * ((52.2 - 52.343) / (52.156 - 52.343));
  EXPECT_NEAR(h.time_above_threshold_s[0].seconds, (t1 - t0) + (x - t1), 1e-6);
  EXPECT_NEAR(h.time_above_threshold_s[0].seconds, 1.7647, 1e-4);
  EXPECT_EQ(h.time_above_threshold_s[1].seconds, 0);  // soc2
}

TEST(HardwareSummary, WindowsEmptyAndRelative) {
  std::vector<em::hardware_sample> s = {at(10, 1000), at(11, 2000), at(12, 3000), at(13, 4000)};
  em::hardware_summary_options o;
  o.window = {1, 2};
  o.window_from_first_sample = true;
  const em::hardware_summary h = em::summarize_hardware(s, o, {});
  EXPECT_EQ(h.samples, 2u);
  EXPECT_EQ(h.first_time_s, 11);
  EXPECT_EQ(h.power_mw.mean, 2500);
  EXPECT_EQ(h.power_mw.delta, 1000);
  EXPECT_EQ(h.energy->total.energy_mj, 2500);
  const em::hardware_summary none = em::summarize_hardware({}, {});
  EXPECT_EQ(none.samples, 0u);
  EXPECT_TRUE(std::isnan(none.power_mw.mean));
  EXPECT_TRUE(std::isnan(none.first_time_s));
  EXPECT_FALSE(none.energy);
  EXPECT_EQ(none.power_rule, em::total_power_rule::none);
  em::hardware_summary_options bad;
  bad.window = {3, 2};
  EXPECT_THROW(em::hardware_accumulator{bad}, std::invalid_argument);
  // A clock that steps back is counted, its segment not integrated.
  const std::vector<em::hardware_sample> back = {at(0, 1000), at(2, 1000), at(1, 1000), at(3, 1000)};
  const em::hardware_summary b = em::summarize_hardware(back);
  EXPECT_EQ(b.backward_steps, 1u);
  EXPECT_EQ(b.energy->total.energy_mj, 4000);
}
