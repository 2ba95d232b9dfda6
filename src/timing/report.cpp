#include <edgemetrics/timing/report.hpp>

#include <stdexcept>
#include <string>
#include <utility>

namespace edgemetrics {

std::string_view trtexec_stage_label(std::string_view stage) noexcept {
  if (stage == "latency") return "Latency";
  if (stage == "end_to_end") return "End-to-End Host Latency";
  if (stage == "enqueue") return "Enqueue Time";
  if (stage == "h2d") return "H2D Latency";
  if (stage == "compute") return "GPU Compute Time";
  if (stage == "d2h") return "D2H Latency";
  return stage;
}

namespace {

std::string input_name(const report_info& info, std::size_t i) {
  return i < info.inputs.size() ? info.inputs[i] + ": " : std::string();
}

// Applies the count-based warm-up and checks that the first stage has latencies left.
void exclude_warmup(latency_trace& trace, std::size_t count, const char* function, const std::string& input) {
  const std::size_t dropped = trace.exclude_warmup(count);
  if (trace.stages.empty() || trace.stages.front().ms.empty()) {
    throw std::invalid_argument(std::string("edgemetrics::") + function + ": " + input +
                                "no latencies left to summarise" +
                                (dropped > 0 ? " (the warm-up excluded all " + std::to_string(dropped) + ")" : ""));
  }
}

summary_options summary_options_of(const std::vector<double>& percentiles, percentile_rule rule, std::size_t batch_size,
                                   double wall_ms) {
  summary_options o;
  o.percentiles = percentiles;
  o.rule = rule;
  o.batch_size = batch_size;
  o.wall_ms = wall_ms;
  return o;
}

}  // namespace

latency_report make_latency_report(latency_trace trace, const latency_report_options& options, report_info info) {
  if (options.budget_ms && !(*options.budget_ms > 0.0)) {
    throw std::invalid_argument("edgemetrics::make_latency_report: budget_ms must be > 0, got " +
                                std::to_string(*options.budget_ms));
  }
  exclude_warmup(trace, options.warmup_count, "make_latency_report", input_name(info, 0));
  latency_report r;
  r.options = options;
  r.warmup_excluded = trace.warmup_excluded;
  r.wall_ms = trace.wall_ms;
  const summary_options so = summary_options_of(options.percentiles, options.rule, options.batch_size, trace.wall_ms);
  for (latency_series& st : trace.stages) {
    latency_stage_report s;
    s.label = std::string(trtexec_stage_label(st.name));
    s.summary = summarize(st.ms, so);
    s.name = std::move(st.name);
    r.stages.push_back(std::move(s));
  }
  r.guide = classify_latency(r.stages.front().summary.median_ms);
  if (options.budget_ms) {
    budget_options b;
    b.budget_ms = *options.budget_ms;
    b.percentile = options.budget_percentile;
    b.rule = options.rule;
    r.budget = check_budget(trace.stages.front().ms, b);
  }
  r.info = std::move(info);
  return r;
}

latency_comparison_report make_latency_comparison_report(latency_trace baseline, latency_trace candidate,
                                                         const latency_comparison_options& options, report_info info,
                                                         const progress_callback& progress) {
  exclude_warmup(baseline, options.warmup_count, "make_latency_comparison_report", input_name(info, 0));
  exclude_warmup(candidate, options.warmup_count, "make_latency_comparison_report", input_name(info, 1));
  const auto pick = [&](const latency_trace& t, std::size_t which) -> const latency_series& {
    if (options.stage.empty()) return t.stages.front();
    for (const latency_series& st : t.stages) {
      if (st.name == options.stage) return st;
    }
    std::string names;
    for (const latency_series& st : t.stages) names += (names.empty() ? "" : ", ") + st.name;
    throw std::invalid_argument("edgemetrics::make_latency_comparison_report: " + input_name(info, which) +
                                "no stage '" + options.stage + "' (stages: " + names + ")");
  };
  const latency_series& a = pick(baseline, 0);
  const latency_series& b = pick(candidate, 1);
  latency_comparison_report r;
  r.options = options;
  r.result = compare_runs(a.ms, b.ms, options.compare, progress);
  r.baseline =
      summarize(a.ms, summary_options_of(options.percentiles, options.rule, options.batch_size, baseline.wall_ms));
  r.candidate =
      summarize(b.ms, summary_options_of(options.percentiles, options.rule, options.batch_size, candidate.wall_ms));
  r.stage = a.name;
  r.label = std::string(trtexec_stage_label(a.name));
  r.info = std::move(info);
  return r;
}

latency_models_report make_latency_models_report(const std::vector<model_result>& models,
                                                 const latency_models_options& options, report_info info) {
  latency_models_report r;
  if (options.covariate.empty()) {  // no covariate: the rows' covariates are not data
    std::vector<model_result> plain = models;
    for (model_result& m : plain) m.covariate = 0;
    r.aggregate = aggregate_models(plain);
  } else {
    r.aggregate = aggregate_models(models);
  }
  r.options = options;
  r.models.reserve(models.size());
  for (const model_result& m : models) {
    latency_model_row row;
    row.baseline_ms = m.baseline_ms;
    row.candidate_ms = m.candidate_ms;
    row.covariate = options.covariate.empty() ? 0.0 : m.covariate;
    row.speedup = m.baseline_ms / m.candidate_ms;
    row.improvement_percent = 100.0 * (m.baseline_ms - m.candidate_ms) / m.baseline_ms;
    r.models.push_back(row);
  }
  r.info = std::move(info);
  return r;
}

}  // namespace edgemetrics
