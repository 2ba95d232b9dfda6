// edgemetrics: nlohmann-json support (to_json / from_json) for the timing area.
//
// latency_summary <-> {"schema": 1, "count", "min_ms", "max_ms", "mean_ms", "median_ms",
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

namespace edgemetrics {

namespace detail {
inline std::string percent_key(double p) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, p);
  return std::string(buf, r.ptr);
}
}  // namespace detail

inline void to_json(nlohmann::json& j, percentile_rule r) { j = std::string(to_string(r)); }
inline void from_json(const nlohmann::json& j, percentile_rule& r) { r = parse_percentile_rule(j.get<std::string>()); }

inline void to_json(nlohmann::json& j, const latency_summary& s) {
  using detail::number_or_null;
  nlohmann::json pct = nlohmann::json::object();
  for (std::size_t i = 0; i < s.percentiles.size() && i < s.percentiles_ms.size(); ++i) {
    pct[detail::percent_key(s.percentiles[i])] = number_or_null(s.percentiles_ms[i]);
  }
  j = nlohmann::json{{"schema", 1},
                     {"count", s.count},
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
    if (!detail::parse_number(key, p)) throw std::invalid_argument("bad percentile key '" + key + "'");
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

inline void to_json(nlohmann::json& j, const early_stopping_estimate& e) {
  j = nlohmann::json{{"enough", e.enough},
                     {"min_queries", e.min_queries},
                     {"discarded", e.discarded},
                     {"estimate_ms", detail::number_or_null(e.estimate_ms)}};
}

inline void to_json(nlohmann::json& j, const budget_verdict& v) {
  j = nlohmann::json{{"schema", 1},
                     {"budget_ms", v.budget_ms},
                     {"percentile", v.percentile},
                     {"percentile_ms", v.percentile_ms},
                     {"met", v.met},
                     {"count", v.count},
                     {"misses", v.misses},
                     {"miss_rate", v.miss_rate},
                     {"early_stopping", v.early_stopping},
                     {"met_with_confidence", v.met_with_confidence}};
}

inline void to_json(nlohmann::json& j, const mann_whitney_result& m) {
  j = nlohmann::json{{"u_baseline", m.u_baseline}, {"u_candidate", m.u_candidate}, {"z", m.z}, {"p_value", m.p_value}};
}

inline void to_json(nlohmann::json& j, const comparison& c) {
  using detail::number_or_null;
  j = nlohmann::json{{"schema", 1},
                     {"baseline_count", c.baseline_count},
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

inline void to_json(nlohmann::json& j, const aggregate_comparison& a) {
  j = nlohmann::json{{"schema", 1},
                     {"models", a.models},
                     {"mean_improvement_percent", a.mean_improvement_percent},
                     {"geometric_mean_speedup", a.geometric_mean_speedup},
                     {"spearman_speedup_covariate", detail::number_or_null(a.spearman_speedup_covariate)}};
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_JSON_TIMING_HPP
