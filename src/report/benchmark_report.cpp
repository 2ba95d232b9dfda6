// make_benchmark_report: the table, the pairwise comparisons, the groups over models, the Pareto
// fronts and the verdicts of several benchmark runs. Every rule: docs/conventions.md,
// "Benchmark report".
#include <edgemetrics/report/benchmark_report.hpp>

#include <edgemetrics/timing/percentile.hpp>
#include <edgemetrics/timing/summary.hpp>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace edgemetrics {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// A value as a blank when it is undefined (NaN).
std::optional<double> known(double x) {
  if (std::isnan(x)) return std::nullopt;
  return x;
}

// The first stage's summary of a run, or nullptr (no latency part, no stage, nothing summarised).
const latency_summary* first_stage(const benchmark_run& run) noexcept {
  if (!run.latency || run.latency->report.stages.empty()) return nullptr;
  const latency_summary& s = run.latency->report.stages.front().summary;
  return s.count > 0 ? &s : nullptr;
}

// Samples compare_runs accepts: every one > 0 and <= max_latency_ms.
bool comparable_samples(const std::vector<double>& samples) noexcept {
  if (samples.empty()) return false;
  for (const double x : samples) {
    if (!(x > 0.0) || !(x <= max_latency_ms)) return false;
  }
  return true;
}

bool valid_samples(const std::vector<double>& samples) noexcept {
  if (samples.empty()) return false;
  for (const double x : samples) {
    if (!is_valid_latency_ms(x)) return false;
  }
  return true;
}

report_row make_row(const benchmark_run& run) {
  report_row row;
  row.run = run.name;
  if (run.detection) {
    const voc_report& v = run.detection->report;
    if (v.shows(ap_method::voc07_11_point)) row.map_voc07 = known(v.result.map_voc07);
    if (v.shows(ap_method::voc10_all_point)) row.map_voc10 = known(v.result.map_voc10);
  }
  if (run.classification) {
    row.source = accuracy_source::classification;
    row.accuracy = known(run.classification->accuracy.value());
  } else if (run.detection) {
    const voc_report& v = run.detection->report;
    if (v.shows(ap_method::voc07_11_point)) {
      row.source = accuracy_source::voc07;
      row.accuracy = row.map_voc07;
    } else {
      row.source = accuracy_source::voc10;
      row.accuracy = row.map_voc10;
    }
  }
  if (const latency_summary* s = first_stage(run)) {
    row.median_ms = known(s->median_ms);
    if (const std::optional<double> p99 = s->find_percentile(99)) row.p99_ms = known(*p99);
    row.fps = known(s->fps);
    row.throughput_per_s = known(s->throughput_per_s);
    row.total_s = known(s->total_ms / 1000.0);
  }
  if (run.hardware) {
    const hardware_summary& h = run.hardware->report.summary;
    if (h.energy) {
      row.mean_power_mw = known(h.energy->total.mean_power_mw);
      if (h.energy->inferences > 0) row.energy_per_inference_j = known(h.energy->total.energy_per_inference_j);
    } else if (h.power_mw.count > 0) {
      row.mean_power_mw = known(h.power_mw.mean);
    }
    if (!run.hardware->temperature_sensor.empty()) {
      if (const metric_summary* t = h.temperature(run.hardware->temperature_sensor); t && t->count > 0) {
        row.temperature_change_c = known(t->delta);
      }
    }
    if (h.swap_mb.count > 0) row.swap_change_mb = known(h.swap_mb.delta);
    if (h.ram_mb.count > 0) row.peak_ram_mb = known(h.ram_mb.max);
  }
  return row;
}

// The comparison of two runs' latencies from their summaries alone: speedups and improvement as
// compare_runs defines them, no interval and no test (NaN).
comparison compare_summaries(const latency_summary& b, const latency_summary& c, const compare_options& options) {
  comparison r;
  r.baseline_count = b.count;
  r.candidate_count = c.count;
  r.baseline_median_ms = b.median_ms;
  r.candidate_median_ms = c.median_ms;
  r.baseline_mean_ms = b.mean_ms;
  r.candidate_mean_ms = c.mean_ms;
  r.median_speedup = b.median_ms / c.median_ms;
  r.mean_speedup = b.mean_ms / c.mean_ms;
  r.improvement_percent = 100.0 * (b.mean_ms - c.mean_ms) / b.mean_ms;
  r.speedup_ci_low = nan;
  r.speedup_ci_high = nan;
  r.confidence = options.confidence;
  r.mann_whitney = {nan, nan, nan, nan};
  return r;
}

std::string differing_attribute(const benchmark_run& a, const benchmark_run& b, std::string& a_value,
                                std::string& b_value, std::size_t& differences) {
  // Attributes of a (in a's order), then those only b has (in b's order); an attribute that
  // one run lacks differs, its value there being "".
  std::string name;
  differences = 0;
  for (const run_attribute& x : a.attributes) {
    const std::optional<std::string_view> y = b.attribute(x.name);
    if (!y || *y != x.value) {
      if (++differences == 1) {
        name = x.name;
        a_value = x.value;
        b_value = y ? std::string(*y) : std::string();
      }
    }
  }
  for (const run_attribute& y : b.attributes) {
    if (!a.attribute(y.name)) {
      if (++differences == 1) {
        name = y.name;
        a_value.clear();
        b_value = y.value;
      }
    }
  }
  return name;
}

// Pareto front over the runs that have every objective: an objective is (value, maximise).
std::vector<std::size_t> pareto_front(const std::vector<std::vector<double>>& objectives,
                                      const std::vector<bool>& maximise) {
  // objectives[i] empty: run i does not take part.
  std::vector<std::size_t> front;
  const std::size_t n = objectives.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (objectives[i].empty()) continue;
    bool dominated = false;
    for (std::size_t j = 0; j < n && !dominated; ++j) {
      if (j == i || objectives[j].empty()) continue;
      bool at_least_as_good = true, better = false;
      for (std::size_t k = 0; k < maximise.size(); ++k) {
        const double a = objectives[j][k], b = objectives[i][k];
        const bool ge = maximise[k] ? a >= b : a <= b;
        const bool gt = maximise[k] ? a > b : a < b;
        if (!ge) {
          at_least_as_good = false;
          break;
        }
        if (gt) better = true;
      }
      dominated = at_least_as_good && better;
    }
    if (!dominated) front.push_back(i);
  }
  return front;
}

// The shortest round-trip form of a number ("99.9", "100").
std::string number_text(double x) { return detail::percent_text(x); }

verdict_status combine(std::initializer_list<std::pair<bool, std::optional<bool>>> checks) {
  // Each check: (budget given, met?: nullopt without data). fail if one fails; unknown if a
  // given budget lacks data or no budget is given; pass otherwise.
  bool any_budget = false, missing = false;
  for (const auto& [budget, met] : checks) {
    if (!budget) continue;
    any_budget = true;
    if (!met) {
      missing = true;
    } else if (!*met) {
      return verdict_status::fail;
    }
  }
  if (!any_budget || missing) return verdict_status::unknown;
  return verdict_status::pass;
}

void add_warning(run_verdict& v, std::string message) {
  for (const std::string& w : v.warnings) {
    if (w == message) return;
  }
  v.warnings.push_back(std::move(message));
}

run_verdict make_verdict(const benchmark_run& run, const report_row& row, const report_budgets& budgets) {
  run_verdict v;
  // Latency: the budget percentile of the samples (nearest rank), else the summary's own.
  std::optional<double> latency;
  if (run.latency && valid_samples(run.latency->samples_ms)) {
    const double p[] = {budgets.latency_percentile};
    latency = known(select_percentiles(run.latency->samples_ms, p, percentile_rule::nearest_rank).front());
  } else if (const latency_summary* s = first_stage(run)) {
    if (const std::optional<double> x = s->find_percentile(budgets.latency_percentile)) latency = known(*x);
  }
  const auto met = [](const std::optional<double>& value, const std::optional<double>& budget,
                      bool at_most) -> std::optional<bool> {
    if (!value || !budget) return std::nullopt;
    return at_most ? *value <= *budget : *value >= *budget;
  };
  v.latency = combine({{budgets.latency_ms.has_value(), met(latency, budgets.latency_ms, true)}});
  v.accuracy = combine({{budgets.min_accuracy.has_value(), met(row.accuracy, budgets.min_accuracy, false)}});
  v.power = combine({{budgets.max_power_mw.has_value(), met(row.mean_power_mw, budgets.max_power_mw, true)},
                     {budgets.max_energy_per_inference_j.has_value(),
                      met(row.energy_per_inference_j, budgets.max_energy_per_inference_j, true)}});
  const bool latency_budget = budgets.latency_ms.has_value();
  const bool accuracy_budget = budgets.min_accuracy.has_value();
  const bool power_budget = budgets.max_power_mw.has_value() || budgets.max_energy_per_inference_j.has_value();
  if (v.latency == verdict_status::fail || v.accuracy == verdict_status::fail || v.power == verdict_status::fail) {
    v.overall = verdict_status::fail;
  } else if ((latency_budget && v.latency == verdict_status::unknown) ||
             (accuracy_budget && v.accuracy == verdict_status::unknown) ||
             (power_budget && v.power == verdict_status::unknown) ||
             !(latency_budget || accuracy_budget || power_budget)) {
    v.overall = verdict_status::unknown;
  } else {
    v.overall = verdict_status::pass;
  }

  // Warnings carried over from the parts.
  if (run.classification) {
    for (const report_warning& w : run.classification->warnings) {
      if (w.what == report_warning::kind::accuracy_hides_poor_recall) add_warning(v, w.message);
    }
  }
  if (run.detection) {
    const voc_report& r = run.detection->report;
    for (const voc_notice n : r.notices) {
      switch (n) {
        case voc_notice::normalized_coordinates:
          add_warning(v,
                      "the detection boxes look normalised (every coordinate within [0, 1.5]) while matched "
                      "pixel-inclusive: the mAP is wrong; evaluate with the continuous box convention");
          break;
        case voc_notice::nan_map_without_ground_truth:
          add_warning(v, "a shown mAP is undefined (NaN): classes without ground truth are counted in the mean");
          break;
        case voc_notice::inverted_boxes:
          add_warning(v, "the detection evaluation has inverted boxes (" +
                             std::to_string(r.totals.inverted_detections) + " detections, " +
                             std::to_string(r.totals.inverted_objects) + " objects)");
          break;
        case voc_notice::skipped_unknown_image_detections:
          add_warning(v, std::to_string(r.totals.skipped_unknown_image_detections) +
                             " detections on images outside the image set were skipped");
          break;
        case voc_notice::objects_of_other_classes:
          break;  // informational: objects of classes not evaluated
      }
    }
  }
  if (v.latency == verdict_status::fail && latency) {
    add_warning(v, "p" + number_text(budgets.latency_percentile) + " latency " + number_text(*latency) +
                       " ms is over the budget of " + number_text(*budgets.latency_ms) + " ms");
  }
  return v;
}

void check_names(const std::vector<benchmark_run>& runs) {
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].name.empty()) {
      throw std::invalid_argument("edgemetrics::make_benchmark_report: run #" + std::to_string(i) + " has no name");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (runs[j].name == runs[i].name) {
        throw std::invalid_argument("edgemetrics::make_benchmark_report: runs #" + std::to_string(j) + " and #" +
                                    std::to_string(i) + " have the same name '" + runs[i].name + "'");
      }
    }
  }
}

void check_options(const benchmark_report_options& o) {
  const auto bad = [](const std::string& what) {
    throw std::invalid_argument("edgemetrics::make_benchmark_report: " + what);
  };
  const report_budgets& b = o.budgets;
  if (b.latency_ms && !(*b.latency_ms > 0 && std::isfinite(*b.latency_ms))) {
    bad("budgets.latency_ms must be finite and > 0, got " + number_text(*b.latency_ms));
  }
  if (!(b.latency_percentile >= 0 && b.latency_percentile <= 100)) {
    bad("budgets.latency_percentile must be in [0, 100], got " + number_text(b.latency_percentile));
  }
  if (b.min_accuracy && !(*b.min_accuracy >= 0 && *b.min_accuracy <= 1)) {
    bad("budgets.min_accuracy must be in [0, 1], got " + number_text(*b.min_accuracy));
  }
  if (b.max_power_mw && !(*b.max_power_mw > 0 && std::isfinite(*b.max_power_mw))) {
    bad("budgets.max_power_mw must be finite and > 0, got " + number_text(*b.max_power_mw));
  }
  if (b.max_energy_per_inference_j &&
      !(*b.max_energy_per_inference_j > 0 && std::isfinite(*b.max_energy_per_inference_j))) {
    bad("budgets.max_energy_per_inference_j must be finite and > 0, got " + number_text(*b.max_energy_per_inference_j));
  }
  if (!(o.significance > 0 && o.significance < 1)) {
    bad("significance must be in (0, 1), got " + number_text(o.significance));
  }
  if (!(o.compare.confidence > 0 && o.compare.confidence < 1)) {
    bad("compare.confidence must be in (0, 1), got " + number_text(o.compare.confidence));
  }
  if (o.compare.resamples > max_bootstrap_resamples) {
    bad("compare.resamples must be at most " + std::to_string(max_bootstrap_resamples) + ", got " +
        std::to_string(o.compare.resamples));
  }
}

}  // namespace

benchmark_report make_benchmark_report(std::vector<benchmark_run> runs, const benchmark_report_options& options,
                                       report_info info, const progress_callback& progress) {
  check_names(runs);
  check_options(options);
  benchmark_report r;
  r.info = std::move(info);
  r.options = options;
  r.runs = std::move(runs);
  const std::vector<benchmark_run>& rs = r.runs;
  const std::size_t n = rs.size();

  for (const benchmark_run& run : rs) {
    for (const std::string& note : run.notes) r.notes.push_back(run.name + ": " + note);
  }

  r.rows.reserve(n);
  for (const benchmark_run& run : rs) r.rows.push_back(make_row(run));

  // Pairs that differ in exactly one attribute; the earlier run is the baseline.
  std::vector<std::size_t> on_samples;  // comparisons to make on the samples
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      std::string bv, cv;
      std::size_t differences = 0;
      std::string name = differing_attribute(rs[i], rs[j], bv, cv, differences);
      if (differences != 1) continue;
      run_comparison c;
      c.baseline = i;
      c.candidate = j;
      c.attribute = std::move(name);
      c.baseline_value = std::move(bv);
      c.candidate_value = std::move(cv);
      const latency_summary* b = first_stage(rs[i]);
      const latency_summary* k = first_stage(rs[j]);
      if (b && k) {
        c.has_latency = true;
        if (comparable_samples(rs[i].latency->samples_ms) && comparable_samples(rs[j].latency->samples_ms)) {
          c.from_samples = true;
          on_samples.push_back(r.comparisons.size());
        } else {
          c.latency = compare_summaries(*b, *k, options.compare);
          const bool some = !rs[i].latency->samples_ms.empty() || !rs[j].latency->samples_ms.empty();
          if (some) {
            r.notes.push_back(rs[i].name + " -> " + rs[j].name +
                              ": latencies compared on the summaries (a run has no samples, or one not > 0)");
          }
        }
      }
      const report_row& rb = r.rows[i];
      const report_row& rc = r.rows[j];
      if (rb.accuracy && rc.accuracy) c.accuracy_change = *rc.accuracy - *rb.accuracy;
      if (rb.energy_per_inference_j && rc.energy_per_inference_j && *rb.energy_per_inference_j != 0) {
        c.energy_change_percent =
            known(100.0 * (*rc.energy_per_inference_j - *rb.energy_per_inference_j) / *rb.energy_per_inference_j);
      }
      r.comparisons.push_back(std::move(c));
    }
  }

  // The bootstrap comparisons, with one progress over all of them. Each comparison depends only
  // on its two runs and the options (compare_runs draws resample i from (seed, i)), so they run on
  // two threads, each writing its own comparison: the same results in the same order. A small
  // bootstrap stays single-threaded inside compare_runs, hence the split here. Progress is
  // reported on the calling thread, whole comparisons at a time, when another thread helps.
  const std::size_t per = 2 * options.compare.resamples;
  const std::size_t total = per * on_samples.size();
  const auto compare_one = [&](std::size_t k, const progress_callback& inner) {
    run_comparison& c = r.comparisons[on_samples[k]];
    c.latency =
        compare_runs(rs[c.baseline].latency->samples_ms, rs[c.candidate].latency->samples_ms, options.compare, inner);
    c.significant = c.latency.mann_whitney.p_value < options.significance;
  };
  const unsigned hardware = std::thread::hardware_concurrency();
  if (on_samples.size() < 2 || hardware < 2) {
    for (std::size_t k = 0; k < on_samples.size(); ++k) {
      progress_callback inner;
      if (progress) {
        inner = [&progress, k, per, total](std::size_t done, std::size_t) { progress(k * per + done, total); };
      }
      compare_one(k, inner);
    }
  } else {
    std::atomic<std::size_t> next{0}, finished{0};
    std::vector<std::exception_ptr> errors(on_samples.size());
    const auto worker = [&] {
      for (std::size_t k = next.fetch_add(1); k < on_samples.size(); k = next.fetch_add(1)) {
        try {
          compare_one(k, {});
        } catch (...) {
          errors[k] = std::current_exception();
        }
        finished.fetch_add(1);
      }
    };
    std::thread helper;
    try {
      helper = std::thread(worker);
    } catch (...) {  // no thread available: the calling thread does all of them
    }
    for (std::size_t k = next.fetch_add(1); k < on_samples.size(); k = next.fetch_add(1)) {
      try {
        compare_one(k, {});
      } catch (...) {
        errors[k] = std::current_exception();
      }
      const std::size_t f = finished.fetch_add(1) + 1;
      if (progress) progress(f * per, total);
    }
    if (helper.joinable()) helper.join();
    for (const std::exception_ptr& e : errors) {  // the first comparison's error, as sequentially
      if (e) std::rethrow_exception(e);
    }
  }
  if (progress && total > 0) progress(total, total);

  // Groups: the same attribute changed the same way, over at least two comparisons with latency.
  std::vector<bool> grouped(r.comparisons.size(), false);
  for (std::size_t a = 0; a < r.comparisons.size(); ++a) {
    const run_comparison& ca = r.comparisons[a];
    if (grouped[a] || !ca.has_latency) continue;
    speedup_group g;
    g.attribute = ca.attribute;
    g.baseline_value = ca.baseline_value;
    g.candidate_value = ca.candidate_value;
    for (std::size_t b = a; b < r.comparisons.size(); ++b) {
      const run_comparison& cb = r.comparisons[b];
      if (grouped[b] || !cb.has_latency || cb.attribute != ca.attribute || cb.baseline_value != ca.baseline_value ||
          cb.candidate_value != ca.candidate_value) {
        continue;
      }
      if (!(cb.latency.baseline_mean_ms > 0) || !(cb.latency.candidate_mean_ms > 0)) continue;
      grouped[b] = true;
      g.comparisons.push_back(b);
    }
    if (g.comparisons.size() < 2) continue;
    std::vector<model_result> models;
    bool all_covariates = true;
    for (const std::size_t k : g.comparisons) {
      const run_comparison& c = r.comparisons[k];
      const std::optional<double> cov = rs[c.baseline].model.complexity();
      if (!cov || !std::isfinite(*cov)) all_covariates = false;
      models.push_back({c.latency.baseline_mean_ms, c.latency.candidate_mean_ms, cov ? *cov : 0.0});
    }
    if (!all_covariates) {
      for (model_result& m : models) m.covariate = 0;  // constant: no rank correlation
    }
    g.aggregate = aggregate_models(models);
    if (!all_covariates) g.aggregate.spearman_speedup_covariate = nan;
    r.groups.push_back(std::move(g));
  }

  // Pareto fronts.
  std::vector<std::vector<double>> al(n), ae(n), all(n);
  for (std::size_t i = 0; i < n; ++i) {
    const report_row& row = r.rows[i];
    if (row.accuracy && row.median_ms) al[i] = {*row.accuracy, *row.median_ms};
    if (row.accuracy && row.energy_per_inference_j) ae[i] = {*row.accuracy, *row.energy_per_inference_j};
    if (row.accuracy && row.median_ms && row.energy_per_inference_j) {
      all[i] = {*row.accuracy, *row.median_ms, *row.energy_per_inference_j};
    }
  }
  r.pareto_accuracy_latency = pareto_front(al, {true, false});
  r.pareto_accuracy_energy = pareto_front(ae, {true, false});
  r.pareto = pareto_front(all, {true, false, false});

  r.verdicts.reserve(n);
  for (std::size_t i = 0; i < n; ++i) r.verdicts.push_back(make_verdict(rs[i], r.rows[i], options.budgets));
  return r;
}

}  // namespace edgemetrics
