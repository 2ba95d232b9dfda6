// The builders of a benchmark run (src/report/run.cpp): attributes, parts, reduced PR curves,
// the min-max decimated hardware trace and the temperature sensor a report follows.
#include "report_fixtures.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

using namespace edgemetrics;
using namespace report_test;

namespace {
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
}

TEST(ReportRun, SetAttributeKeepsFirstSetOrderAndReplaces) {
  benchmark_run r;
  r.set_attribute("model", "ssd");
  r.set_attribute("precision", "fp32");
  r.set_attribute("batch_size", "1");
  r.set_attribute("precision", "fp16");  // replaced in place
  ASSERT_EQ(r.attributes.size(), 3u);
  EXPECT_EQ(r.attributes[0], (run_attribute{"model", "ssd"}));
  EXPECT_EQ(r.attributes[1], (run_attribute{"precision", "fp16"}));
  EXPECT_EQ(r.attributes[2], (run_attribute{"batch_size", "1"}));
  EXPECT_EQ(r.attribute("precision"), std::optional<std::string_view>("fp16"));
  EXPECT_FALSE(r.attribute("device").has_value());
}

TEST(ReportRun, ModelComplexityIsFlopsElseMultAdds) {
  model_facts m;
  EXPECT_FALSE(m.complexity());
  m.mult_adds = 300e6;
  EXPECT_EQ(m.complexity(), 300e6);
  m.flops = 600e6;
  EXPECT_EQ(m.complexity(), 600e6);
}

TEST(ReportRun, ReduceCurveKeepsShortCurvesWhole) {
  pr_curve c{{0.1, 0.2, 0.3}, {1.0, not_a_number, 0.5}};
  const pr_curve r = reduce_curve(c, 3);
  ASSERT_EQ(r.recall, c.recall);
  ASSERT_EQ(r.precision.size(), 3u);
  EXPECT_TRUE(std::isnan(r.precision[1]));
}

TEST(ReportRun, ReduceCurvePicksEvenlySpacedIndicesFirstAndLastIncluded) {
  pr_curve c;
  for (int i = 0; i < 10; ++i) {
    c.recall.push_back(i);
    c.precision.push_back(100 + i);
  }
  // i_k = floor(k * 9 / 3): 0, 3, 6, 9.
  const pr_curve r = reduce_curve(c, 4);
  EXPECT_EQ(r.recall, (std::vector<double>{0, 3, 6, 9}));
  EXPECT_EQ(r.precision, (std::vector<double>{100, 103, 106, 109}));
  // m = 3 of 8 points: floor(k * 7 / 2) = 0, 3, 7.
  c.recall.resize(8);
  c.precision.resize(8);
  EXPECT_EQ(reduce_curve(c, 3).recall, (std::vector<double>{0, 3, 7}));
}

TEST(ReportRun, ReduceCurveRejectsBadInput) {
  EXPECT_THROW((void)reduce_curve(pr_curve{{0.1, 0.2}, {1.0}}, 4), std::invalid_argument);
  EXPECT_THROW((void)reduce_curve(pr_curve{{0.1, 0.2, 0.3}, {1, 1, 1}}, 1), std::invalid_argument);
}

namespace {
hardware_sample powered(double t, double p) {
  hardware_sample s = sample(t, p, 100 + t, 10, 40 + t);
  if (std::isnan(p)) {
    s.total_power_mw.reset();
    s.power_rule = total_power_rule::none;
  }
  return s;
}
}  // namespace

TEST(ReportRun, ReduceTraceKeepsShortTracesWhole) {
  const std::vector<hardware_sample> s{powered(0, 1000), powered(1, not_a_number)};
  const std::vector<trace_point> t = reduce_trace(s, "GPU", 2);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].time_s, 0);
  EXPECT_EQ(t[0].power_mw, 1000);
  EXPECT_EQ(t[0].temperature_c, 40);
  EXPECT_EQ(t[0].ram_mb, 100);
  EXPECT_EQ(t[0].swap_mb, 10);
  EXPECT_TRUE(std::isnan(t[1].power_mw));
  // An unknown sensor, or samples without RAM: NaN.
  std::vector<hardware_sample> bare{powered(0, 5)};
  bare[0].ram.reset();
  const std::vector<trace_point> u = reduce_trace(bare, "Tdiode", 10);
  EXPECT_TRUE(std::isnan(u[0].temperature_c));
  EXPECT_TRUE(std::isnan(u[0].ram_mb));
}

TEST(ReportRun, ReduceTraceMinMaxPerBucketInTimeOrder) {
  // 11 samples, 4 points: 2 buckets of 6 and 5 samples (the remainder to the first).
  const std::vector<double> p{5, 1, 9, 3, 9, 1, /**/ 4, 4, 4, 4, 4};
  std::vector<hardware_sample> s;
  for (std::size_t i = 0; i < p.size(); ++i) s.push_back(powered(static_cast<double>(i), p[i]));
  const std::vector<trace_point> t = reduce_trace(s, "GPU", 4);
  // Bucket 0: lowest is the first 1 (t = 1), highest the first 9 (t = 2). Bucket 1: flat, one point.
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].time_s, 1);
  EXPECT_EQ(t[1].time_s, 2);
  EXPECT_EQ(t[2].time_s, 6);
  EXPECT_EQ(t[2].temperature_c, 46);

  // Highest before lowest: still in time order.
  const std::vector<hardware_sample> d{powered(0, 9), powered(1, 5), powered(2, 1), powered(3, 7)};
  const std::vector<trace_point> e = reduce_trace(d, "GPU", 2);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].time_s, 0);
  EXPECT_EQ(e[1].time_s, 2);
}

TEST(ReportRun, ReduceTraceExtremesAreRealPowersWhereABucketHasAny) {
  const std::vector<hardware_sample> s{
      powered(0, not_a_number), powered(1, 3),           powered(2, 7), powered(3, not_a_number),
      powered(4, not_a_number), powered(5, not_a_number)};
  const std::vector<trace_point> t = reduce_trace(s, "GPU", 4);  // buckets [0, 3), [3, 6)
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].time_s, 1);
  EXPECT_EQ(t[0].power_mw, 3);
  EXPECT_EQ(t[1].time_s, 2);
  EXPECT_EQ(t[1].power_mw, 7);
  EXPECT_EQ(t[2].time_s, 3);  // no power at all: the bucket's first sample
  EXPECT_TRUE(std::isnan(t[2].power_mw));
}

TEST(ReportRun, ReduceTraceBoundsThePoints) {
  std::vector<hardware_sample> s;
  for (int i = 0; i < 10007; ++i) s.push_back(powered(i, (i * 7919) % 1000));
  const std::vector<trace_point> t = reduce_trace(s, "GPU", 2000);
  EXPECT_LE(t.size(), 2000u);
  EXPECT_GE(t.size(), 1000u);
  for (std::size_t i = 1; i < t.size(); ++i) EXPECT_LT(t[i - 1].time_s, t[i].time_s);
  EXPECT_THROW((void)reduce_trace(s, "GPU", 1), std::invalid_argument);
}

TEST(ReportRun, ReduceTraceOfPointsIsTheSampleRule) {
  std::vector<hardware_sample> s;
  for (int i = 0; i < 5003; ++i) s.push_back(powered(i, i % 11 == 0 ? not_a_number : (i * 7919) % 1000));
  std::vector<trace_point> points;
  for (const hardware_sample& x : s) points.push_back(reduce_trace(span<const hardware_sample>(&x, 1), "GPU").front());
  for (const std::size_t m : {std::size_t{2}, std::size_t{7}, std::size_t{2000}, std::size_t{6000}}) {
    const std::vector<trace_point> a = reduce_trace(s, "GPU", m);
    const std::vector<trace_point> b = reduce_trace(points, m);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].time_s, b[i].time_s);
      EXPECT_EQ(std::isnan(a[i].power_mw), std::isnan(b[i].power_mw));
      if (!std::isnan(a[i].power_mw)) {
        EXPECT_EQ(a[i].power_mw, b[i].power_mw);
      }
    }
  }
  EXPECT_THROW((void)reduce_trace(points, 1), std::invalid_argument);
}

TEST(ReportRun, ChooseTemperatureSensorPrefersGpuIgnoringCase) {
  hardware_summary h;
  EXPECT_EQ(choose_temperature_sensor(h), "");
  h.temperatures_c.push_back({"CPU", {}});
  h.temperatures_c.push_back({"AO", {}});
  EXPECT_EQ(choose_temperature_sensor(h), "CPU");
  h.temperatures_c.push_back({"gpu", {}});
  EXPECT_EQ(choose_temperature_sensor(h), "gpu");
}

TEST(ReportRun, SetDetectionKeepsReducedCurvesOnly) {
  voc_result result;
  voc_class_result a;
  a.name = "cat";
  for (int i = 0; i < 20; ++i) {
    a.curve.recall.push_back(i / 20.0);
    a.curve.precision.push_back(1.0 - i / 40.0);
  }
  voc_class_result b;
  b.name = "dog";  // no curve
  result.classes = {a, b};
  benchmark_run r;
  r.set_detection(make_voc_report(result, voc_run{}), 5);
  ASSERT_TRUE(r.detection);
  ASSERT_EQ(r.detection->curves.size(), 1u);
  EXPECT_EQ(r.detection->curves[0].name, "cat");
  EXPECT_EQ(r.detection->curves[0].curve.recall.size(), 5u);
  EXPECT_EQ(r.detection->curves[0].curve.recall.back(), 19 / 20.0);
  for (const voc_class_result& c : r.detection->report.result.classes) EXPECT_TRUE(c.curve.recall.empty());
}

TEST(ReportRun, SetLatencyAndHardware) {
  benchmark_run r = with_latency(benchmark_run{}, {1, 2, 3});
  ASSERT_TRUE(r.latency);
  EXPECT_EQ(r.latency->samples_ms, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(r.latency->report.stages.at(0).summary.count, 3u);

  r = with_hardware(r, {sample(0, 1000, 100, 10, 40), sample(1, 2000, 200, 10, 41)}, 0);
  ASSERT_TRUE(r.hardware);
  EXPECT_EQ(r.hardware->temperature_sensor, "GPU");
  ASSERT_EQ(r.hardware->trace.size(), 2u);
  EXPECT_EQ(r.hardware->trace[1].temperature_c, 41);
  EXPECT_TRUE(r.hardware->windows.empty());
}
