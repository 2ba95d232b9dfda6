// edgemetrics: {fmt} formatters for the detection area.
#ifndef EDGEMETRICS_FMT_DETECTION_HPP
#define EDGEMETRICS_FMT_DETECTION_HPP

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <edgemetrics/detection.hpp>
#include <edgemetrics/fmt/common.hpp>

#include <algorithm>
#include <cstddef>
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

/// Formats a voc_report as edgemetrics-voc-eval prints it: the header line (set, counts, preset,
/// IoU rule), the notices (skipped detections, warnings), the AP table of the metric(s) the run
/// shows and, for a NaN mAP caused by classes without ground truth, a note. Ends with a newline.
template <>
struct fmt::formatter<edgemetrics::voc_report> {
  constexpr auto parse(format_parse_context& ctx) -> decltype(ctx.begin()) {
    auto it = ctx.begin();
    if (it != ctx.end() && *it != '}') throw format_error("voc_report: format spec must be empty");
    return it;
  }

  template <class FormatContext>
  auto format(const edgemetrics::voc_report& r, FormatContext& ctx) const -> decltype(ctx.out()) {
    namespace em = edgemetrics;
    const em::voc_totals& t = r.totals;
    const auto plural = [](std::size_t n) { return n == 1 ? "" : "s"; };
    auto out = ctx.out();
    out = fmt::format_to(
        out, "VOC{} {}: {} images, {} objects ({} difficult), {} detections; preset {}, IoU {} {}, {} boxes\n\n",
        r.run.year, r.run.image_set, t.images, t.objects, t.difficult, t.detections, em::to_string(r.run.preset),
        r.result.options.comparison == em::iou_comparison::greater_equal ? ">=" : ">", r.result.options.iou_threshold,
        em::to_string(r.result.options.convention));
    if (r.has(em::voc_notice::skipped_unknown_image_detections)) {
      out = fmt::format_to(out, "skipped {} detection{} on image ids not in the image set (--skip-unknown-images)\n\n",
                           t.skipped_unknown_image_detections, plural(t.skipped_unknown_image_detections));
    }
    if (r.has(em::voc_notice::objects_of_other_classes)) {
      out = fmt::format_to(out,
                           "warning: {} object{} of classes not in the class list {} skipped (e.g. {}; not in npos: "
                           "check for misspelled <name>s, or pass --classes)\n\n",
                           t.objects_of_other_classes, plural(t.objects_of_other_classes),
                           t.objects_of_other_classes == 1 ? "was" : "were", t.object_of_other_class_example);
    }
    if (r.has(em::voc_notice::inverted_boxes)) {
      out = fmt::format_to(out,
                           "warning: {} detection{} and {} ground-truth object{} have inverted boxes (x2 < x1 or y2 < "
                           "y1); evaluated as given, as the devkit does (such a detection practically always counts "
                           "as a false positive, such an object stays in npos unmatched); per class in the JSON\n\n",
                           t.inverted_detections, plural(t.inverted_detections), t.inverted_objects,
                           plural(t.inverted_objects));
    }
    if (r.has(em::voc_notice::normalized_coordinates)) {
      out = fmt::format_to(out,
                           "warning: every coordinate of the {} box{} lies within [0, 1.5]: they look normalised, "
                           "but matching is pixel_inclusive (width = x2 - x1 + 1), which makes the IoU of small boxes "
                           "meaningless (disjoint boxes can pass 0.5); use --box-convention continuous, or pixel "
                           "coordinates\n\n",
                           r.result.boxes, r.result.boxes == 1 ? "" : "es");
    }
    switch (r.run.metric) {
      case em::voc_metric::voc07:
        out = fmt::format_to(out, "{:voc07}\n", r.result);
        break;
      case em::voc_metric::voc10:
        out = fmt::format_to(out, "{:voc10}\n", r.result);
        break;
      case em::voc_metric::both:
        out = fmt::format_to(out, "{}\n", r.result);
        break;
    }
    if (r.has(em::voc_notice::nan_map_without_ground_truth)) {
      const auto& w = r.classes_without_ground_truth;
      out = fmt::format_to(out,
                           "note: a mAP is nan because {} {} no ground truth (npos = 0), as the MATLAB devkit and "
                           "voc_eval.py report it; --preset gluoncv leaves such classes out of the mean\n",
                           fmt::join(w, ", "), w.size() == 1 ? "has" : "have");
    }
    return out;
  }
};

#endif  // EDGEMETRICS_FMT_DETECTION_HPP
