#include <edgemetrics/hardware/report.hpp>

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace edgemetrics {

namespace {

void check(const tegrastats_report_options& o) {
  if (!(std::isfinite(o.interval_s) && o.interval_s > 0)) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, o.interval_s);
    throw std::invalid_argument("edgemetrics::make_tegrastats_report: interval_s must be finite and > 0, got " +
                                std::string(buf, r.ptr));
  }
}

}  // namespace

tegrastats_report make_tegrastats_report(const hardware_accumulator& acc, source_stats source,
                                         tegrastats_report_options options, report_info info) {
  check(options);
  tegrastats_report r;
  r.summary = acc.summary(options.energy);
  options.summary = acc.options();
  r.info = std::move(info);
  r.options = std::move(options);
  r.source = std::move(source);
  return r;
}

tegrastats_report make_tegrastats_report(const std::vector<hardware_sample>& samples, tegrastats_report_options options,
                                         report_info info, source_stats source) {
  check(options);
  hardware_accumulator acc(options.summary);
  for (const hardware_sample& s : samples) acc.record(s);
  if (source.lines == 0 && source.samples == 0) source.samples = samples.size();
  return make_tegrastats_report(acc, std::move(source), std::move(options), std::move(info));
}

}  // namespace edgemetrics
