// edgemetrics: {fmt} formatters for the detection area.
#ifndef EDGEMETRICS_FMT_DETECTION_HPP
#define EDGEMETRICS_FMT_DETECTION_HPP

#include <fmt/format.h>
#include <edgemetrics/fmt/common.hpp>
#include <edgemetrics/detection.hpp>

#include <algorithm>
#include <string>
#include <string_view>

/// Formats a voc_result as a per-class AP table followed by the mAP row.
/// "{}" shows both metrics, "{:voc07}" or "{:voc10}" only one.
template <>
struct fmt::formatter<edgemetrics::voc_result> {
  bool voc07 = true;
  bool voc10 = true;

  constexpr auto parse(format_parse_context& ctx) -> decltype(ctx.begin()) {
    auto it = ctx.begin();
    const auto end = ctx.end();
    auto close = it;
    while (close != end && *close != '}') ++close;
    const std::string_view spec(it, static_cast<std::size_t>(close - it));
    if (spec == "voc07") {
      voc10 = false;
    } else if (spec == "voc10") {
      voc07 = false;
    } else if (!spec.empty()) {
      throw format_error("voc_result: format spec must be empty, 'voc07' or 'voc10'");
    }
    return close;
  }

  template <class FormatContext>
  auto format(const edgemetrics::voc_result& r, FormatContext& ctx) const -> decltype(ctx.out()) {
    std::size_t w = 5;
    for (const auto& c : r.classes) w = std::max(w, c.name.size());
    auto out = ctx.out();
    out = fmt::format_to(out, "{:<{}} {:>7} {:>7} {:>7} {:>7}", "class", w, "npos", "dets", "TP", "FP");
    if (voc07) out = fmt::format_to(out, " {:>10}", "AP voc07");
    if (voc10) out = fmt::format_to(out, " {:>10}", "AP voc10");
    out = fmt::format_to(out, "\n");
    for (const auto& c : r.classes) {
      out = fmt::format_to(out, "{:<{}} {:>7} {:>7} {:>7} {:>7}", c.name, w, c.npos, c.detections, c.true_positives,
                           c.false_positives);
      if (voc07) out = fmt::format_to(out, " {:>10.4f}", c.ap_voc07);
      if (voc10) out = fmt::format_to(out, " {:>10.4f}", c.ap_voc10);
      out = fmt::format_to(out, "{}\n", c.in_mean ? "" : "  (not in mAP)");
    }
    out = fmt::format_to(out, "{:<{}} {:>7} {:>7} {:>7} {:>7}", "mAP", w, "", "", "", "");
    if (voc07) out = fmt::format_to(out, " {:>10.4f}", r.map_voc07);
    if (voc10) out = fmt::format_to(out, " {:>10.4f}", r.map_voc10);
    return out;
  }
};

#endif  // EDGEMETRICS_FMT_DETECTION_HPP
