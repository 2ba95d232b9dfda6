// benchmark_run: the small builders (attributes, parts, reduced curves and traces).
#include <edgemetrics/report/run.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace edgemetrics {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

trace_point to_point(const hardware_sample& s, std::string_view sensor) {
  trace_point p;
  p.time_s = s.time_s;
  p.power_mw = s.total_power_mw ? *s.total_power_mw : nan;
  p.temperature_c = nan;
  for (const temperature_reading& t : s.temperatures) {
    if (t.valid && t.name == sensor) {
      p.temperature_c = t.celsius;
      break;
    }
  }
  p.ram_mb = s.ram ? s.ram->used_mb : nan;
  p.swap_mb = s.swap ? s.swap->used_mb : nan;
  return p;
}

// Whether power a replaces the bucket's current lowest (b) or highest (b): a real value always
// replaces NaN and NaN never replaces anything, so that a bucket's extremes are real values
// where it has any.
bool power_lower(double a, double b) noexcept {
  if (std::isnan(a)) return false;
  return std::isnan(b) || a < b;
}
bool power_higher(double a, double b) noexcept {
  if (std::isnan(a)) return false;
  return std::isnan(b) || a > b;
}

}  // namespace

void benchmark_run::set_attribute(std::string attribute_name, std::string value) {
  for (run_attribute& a : attributes) {
    if (a.name == attribute_name) {
      a.value = std::move(value);
      return;
    }
  }
  attributes.push_back({std::move(attribute_name), std::move(value)});
}

std::optional<std::string_view> benchmark_run::attribute(std::string_view attribute_name) const noexcept {
  for (const run_attribute& a : attributes) {
    if (a.name == attribute_name) return std::string_view(a.value);
  }
  return std::nullopt;
}

void benchmark_run::set_classification(classification_report report) { classification = std::move(report); }

void benchmark_run::set_detection(voc_report report, std::size_t max_points) {
  detection_part part;
  for (voc_class_result& c : report.result.classes) {
    if (!c.curve.recall.empty()) {
      part.curves.push_back({c.name, reduce_curve(c.curve, max_points)});
      c.curve = {};  // the reduced copy is what the run keeps
    }
  }
  part.report = std::move(report);
  detection = std::move(part);
}

void benchmark_run::set_latency(latency_report report, std::vector<double> samples_ms) {
  latency = latency_part{std::move(report), std::move(samples_ms)};
}

void benchmark_run::set_hardware(tegrastats_report report, span<const hardware_sample> samples,
                                 std::vector<inference_window> windows, std::size_t max_points) {
  hardware_part part;
  part.temperature_sensor = choose_temperature_sensor(report.summary);
  part.trace = reduce_trace(samples, part.temperature_sensor, max_points);
  part.windows = std::move(windows);
  part.report = std::move(report);
  hardware = std::move(part);
}

void benchmark_run::set_hardware(tegrastats_report report, span<const trace_point> points,
                                 std::vector<inference_window> windows, std::size_t max_points) {
  hardware_part part;
  part.temperature_sensor = choose_temperature_sensor(report.summary);
  part.trace = reduce_trace(points, max_points);
  part.windows = std::move(windows);
  part.report = std::move(report);
  hardware = std::move(part);
}

pr_curve reduce_curve(const pr_curve& curve, std::size_t max_points) {
  if (curve.recall.size() != curve.precision.size()) {
    throw std::invalid_argument("reduce_curve: recall and precision differ in length (" +
                                std::to_string(curve.recall.size()) + " and " + std::to_string(curve.precision.size()) +
                                ")");
  }
  const std::size_t n = curve.recall.size();
  if (n <= max_points) return curve;
  if (max_points < 2) throw std::invalid_argument("reduce_curve: max_points must be at least 2");
  pr_curve out;
  out.recall.reserve(max_points);
  out.precision.reserve(max_points);
  // Evenly spaced indices, the first and the last included: i_k = floor(k (n - 1) / (m - 1)).
  for (std::size_t k = 0; k < max_points; ++k) {
    const std::size_t i = static_cast<std::size_t>(
        (static_cast<unsigned long long>(k) * static_cast<unsigned long long>(n - 1)) / (max_points - 1));
    out.recall.push_back(curve.recall[i]);
    out.precision.push_back(curve.precision[i]);
  }
  return out;
}

std::vector<trace_point> reduce_trace(span<const hardware_sample> samples, std::string_view temperature_sensor,
                                      std::size_t max_points) {
  std::vector<trace_point> points;
  points.reserve(samples.size());
  for (const hardware_sample& s : samples) points.push_back(to_point(s, temperature_sensor));
  return reduce_trace(span<const trace_point>(points.data(), points.size()), max_points);
}

std::vector<trace_point> reduce_trace(span<const trace_point> points, std::size_t max_points) {
  const std::size_t n = points.size();
  if (n <= max_points) return std::vector<trace_point>(points.begin(), points.end());
  if (max_points < 2) throw std::invalid_argument("reduce_trace: max_points must be at least 2");
  std::vector<trace_point> out;
  // Min-max decimation: max_points / 2 buckets of consecutive samples (equal counts, the
  // remainder spread over the first buckets); each gives its lowest- and highest-power samples
  // in time order (one point when they are the same sample). Spikes survive the reduction.
  const std::size_t buckets = max_points / 2;
  out.reserve(2 * buckets);
  std::size_t begin = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    const std::size_t size = n / buckets + (b < n % buckets ? 1 : 0);
    std::size_t lo = begin, hi = begin;
    double lo_p = nan, hi_p = nan;
    for (std::size_t i = begin; i < begin + size; ++i) {
      const double p = points[i].power_mw;
      if (i == begin || power_lower(p, lo_p)) lo = i, lo_p = p;
      if (i == begin || power_higher(p, hi_p)) hi = i, hi_p = p;
    }
    const std::size_t first = std::min(lo, hi), second = std::max(lo, hi);
    out.push_back(points[first]);
    if (second != first) out.push_back(points[second]);
    begin += size;
  }
  return out;
}

std::string choose_temperature_sensor(const hardware_summary& summary) {
  for (const named_summary& t : summary.temperatures_c) {
    if (equal_ignoring_case(t.name, "GPU")) return t.name;
  }
  return summary.temperatures_c.empty() ? std::string() : summary.temperatures_c.front().name;
}

}  // namespace edgemetrics
