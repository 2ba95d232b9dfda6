// Internal: the small SVG plot primitives the HTML report draws with (axes with "nice" ticks,
// axis titles with units, legends, polylines, points, bars, shaded bands, text).
//
// Text given to a figure is markup: callers escape whatever comes from data (escape(),
// label()) and may write fixed text with HTML entities (&deg;, &times;). Numbers are written
// with std::to_chars (never the C library's locale); a non-finite value is never written: lines
// break at it, points and bars with it are skipped. The output depends on the input only.
#ifndef EDGEMETRICS_SRC_REPORT_SVG_HPP
#define EDGEMETRICS_SRC_REPORT_SVG_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics::detail::svg {

// ---- text ----

/// Escapes & < > " ' for element text and attribute values.
void append_escaped(std::string& out, std::string_view text);
[[nodiscard]] std::string escape(std::string_view text);
/// Escaped text, cut to at most max_chars characters (UTF-8 code points) with an ellipsis.
[[nodiscard]] std::string label(std::string_view text, std::size_t max_chars);
/// Approximate width in px of markup at font size `size` (an entity counts as one character).
[[nodiscard]] double text_width(std::string_view markup, double size);

// ---- numbers ----

/// Fixed notation with `decimals` digits after the point ("-0" written as "0"); the caller
/// makes sure v is finite.
[[nodiscard]] std::string fixed(double v, int decimals);
/// Fixed notation with about `digits` significant digits (at least 0 and at most 6 decimals).
[[nodiscard]] std::string significant(double v, int digits);
/// The shortest of up to 6 significant digits, without trailing zeros (0.05, 99.9, 85).
[[nodiscard]] std::string plain(double v);
/// With an SI prefix (k, M, G, T, P) and 3 significant digits: 2.3e9 -> "2.3G".
[[nodiscard]] std::string si(double v);

// ---- axes ----

/// The "nice" step (1, 2 or 5 times a power of ten) giving about `target` intervals over span.
[[nodiscard]] double nice_step(double span, std::size_t target);

struct axis {
  std::string title;  ///< markup, units included ("latency (ms)")
  double lo = 0, hi = 1;
  bool log = false;
  std::vector<double> ticks;
  std::vector<std::string> tick_labels;
};

/// A linear axis covering [lo, hi] (padded by `pad` of the span on each side, then widened to
/// whole tick steps). A degenerate range is widened around its value.
[[nodiscard]] axis linear_axis(std::string title, double lo, double hi, std::size_t target = 5, double pad = 0);
/// A linear axis over exactly [lo, hi] with ticks every `step`.
[[nodiscard]] axis fixed_axis(std::string title, double lo, double hi, double step);
/// A base-10 log axis covering [lo, hi] (both > 0), widened to whole decades; ticks at powers of
/// ten, plus 2 and 5 times them over at most two decades; labels with SI prefixes.
[[nodiscard]] axis log_axis(std::string title, double lo, double hi);

// ---- figures ----

struct legend_entry {
  enum class kind { line, dashed, point, box, ring };
  kind shape = kind::line;
  std::string colour;
  std::string text;  ///< markup
};

/// One plot area of a figure, with its axes.
struct panel {
  double left = 0, top = 0, width = 0, height = 0;  ///< the plot area, in px of the figure
  axis x, y;
  [[nodiscard]] double px(double v) const;  ///< data -> px (clamped to the area)
  [[nodiscard]] double py(double v) const;
  [[nodiscard]] bool inside_x(double v) const;  ///< finite and within the axis
  [[nodiscard]] bool inside_y(double v) const;
};

class figure {
 public:
  /// An <svg data-plot="plot"> of width x height px; `run` (markup) becomes data-run when given.
  figure(std::string_view plot, double width, double height, std::string_view run = {});

  [[nodiscard]] double width() const noexcept { return width_; }
  [[nodiscard]] double height() const noexcept { return height_; }

  /// Draws the title centred at the top.
  void title(std::string_view markup);
  /// Draws grid, frame, ticks, tick labels and axis titles of a panel (x labels only when asked).
  void axes(const panel& p, bool x_labels = true);
  /// A second y axis on the right of the panel (its own range), in `colour`.
  void right_axis(const panel& p, const axis& y2, std::string_view colour);

  /// A polyline through the points with both coordinates finite, broken where one is not.
  void line(const panel& p, const std::vector<double>& xs, const std::vector<double>& ys, std::string_view colour,
            double stroke_width = 1.5, bool dashed = false);
  /// A marker per finite point (radius r; ring: white fill and a thick outline).
  void point(const panel& p, double x, double y, std::string_view colour, double r = 4, bool ring = false);
  /// A bar from (x0, y0) to (x1, y1) in data units; skipped unless all are finite.
  void bar(const panel& p, double x0, double x1, double y0, double y1, std::string_view colour, double opacity = 1);
  /// A full-height band from x0 to x1 (clipped to the axis).
  void band(const panel& p, double x0, double x1, std::string_view colour, double opacity);
  /// A horizontal line at y (dashed), over the whole panel.
  void hline(const panel& p, double y, std::string_view colour, bool dashed = true);
  /// A vertical line at x (dashed), over the whole panel.
  void vline(const panel& p, double x, std::string_view colour, bool dashed = true);
  /// A vertical error bar at x from y0 to y1 with small caps.
  void error_bar(const panel& p, double x, double y0, double y1, std::string_view colour);
  /// Text at px coordinates (anchor: start, middle, end).
  void text(double x, double y, std::string_view markup, std::string_view anchor = "start", double size = 11,
            std::string_view colour = "#222");
  /// A label next to a data point, placed to avoid earlier labels, the markers drawn so far and
  /// the areas given to avoid(): above right, above left, below right, below left, right, left,
  /// then further up or down (the first free place inside the plot area).
  /// The text is drawn in `colour` (a run's colour: a label that lands nearer another run's
  /// marker still says whose it is).
  void point_label(const panel& p, double x, double y, std::string_view markup, std::string_view colour = "#222");
  /// Keeps later point labels off the box from (x0, y0) to (x1, y1) in data units (a line segment).
  void avoid(const panel& p, double x0, double y0, double x1, double y1);

  /// The legend at px (x, y): one row per entry, at most max_rows rows (then "and N more").
  void legend(double x, double y, const std::vector<legend_entry>& entries, std::size_t max_rows = 24);
  /// The width a legend with these entries needs.
  [[nodiscard]] static double legend_width(const std::vector<legend_entry>& entries);

  /// The finished element.
  [[nodiscard]] std::string str() const;

 private:
  struct box {
    double x0, y0, x1, y1;
  };
  std::string head_;
  std::string body_;
  double width_, height_;
  std::vector<box> labels_;     // placed point labels and the title
  std::vector<box> obstacles_;  // markers and avoided segments
};

/// Distinct colours: 10 for runs (d3's category10), 20 for classes (category20).
[[nodiscard]] std::string_view run_colour(std::size_t i) noexcept;
[[nodiscard]] std::string_view class_colour(std::size_t i) noexcept;

}  // namespace edgemetrics::detail::svg

#endif  // EDGEMETRICS_SRC_REPORT_SVG_HPP
