// live_power: sample this machine for about a second with the live sysfs sampler and print what
// it found: the power rails and the board total on a Jetson, memory, CPU load and temperatures
// anywhere (power is unavailable on a machine without INA3221 monitors, and the program says why).
//
//   live_power [--seconds S] [--interval-ms N] [--root DIR]
//
// The pattern for measuring a model run: start the sampler, run, stop, drain the samples, and
// summarise them (edgemetrics' series and energy functions take these samples).
#include <edgemetrics/io/sysfs_sampler.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace em = edgemetrics;

int main(int argc, char** argv) {
  double seconds = 1.0;
  long interval_ms = 10;
  std::string root = "/";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seconds") == 0)
      seconds = std::atof(argv[i + 1]);
    else if (std::strcmp(argv[i], "--interval-ms") == 0)
      interval_ms = std::atol(argv[i + 1]);
    else if (std::strcmp(argv[i], "--root") == 0)
      root = argv[i + 1];
  }
  if (seconds <= 0 || interval_ms <= 0) {
    std::fprintf(stderr, "usage: live_power [--seconds S] [--interval-ms N] [--root DIR]\n");
    return 2;
  }

  em::sysfs_sampler_options options;
  options.root = root;
  options.interval = std::chrono::milliseconds(interval_ms);  // power rails on every tick
  options.system_interval = std::chrono::milliseconds(100);   // CPU, memory, temperatures
  em::sysfs_sampler sampler(options);

  if (sampler.power_available()) {
    std::printf("power: %zu rails (%s):", sampler.rail_names().size(),
                std::string(em::to_string(sampler.power_layout())).c_str());
    for (const std::string& r : sampler.rail_names()) std::printf(" %s", r.c_str());
    std::printf("\n");
  } else {
    std::printf("power: unavailable: %s\n", sampler.power_unavailable_reason().c_str());
  }
  std::printf("cores: %zu, temperature sensors: %zu\n", sampler.cpu_count(), sampler.temperature_names().size());

  sampler.start();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));  // the model would run here
  sampler.stop();
  const std::vector<em::hardware_sample> samples = sampler.drain();
  const em::sysfs_sampler_counters counters = sampler.counters();
  std::printf("samples: %zu in %.1f s (dropped %llu, read errors %llu)\n", samples.size(), seconds,
              static_cast<unsigned long long>(counters.dropped), static_cast<unsigned long long>(counters.read_errors));
  if (samples.empty()) return 1;

  // Board power: mean and peak of the instantaneous totals.
  double sum = 0, peak = 0;
  std::size_t n = 0;
  em::total_power_rule rule = em::total_power_rule::none;
  for (const em::hardware_sample& s : samples) {
    if (!s.total_power_mw) continue;
    sum += *s.total_power_mw;
    peak = std::max(peak, *s.total_power_mw);
    rule = s.power_rule;
    ++n;
  }
  if (n > 0)
    std::printf("board power: mean %.0f mW, peak %.0f mW (%s)\n", sum / static_cast<double>(n), peak,
                std::string(em::to_string(rule)).c_str());
  else
    std::printf("board power: unavailable\n");

  // The last sample that read memory, CPU and temperatures.
  const auto last =
      std::find_if(samples.rbegin(), samples.rend(), [](const em::hardware_sample& s) { return s.ram.has_value(); });
  if (last != samples.rend()) {
    std::printf("RAM %.0f/%.0f MB", last->ram->used_mb, last->ram->total_mb);
    if (last->swap) std::printf(", swap %.0f/%.0f MB", last->swap->used_mb, last->swap->total_mb);
    std::printf("\nCPU load:");
    for (const em::cpu_core& c : last->cpus) {
      if (!c.online)
        std::printf(" off");
      else if (c.load_percent)
        std::printf(" %.0f%%", *c.load_percent);
      else
        std::printf(" ?");
    }
    std::printf("\n");
    for (const em::temperature_reading& t : last->temperatures)
      std::printf("%s %.1f C%s\n", t.name.c_str(), t.celsius, t.valid ? "" : " (offline)");
  }
  return 0;
}
