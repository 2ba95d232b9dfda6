#include <edgemetrics/hardware/series.hpp>

#include <edgemetrics/hardware/power.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace edgemetrics {

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

std::string str(double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

template <class T>
T* find_named(std::vector<T>& v, const std::string& name) noexcept {
  for (T& x : v)
    if (x.name == name) return &x;
  return nullptr;
}

const metric_summary* find_summary(const std::vector<named_summary>& v, const std::string& name) noexcept {
  for (const named_summary& x : v)
    if (x.name == name) return &x.summary;
  return nullptr;
}

}  // namespace

void metric_accumulator::record(double x) noexcept {
  if (!std::isfinite(x)) return;
  if (count_ == 0) {
    min_ = max_ = first_ = x;
  } else {
    if (x < min_) min_ = x;
    if (x > max_) max_ = x;
  }
  sum_ += x;
  last_ = x;
  ++count_;
}

metric_summary metric_accumulator::summary() const noexcept {
  metric_summary s;
  s.count = count_;
  if (count_ == 0) {
    s.min = s.max = s.mean = s.first = s.last = s.delta = nan_v;
    return s;
  }
  s.min = min_;
  s.max = max_;
  s.mean = sum_ / static_cast<double>(count_);
  s.first = first_;
  s.last = last_;
  s.delta = last_ - first_;
  return s;
}

const metric_summary* hardware_summary::temperature(const std::string& name) const noexcept {
  return find_summary(temperatures_c, name);
}
const metric_summary* hardware_summary::rail(const std::string& name) const noexcept {
  return find_summary(rails_mw, name);
}

hardware_accumulator::hardware_accumulator(hardware_summary_options options) : options_(std::move(options)) {
  const time_window& w = options_.window;
  if (std::isnan(w.from_s) || std::isnan(w.to_s) || w.from_s > w.to_s) {
    throw std::invalid_argument("edgemetrics::hardware_accumulator: the window must have from_s <= to_s, got [" +
                                str(w.from_s) + ", " + str(w.to_s) + "]");
  }
  if (options_.temperature_threshold_c && std::isnan(*options_.temperature_threshold_c)) {
    throw std::invalid_argument("edgemetrics::hardware_accumulator: temperature_threshold_c is NaN");
  }
  window_ = w;
}

void hardware_accumulator::start(double first_time_s) {
  started_ = true;
  if (options_.window_from_first_sample) {
    window_.from_s = options_.window.from_s + first_time_s;  // +-inf stays so
    window_.to_s = options_.window.to_s + first_time_s;
  }
  energy_ = energy_integrator(window_);
}

void hardware_accumulator::record(const hardware_sample& s) {
  const double t = s.time_s;
  if (!started_) start(t);
  if (recorded_ > 0 && t < prev_t_) ++backward_;
  prev_t_ = t;
  ++recorded_;

  if (s.total_power_mw) energy_.record(t, *s.total_power_mw);
  const bool inside = window_.contains(t);
  for (const temperature_reading& r : s.temperatures) {
    sensor* x = find_named(sensors_, r.name);
    if (x == nullptr) {
      if (!r.valid && !inside) continue;
      sensors_.push_back({r.name, {}, {}});
      x = &sensors_.back();
      if (options_.temperature_threshold_c) x->above.emplace(*options_.temperature_threshold_c, window_);
    }
    if (x->above) {
      if (r.valid)
        x->above->record(t, r.celsius);
      else
        x->above->gap();
    }
    if (inside && r.valid) x->values.record(r.celsius);
  }
  if (!inside) return;

  if (in_window_ == 0) first_t_ = t;
  last_t_ = t;
  ++in_window_;
  if (rule_ == total_power_rule::none) rule_ = s.power_rule;
  if (s.total_power_mw) power_.record(*s.total_power_mw);
  if (s.power_rule == total_power_rule::input_rail && s.total_power_mw) check_input_rail(s);
  if (s.ram) {
    ram_.record(s.ram->used_mb);
    ram_total_ = s.ram->total_mb;
  }
  if (s.swap) swap_.record(s.swap->used_mb);
  double load_sum = 0;
  std::size_t loads = 0;
  for (const cpu_core& c : s.cpus) {
    if (c.online && c.load_percent) {
      load_sum += *c.load_percent;
      ++loads;
    }
  }
  if (loads > 0) cpu_.record(load_sum / static_cast<double>(loads));
  for (const engine_state& e : s.engines) {
    if (!e.load_percent) continue;
    if (e.name == "GR3D") gpu_.record(*e.load_percent);
    if (e.name == "EMC") emc_.record(*e.load_percent);
  }
  for (const power_rail& r : s.rails) {
    rail_values* x = find_named(rails_, r.name);
    if (x == nullptr) {
      rails_.push_back({r.name, {}});
      x = &rails_.back();
    }
    x->values.record(r.instant_mw);
  }
}

void hardware_accumulator::check_input_rail(const hardware_sample& s) {
  const double total = *s.total_power_mw;
  for (const power_rail& r : s.rails) {
    if (is_input_rail(r.name) || !(r.instant_mw > total)) continue;
    if (rail_above_input_ == 0) {
      std::string input;
      for (const power_rail& x : s.rails) {
        if (is_input_rail(x.name)) {
          input = x.name;
          break;
        }
      }
      rail_above_input_example_ = r.name + " " + str(r.instant_mw) + " mW > " + input + " " + str(total) + " mW";
    }
    ++rail_above_input_;
    return;
  }
}

hardware_summary hardware_accumulator::summary(const energy_options& energy) const {
  hardware_summary h;
  h.samples = in_window_;
  h.first_time_s = in_window_ > 0 ? first_t_ : nan_v;
  h.last_time_s = in_window_ > 0 ? last_t_ : nan_v;
  h.power_rule = rule_;
  h.power_mw = power_.summary();
  h.ram_mb = ram_.summary();
  h.swap_mb = swap_.summary();
  h.cpu_load_percent = cpu_.summary();
  h.gpu_load_percent = gpu_.summary();
  h.emc_load_percent = emc_.summary();
  h.ram_total_mb = ram_total_ ? *ram_total_ : nan_v;
  for (const sensor& x : sensors_) {
    if (x.values.count() == 0) continue;
    h.temperatures_c.push_back({x.name, x.values.summary()});
    if (x.above) h.time_above_threshold_s.push_back({x.name, x.above->seconds()});
  }
  for (const rail_values& r : rails_) h.rails_mw.push_back({r.name, r.values.summary()});
  if (started_) h.energy = energy_.result(energy);
  h.backward_steps = backward_;
  h.rail_above_input_samples = rail_above_input_;
  h.rail_above_input_example = rail_above_input_example_;
  return h;
}

hardware_series::hardware_series(std::vector<hardware_sample> samples) : samples_(std::move(samples)) {
  for (std::size_t i = 1; i < samples_.size(); ++i) {
    if (samples_[i].time_s < samples_[i - 1].time_s) {
      throw std::invalid_argument("edgemetrics::hardware_series: sample " + std::to_string(i) + " at " +
                                  str(samples_[i].time_s) + " s is earlier than the one before (" +
                                  str(samples_[i - 1].time_s) + " s)");
    }
  }
}

void hardware_series::push_back(hardware_sample s) {
  if (!samples_.empty() && s.time_s < samples_.back().time_s) {
    throw std::invalid_argument("edgemetrics::hardware_series::push_back: sample at " + str(s.time_s) +
                                " s is earlier than the last one (" + str(samples_.back().time_s) + " s)");
  }
  samples_.push_back(std::move(s));
}

hardware_summary hardware_series::summary(const hardware_summary_options& options, const energy_options& energy) const {
  return summarize_hardware(samples_, options, energy);
}

std::optional<energy_result> hardware_series::energy(time_window window, const energy_options& options) const {
  return energy_over(samples_, window, options);
}

std::vector<std::optional<energy_result>> hardware_series::energy(const std::vector<inference_window>& windows,
                                                                  const energy_options& options) const {
  return energy_per_window(samples_, windows, options);
}

hardware_summary summarize_hardware(const std::vector<hardware_sample>& samples,
                                    const hardware_summary_options& options, const energy_options& energy) {
  hardware_accumulator acc(options);
  for (const hardware_sample& s : samples) acc.record(s);
  return acc.summary(energy);
}

double idle_baseline_mw(const hardware_summary& idle) {
  if (idle.energy) return idle.energy->total.mean_power_mw;
  if (idle.power_mw.count == 0) {
    throw std::invalid_argument("edgemetrics::idle_baseline_mw: no sample with power in the idle window");
  }
  return idle.power_mw.mean;
}

}  // namespace edgemetrics
