// edgemetrics: {fmt} formatters for the timing area.
//
// fmt::format("{}", summary) prints trtexec's line format:
//   "min = 1.2 ms, max = 3.4 ms, mean = 2 ms, median = 1.9 ms, percentile(90%) = 2.8 ms, ..."
// (values with {:g}-style shortest formatting, 6 significant digits like iostream's default).
#ifndef EDGEMETRICS_FMT_TIMING_HPP
#define EDGEMETRICS_FMT_TIMING_HPP

#include <fmt/format.h>
#include <edgemetrics/fmt/common.hpp>
#include <edgemetrics/timing.hpp>

template <>
struct fmt::formatter<edgemetrics::percentile_rule> : fmt::formatter<fmt::string_view> {
  template <class Ctx>
  auto format(edgemetrics::percentile_rule r, Ctx& ctx) const {
    const auto s = edgemetrics::to_string(r);
    return fmt::formatter<fmt::string_view>::format(fmt::string_view(s.data(), s.size()), ctx);
  }
};

template <>
struct fmt::formatter<edgemetrics::latency_class> : fmt::formatter<fmt::string_view> {
  template <class Ctx>
  auto format(edgemetrics::latency_class c, Ctx& ctx) const {
    const auto s = edgemetrics::to_string(c);
    return fmt::formatter<fmt::string_view>::format(fmt::string_view(s.data(), s.size()), ctx);
  }
};

template <>
struct fmt::formatter<edgemetrics::latency_summary> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  template <class Ctx>
  auto format(const edgemetrics::latency_summary& s, Ctx& ctx) const {
    auto out = fmt::format_to(ctx.out(), "min = {:g} ms, max = {:g} ms, mean = {:g} ms, median = {:g} ms", s.min_ms,
                              s.max_ms, s.mean_ms, s.median_ms);
    for (std::size_t i = 0; i < s.percentiles.size() && i < s.percentiles_ms.size(); ++i) {
      out = fmt::format_to(out, ", percentile({:g}%) = {:g} ms", s.percentiles[i], s.percentiles_ms[i]);
    }
    return out;
  }
};

#endif  // EDGEMETRICS_FMT_TIMING_HPP
