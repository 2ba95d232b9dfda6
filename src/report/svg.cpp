// Internal SVG plot primitives of the HTML report (see svg.hpp).
#include "svg.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace edgemetrics::detail::svg {

namespace {

constexpr double font_size = 11;
constexpr double legend_row = 15;
constexpr double legend_swatch = 18;
constexpr double legend_max_text = 200;

bool finite(double v) noexcept { return std::isfinite(v); }

// Pixel coordinates: one decimal is finer than any screen needs and keeps the page small.
std::string px_str(double v) { return fixed(v, 1); }

bool is_continuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += is_continuation(c) ? 0U : 1U;
  return n;
}

void append_attr(std::string& out, std::string_view name, double v) {
  out += ' ';
  out += name;
  out += "=\"";
  out += px_str(v);
  out += '"';
}

void append_attr(std::string& out, std::string_view name, std::string_view v) {
  out += ' ';
  out += name;
  out += "=\"";
  out += v;
  out += '"';
}

// Tick labels: as many decimals as the step needs.
int decimals_for(double step) {
  if (!(step > 0) || !finite(step)) return 0;
  int d = 0;
  double s = step;
  while (d < 9 && std::fabs(s - std::round(s)) > 1e-9 * std::max(1.0, std::fabs(s))) {
    s *= 10;
    ++d;
  }
  return d;
}

}  // namespace

// ---- text ----

void append_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters other than tab and line breaks are not allowed in XML text.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "&#xFFFD;";
        } else {
          out += c;
        }
    }
  }
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

std::string label(std::string_view text, std::size_t max_chars) {
  if (code_points(text) <= max_chars || max_chars == 0) return escape(text);
  std::size_t kept = 0, end = 0;
  while (end < text.size()) {
    if (!is_continuation(text[end])) {
      if (kept == max_chars - 1) break;
      ++kept;
    }
    ++end;
  }
  return escape(text.substr(0, end)) + "&#8230;";
}

double text_width(std::string_view markup, double size) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < markup.size(); ++i) {
    const char c = markup[i];
    if (c == '<') {  // a tag (<tspan ...>) takes no room
      const std::size_t close = markup.find('>', i);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '&') {
      const std::size_t semi = markup.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) i = semi;
      ++n;
    } else if (!is_continuation(c)) {
      ++n;
    }
  }
  return static_cast<double>(n) * size * 0.58;
}

// ---- numbers ----

std::string fixed(double v, int decimals) {
  if (!finite(v)) return "NaN";  // callers never pass one; kept defined
  std::array<char, 400> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, decimals);
  std::string s(buf.data(), r.ptr);
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);  // "-0.0"
  return s;
}

std::string significant(double v, int digits) {
  if (!finite(v)) return "NaN";
  if (v == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(v))));
  const int decimals = std::clamp(digits - 1 - magnitude, 0, 6);
  return fixed(v, decimals);
}

std::string plain(double v) {
  if (!finite(v)) return "NaN";
  std::array<char, 64> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::general, 6);
  std::string s(buf.data(), r.ptr);
  return s.find('e') == std::string::npos ? s : fixed(v, 0);
}

std::string si(double v) {
  if (!finite(v)) return "NaN";
  static constexpr std::array<const char*, 6> prefixes{"", "k", "M", "G", "T", "P"};
  double a = std::fabs(v);
  std::size_t p = 0;
  while (a >= 999.5 && p + 1 < prefixes.size()) {
    a /= 1000;
    ++p;
  }
  std::array<char, 64> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), a, std::chars_format::general, 3);
  std::string s(buf.data(), r.ptr);
  return (v < 0 ? "-" : "") + s + prefixes[p];
}

// ---- axes ----

double nice_step(double span, std::size_t target) {
  if (!(span > 0) || !finite(span)) return 1;
  const double raw = span / static_cast<double>(std::max<std::size_t>(target, 1));
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  const double m = raw / p;
  const double nice = m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10;
  return nice * p;
}

axis linear_axis(std::string title, double lo, double hi, std::size_t target, double pad) {
  if (!finite(lo) || !finite(hi)) lo = 0, hi = 1;
  if (hi < lo) std::swap(lo, hi);
  if (!(hi > lo)) {
    const double d = lo != 0 ? std::fabs(lo) * 0.1 : 1;
    lo -= d;
    hi += d;
  }
  const double span = hi - lo;
  lo -= pad * span;
  hi += pad * span;
  double step = nice_step(hi - lo, target);
  // Widening to whole steps can add up to two intervals: take the next nice step when that
  // makes more than 1.5 times the target.
  const double most = static_cast<double>(std::max<std::size_t>(target, 1)) * 1.5;
  for (int k = 0; k < 3 && std::ceil(hi / step - 1e-9) - std::floor(lo / step + 1e-9) > most; ++k) {
    const double p = std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    const double m = std::round(step / p);
    step = (m == 1 ? 2 : m == 2 ? 5 : 10) * p;
  }
  return fixed_axis(std::move(title), std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step, step);
}

axis fixed_axis(std::string title, double lo, double hi, double step) {
  axis a;
  a.title = std::move(title);
  a.lo = lo;
  a.hi = hi;
  const int decimals = decimals_for(step);
  const auto n = static_cast<long long>(std::llround((hi - lo) / step));
  for (long long i = 0; i <= n && i <= 100; ++i) {
    double t = lo + static_cast<double>(i) * step;
    if (std::fabs(t) < step * 1e-9) t = 0;
    a.ticks.push_back(t);
    a.tick_labels.push_back(fixed(t, decimals));
  }
  return a;
}

axis log_axis(std::string title, double lo, double hi) {
  axis a;
  a.title = std::move(title);
  a.log = true;
  if (!(lo > 0) || !finite(lo)) lo = 1;
  if (!(hi > 0) || !finite(hi)) hi = lo;
  if (hi < lo) std::swap(lo, hi);
  int e_lo = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  int e_hi = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
  if (e_hi <= e_lo) e_hi = e_lo + 1;
  a.lo = std::pow(10.0, e_lo);
  a.hi = std::pow(10.0, e_hi);
  const bool minor = e_hi - e_lo <= 2;
  for (int e = e_lo; e <= e_hi; ++e) {
    const double p = std::pow(10.0, e);
    for (const double m : {1.0, 2.0, 5.0}) {
      if (m != 1 && (!minor || e == e_hi)) continue;
      a.ticks.push_back(m * p);
      a.tick_labels.push_back(si(m * p));
    }
  }
  return a;
}

// ---- panels ----

namespace {
double to_unit(const axis& a, double v) {
  if (a.log) return (std::log10(v) - std::log10(a.lo)) / (std::log10(a.hi) - std::log10(a.lo));
  return (v - a.lo) / (a.hi - a.lo);
}
}  // namespace

double panel::px(double v) const { return left + width * std::clamp(to_unit(x, v), -0.02, 1.02); }
double panel::py(double v) const { return top + height * (1 - std::clamp(to_unit(y, v), -0.02, 1.02)); }
bool panel::inside_x(double v) const {
  return finite(v) && (!x.log || v > 0) && v >= x.lo - 1e-12 * std::fabs(x.lo) && v <= x.hi + 1e-12 * std::fabs(x.hi);
}
bool panel::inside_y(double v) const {
  return finite(v) && (!y.log || v > 0) && v >= y.lo - 1e-12 * std::fabs(y.lo) && v <= y.hi + 1e-12 * std::fabs(y.hi);
}

// ---- figure ----

figure::figure(std::string_view plot, double width, double height, std::string_view run)
    : width_(width), height_(height) {
  head_ = "<svg xmlns=\"http://www.w3.org/2000/svg\" data-plot=\"";
  head_ += plot;
  head_ += '"';
  if (!run.empty()) append_attr(head_, "data-run", run);
  append_attr(head_, "width", width);
  append_attr(head_, "height", height);
  head_ += " viewBox=\"0 0 " + px_str(width) + ' ' + px_str(height) + "\"";
  head_ += " font-family=\"sans-serif\" font-size=\"11\" role=\"img\">\n";
  body_ += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
}

void figure::title(std::string_view markup) {
  text(width_ / 2, 18, markup, "middle", 13, "#111");
  // the title is a label too: point labels avoid it
  const double w = text_width(markup, 13);
  labels_.push_back({width_ / 2 - w / 2, 4, width_ / 2 + w / 2, 22});
  // The <title> element (the first child) gives the plot an accessible name.
  std::string t = "<title>";
  t += markup;
  t += "</title>\n";
  head_ += t;
}

void figure::axes(const panel& p, bool x_labels) {
  std::string& o = body_;
  o += "<g class=\"axes\" stroke=\"#e4e4e4\" stroke-width=\"1\">";
  for (const double t : p.x.ticks) {
    const double x = p.px(t);
    o += "<line";
    append_attr(o, "x1", x);
    append_attr(o, "y1", p.top);
    append_attr(o, "x2", x);
    append_attr(o, "y2", p.top + p.height);
    o += "/>";
  }
  for (const double t : p.y.ticks) {
    const double y = p.py(t);
    o += "<line";
    append_attr(o, "x1", p.left);
    append_attr(o, "y1", y);
    append_attr(o, "x2", p.left + p.width);
    append_attr(o, "y2", y);
    o += "/>";
  }
  o += "</g>\n<rect fill=\"none\" stroke=\"#444\"";
  append_attr(o, "x", p.left);
  append_attr(o, "y", p.top);
  append_attr(o, "width", p.width);
  append_attr(o, "height", p.height);
  o += "/>\n";
  if (x_labels) {
    for (std::size_t i = 0; i < p.x.ticks.size(); ++i) {
      text(p.px(p.x.ticks[i]), p.top + p.height + 14, p.x.tick_labels[i], "middle", 10, "#333");
    }
    text(p.left + p.width / 2, p.top + p.height + 32, p.x.title, "middle", 11, "#111");
  }
  for (std::size_t i = 0; i < p.y.ticks.size(); ++i) {
    text(p.left - 5, p.py(p.y.ticks[i]) + 3.5, p.y.tick_labels[i], "end", 10, "#333");
  }
  const double cx = p.left - 44, cy = p.top + p.height / 2;
  o += "<text text-anchor=\"middle\" fill=\"#111\"";
  append_attr(o, "x", cx);
  append_attr(o, "y", cy);
  o += " transform=\"rotate(-90 " + px_str(cx) + ' ' + px_str(cy) + ")\">";
  o += p.y.title;
  o += "</text>\n";
}

void figure::right_axis(const panel& p, const axis& y2, std::string_view colour) {
  panel q = p;
  q.y = y2;
  for (std::size_t i = 0; i < y2.ticks.size(); ++i) {
    text(p.left + p.width + 5, q.py(y2.ticks[i]) + 3.5, y2.tick_labels[i], "start", 10, colour);
  }
  const double cx = p.left + p.width + 44, cy = p.top + p.height / 2;
  std::string& o = body_;
  o += "<text text-anchor=\"middle\"";
  append_attr(o, "fill", colour);
  append_attr(o, "x", cx);
  append_attr(o, "y", cy);
  o += " transform=\"rotate(90 " + px_str(cx) + ' ' + px_str(cy) + ")\">";
  o += y2.title;
  o += "</text>\n";
}

void figure::line(const panel& p, const std::vector<double>& xs, const std::vector<double>& ys, std::string_view colour,
                  double stroke_width, bool dashed) {
  const std::size_t n = std::min(xs.size(), ys.size());
  std::string points;
  std::size_t count = 0;
  auto flush = [&] {
    if (count >= 2) {
      body_ += "<polyline fill=\"none\"";
      append_attr(body_, "stroke", colour);
      append_attr(body_, "stroke-width", stroke_width);
      if (dashed) body_ += " stroke-dasharray=\"5 3\"";
      body_ += " stroke-linejoin=\"round\" points=\"";
      body_ += points;
      body_ += "\"/>\n";
    } else if (count == 1) {
      // A lone point between gaps stays visible.
      const std::size_t comma = points.find(',');
      body_ += "<circle r=\"1.5\" cx=\"" + points.substr(0, comma) + "\" cy=\"" + points.substr(comma + 1) + "\"";
      append_attr(body_, "fill", colour);
      body_ += "/>\n";
    }
    points.clear();
    count = 0;
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (!finite(xs[i]) || !finite(ys[i]) || (p.x.log && xs[i] <= 0) || (p.y.log && ys[i] <= 0)) {
      flush();
      continue;
    }
    if (count > 0) points += ' ';
    points += px_str(p.px(xs[i]));
    points += ',';
    points += px_str(p.py(ys[i]));
    ++count;
  }
  flush();
}

void figure::point(const panel& p, double x, double y, std::string_view colour, double r, bool ring) {
  if (!p.inside_x(x) || !p.inside_y(y)) return;
  obstacles_.push_back({p.px(x) - r - 1, p.py(y) - r - 1, p.px(x) + r + 1, p.py(y) + r + 1});
  body_ += "<circle";
  append_attr(body_, "cx", p.px(x));
  append_attr(body_, "cy", p.py(y));
  append_attr(body_, "r", r);
  if (ring) {
    body_ += " fill=\"#fff\" stroke-width=\"2.5\"";
    append_attr(body_, "stroke", colour);
  } else {
    append_attr(body_, "fill", colour);
    body_ += " stroke=\"#fff\" stroke-width=\"0.8\"";
  }
  body_ += "/>\n";
}

void figure::bar(const panel& p, double x0, double x1, double y0, double y1, std::string_view colour, double opacity) {
  if (!finite(x0) || !finite(x1) || !finite(y0) || !finite(y1)) return;
  const double a = p.px(std::min(x0, x1)), b = p.px(std::max(x0, x1));
  const double c = p.py(std::max(y0, y1)), d = p.py(std::min(y0, y1));
  body_ += "<rect";
  append_attr(body_, "x", a);
  append_attr(body_, "y", c);
  append_attr(body_, "width", b - a);
  append_attr(body_, "height", d - c);
  append_attr(body_, "fill", colour);
  if (opacity < 1) append_attr(body_, "fill-opacity", opacity);
  body_ += "/>\n";
}

void figure::band(const panel& p, double x0, double x1, std::string_view colour, double opacity) {
  if (!finite(x0) || !finite(x1)) return;
  const double lo = std::max(std::min(x0, x1), p.x.lo), hi = std::min(std::max(x0, x1), p.x.hi);
  if (!(hi >= lo)) return;
  const double a = p.px(lo), b = std::max(p.px(hi), a + 1);  // at least 1 px: short windows stay visible
  body_ += "<rect";
  append_attr(body_, "x", a);
  append_attr(body_, "y", p.top);
  append_attr(body_, "width", b - a);
  append_attr(body_, "height", p.height);
  append_attr(body_, "fill", colour);
  append_attr(body_, "fill-opacity", opacity);
  body_ += "/>\n";
}

void figure::hline(const panel& p, double y, std::string_view colour, bool dashed) {
  if (!p.inside_y(y)) return;
  body_ += "<line";
  append_attr(body_, "x1", p.left);
  append_attr(body_, "y1", p.py(y));
  append_attr(body_, "x2", p.left + p.width);
  append_attr(body_, "y2", p.py(y));
  append_attr(body_, "stroke", colour);
  body_ += dashed ? " stroke-dasharray=\"5 3\"/>\n" : "/>\n";
}

void figure::vline(const panel& p, double x, std::string_view colour, bool dashed) {
  if (!p.inside_x(x)) return;
  body_ += "<line";
  append_attr(body_, "x1", p.px(x));
  append_attr(body_, "y1", p.top);
  append_attr(body_, "x2", p.px(x));
  append_attr(body_, "y2", p.top + p.height);
  append_attr(body_, "stroke", colour);
  body_ += " stroke-width=\"1.5\"";
  body_ += dashed ? " stroke-dasharray=\"5 3\"/>\n" : "/>\n";
}

void figure::error_bar(const panel& p, double x, double y0, double y1, std::string_view colour) {
  if (!p.inside_x(x) || !finite(y0) || !finite(y1)) return;
  const double cx = p.px(x), a = p.py(y0), b = p.py(y1);
  body_ += "<path fill=\"none\" stroke-width=\"1.2\"";
  append_attr(body_, "stroke", colour);
  body_ += " d=\"M" + px_str(cx) + ' ' + px_str(a) + "V" + px_str(b) + "M" + px_str(cx - 4) + ' ' + px_str(a) + "h8M" +
           px_str(cx - 4) + ' ' + px_str(b) + "h8\"/>\n";
}

void figure::text(double x, double y, std::string_view markup, std::string_view anchor, double size,
                  std::string_view colour) {
  body_ += "<text";
  append_attr(body_, "x", x);
  append_attr(body_, "y", y);
  if (anchor != "start") append_attr(body_, "text-anchor", anchor);
  if (size != font_size) append_attr(body_, "font-size", size);
  append_attr(body_, "fill", colour);
  body_ += '>';
  body_ += markup;
  body_ += "</text>\n";
}

void figure::avoid(const panel& p, double x0, double y0, double x1, double y1) {
  if (!finite(x0) || !finite(y0) || !finite(x1) || !finite(y1)) return;
  const double a = p.px(x0), b = p.px(x1), c = p.py(y0), d = p.py(y1);
  obstacles_.push_back({std::min(a, b) - 1, std::min(c, d) - 1, std::max(a, b) + 1, std::max(c, d) + 1});
}

void figure::point_label(const panel& p, double x, double y, std::string_view markup, std::string_view colour) {
  if (!p.inside_x(x) || !p.inside_y(y)) return;
  const double w = text_width(markup, 10), h = 12, gap = 6;
  const double cx = p.px(x), cy = p.py(y);
  auto collisions = [&](const box& l) {
    std::size_t n = 0;
    for (const std::vector<box>* set : {&labels_, &obstacles_}) {
      for (const box& b : *set) n += (l.x0 < b.x1 && l.x1 > b.x0 && l.y0 < b.y1 && l.y1 > b.y0) ? 1U : 0U;
    }
    return n;
  };
  // Candidates in order of preference: above right, above left, below right, below left, right,
  // left, then further up and down. The first one inside the plot area that touches no earlier
  // label, marker or registered line wins; else the one inside with the fewest collisions.
  std::vector<box> candidates;
  const double right = cx + gap, left = cx - gap - w, above = cy - h - 3, below = cy + 3;
  for (const double y0 : {above, below}) {
    candidates.push_back({right, y0, right + w, y0 + h});
    candidates.push_back({left, y0, left + w, y0 + h});
  }
  candidates.push_back({right + 2, cy - h / 2, right + 2 + w, cy + h / 2});
  candidates.push_back({left - 2, cy - h / 2, left - 2 + w, cy + h / 2});
  for (int k = 1; k <= 3; ++k) {
    for (const double y0 : {above - h * k, below + h * k}) {
      candidates.push_back({right, y0, right + w, y0 + h});
      candidates.push_back({left, y0, left + w, y0 + h});
    }
  }
  const box* best = nullptr;
  std::size_t best_n = 0;
  for (const box& c : candidates) {
    if (c.x0 < p.left + 1 || c.x1 > p.left + p.width - 1 || c.y0 < p.top + 1 || c.y1 > p.top + p.height - 1) {
      continue;
    }
    const std::size_t n = collisions(c);
    if (best == nullptr || n < best_n) best = &c, best_n = n;
    if (n == 0) break;
  }
  const box chosen = best ? *best : candidates.front();
  labels_.push_back(chosen);
  text(chosen.x0, chosen.y1 - 3, markup, "start", 10, colour);
}

double figure::legend_width(const std::vector<legend_entry>& entries) {
  double w = 0;
  for (const legend_entry& e : entries) w = std::max(w, text_width(e.text, font_size));
  return legend_swatch + 6 + std::min(w, legend_max_text);
}

void figure::legend(double x, double y, const std::vector<legend_entry>& entries, std::size_t max_rows) {
  const std::size_t shown = entries.size() > max_rows ? max_rows - 1 : entries.size();
  std::string& o = body_;
  o += "<g class=\"legend\">\n";
  for (std::size_t i = 0; i < shown; ++i) {
    const legend_entry& e = entries[i];
    const double cy = y + legend_row * static_cast<double>(i) + legend_row / 2;
    switch (e.shape) {
      case legend_entry::kind::line:
      case legend_entry::kind::dashed:
        o += "<line";
        append_attr(o, "x1", x);
        append_attr(o, "y1", cy);
        append_attr(o, "x2", x + legend_swatch);
        append_attr(o, "y2", cy);
        append_attr(o, "stroke", e.colour);
        o += " stroke-width=\"2\"";
        if (e.shape == legend_entry::kind::dashed) o += " stroke-dasharray=\"5 3\"";
        o += "/>";
        break;
      case legend_entry::kind::point:
      case legend_entry::kind::ring:
        o += "<circle";
        append_attr(o, "cx", x + legend_swatch / 2);
        append_attr(o, "cy", cy);
        o += " r=\"4\"";
        if (e.shape == legend_entry::kind::ring) {
          o += " fill=\"#fff\" stroke-width=\"2.5\"";
          append_attr(o, "stroke", e.colour);
        } else {
          append_attr(o, "fill", e.colour);
        }
        o += "/>";
        break;
      case legend_entry::kind::box:
        o += "<rect";
        append_attr(o, "x", x + 2);
        append_attr(o, "y", cy - 5);
        o += " width=\"14\" height=\"10\" fill-opacity=\"0.6\"";
        append_attr(o, "fill", e.colour);
        o += "/>";
        break;
    }
    o += '\n';
    text(x + legend_swatch + 6, cy + 4, e.text, "start", font_size, "#222");
  }
  if (shown < entries.size()) {
    const double cy = y + legend_row * static_cast<double>(shown) + legend_row / 2;
    text(x + legend_swatch + 6, cy + 4, "and " + std::to_string(entries.size() - shown) + " more", "start", font_size,
         "#666");
  }
  o += "</g>\n";
}

std::string figure::str() const { return head_ + body_ + "</svg>\n"; }

std::string_view run_colour(std::size_t i) noexcept {
  static constexpr std::array<std::string_view, 10> c{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                                      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  return c[i % c.size()];
}

std::string_view class_colour(std::size_t i) noexcept {
  static constexpr std::array<std::string_view, 20> c{
      "#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896", "#9467bd", "#c5b0d5",
      "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7", "#bcbd22", "#dbdb8d", "#17becf", "#9edae5"};
  return c[i % c.size()];
}

}  // namespace edgemetrics::detail::svg
