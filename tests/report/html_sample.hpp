// Benchmark reports for the HTML tests and the sample page. Synthetic, seeded, deterministic:
// every number comes from the generator below (no std distribution).
//   hand_report():   filled field by field (to_html alone is under test): four detection runs (two
//                    models, fp32 and fp16) with PR curves, latencies with a long tail, hardware
//                    traces with inference windows, model facts; a fifth run with accuracy only.
//   sample_report(): the same kind of runs made with the library's builders (make_voc_report,
//                    make_latency_report, make_tegrastats_report, set_*) and make_benchmark_report:
//                    the page the browser test renders and docs/images/report.png shows.
#ifndef EDGEMETRICS_TESTS_REPORT_HTML_SAMPLE_HPP
#define EDGEMETRICS_TESTS_REPORT_HTML_SAMPLE_HPP

#include <edgemetrics/hardware/report.hpp>
#include <edgemetrics/report/benchmark_report.hpp>
#include <edgemetrics/timing/compare.hpp>
#include <edgemetrics/timing/report.hpp>
#include <edgemetrics/timing/summary.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace edgemetrics::test {

/// splitmix64: uniform doubles in [0, 1).
class sample_rng {
 public:
  explicit sample_rng(std::uint64_t seed) : state_(seed) {}
  double uniform() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
  }
  double normal() {
    const double u = uniform() + 0x1.0p-54, v = uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v);
  }

 private:
  std::uint64_t state_;
};

inline const std::vector<std::string>& sample_classes() {
  static const std::vector<std::string> names{"aeroplane", "bicycle", "bird", "boat",   "bottle", "bus",   "car",
                                              "cat",       "chair",   "cow",  "person", "sheep",  "train", "tvmonitor"};
  return names;
}

/// A detection part with a falling PR curve per class (quality in (0, 1]: higher is better).
inline detection_part sample_detection(sample_rng& rng, double quality) {
  detection_part d;
  d.report.run.metric = voc_metric::both;
  double sum = 0;
  for (std::size_t k = 0; k < sample_classes().size(); ++k) {
    const double q = std::min(0.97, quality * (0.75 + 0.35 * rng.uniform()));
    named_pr_curve c;
    c.name = sample_classes()[k];
    const std::size_t n = 120;
    const double max_recall = 0.55 + 0.4 * q;
    for (std::size_t i = 0; i < n; ++i) {
      const double r = max_recall * static_cast<double>(i + 1) / static_cast<double>(n);
      const double p =
          std::max(0.05, 1 - (1 - q) * std::pow(r / max_recall, 1.5) - 0.4 * std::pow(r, 6) - 0.03 * rng.uniform());
      c.curve.recall.push_back(r);
      c.curve.precision.push_back(p);
    }
    voc_class_result cr;
    cr.name = c.name;
    cr.ap_voc07 = q * max_recall;
    cr.ap_voc10 = q * max_recall + 0.01;
    sum += cr.ap_voc07;
    d.report.result.classes.push_back(cr);
    d.curves.push_back(std::move(c));
  }
  d.report.result.map_voc07 = sum / static_cast<double>(sample_classes().size());
  d.report.result.map_voc10 = d.report.result.map_voc07 + 0.01;
  return d;
}

/// n latencies around median_ms with a few slow outliers.
inline std::vector<double> sample_latencies(sample_rng& rng, double median_ms, std::size_t n) {
  std::vector<double> v;
  for (std::size_t i = 0; i < n; ++i) {
    double x = median_ms * std::exp(0.06 * rng.normal());
    if (rng.uniform() < 0.004) x *= 4 + 2 * rng.uniform();  // a GC pause, a clock change
    v.push_back(x);
  }
  return v;
}

/// A one-minute trace at 100 ms: idle, two inference windows under load, cooling down.
inline hardware_part sample_hardware(sample_rng& rng, double load_w) {
  hardware_part h;
  h.temperature_sensor = "GPU";
  const double t0 = 5000;
  h.windows = {{t0 + 8, t0 + 24, 800}, {t0 + 30, t0 + 50, 1000}};
  double temp = 38;
  for (std::size_t i = 0; i < 600; ++i) {
    const double t = t0 + 0.1 * static_cast<double>(i);
    bool busy = false;
    for (const inference_window& w : h.windows) busy = busy || (t >= w.start_s && t <= w.end_s);
    const double w_now = (busy ? load_w : 2.4) + 0.25 * rng.normal();
    temp += busy ? 0.035 * (62 - temp) * 0.5 : 0.02 * (38 - temp);
    trace_point p;
    p.time_s = t;
    p.power_mw = 1000 * w_now;
    p.temperature_c = std::round((temp + 0.2 * rng.normal()) * 2) / 2;  // tegrastats' 0.5 degree steps
    p.ram_mb = 1800 + (busy ? 600 : 0);
    p.swap_mb = 12;
    h.trace.push_back(p);
  }
  h.trace[250].power_mw = std::nan("");  // a sample without power: the line breaks there
  return h;
}

inline std::vector<std::size_t> sample_pareto(const std::vector<report_row>& rows, bool latency, bool energy) {
  std::vector<std::size_t> front;
  auto ok = [&](const report_row& r) {
    return r.accuracy && (!latency || r.median_ms) && (!energy || r.energy_per_inference_j);
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!ok(rows[i])) continue;
    bool dominated = false;
    for (std::size_t j = 0; j < rows.size() && !dominated; ++j) {
      if (j == i || !ok(rows[j])) continue;
      const report_row &a = rows[j], &b = rows[i];
      const bool ge = *a.accuracy >= *b.accuracy && (!latency || *a.median_ms <= *b.median_ms) &&
                      (!energy || *a.energy_per_inference_j <= *b.energy_per_inference_j);
      const bool gt = *a.accuracy > *b.accuracy || (latency && *a.median_ms < *b.median_ms) ||
                      (energy && *a.energy_per_inference_j < *b.energy_per_inference_j);
      dominated = ge && gt;
    }
    if (!dominated) front.push_back(i);
  }
  return front;
}

/// The full hand-made report (every plot has data).
inline benchmark_report hand_report() {
  sample_rng rng(20261130);
  benchmark_report r;
  r.info.tool = "edgemetrics-report";
  r.info.inputs = {"runs/ssd-fp32", "runs/ssd-fp16", "runs/yolo-fp32", "runs/yolo-fp16", "runs/yolo-int8"};
  struct spec {
    const char* name;
    const char* model;
    const char* precision;
    double flops, quality, median_ms, load_w;
  };
  const spec specs[] = {{"ssd-mobilenet fp32", "ssd-mobilenet", "fp32", 2.3e9, 0.78, 41, 7.8},
                        {"ssd-mobilenet fp16", "ssd-mobilenet", "fp16", 2.3e9, 0.779, 24, 6.1},
                        {"yolo-tiny fp32", "yolo-tiny", "fp32", 6.9e9, 0.86, 68, 9.4},
                        {"yolo-tiny fp16", "yolo-tiny", "fp16", 6.9e9, 0.858, 33, 7.9}};
  std::vector<std::vector<double>> samples;
  for (const spec& s : specs) {
    benchmark_run run;
    run.name = s.name;
    run.set_attribute("device", "Jetson Nano");
    run.set_attribute("model", s.model);
    run.set_attribute("precision", s.precision);
    run.model.flops = s.flops;
    run.model.parameters = s.flops / 350;
    run.detection = sample_detection(rng, s.quality);
    latency_part lat;
    lat.samples_ms = sample_latencies(rng, s.median_ms, 2000);
    samples.push_back(lat.samples_ms);
    run.latency = std::move(lat);
    run.hardware = sample_hardware(rng, s.load_w);

    const latency_summary sum = summarize(samples.back());
    report_row row;
    row.run = run.name;
    row.source = accuracy_source::voc07;
    row.accuracy = run.detection->report.result.map_voc07;
    row.map_voc07 = row.accuracy;
    row.map_voc10 = run.detection->report.result.map_voc10;
    row.median_ms = sum.median_ms;
    row.p99_ms = sum.find_percentile(99);
    row.fps = sum.fps;
    row.throughput_per_s = sum.throughput_per_s;
    row.total_s = sum.total_ms / 1000;
    row.mean_power_mw = 1000 * (2.4 + (s.load_w - 2.4) * 36 / 60);
    row.energy_per_inference_j = s.load_w * s.median_ms / 1000;
    row.temperature_change_c = run.hardware->trace.back().temperature_c - run.hardware->trace.front().temperature_c;
    row.swap_change_mb = 0;
    row.peak_ram_mb = 2400;
    r.rows.push_back(row);
    r.runs.push_back(std::move(run));
  }
  {
    benchmark_run run;
    run.name = "yolo-tiny int8";
    run.set_attribute("device", "Jetson Nano");
    run.set_attribute("model", "yolo-tiny");
    run.set_attribute("precision", "int8");
    run.notes.push_back("no latency file in runs/yolo-int8");
    run.notes.push_back("no tegrastats.log in runs/yolo-int8");
    report_row row;
    row.run = run.name;
    row.source = accuracy_source::voc07;
    row.accuracy = 0.71;
    row.map_voc07 = 0.71;
    r.rows.push_back(row);
    r.runs.push_back(std::move(run));
    r.notes = {"yolo-tiny int8: no latency file in runs/yolo-int8",
               "yolo-tiny int8: no tegrastats.log in runs/yolo-int8"};
  }
  // fp32 -> fp16 for both models; the two fp32 runs differ in the model only.
  const std::pair<std::size_t, std::size_t> pairs[] = {{0, 1}, {0, 2}, {2, 3}};
  for (const auto& [b, c] : pairs) {
    run_comparison cmp;
    cmp.baseline = b;
    cmp.candidate = c;
    cmp.attribute = b == 0 && c == 2 ? "model" : "precision";
    cmp.baseline_value = std::string(*r.runs[b].attribute(cmp.attribute));
    cmp.candidate_value = std::string(*r.runs[c].attribute(cmp.attribute));
    cmp.has_latency = cmp.from_samples = true;
    compare_options o;
    o.resamples = 200;
    cmp.latency = compare_runs(samples[b], samples[c], o);
    cmp.significant = cmp.latency.mann_whitney.p_value < 0.05;
    cmp.accuracy_change = *r.rows[c].accuracy - *r.rows[b].accuracy;
    cmp.energy_change_percent = 100 * (*r.rows[c].energy_per_inference_j - *r.rows[b].energy_per_inference_j) /
                                *r.rows[b].energy_per_inference_j;
    r.comparisons.push_back(cmp);
  }
  speedup_group g;
  g.attribute = "precision";
  g.baseline_value = "fp32";
  g.candidate_value = "fp16";
  g.comparisons = {0, 2};
  std::vector<model_result> models;
  for (const std::size_t ci : g.comparisons) {
    const run_comparison& c = r.comparisons[ci];
    models.push_back({c.latency.baseline_median_ms, c.latency.candidate_median_ms, *r.runs[c.baseline].model.flops});
  }
  g.aggregate = aggregate_models(models);
  r.groups.push_back(g);
  r.pareto_accuracy_latency = sample_pareto(r.rows, true, false);
  r.pareto_accuracy_energy = sample_pareto(r.rows, false, true);
  r.pareto = sample_pareto(r.rows, true, true);
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    run_verdict v;
    const report_row& row = r.rows[i];
    v.accuracy = *row.accuracy >= 0.85 ? verdict_status::pass : verdict_status::fail;
    v.latency = !row.p99_ms          ? verdict_status::unknown
                : *row.p99_ms <= 100 ? verdict_status::pass
                                     : verdict_status::fail;
    v.overall = v.accuracy == verdict_status::fail || v.latency == verdict_status::fail ? verdict_status::fail
                : v.latency == verdict_status::unknown                                  ? verdict_status::unknown
                                                                                        : verdict_status::pass;
    r.verdicts.push_back(v);
  }
  return r;
}

/// A one-minute tegrastats-like log at 100 ms: idle, two inference windows under load.
inline std::vector<hardware_sample> sample_log(sample_rng& rng, double load_w,
                                               const std::vector<inference_window>& windows) {
  std::vector<hardware_sample> log;
  double temp = 38;
  for (std::size_t i = 0; i < 600; ++i) {
    hardware_sample s;
    s.time_s = 5000 + 0.1 * static_cast<double>(i);
    s.timestamped = true;
    bool busy = false;
    for (const inference_window& w : windows) busy = busy || (s.time_s >= w.start_s && s.time_s <= w.end_s);
    temp += busy ? 0.0175 * (62 - temp) : 0.02 * (38 - temp);
    s.total_power_mw = std::round(1000 * ((busy ? load_w : 2.4) + 0.25 * rng.normal()));
    s.power_rule = total_power_rule::input_rail;
    s.ram = memory_usage{1800.0 + (busy ? 600.0 : 0.0) + static_cast<double>(i % 7), 3964};
    s.swap = memory_usage{12.0 + (i > 400 ? 4.0 : 0.0), 1982};
    const double gpu = std::round((temp + 0.2 * rng.normal()) * 2) / 2;
    s.temperatures.push_back({"CPU", gpu + 1.5, true});
    s.temperatures.push_back({"GPU", gpu, true});
    log.push_back(std::move(s));
  }
  return log;
}

/// Runs made with the library's builders: ssd-mobilenet and yolo-tiny in fp32 and fp16 with
/// every part, and yolo-tiny int8 with accuracy only (its latency and hardware files missing).
inline std::vector<benchmark_run> sample_runs() {
  sample_rng rng(20261201);
  struct spec {
    const char* name;
    const char* model;
    const char* precision;
    double flops, quality, median_ms, load_w;
  };
  const spec specs[] = {{"ssd-mobilenet fp32", "ssd-mobilenet", "fp32", 2.3e9, 0.78, 41, 7.8},
                        {"ssd-mobilenet fp16", "ssd-mobilenet", "fp16", 2.3e9, 0.779, 24, 6.1},
                        {"yolo-tiny fp32", "yolo-tiny", "fp32", 6.9e9, 0.86, 68, 9.4},
                        {"yolo-tiny fp16", "yolo-tiny", "fp16", 6.9e9, 0.858, 33, 7.9},
                        {"yolo-tiny int8", "yolo-tiny", "int8", 6.9e9, 0.80, 0, 0}};
  std::vector<benchmark_run> runs;
  for (const spec& s : specs) {
    benchmark_run run;
    run.name = s.name;
    run.set_attribute("device", "Jetson Nano");
    run.set_attribute("model", s.model);
    run.set_attribute("precision", s.precision);
    run.model.flops = s.flops;
    run.model.parameters = s.flops / 350;

    // One generator per model: fp16 and int8 give nearly the curves of fp32.
    sample_rng model_rng(s.flops < 5e9 ? 11 : 12);
    detection_part d = sample_detection(model_rng, s.quality);
    for (std::size_t k = 0; k < d.curves.size(); ++k) d.report.result.classes[k].curve = d.curves[k].curve;
    voc_run vr;
    vr.metric = voc_metric::both;
    run.set_detection(make_voc_report(std::move(d.report.result), vr));

    if (s.median_ms == 0) {
      run.notes.push_back("no latency file in runs/yolo-int8");
      run.notes.push_back("no tegrastats.log in runs/yolo-int8");
      runs.push_back(std::move(run));
      continue;
    }
    const std::vector<double> ms = sample_latencies(rng, s.median_ms, 2000);
    latency_trace trace;
    trace.stages.push_back({"inference_ms", ms});
    run.set_latency(make_latency_report(std::move(trace)), ms);

    const std::vector<inference_window> windows{{5008, 5024, 800}, {5030, 5050, 1000}};
    const std::vector<hardware_sample> log = sample_log(rng, s.load_w, windows);
    tegrastats_report_options o;
    o.interval_s = 0.1;
    o.energy.inferences = 1800;  // the windows' inferences
    o.summary.window = {5008, 5050};
    run.set_hardware(make_tegrastats_report(log, o), log, windows);
    runs.push_back(std::move(run));
  }
  return runs;
}

/// The sample report: make_benchmark_report over sample_runs().
inline benchmark_report sample_report() {
  report_info info;
  info.tool = "edgemetrics-report";
  info.inputs = {"runs/ssd-fp32", "runs/ssd-fp16", "runs/yolo-fp32", "runs/yolo-fp16", "runs/yolo-int8"};
  return make_benchmark_report(sample_runs(), {}, std::move(info));
}

}  // namespace edgemetrics::test

#endif  // EDGEMETRICS_TESTS_REPORT_HTML_SAMPLE_HPP
