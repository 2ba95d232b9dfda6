#include <edgemetrics/hardware/energy.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace edgemetrics {

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

// The value at x of the segment (t0, v0) - (t1, v1), t0 < x < t1.
double interpolate(double t0, double v0, double t1, double v1, double x) noexcept {
  return v0 + (v1 - v0) * ((x - t0) / (t1 - t0));
}

// Shortest round-trip form of x for messages.
std::string str(double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

void check_window(const time_window& w, const char* function) {
  if (std::isnan(w.from_s) || std::isnan(w.to_s) || w.from_s > w.to_s) {
    throw std::invalid_argument(std::string("edgemetrics::") + function +
                                ": the window must have from_s <= to_s, got [" + str(w.from_s) + ", " + str(w.to_s) +
                                "]");
  }
}

void check_baseline(const energy_options& o) {
  if (o.idle_baseline_mw && !(std::isfinite(*o.idle_baseline_mw) && *o.idle_baseline_mw >= 0)) {
    throw std::invalid_argument("edgemetrics::energy: idle_baseline_mw must be finite and >= 0, got " +
                                str(*o.idle_baseline_mw));
  }
}

}  // namespace

void energy_integrator::record(double time_s, double power_mw) noexcept {
  if (!std::isfinite(time_s) || !std::isfinite(power_mw)) return;
  if (window_.contains(time_s)) ++in_window_;
  if (have_prev_) {
    const double t0 = t_prev_, p0 = p_prev_;
    if (time_s < t0) {
      ++backward_;
    } else if (time_s > t0) {
      const double lo = std::max(t0, window_.from_s);
      const double hi = std::min(time_s, window_.to_s);
      if (lo < hi) {
        const double q0 = lo == t0 ? p0 : interpolate(t0, p0, time_s, power_mw, lo);
        const double q1 = hi == time_s ? power_mw : interpolate(t0, p0, time_s, power_mw, hi);
        energy_mj_ += (hi - lo) * (q0 + q1) / 2;
        if (duration_s_ == 0) {  // the first segment (durations only grow)
          covered_from_ = lo;
          covered_to_ = hi;
        } else {
          covered_from_ = std::min(covered_from_, lo);
          covered_to_ = std::max(covered_to_, hi);
        }
        duration_s_ += hi - lo;
      }
    }
  }
  have_prev_ = true;
  t_prev_ = time_s;
  p_prev_ = power_mw;
}

energy_figures make_energy_figures(double energy_mj, double duration_s, const energy_options& options) {
  energy_figures f;
  f.energy_mj = energy_mj;
  f.energy_j = energy_mj / 1000;
  f.mean_power_mw = duration_s > 0 ? energy_mj / duration_s : nan_v;
  const std::uint64_t n = options.inferences;
  const std::uint64_t q = options.queries > 0 ? options.queries : n;
  f.energy_per_inference_j = n > 0 ? f.energy_j / static_cast<double>(n) : nan_v;
  f.energy_per_inference_mj = n > 0 ? energy_mj / static_cast<double>(n) : nan_v;
  f.inferences_per_joule = n > 0 ? static_cast<double>(n) / f.energy_j : nan_v;
  f.mj_per_query = q > 0 ? energy_mj / static_cast<double>(q) : nan_v;
  return f;
}

std::optional<energy_result> energy_integrator::result(const energy_options& options) const {
  check_baseline(options);
  if (!has_energy()) return std::nullopt;
  energy_result r;
  r.from_s = covered_from_;
  r.to_s = covered_to_;
  r.duration_s = duration_s_;
  r.samples = in_window_;
  r.inferences = options.inferences;
  r.queries = options.queries > 0 ? options.queries : options.inferences;
  r.total = make_energy_figures(energy_mj_, duration_s_, options);
  if (options.idle_baseline_mw) {
    r.idle_baseline_mw = options.idle_baseline_mw;
    r.above_idle = make_energy_figures(energy_mj_ - *options.idle_baseline_mw * duration_s_, duration_s_, options);
  }
  return r;
}

std::optional<energy_result> energy_over(const std::vector<hardware_sample>& samples, time_window window,
                                         const energy_options& options) {
  check_window(window, "energy_over");
  check_baseline(options);
  energy_integrator e(window);
  for (const hardware_sample& s : samples)
    if (s.total_power_mw) e.record(s.time_s, *s.total_power_mw);
  return e.result(options);
}

double idle_baseline_mw(const std::vector<hardware_sample>& samples, time_window window) {
  check_window(window, "idle_baseline_mw");
  energy_integrator e(window);
  double sum = 0;
  std::size_t n = 0;
  for (const hardware_sample& s : samples) {
    if (!s.total_power_mw) continue;
    e.record(s.time_s, *s.total_power_mw);
    if (window.contains(s.time_s)) {
      sum += *s.total_power_mw;
      ++n;
    }
  }
  if (e.has_energy()) return e.energy_mj() / e.duration_s();
  if (n == 0) throw std::invalid_argument("edgemetrics::idle_baseline_mw: no sample with power in the idle window");
  return sum / static_cast<double>(n);
}

std::vector<std::optional<energy_result>> energy_per_window(const std::vector<hardware_sample>& samples,
                                                            const std::vector<inference_window>& windows,
                                                            const energy_options& options) {
  check_baseline(options);
  for (std::size_t i = 1; i < samples.size(); ++i) {
    if (samples[i].time_s < samples[i - 1].time_s) {
      throw std::invalid_argument("edgemetrics::energy_per_window: samples must be in time order (sample " +
                                  std::to_string(i) + " at " + str(samples[i].time_s) + " s is earlier than " +
                                  str(samples[i - 1].time_s) + " s)");
    }
  }
  std::vector<std::optional<energy_result>> out;
  out.reserve(windows.size());
  for (std::size_t w = 0; w < windows.size(); ++w) {
    const inference_window& iw = windows[w];
    if (!(iw.start_s <= iw.end_s)) {
      throw std::invalid_argument("edgemetrics::energy_per_window: window " + std::to_string(w) + " ends (" +
                                  str(iw.end_s) + " s) before it starts (" + str(iw.start_s) + " s)");
    }
    // From the last sample with power at or before the start to the first one at or after the end.
    auto it = std::lower_bound(samples.begin(), samples.end(), iw.start_s,
                               [](const hardware_sample& s, double t) { return s.time_s < t; });
    while (it != samples.begin()) {
      --it;
      if (it->total_power_mw && it->time_s <= iw.start_s) break;
    }
    energy_integrator e({iw.start_s, iw.end_s});
    for (; it != samples.end(); ++it) {
      if (!it->total_power_mw) continue;
      e.record(it->time_s, *it->total_power_mw);
      if (it->time_s >= iw.end_s) break;
    }
    energy_options o = options;
    o.inferences = iw.inferences;
    out.push_back(e.result(o));
  }
  return out;
}

void time_above_integrator::record(double time_s, double value) noexcept {
  if (!std::isfinite(time_s) || !std::isfinite(value)) return;
  if (have_prev_ && time_s > t_prev_) {
    const double t0 = t_prev_, v0 = v_prev_;
    const double lo = std::max(t0, window_.from_s);
    const double hi = std::min(time_s, window_.to_s);
    if (lo < hi) {
      const double a = lo == t0 ? v0 : interpolate(t0, v0, time_s, value, lo);
      const double b = hi == time_s ? value : interpolate(t0, v0, time_s, value, hi);
      if (a > threshold_ && b > threshold_) {
        seconds_ += hi - lo;
      } else if (a > threshold_ || b > threshold_) {
        const double x = lo + (hi - lo) * ((threshold_ - a) / (b - a));  // where the segment crosses
        seconds_ += a > threshold_ ? x - lo : hi - x;
      }
    }
  }
  have_prev_ = true;
  t_prev_ = time_s;
  v_prev_ = value;
}

}  // namespace edgemetrics
