// edgemetrics: {fmt} formatters for the classification area.
//
//   fmt::print("{:.4f}\n", edgemetrics::precision(cm, 0));  // 0.8889 [0.8146, 0.9343]
//   fmt::print("{}\n", cm);                                  // the matrix, rows = truth
//   fmt::print("{}", edgemetrics::make_report(cm));          // "N samples, K classes", per-class table, warnings
//   fmt::print("{:m}", report);                              // the same with the matrix (--matrix)
// Enums print as their names (<edgemetrics/fmt/common.hpp>).
#ifndef EDGEMETRICS_FMT_CLASSIFICATION_HPP
#define EDGEMETRICS_FMT_CLASSIFICATION_HPP

#include <fmt/format.h>
#include <edgemetrics/classification.hpp>
#include <edgemetrics/fmt/common.hpp>

#include <algorithm>
#include <cmath>
#include <string>

/// A fraction prints as its value followed by its 95 % Wilson interval; the format
/// spec (default ".4f") applies to all three numbers. An empty fraction prints "n/a".
template <>
struct fmt::formatter<edgemetrics::fraction> : fmt::formatter<double> {
  bool has_spec = false;
  constexpr auto parse(fmt::format_parse_context& ctx) -> decltype(ctx.begin()) {
    has_spec = ctx.begin() != ctx.end() && *ctx.begin() != '}';
    return fmt::formatter<double>::parse(ctx);
  }
  template <class FormatContext>
  auto format(const edgemetrics::fraction& f, FormatContext& ctx) const -> decltype(ctx.out()) {
    if (f.empty()) return fmt::format_to(ctx.out(), "n/a");
    const auto ci = f.wilson_interval();
    if (!has_spec) return fmt::format_to(ctx.out(), "{:.4f} [{:.4f}, {:.4f}]", f.value(), ci.lower, ci.upper);
    auto out = fmt::formatter<double>::format(f.value(), ctx);
    out = fmt::format_to(out, " [");
    ctx.advance_to(out);
    out = fmt::formatter<double>::format(ci.lower, ctx);
    out = fmt::format_to(out, ", ");
    ctx.advance_to(out);
    out = fmt::formatter<double>::format(ci.upper, ctx);
    return fmt::format_to(out, "]");
  }
};

/// The matrix as a grid: one row per true class, one column per predicted class.
template <>
struct fmt::formatter<edgemetrics::confusion_matrix> {
  constexpr auto parse(fmt::format_parse_context& ctx) -> decltype(ctx.begin()) { return ctx.begin(); }
  template <class FormatContext>
  auto format(const edgemetrics::confusion_matrix& cm, FormatContext& ctx) const -> decltype(ctx.out()) {
    const std::size_t k = cm.num_classes();
    std::size_t w = 4;
    for (std::size_t c = 0; c < k; ++c) {
      w = std::max(w, cm.class_name(c).size());
      // Counts go through std::to_string: fmt 9's integer path trips a GCC 12
      // -Warray-bounds false positive when inlined here at -O3.
      for (std::size_t p = 0; p < k; ++p) w = std::max(w, std::to_string(cm(c, p)).size());
    }
    auto out = fmt::format_to(ctx.out(), "{:>{}} | predicted\n{:>{}} |", "true", w, "", w);
    for (std::size_t p = 0; p < k; ++p) out = fmt::format_to(out, " {:>{}}", cm.class_name(p), w);
    for (std::size_t t = 0; t < k; ++t) {
      out = fmt::format_to(out, "\n{:>{}} |", cm.class_name(t), w);
      for (std::size_t p = 0; p < k; ++p) out = fmt::format_to(out, " {:>{}}", std::to_string(cm(t, p)), w);
    }
    return out;
  }
};

/// The console output of edgemetrics-classification-report: "N samples, K classes (inputs)"
/// (without the parentheses when the report has no inputs), a blank line, with the spec "m"
/// the confusion matrix and a blank line (when the report carries its matrix), then a per-class
/// table (precision and recall with their Wilson intervals), the averages, the whole-matrix
/// scores and every warning.
template <>
struct fmt::formatter<edgemetrics::classification_report> {
  bool show_matrix = false;
  constexpr auto parse(fmt::format_parse_context& ctx) -> decltype(ctx.begin()) {
    auto it = ctx.begin();
    if (it != ctx.end() && *it == 'm') {
      show_matrix = true;
      ++it;
    }
    if (it != ctx.end() && *it != '}') throw fmt::format_error("classification_report: the only format spec is 'm'");
    return it;
  }
  template <class FormatContext>
  auto format(const edgemetrics::classification_report& r, FormatContext& ctx) const -> decltype(ctx.out()) {
    auto out = fmt::format_to(ctx.out(), "{} samples, {} classes", r.total, r.classes.size());
    if (!r.info.inputs.empty()) out = fmt::format_to(out, " ({})", fmt::join(r.info.inputs, ", "));
    out = fmt::format_to(out, "\n\n");
    if (show_matrix && r.matrix.num_classes() > 0) out = fmt::format_to(out, "{}\n\n", r.matrix);
    const double zd = edgemetrics::zero_division_value(r.options.zero_div);
    const double conf = r.options.confidence;
    std::size_t w = 12;
    for (const auto& c : r.classes) w = std::max(w, c.name.size());
    const auto pct = static_cast<int>(std::lround(conf * 100));  // no a*b+c: nothing for FMA contraction to fuse
    out = fmt::format_to(out, "{:>{}}  {:>9} {:>17}  {:>9} {:>17}  {:>9}  {:>9}\n", "class", w, "precision",
                         fmt::format("{}% CI", pct), "recall", fmt::format("{}% CI", pct), "f1", "support");
    const auto ci_text = [conf](const edgemetrics::fraction& f) {
      if (f.empty()) return std::string("n/a");
      const auto ci = f.wilson_interval(conf);
      return fmt::format("[{:.4f}, {:.4f}]", ci.lower, ci.upper);
    };
    for (const auto& c : r.classes) {
      out = fmt::format_to(out, "{:>{}}  {:>9.4f} {:>17}  {:>9.4f} {:>17}  {:>9.4f}  {:>9}\n", c.name, w,
                           c.precision.value_or(zd), ci_text(c.precision), c.recall.value_or(zd), ci_text(c.recall),
                           c.f1, c.support);
    }
    out = fmt::format_to(out, "\n{:>{}}  {:>9} {:>17}  {:>9} {:>17}  {:>9.4f}  {:>9}\n", "accuracy", w, "", "", "",
                         ci_text(r.accuracy), r.accuracy.value(), r.total);
    const auto avg_row = [&](const char* name, const edgemetrics::average_report& a) {
      out = fmt::format_to(out, "{:>{}}  {:>9.4f} {:>17}  {:>9.4f} {:>17}  {:>9.4f}  {:>9}\n", name, w, a.precision, "",
                           a.recall, "", a.f1, a.support);
    };
    avg_row("macro avg", r.macro);
    avg_row("weighted avg", r.weighted);
    out = fmt::format_to(out, "\nbalanced accuracy {:.4f}   MCC {:.4f}   Cohen's kappa {:.4f}\n", r.balanced_accuracy,
                         r.matthews_corrcoef, r.cohen_kappa);
    for (const auto& warning : r.warnings) out = fmt::format_to(out, "WARNING: {}\n", warning.message);
    return out;
  }
};

#endif  // EDGEMETRICS_FMT_CLASSIFICATION_HPP
