// edgemetrics: nlohmann-json support (to_json / from_json) for the timing area.
//
// Every value and report type of the area has to_json and from_json; the reports write the
// common envelope (docs/json.md, kinds "latency", "latency_comparison", "latency_models").
// Enums are their names (json/common.hpp).
//
// latency_summary <-> {"count", "min_ms", "max_ms", "mean_ms", "median_ms",
// "stddev_sample_ms", "stddev_population_ms", "cv", "rule", "percentiles_ms": {"99": ...},
// "total_ms", "wall_ms", "batch_size", "per_item_mean_ms", "throughput_per_s", "fps",
// "warmup_excluded", "negative_count", "overflow_count", "bounded", "relative_precision"}.
// Percentile keys are the shortest decimal form of p ("50", "99.9"). NaN (empty
// summaries, undefined statistics) is written as null and read back as NaN.
#ifndef EDGEMETRICS_JSON_TIMING_HPP
#define EDGEMETRICS_JSON_TIMING_HPP

#include <edgemetrics/detail/parse.hpp>
#include <edgemetrics/json/common.hpp>
#include <edgemetrics/timing.hpp>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace edgemetrics {

namespace detail {
inline std::string percent_key(double p) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, p);
  return std::string(buf, r.ptr);
}
}  // namespace detail

inline void to_json(nlohmann::json& j, const latency_summary& s) {
  using detail::number_or_null;
  nlohmann::json pct = nlohmann::json::object();
  for (std::size_t i = 0; i < s.percentiles.size() && i < s.percentiles_ms.size(); ++i) {
    pct[detail::percent_key(s.percentiles[i])] = number_or_null(s.percentiles_ms[i]);
  }
  j = nlohmann::json{{"count", s.count},
                     {"min_ms", number_or_null(s.min_ms)},
                     {"max_ms", number_or_null(s.max_ms)},
                     {"mean_ms", number_or_null(s.mean_ms)},
                     {"median_ms", number_or_null(s.median_ms)},
                     {"stddev_sample_ms", number_or_null(s.stddev_sample_ms)},
                     {"stddev_population_ms", number_or_null(s.stddev_population_ms)},
                     {"cv", number_or_null(s.cv)},
                     {"rule", s.rule},
                     {"percentiles_ms", pct},
                     {"total_ms", s.total_ms},
                     {"wall_ms", s.wall_ms},
                     {"batch_size", s.batch_size},
                     {"per_item_mean_ms", number_or_null(s.per_item_mean_ms)},
                     {"throughput_per_s", s.throughput_per_s},
                     {"fps", s.fps},
                     {"warmup_excluded", s.warmup_excluded},
                     {"negative_count", s.negative_count},
                     {"overflow_count", s.overflow_count},
                     {"bounded", s.bounded},
                     {"relative_precision", s.relative_precision}};
}

inline void from_json(const nlohmann::json& j, latency_summary& s) {
  using detail::number_or_nan;
  s = latency_summary{};
  s.count = j.at("count").get<std::size_t>();
  s.min_ms = number_or_nan(j.at("min_ms"));
  s.max_ms = number_or_nan(j.at("max_ms"));
  s.mean_ms = number_or_nan(j.at("mean_ms"));
  s.median_ms = number_or_nan(j.at("median_ms"));
  s.stddev_sample_ms = number_or_nan(j.value("stddev_sample_ms", nlohmann::json(nullptr)));
  s.stddev_population_ms = number_or_nan(j.value("stddev_population_ms", nlohmann::json(nullptr)));
  s.cv = number_or_nan(j.value("cv", nlohmann::json(nullptr)));
  s.rule = j.value("rule", percentile_rule::nearest_rank);
  for (const auto& [key, value] : j.at("percentiles_ms").items()) {
    double p = 0;
    if (!detail::parse_number(key, p)) throw std::invalid_argument("edgemetrics: bad percentile key '" + key + "'");
    s.percentiles.push_back(p);
    s.percentiles_ms.push_back(number_or_nan(value));
  }
  s.total_ms = j.value("total_ms", 0.0);
  s.wall_ms = j.value("wall_ms", 0.0);
  s.batch_size = j.value("batch_size", std::size_t{1});
  s.per_item_mean_ms = number_or_nan(j.value("per_item_mean_ms", nlohmann::json(nullptr)));
  s.throughput_per_s = j.at("throughput_per_s").get<double>();
  s.fps = j.value("fps", 0.0);
  s.warmup_excluded = j.value("warmup_excluded", std::uint64_t{0});
  s.negative_count = j.value("negative_count", std::uint64_t{0});
  s.overflow_count = j.value("overflow_count", std::uint64_t{0});
  s.bounded = j.value("bounded", false);
  s.relative_precision = j.value("relative_precision", 0.0);
}

inline void to_json(nlohmann::json& j, const summary_options& o) {
  j = nlohmann::json{
      {"percentiles", o.percentiles}, {"rule", o.rule}, {"batch_size", o.batch_size}, {"wall_ms", o.wall_ms}};
}
inline void from_json(const nlohmann::json& j, summary_options& o) {
  o = summary_options{};
  o.percentiles = j.at("percentiles").get<std::vector<double>>();
  o.rule = j.at("rule").get<percentile_rule>();
  o.batch_size = j.at("batch_size").get<std::size_t>();
  o.wall_ms = j.value("wall_ms", 0.0);
}

inline void to_json(nlohmann::json& j, const early_stopping_estimate& e) {
  j = nlohmann::json{{"enough", e.enough},
                     {"min_queries", e.min_queries},
                     {"discarded", e.discarded},
                     {"estimate_ms", detail::number_or_null(e.estimate_ms)}};
}
inline void from_json(const nlohmann::json& j, early_stopping_estimate& e) {
  e = early_stopping_estimate{};
  e.enough = j.at("enough").get<bool>();
  e.min_queries = j.at("min_queries").get<std::uint64_t>();
  e.discarded = j.at("discarded").get<std::uint64_t>();
  e.estimate_ms = detail::number_or_nan(j.at("estimate_ms"));
}

inline void to_json(nlohmann::json& j, const budget_options& o) {
  j = nlohmann::json{
      {"budget_ms", o.budget_ms}, {"percentile", o.percentile}, {"rule", o.rule}, {"confidence", o.confidence}};
}
inline void from_json(const nlohmann::json& j, budget_options& o) {
  o = budget_options{};
  o.budget_ms = j.at("budget_ms").get<double>();
  o.percentile = j.at("percentile").get<double>();
  o.rule = j.at("rule").get<percentile_rule>();
  o.confidence = j.at("confidence").get<double>();
}

/// "early_stopping" is null at p0 and p100, where early stopping is not defined.
inline void to_json(nlohmann::json& j, const budget_verdict& v) {
  j = nlohmann::json{{"budget_ms", v.budget_ms},
                     {"percentile", v.percentile},
                     {"percentile_ms", detail::number_or_null(v.percentile_ms)},
                     {"met", v.met},
                     {"count", v.count},
                     {"misses", v.misses},
                     {"miss_rate", v.miss_rate},
                     {"early_stopping", v.early_stopping ? nlohmann::json(*v.early_stopping) : nlohmann::json(nullptr)},
                     {"met_with_confidence", v.met_with_confidence}};
}
inline void from_json(const nlohmann::json& j, budget_verdict& v) {
  v = budget_verdict{};
  v.budget_ms = j.at("budget_ms").get<double>();
  v.percentile = j.at("percentile").get<double>();
  v.percentile_ms = detail::number_or_nan(j.at("percentile_ms"));
  v.met = j.at("met").get<bool>();
  v.count = j.at("count").get<std::size_t>();
  v.misses = j.at("misses").get<std::size_t>();
  v.miss_rate = j.at("miss_rate").get<double>();
  const nlohmann::json& es = j.at("early_stopping");
  if (!es.is_null()) v.early_stopping = es.get<early_stopping_estimate>();
  v.met_with_confidence = j.at("met_with_confidence").get<bool>();
}

inline void to_json(nlohmann::json& j, const mann_whitney_result& m) {
  using detail::number_or_null;
  j = nlohmann::json{{"u_baseline", m.u_baseline},
                     {"u_candidate", m.u_candidate},
                     {"z", number_or_null(m.z)},
                     {"p_value", number_or_null(m.p_value)}};
}
inline void from_json(const nlohmann::json& j, mann_whitney_result& m) {
  m = mann_whitney_result{};
  m.u_baseline = j.at("u_baseline").get<double>();
  m.u_candidate = j.at("u_candidate").get<double>();
  m.z = detail::number_or_nan(j.at("z"));
  m.p_value = detail::number_or_nan(j.at("p_value"));
}

inline void to_json(nlohmann::json& j, const compare_options& o) {
  j = nlohmann::json{{"resamples", o.resamples}, {"confidence", o.confidence}, {"seed", o.seed}};
}
inline void from_json(const nlohmann::json& j, compare_options& o) {
  o = compare_options{};
  o.resamples = j.at("resamples").get<std::size_t>();
  o.confidence = j.at("confidence").get<double>();
  o.seed = j.at("seed").get<std::uint64_t>();
}

/// "speedup_ci" is [low, high] (null when no resamples were drawn).
inline void to_json(nlohmann::json& j, const comparison& c) {
  using detail::number_or_null;
  j = nlohmann::json{{"baseline_count", c.baseline_count},
                     {"candidate_count", c.candidate_count},
                     {"baseline_median_ms", c.baseline_median_ms},
                     {"candidate_median_ms", c.candidate_median_ms},
                     {"baseline_mean_ms", c.baseline_mean_ms},
                     {"candidate_mean_ms", c.candidate_mean_ms},
                     {"median_speedup", c.median_speedup},
                     {"mean_speedup", c.mean_speedup},
                     {"improvement_percent", c.improvement_percent},
                     {"speedup_ci", {number_or_null(c.speedup_ci_low), number_or_null(c.speedup_ci_high)}},
                     {"confidence", c.confidence},
                     {"mann_whitney", c.mann_whitney}};
}
inline void from_json(const nlohmann::json& j, comparison& c) {
  c = comparison{};
  c.baseline_count = j.at("baseline_count").get<std::size_t>();
  c.candidate_count = j.at("candidate_count").get<std::size_t>();
  c.baseline_median_ms = j.at("baseline_median_ms").get<double>();
  c.candidate_median_ms = j.at("candidate_median_ms").get<double>();
  c.baseline_mean_ms = j.at("baseline_mean_ms").get<double>();
  c.candidate_mean_ms = j.at("candidate_mean_ms").get<double>();
  c.median_speedup = j.at("median_speedup").get<double>();
  c.mean_speedup = j.at("mean_speedup").get<double>();
  c.improvement_percent = j.at("improvement_percent").get<double>();
  const nlohmann::json& ci = j.at("speedup_ci");
  if (!ci.is_array() || ci.size() != 2) throw std::invalid_argument("edgemetrics: speedup_ci must be [low, high]");
  c.speedup_ci_low = detail::number_or_nan(ci[0]);
  c.speedup_ci_high = detail::number_or_nan(ci[1]);
  c.confidence = j.at("confidence").get<double>();
  c.mann_whitney = j.at("mann_whitney").get<mann_whitney_result>();
}

inline void to_json(nlohmann::json& j, const model_result& m) {
  j = nlohmann::json{{"baseline_ms", m.baseline_ms}, {"candidate_ms", m.candidate_ms}, {"covariate", m.covariate}};
}
inline void from_json(const nlohmann::json& j, model_result& m) {
  m = model_result{};
  m.baseline_ms = j.at("baseline_ms").get<double>();
  m.candidate_ms = j.at("candidate_ms").get<double>();
  m.covariate = j.value("covariate", 0.0);
}

inline void to_json(nlohmann::json& j, const aggregate_comparison& a) {
  j = nlohmann::json{{"models", a.models},
                     {"mean_improvement_percent", a.mean_improvement_percent},
                     {"geometric_mean_speedup", a.geometric_mean_speedup},
                     {"spearman_speedup_covariate", detail::number_or_null(a.spearman_speedup_covariate)}};
}
inline void from_json(const nlohmann::json& j, aggregate_comparison& a) {
  a = aggregate_comparison{};
  a.models = j.at("models").get<std::size_t>();
  a.mean_improvement_percent = j.at("mean_improvement_percent").get<double>();
  a.geometric_mean_speedup = j.at("geometric_mean_speedup").get<double>();
  a.spearman_speedup_covariate = detail::number_or_nan(j.at("spearman_speedup_covariate"));
}

// ---- reports (the common envelope, docs/json.md) ----

/// "budget_ms" is null when no budget is checked.
inline void to_json(nlohmann::json& j, const latency_report_options& o) {
  j = nlohmann::json{{"percentiles", o.percentiles},
                     {"rule", o.rule},
                     {"batch_size", o.batch_size},
                     {"warmup_count", o.warmup_count},
                     {"warmup_ms", o.warmup_ms},
                     {"budget_ms", o.budget_ms ? nlohmann::json(*o.budget_ms) : nlohmann::json(nullptr)},
                     {"budget_percentile", o.budget_percentile}};
}
inline void from_json(const nlohmann::json& j, latency_report_options& o) {
  o = latency_report_options{};
  o.percentiles = j.at("percentiles").get<std::vector<double>>();
  o.rule = j.at("rule").get<percentile_rule>();
  o.batch_size = j.at("batch_size").get<std::size_t>();
  o.warmup_count = j.at("warmup_count").get<std::size_t>();
  o.warmup_ms = j.at("warmup_ms").get<double>();
  const nlohmann::json& b = j.at("budget_ms");
  if (!b.is_null()) o.budget_ms = b.get<double>();
  o.budget_percentile = j.at("budget_percentile").get<double>();
}

inline void to_json(nlohmann::json& j, const latency_stage_report& s) {
  j = nlohmann::json{{"name", s.name}, {"label", s.label}, {"summary", s.summary}};
}
inline void from_json(const nlohmann::json& j, latency_stage_report& s) {
  s = latency_stage_report{};
  s.name = j.at("name").get<std::string>();
  s.label = j.at("label").get<std::string>();
  s.summary = j.at("summary").get<latency_summary>();
}

/// Kind "latency": the envelope, then "stages" (in order), "warmup_excluded", "wall_ms",
/// "guide" and "budget" (null without a budget).
inline void to_json(nlohmann::json& j, const latency_report& r) {
  j = detail::make_envelope("latency", r.info, r.options);
  j["stages"] = r.stages;
  j["warmup_excluded"] = r.warmup_excluded;
  j["wall_ms"] = r.wall_ms;
  j["guide"] = r.guide;
  j["budget"] = r.budget ? nlohmann::json(*r.budget) : nlohmann::json(nullptr);
}
inline void from_json(const nlohmann::json& j, latency_report& r) {
  r = latency_report{};
  r.info = detail::read_envelope(j, "latency");
  r.options = j.at("options").get<latency_report_options>();
  r.stages = j.at("stages").get<std::vector<latency_stage_report>>();
  r.warmup_excluded = j.at("warmup_excluded").get<std::size_t>();
  r.wall_ms = j.at("wall_ms").get<double>();
  r.guide = j.at("guide").get<latency_class>();
  const nlohmann::json& b = j.at("budget");
  if (!b.is_null()) r.budget = b.get<budget_verdict>();
}

/// The bootstrap options are written flat: "resamples", "confidence", "seed".
inline void to_json(nlohmann::json& j, const latency_comparison_options& o) {
  j = nlohmann::json{{"percentiles", o.percentiles},
                     {"rule", o.rule},
                     {"batch_size", o.batch_size},
                     {"warmup_count", o.warmup_count},
                     {"warmup_ms", o.warmup_ms},
                     {"stage", o.stage},
                     {"resamples", o.compare.resamples},
                     {"confidence", o.compare.confidence},
                     {"seed", o.compare.seed}};
}
inline void from_json(const nlohmann::json& j, latency_comparison_options& o) {
  o = latency_comparison_options{};
  o.percentiles = j.at("percentiles").get<std::vector<double>>();
  o.rule = j.at("rule").get<percentile_rule>();
  o.batch_size = j.at("batch_size").get<std::size_t>();
  o.warmup_count = j.at("warmup_count").get<std::size_t>();
  o.warmup_ms = j.at("warmup_ms").get<double>();
  o.stage = j.at("stage").get<std::string>();
  o.compare = j.get<compare_options>();
}

/// Kind "latency_comparison": the envelope (inputs: baseline, candidate), then "stage",
/// "label", "baseline" and "candidate" (summaries) and "comparison".
inline void to_json(nlohmann::json& j, const latency_comparison_report& r) {
  j = detail::make_envelope("latency_comparison", r.info, r.options);
  j["stage"] = r.stage;
  j["label"] = r.label;
  j["baseline"] = r.baseline;
  j["candidate"] = r.candidate;
  j["comparison"] = r.result;
}
inline void from_json(const nlohmann::json& j, latency_comparison_report& r) {
  r = latency_comparison_report{};
  r.info = detail::read_envelope(j, "latency_comparison");
  r.options = j.at("options").get<latency_comparison_options>();
  r.stage = j.at("stage").get<std::string>();
  r.label = j.at("label").get<std::string>();
  r.baseline = j.at("baseline").get<latency_summary>();
  r.candidate = j.at("candidate").get<latency_summary>();
  r.result = j.at("comparison").get<comparison>();
}

/// "covariate" is null when there is none.
inline void to_json(nlohmann::json& j, const latency_models_options& o) {
  j = nlohmann::json{{"covariate", o.covariate.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.covariate)}};
}
inline void from_json(const nlohmann::json& j, latency_models_options& o) {
  o = latency_models_options{};
  const nlohmann::json& c = j.at("covariate");
  if (!c.is_null()) o.covariate = c.get<std::string>();
}

inline void to_json(nlohmann::json& j, const latency_model_row& m) {
  j = nlohmann::json{{"baseline_ms", m.baseline_ms},
                     {"candidate_ms", m.candidate_ms},
                     {"covariate", m.covariate},
                     {"speedup", m.speedup},
                     {"improvement_percent", m.improvement_percent}};
}
inline void from_json(const nlohmann::json& j, latency_model_row& m) {
  m = latency_model_row{};
  m.baseline_ms = j.at("baseline_ms").get<double>();
  m.candidate_ms = j.at("candidate_ms").get<double>();
  m.covariate = j.value("covariate", 0.0);
  m.speedup = j.at("speedup").get<double>();
  m.improvement_percent = j.at("improvement_percent").get<double>();
}

/// Kind "latency_models": the envelope, then "per_model" (rows in input order; "covariate"
/// only when the options name one) and "aggregate".
inline void to_json(nlohmann::json& j, const latency_models_report& r) {
  j = detail::make_envelope("latency_models", r.info, r.options);
  nlohmann::json rows = nlohmann::json::array();
  for (const latency_model_row& m : r.models) {
    nlohmann::json row = m;
    if (r.options.covariate.empty()) row.erase("covariate");
    rows.push_back(std::move(row));
  }
  j["per_model"] = std::move(rows);
  j["aggregate"] = r.aggregate;
}
inline void from_json(const nlohmann::json& j, latency_models_report& r) {
  r = latency_models_report{};
  r.info = detail::read_envelope(j, "latency_models");
  r.options = j.at("options").get<latency_models_options>();
  r.models = j.at("per_model").get<std::vector<latency_model_row>>();
  r.aggregate = j.at("aggregate").get<aggregate_comparison>();
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_JSON_TIMING_HPP
