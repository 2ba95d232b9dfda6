// edgemetrics: nlohmann-json support (to_json / from_json) for the hardware area.
//
// Every value of the area (a sample and its parts, summaries, energies) and the report of kind
// "tegrastats" (docs/json.md) in the common envelope. Enums are their names (json/common.hpp);
// NaN (an empty summary, an undefined figure) is null and reads back as NaN; an absent optional
// is null.
//
// metric_summary <-> {"count", "min", "max", "mean", "first", "last", "delta"}.
#ifndef EDGEMETRICS_JSON_HARDWARE_HPP
#define EDGEMETRICS_JSON_HARDWARE_HPP

#include <edgemetrics/hardware.hpp>
#include <edgemetrics/json/common.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edgemetrics {

namespace detail {
template <class T>
nlohmann::json optional_or_null(const std::optional<T>& x) {
  return x ? nlohmann::json(*x) : nlohmann::json(nullptr);
}
template <class T>
std::optional<T> optional_from(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}
/// An infinite window bound as null.
inline nlohmann::json bound_or_null(double x) { return std::isinf(x) ? nlohmann::json(nullptr) : nlohmann::json(x); }
inline double bound_from(const nlohmann::json& j, const char* key, double unbounded) {
  const auto it = j.find(key);
  return it == j.end() || it->is_null() ? unbounded : it->get<double>();
}
}  // namespace detail

// ---- samples ----

inline void to_json(nlohmann::json& j, const memory_usage& m) {
  j = nlohmann::json{{"used_mb", m.used_mb}, {"total_mb", m.total_mb}};
}
inline void from_json(const nlohmann::json& j, memory_usage& m) {
  m.used_mb = j.at("used_mb").get<double>();
  m.total_mb = j.at("total_mb").get<double>();
}

inline void to_json(nlohmann::json& j, const cpu_core& c) {
  j = nlohmann::json{{"online", c.online},
                     {"load_percent", detail::optional_or_null(c.load_percent)},
                     {"frequency_mhz", detail::optional_or_null(c.frequency_mhz)}};
}
inline void from_json(const nlohmann::json& j, cpu_core& c) {
  c = cpu_core{};
  c.online = j.at("online").get<bool>();
  c.load_percent = detail::optional_from<double>(j, "load_percent");
  c.frequency_mhz = detail::optional_from<double>(j, "frequency_mhz");
}

inline void to_json(nlohmann::json& j, const engine_state& e) {
  j = nlohmann::json{{"name", e.name},
                     {"online", e.online},
                     {"load_percent", detail::optional_or_null(e.load_percent)},
                     {"frequencies_mhz", e.frequencies_mhz}};
}
inline void from_json(const nlohmann::json& j, engine_state& e) {
  e = engine_state{};
  e.name = j.at("name").get<std::string>();
  e.online = j.at("online").get<bool>();
  e.load_percent = detail::optional_from<double>(j, "load_percent");
  e.frequencies_mhz = j.at("frequencies_mhz").get<std::vector<double>>();
}

inline void to_json(nlohmann::json& j, const temperature_reading& t) {
  j = nlohmann::json{{"name", t.name}, {"celsius", t.celsius}, {"valid", t.valid}};
}
inline void from_json(const nlohmann::json& j, temperature_reading& t) {
  t.name = j.at("name").get<std::string>();
  t.celsius = j.at("celsius").get<double>();
  t.valid = j.at("valid").get<bool>();
}

inline void to_json(nlohmann::json& j, const power_rail& r) {
  j = nlohmann::json{
      {"name", r.name}, {"instant_mw", r.instant_mw}, {"average_mw", detail::optional_or_null(r.average_mw)}};
}
inline void from_json(const nlohmann::json& j, power_rail& r) {
  r.name = j.at("name").get<std::string>();
  r.instant_mw = j.at("instant_mw").get<double>();
  r.average_mw = detail::optional_from<double>(j, "average_mw");
}

/// {"time_s", "timestamped", "ram", "swap", "swap_cached_mb", "iram" (null when absent), "cpus",
/// "engines", "temperatures", "rails", "total_power_mw" (null), "power_rule", "unknown_tokens"}.
inline void to_json(nlohmann::json& j, const hardware_sample& s) {
  j = nlohmann::json{{"time_s", s.time_s},
                     {"timestamped", s.timestamped},
                     {"ram", detail::optional_or_null(s.ram)},
                     {"swap", detail::optional_or_null(s.swap)},
                     {"swap_cached_mb", detail::optional_or_null(s.swap_cached_mb)},
                     {"iram", detail::optional_or_null(s.iram)},
                     {"cpus", s.cpus},
                     {"engines", s.engines},
                     {"temperatures", s.temperatures},
                     {"rails", s.rails},
                     {"total_power_mw", detail::optional_or_null(s.total_power_mw)},
                     {"power_rule", s.power_rule},
                     {"unknown_tokens", s.unknown_tokens}};
}
inline void from_json(const nlohmann::json& j, hardware_sample& s) {
  s = hardware_sample{};
  s.time_s = j.at("time_s").get<double>();
  s.timestamped = j.at("timestamped").get<bool>();
  s.ram = detail::optional_from<memory_usage>(j, "ram");
  s.swap = detail::optional_from<memory_usage>(j, "swap");
  s.swap_cached_mb = detail::optional_from<double>(j, "swap_cached_mb");
  s.iram = detail::optional_from<memory_usage>(j, "iram");
  s.cpus = j.at("cpus").get<std::vector<cpu_core>>();
  s.engines = j.at("engines").get<std::vector<engine_state>>();
  s.temperatures = j.at("temperatures").get<std::vector<temperature_reading>>();
  s.rails = j.at("rails").get<std::vector<power_rail>>();
  s.total_power_mw = detail::optional_from<double>(j, "total_power_mw");
  s.power_rule = j.at("power_rule").get<total_power_rule>();
  s.unknown_tokens = j.value("unknown_tokens", std::vector<std::string>{});
}

inline void to_json(nlohmann::json& j, const skipped_line& s) {
  j = nlohmann::json{{"line", s.line}, {"message", s.message}};
}
inline void from_json(const nlohmann::json& j, skipped_line& s) {
  s.line = j.at("line").get<std::size_t>();
  s.message = j.at("message").get<std::string>();
}

// ---- summaries and energy ----

inline void to_json(nlohmann::json& j, const metric_summary& s) {
  using detail::number_or_null;
  j = nlohmann::json{{"count", s.count},
                     {"min", number_or_null(s.min)},
                     {"max", number_or_null(s.max)},
                     {"mean", number_or_null(s.mean)},
                     {"first", number_or_null(s.first)},
                     {"last", number_or_null(s.last)},
                     {"delta", number_or_null(s.delta)}};
}
inline void from_json(const nlohmann::json& j, metric_summary& s) {
  using detail::number_or_nan;
  s.count = j.at("count").get<std::size_t>();
  s.min = number_or_nan(j.at("min"));
  s.max = number_or_nan(j.at("max"));
  s.mean = number_or_nan(j.at("mean"));
  s.first = number_or_nan(j.at("first"));
  s.last = number_or_nan(j.at("last"));
  s.delta = number_or_nan(j.at("delta"));
}

inline void to_json(nlohmann::json& j, const energy_figures& f) {
  using detail::number_or_null;
  j = nlohmann::json{{"energy_j", f.energy_j},
                     {"energy_mj", f.energy_mj},
                     {"mean_power_mw", number_or_null(f.mean_power_mw)},
                     {"energy_per_inference_j", number_or_null(f.energy_per_inference_j)},
                     {"energy_per_inference_mj", number_or_null(f.energy_per_inference_mj)},
                     {"inferences_per_joule", number_or_null(f.inferences_per_joule)},
                     {"mj_per_query", number_or_null(f.mj_per_query)}};
}
inline void from_json(const nlohmann::json& j, energy_figures& f) {
  using detail::number_or_nan;
  f.energy_j = j.at("energy_j").get<double>();
  f.energy_mj = j.at("energy_mj").get<double>();
  f.mean_power_mw = number_or_nan(j.at("mean_power_mw"));
  f.energy_per_inference_j = number_or_nan(j.at("energy_per_inference_j"));
  f.energy_per_inference_mj = number_or_nan(j.at("energy_per_inference_mj"));
  f.inferences_per_joule = number_or_nan(j.at("inferences_per_joule"));
  f.mj_per_query = number_or_nan(j.at("mj_per_query"));
}

/// The window fields ("from_s", "to_s", "duration_s", "samples", "inferences", "queries"), the
/// whole-board figures flat beside them, "idle_baseline_mw" and "above_idle" (figures; null
/// without a baseline).
inline void to_json(nlohmann::json& j, const energy_result& e) {
  j = nlohmann::json(e.total);
  j["from_s"] = e.from_s;
  j["to_s"] = e.to_s;
  j["duration_s"] = e.duration_s;
  j["samples"] = e.samples;
  j["inferences"] = e.inferences;
  j["queries"] = e.queries;
  j["idle_baseline_mw"] = detail::optional_or_null(e.idle_baseline_mw);
  j["above_idle"] = detail::optional_or_null(e.above_idle);
}
inline void from_json(const nlohmann::json& j, energy_result& e) {
  e = energy_result{};
  e.total = j.get<energy_figures>();
  e.from_s = j.at("from_s").get<double>();
  e.to_s = j.at("to_s").get<double>();
  e.duration_s = j.at("duration_s").get<double>();
  e.samples = j.at("samples").get<std::size_t>();
  e.inferences = j.at("inferences").get<std::uint64_t>();
  e.queries = j.at("queries").get<std::uint64_t>();
  e.idle_baseline_mw = detail::optional_from<double>(j, "idle_baseline_mw");
  e.above_idle = detail::optional_from<energy_figures>(j, "above_idle");
}

namespace detail {
inline nlohmann::json named_object(const std::vector<named_summary>& v) {
  nlohmann::json o = nlohmann::json::object();
  for (const named_summary& n : v) o[n.name] = n.summary;
  return o;
}
inline std::vector<named_summary> named_from(const nlohmann::json& o) {
  std::vector<named_summary> v;
  for (const auto& [k, x] : o.items()) v.push_back({k, x.get<metric_summary>()});
  return v;
}
}  // namespace detail

// ---- the report ----

/// Window bounds are null when unbounded; "nvpmodel" and "jetson_clocks" null when not given.
inline void to_json(nlohmann::json& j, const tegrastats_report_options& o) {
  j = nlohmann::json{
      {"interval_s", o.interval_s},
      {"ignore_timestamps", o.ignore_timestamps},
      {"from_s", detail::bound_or_null(o.summary.window.from_s)},
      {"to_s", detail::bound_or_null(o.summary.window.to_s)},
      {"window_from_first_sample", o.summary.window_from_first_sample},
      {"temperature_threshold_c", detail::optional_or_null(o.summary.temperature_threshold_c)},
      {"inferences", o.energy.inferences},
      {"queries", o.energy.queries},
      {"idle_baseline_mw", detail::optional_or_null(o.energy.idle_baseline_mw)},
      {"nvpmodel", o.power.nvpmodel.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.power.nvpmodel)},
      {"jetson_clocks", detail::optional_or_null(o.power.jetson_clocks)}};
}
inline void from_json(const nlohmann::json& j, tegrastats_report_options& o) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  o = tegrastats_report_options{};
  o.interval_s = j.at("interval_s").get<double>();
  o.ignore_timestamps = j.at("ignore_timestamps").get<bool>();
  o.summary.window.from_s = detail::bound_from(j, "from_s", -inf);
  o.summary.window.to_s = detail::bound_from(j, "to_s", inf);
  o.summary.window_from_first_sample = j.at("window_from_first_sample").get<bool>();
  o.summary.temperature_threshold_c = detail::optional_from<double>(j, "temperature_threshold_c");
  o.energy.inferences = j.at("inferences").get<std::uint64_t>();
  o.energy.queries = j.at("queries").get<std::uint64_t>();
  o.energy.idle_baseline_mw = detail::optional_from<double>(j, "idle_baseline_mw");
  o.power.nvpmodel = detail::optional_from<std::string>(j, "nvpmodel").value_or(std::string());
  o.power.jetson_clocks = detail::optional_from<bool>(j, "jetson_clocks");
}

/// Kind "tegrastats": the envelope, then "samples" (in the window), "lines", "samples_read",
/// "skipped_lines", "unknown_tokens", "skipped" ([{"line", "message"}], the first ones),
/// "first_time_s", "last_time_s" (null without samples), "total_power_rule", "power_mw",
/// "energy_j" (null with fewer than two timed samples with power), "energy" (energy_result or
/// null), "ram_mb", "ram_total_mb", "swap_mb", "cpu_load_percent", "gpu_load_percent",
/// "emc_load_percent", "temperatures_c" and "rails_mw" (objects by sensor / rail name),
/// "time_above_threshold_s" (object by sensor; null without a threshold), "backward_steps",
/// "rail_above_input_samples" (+ "rail_above_input_example" when not 0).
inline void to_json(nlohmann::json& j, const tegrastats_report& r) {
  const hardware_summary& h = r.summary;
  j = detail::make_envelope("tegrastats", r.info, r.options);
  j["samples"] = h.samples;
  j["lines"] = r.source.lines;
  j["samples_read"] = r.source.samples;
  j["skipped_lines"] = r.source.skipped_lines;
  j["unknown_tokens"] = r.source.unknown_tokens;
  j["skipped"] = r.source.skipped;
  j["first_time_s"] = detail::number_or_null(h.first_time_s);
  j["last_time_s"] = detail::number_or_null(h.last_time_s);
  j["total_power_rule"] = h.power_rule;
  j["power_mw"] = h.power_mw;
  j["energy_j"] = h.energy ? nlohmann::json(h.energy->total.energy_j) : nlohmann::json(nullptr);
  j["energy"] = detail::optional_or_null(h.energy);
  j["ram_mb"] = h.ram_mb;
  j["ram_total_mb"] = detail::number_or_null(h.ram_total_mb);
  j["swap_mb"] = h.swap_mb;
  j["cpu_load_percent"] = h.cpu_load_percent;
  j["gpu_load_percent"] = h.gpu_load_percent;
  j["emc_load_percent"] = h.emc_load_percent;
  j["temperatures_c"] = detail::named_object(h.temperatures_c);
  j["rails_mw"] = detail::named_object(h.rails_mw);
  if (r.options.summary.temperature_threshold_c) {
    nlohmann::json above = nlohmann::json::object();
    for (const named_seconds& s : h.time_above_threshold_s) above[s.name] = s.seconds;
    j["time_above_threshold_s"] = std::move(above);
  } else {
    j["time_above_threshold_s"] = nullptr;
  }
  j["backward_steps"] = h.backward_steps;
  j["rail_above_input_samples"] = h.rail_above_input_samples;
  if (h.rail_above_input_samples > 0) j["rail_above_input_example"] = h.rail_above_input_example;
}
inline void from_json(const nlohmann::json& j, tegrastats_report& r) {
  using detail::number_or_nan;
  r = tegrastats_report{};
  r.info = detail::read_envelope(j, "tegrastats");
  r.options = j.at("options").get<tegrastats_report_options>();
  hardware_summary& h = r.summary;
  h.samples = j.at("samples").get<std::size_t>();
  r.source.lines = j.at("lines").get<std::size_t>();
  r.source.samples = j.at("samples_read").get<std::size_t>();
  r.source.skipped_lines = j.at("skipped_lines").get<std::size_t>();
  r.source.unknown_tokens = j.at("unknown_tokens").get<std::size_t>();
  r.source.skipped = j.at("skipped").get<std::vector<skipped_line>>();
  h.first_time_s = number_or_nan(j.at("first_time_s"));
  h.last_time_s = number_or_nan(j.at("last_time_s"));
  h.power_rule = j.at("total_power_rule").get<total_power_rule>();
  h.power_mw = j.at("power_mw").get<metric_summary>();
  h.energy = detail::optional_from<energy_result>(j, "energy");
  h.ram_mb = j.at("ram_mb").get<metric_summary>();
  h.ram_total_mb = number_or_nan(j.at("ram_total_mb"));
  h.swap_mb = j.at("swap_mb").get<metric_summary>();
  h.cpu_load_percent = j.at("cpu_load_percent").get<metric_summary>();
  h.gpu_load_percent = j.at("gpu_load_percent").get<metric_summary>();
  h.emc_load_percent = j.at("emc_load_percent").get<metric_summary>();
  h.temperatures_c = detail::named_from(j.at("temperatures_c"));
  h.rails_mw = detail::named_from(j.at("rails_mw"));
  const nlohmann::json& above = j.at("time_above_threshold_s");
  if (!above.is_null()) {
    for (const auto& [k, x] : above.items()) h.time_above_threshold_s.push_back({k, x.get<double>()});
  }
  h.backward_steps = j.value("backward_steps", std::size_t{0});
  h.rail_above_input_samples = j.value("rail_above_input_samples", std::size_t{0});
  h.rail_above_input_example = j.value("rail_above_input_example", std::string());
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_JSON_HARDWARE_HPP
