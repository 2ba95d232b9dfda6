// Readers of VOC evaluation inputs: image sets, annotation XML (pugixml), comp4 files, JSON.
#include <edgemetrics/detail/parse.hpp>
#include <edgemetrics/io/voc.hpp>

#include "file.hpp"
#include "echo.hpp"
#include "json_input.hpp"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace edgemetrics {

namespace {

// ---------------------------------------------------------------------------------------------
// small helpers

using detail::line_of_offset;

// An input text in a message: quoted, invisible bytes escaped, capped (the shared rule of
// every reader, src/io/echo.hpp).
std::string show(std::string_view s) { return detail::echo(s); }

// Exact decimal parsing. Fast path (Clinger): a plain decimal "[-+]digits[.digits]" whose digits
// form an integer m <= 2^53 with k <= 22 fractional digits is m / 10^k, both exact doubles, so one
// correctly rounded division gives the correctly rounded value. Everything else goes to
// std::from_chars (also correctly rounded). Same double as Python's float().
constexpr double pow10_table[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// Scans a plain decimal at p (stops at the first other character): true when the fast path
// applies, with p advanced past it and the value m / 10^frac (sign in neg) still to be divided,
// so that a line's five divisions can be issued together.
struct pending_decimal {
  std::uint64_t m;
  std::ptrdiff_t frac;
  bool neg;
  [[nodiscard]] double value() const noexcept {
    const double v = static_cast<double>(m) / pow10_table[frac];
    return neg ? -v : v;
  }
};

inline bool scan_decimal(const char*& p, const char* end, pending_decimal& out) noexcept {
  const char* q = p;
  bool neg = false;
  if (q != end && (*q == '-' || *q == '+')) {
    neg = *q == '-';
    ++q;
  }
  std::uint64_t m = 0;
  const char* const int_start = q;
  while (q != end && static_cast<unsigned>(*q - '0') < 10u) {
    m = m * 10 + static_cast<unsigned>(*q - '0');
    ++q;
  }
  std::ptrdiff_t digits = q - int_start;
  std::ptrdiff_t frac = 0;
  if (q != end && *q == '.') {
    ++q;
    const char* const frac_start = q;
    while (q != end && static_cast<unsigned>(*q - '0') < 10u) {
      m = m * 10 + static_cast<unsigned>(*q - '0');
      ++q;
    }
    frac = q - frac_start;
    digits += frac;
  }
  if (digits == 0 || digits > 19 || frac > 22 || m > (std::uint64_t{1} << 53)) return false;
  out = {m, frac, neg};
  p = q;
  return true;
}

inline bool scan_decimal(const char*& p, const char* end, double& out) noexcept {
  pending_decimal d{};
  if (!scan_decimal(p, end, d)) return false;
  out = d.value();
  return true;
}

// A decimal that std::from_chars rejects as out of range: +-inf when its magnitude is >= 1
// (overflow), +-0 otherwise (underflow), as Python's float() gives. False if it is not a
// well-formed decimal out of range.
bool out_of_range_decimal(std::string_view s, double& out) noexcept {
  std::string_view t = s;
  const bool plus = !t.empty() && t.front() == '+';
  if (plus) t.remove_prefix(1);
  if (t.empty() || t.front() == '+' || (plus && t.front() == '-')) return false;
  double ignored = 0;
  const auto r = std::from_chars(t.data(), t.data() + t.size(), ignored, std::chars_format::general);
  if (r.ec != std::errc::result_out_of_range || r.ptr != t.data() + t.size()) return false;
  const bool neg = t.front() == '-';
  if (neg) t.remove_prefix(1);
  // decimal exponent of the first non-zero digit, before the explicit exponent
  long long lead = 0;
  bool found = false, dot = false;
  long long int_digits = 0, frac_pos = 0;
  std::size_t i = 0;
  for (; i < t.size() && t[i] != 'e' && t[i] != 'E'; ++i) {
    if (t[i] == '.') {
      dot = true;
      continue;
    }
    if (!dot)
      ++int_digits;
    else
      ++frac_pos;
    if (!found && t[i] != '0') {
      found = true;
      lead = dot ? -frac_pos : int_digits;  // int part: position from the left, fixed below
    }
  }
  if (!found) return false;                // zero never overflows
  if (lead > 0) lead = int_digits - lead;  // digits after the leading one in the integer part
  long long exp = 0;
  if (i < t.size()) {
    ++i;
    bool eneg = false;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) eneg = t[i++] == '-';
    for (; i < t.size(); ++i) {
      if (exp < 1000000000LL) exp = exp * 10 + (t[i] - '0');
    }
    if (eneg) exp = -exp;
  }
  const bool overflow = lead + exp >= 0;
  out = overflow ? std::numeric_limits<double>::infinity() : 0.0;
  if (neg) out = -out;
  return true;
}

bool parse_double(std::string_view s, double& out) noexcept {
  const char* p = s.data();
  const char* const end = p + s.size();
  if (scan_decimal(p, end, out) && p == end) return true;
  // detail::parse_number drops one '+' and lets from_chars read the rest, which would take "+-2"
  // as -2; Python's float() (the reference) refuses a second sign.
  if (s.size() > 1 && s[0] == '+' && (s[1] == '-' || s[1] == '+')) return false;
  return detail::parse_number(s, out) || out_of_range_decimal(s, out);
}

// ---------------------------------------------------------------------------------------------
// line iteration without allocation

struct line_cursor {
  std::string_view text;
  std::size_t pos = 0;
  std::size_t number = 0;
  bool next(std::string_view& line) noexcept {
    if (pos >= text.size()) return false;
    const std::size_t nl = text.find('\n', pos);
    const std::size_t e = nl == std::string_view::npos ? text.size() : nl;
    line = text.substr(pos, e - pos);
    pos = e + 1;
    ++number;
    return true;
  }
};

// Splits at most `max` whitespace-separated fields; returns the number found (max + 1 = more).
std::size_t fields(std::string_view line, std::string_view* out, std::size_t max) noexcept {
  std::size_t n = 0;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && detail::is_space(line[i])) ++i;
    if (i >= line.size()) break;
    const std::size_t start = i;
    while (i < line.size() && !detail::is_space(line[i])) ++i;
    if (n == max) return max + 1;
    out[n++] = line.substr(start, i - start);
  }
  return n;
}

std::uint64_t hash_id(std::string_view s) noexcept {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h ^ (h >> 29);
}

std::uint32_t class_index(std::string_view name, const std::vector<std::string>& names) noexcept {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<std::uint32_t>(i);
  }
  return voc_image_index::npos;
}

std::vector<std::string> parse_id_list(std::string_view text, const std::string& source, const char* what) {
  std::vector<std::string> ids;
  line_cursor lc{text};
  std::string_view line;
  std::string_view f[2];
  while (lc.next(line)) {
    const std::size_t n = fields(line, f, 1);
    if (n == 0) continue;
    if (n > 1)
      throw parse_error(source, lc.number, what,
                        "expected one " + std::string(what) + " per line, got " + show(detail::trim(line)));
    ids.emplace_back(f[0]);
  }
  return ids;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// image index

voc_image_index::voc_image_index(const std::vector<std::string>& ids) : ids_(&ids) {
  std::size_t cap = 16;
  while (cap < ids.size() * 2) cap *= 2;
  table_.assign(cap, npos);
  mask_ = cap - 1;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::size_t h = static_cast<std::size_t>(hash_id(ids[i])) & mask_;
    while (table_[h] != npos) {
      if (ids[table_[h]] == ids[i]) throw std::invalid_argument("voc_image_index: duplicate image id '" + ids[i] + "'");
      h = (h + 1) & mask_;
    }
    table_[h] = static_cast<std::uint32_t>(i);
  }
}

std::uint32_t voc_image_index::find(std::string_view id) const noexcept {
  std::size_t h = static_cast<std::size_t>(hash_id(id)) & mask_;
  for (;;) {
    const std::uint32_t v = table_[h];
    if (v == npos || (*ids_)[v] == id) return v;
    h = (h + 1) & mask_;
  }
}

// ---------------------------------------------------------------------------------------------
// image set, class list

std::vector<std::string> parse_voc_image_set(std::string_view text, const std::string& source_name) {
  text = detail::skip_bom(text);
  auto ids = parse_id_list(text, source_name, "image id");
  std::vector<std::string> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  const auto dup = std::adjacent_find(sorted.begin(), sorted.end());
  if (dup != sorted.end()) {
    const auto first = std::find(ids.begin(), ids.end(), *dup);
    const auto second = std::find(first + 1, ids.end(), *dup);
    // line of the second occurrence: count non-blank lines up to it
    line_cursor lc{text};
    std::string_view line;
    std::size_t seen = 0;
    const auto target = static_cast<std::size_t>(second - ids.begin());
    while (lc.next(line)) {
      if (detail::trim(line).empty()) continue;
      if (seen++ == target) break;
    }
    throw parse_error(source_name, lc.number, "image id", "image id " + show(*dup) + " appears twice");
  }
  return ids;
}

std::vector<std::string> read_voc_image_set(const std::string& path) {
  std::string text;
  detail::read_whole_file(path, text);
  return parse_voc_image_set(text, path);
}

// ---------------------------------------------------------------------------------------------
// annotation XML

namespace {

struct xml_reader {
  std::vector<char> buffer;  // in-place parse buffer, reused
  pugi::xml_document doc;
  std::string first_other;  // name of the first skipped object of the last parse

  std::string text_buffer;  // an element's text when it is in several pieces

  // An element's text as ElementTree's .text (what voc_eval.py reads): all character data (text
  // and CDATA) before its first child element, comments and processing instructions dropped and
  // the pieces around them joined: <xmax>2<!-- c -->0</xmax> is "20".
  std::string_view text_of(const pugi::xml_node& n) {
    pugi::xml_node c = n.first_child();
    if (!c || (c.type() != pugi::node_pcdata && c.type() != pugi::node_cdata)) return {};
    const pugi::xml_node next = c.next_sibling();
    if (!next || (next.type() != pugi::node_pcdata && next.type() != pugi::node_cdata)) return c.value();
    text_buffer.clear();
    for (; c && (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata); c = c.next_sibling()) {
      text_buffer += c.value();
    }
    return text_buffer;
  }

  // Text outside the root element (whose '<' is at root_lt) must be whitespace, comments,
  // processing instructions or a DOCTYPE. The document is well-formed otherwise (pugixml said so).
  static void check_outside_root(std::string_view text, const std::string& source, std::ptrdiff_t root_lt) {
    if (root_lt < 0) return;
    const auto lt = static_cast<std::size_t>(root_lt);
    const auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    // before: forward
    std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    while (i < lt) {
      if (ws(text[i])) {
        ++i;
        continue;
      }
      const std::string_view rest = text.substr(i);
      std::size_t close = std::string_view::npos;
      if (rest.substr(0, 2) == "<?") {
        close = rest.find("?>");
        if (close != std::string_view::npos) close += 2;
      } else if (rest.substr(0, 4) == "<!--") {
        close = rest.find("-->", 4);
        if (close != std::string_view::npos) close += 3;
      } else if (rest.substr(0, 9) == "<!DOCTYPE") {
        const std::size_t bracket = rest.find('[');
        const std::size_t gt = rest.find('>');
        const std::size_t from = bracket < gt ? rest.find(']', bracket) : 0;
        close = from == std::string_view::npos ? from : rest.find('>', from);
        if (close != std::string_view::npos) close += 1;
      }
      if (close == std::string_view::npos || close == 0) {
        throw parse_error(source, line_of_offset(text, i), "annotation",
                          "content before the root element <annotation>");
      }
      i += close;
    }
    // after: backward, from the end to the root's end tag
    std::size_t e = text.size();
    for (;;) {
      while (e > lt && ws(text[e - 1])) --e;
      const std::string_view head = text.substr(0, e);
      std::size_t open = std::string_view::npos;
      if (head.size() >= 3 && head.substr(head.size() - 3) == "-->") {
        open = head.rfind("<!--");
      } else if (head.size() >= 2 && head.substr(head.size() - 2) == "?>") {
        open = head.rfind("<?");
      }
      if (open == std::string_view::npos || open <= lt) break;
      e = open;
    }
    const std::string_view head = text.substr(0, e);
    const std::size_t last_lt = head.rfind('<');
    bool ok = !head.empty() && head.back() == '>' && last_lt != std::string_view::npos;
    if (ok && last_lt != lt) {  // not a self-closing root: the root's end tag "</annotation >"
      std::string_view tag = head.substr(last_lt + 1, head.size() - last_lt - 2);
      while (!tag.empty() && ws(tag.back())) tag.remove_suffix(1);
      ok = tag == "/annotation";
    }
    if (!ok) {
      throw parse_error(source, line_of_offset(text, e == 0 ? 0 : e - 1), "annotation",
                        "content after the root element <annotation>");
    }
  }

  std::size_t parse(std::string_view text, const std::string& source, const std::vector<std::string>& names,
                    std::vector<voc_object>& out) {
    // Characters XML does not allow (ElementTree refuses the file): pugixml would stop at a NUL
    // byte without a word and keep the others.
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto u = static_cast<unsigned char>(text[i]);
      if (u < 0x20 && u != '\t' && u != '\n' && u != '\r') {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned>(u));
        throw parse_error(source, line_of_offset(text, i), "",
                          std::string(u == 0 ? "a NUL byte" : "control character ") + (u == 0 ? "" : hex) +
                              " in the file: not XML text");
      }
    }
    buffer.assign(text.begin(), text.end());
    // Comments and processing instructions are not kept (they split text into pieces, which
    // text_of joins); whitespace-only pieces are kept, since they join too ("2 0").
    const unsigned flags = pugi::parse_minimal | pugi::parse_escapes | pugi::parse_cdata | pugi::parse_ws_pcdata;
    const pugi::xml_parse_result res =
        doc.load_buffer_inplace(buffer.data(), buffer.size(), flags, pugi::encoding_utf8);
    if (!res) {
      throw parse_error(source, line_of_offset(text, static_cast<std::size_t>(res.offset)), "",
                        std::string("malformed XML: ") + res.description());
    }
    auto line = [&](const pugi::xml_node& n) {
      const std::ptrdiff_t off = n.offset_debug();
      return off < 0 ? std::size_t{0} : line_of_offset(text, static_cast<std::size_t>(off));
    };
    const pugi::xml_node root = doc.child("annotation");
    if (!root) throw parse_error(source, 0, "annotation", "missing root element <annotation>");
    // pugixml accepts several top-level elements and skips text around the root; an XML document
    // has one root and nothing but comments, processing instructions, a DOCTYPE and whitespace
    // around it (ElementTree: "junk after document element").
    for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
      if (n.type() == pugi::node_element && n != root) {
        throw parse_error(source, line(n), "annotation",
                          std::string("a second root element <") + n.name() + "> besides <annotation>");
      }
    }
    check_outside_root(text, source, root.offset_debug() - 1);
    // The one child `name` of `parent`: a repeated element is an error (never "first wins").
    auto only_child = [&](const pugi::xml_node& parent, const char* name, const std::string& field) {
      const pugi::xml_node c = parent.child(name);
      if (c) {
        const pugi::xml_node again = c.next_sibling(name);
        if (again) {
          throw parse_error(
              source, line(again), field,
              std::string("<") + name + "> appears more than once (first on line " + std::to_string(line(c)) + ")");
        }
      }
      return c;
    };
    std::size_t other = 0;
    first_other.clear();
    const std::size_t first_new = out.size();
    try {
      for (pugi::xml_node obj = root.child("object"); obj; obj = obj.next_sibling("object")) {
        const pugi::xml_node name_node = only_child(obj, "name", "object/name");
        if (!name_node) throw parse_error(source, line(obj), "object/name", "missing");
        const std::string_view name = detail::trim(text_of(name_node));
        const std::uint32_t cls = class_index(name, names);
        if (cls == voc_image_index::npos) {
          if (other++ == 0) first_other.assign(name.substr(0, 80));
          continue;
        }
        voc_object o;
        o.class_id = cls;
        const pugi::xml_node diff = only_child(obj, "difficult", "object/difficult");
        if (diff) {
          const std::string_view d = detail::trim(text_of(diff));
          if (d == "1") {
            o.difficult = true;
          } else if (d != "0") {
            throw parse_error(source, line(diff), "object/difficult", "expected 0 or 1, got " + show(d));
          }
        }
        const pugi::xml_node bb = only_child(obj, "bndbox", "object/bndbox");
        if (!bb) throw parse_error(source, line(obj), "object/bndbox", "missing");
        static constexpr const char* coord_names[4] = {"xmin", "ymin", "xmax", "ymax"};
        double v[4];
        for (int k = 0; k < 4; ++k) {
          const std::string field = std::string("object/bndbox/") + coord_names[k];
          const pugi::xml_node c = only_child(bb, coord_names[k], field);
          if (!c) throw parse_error(source, line(bb), field, "missing");
          const std::string_view t = detail::trim(text_of(c));
          if (!parse_double(t, v[k]) || !std::isfinite(v[k])) {
            throw parse_error(source, line(c), field, "expected a finite number, got " + show(t));
          }
        }
        o.box = {v[0], v[1], v[2], v[3]};
        out.push_back(o);
      }
    } catch (...) {
      out.resize(first_new);  // nothing appended on error
      throw;
    }
    return other;
  }
};

xml_reader& thread_xml_reader() {
  thread_local xml_reader r;
  return r;
}

}  // namespace

std::size_t parse_voc_annotation(std::string_view text, const std::string& source_name,
                                 const std::vector<std::string>& class_names, std::vector<voc_object>& out) {
  return thread_xml_reader().parse(text, source_name, class_names, out);
}

std::size_t read_voc_annotation(const std::string& path, const std::vector<std::string>& class_names,
                                std::vector<voc_object>& out) {
  thread_local std::string text;
  detail::read_whole_file(path, text);
  return parse_voc_annotation(text, path, class_names, out);
}

// ---------------------------------------------------------------------------------------------
// comp4 results

void parse_comp4_results(std::string_view text, const std::string& source_name, std::uint32_t class_id,
                         const voc_image_index& images, unknown_image_policy unknown, voc_dataset& data) {
  text = detail::skip_bom(text);
  if (class_id >= data.detections.size()) {
    throw std::invalid_argument("parse_comp4_results: class_id out of range of data.detections");
  }
  auto& cd = data.detections[class_id];
  const std::size_t first_new = cd.score.size();
  {
    const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    cd.image.reserve(first_new + lines);
    cd.score.reserve(first_new + lines);
    cd.box.reserve(first_new + lines);
  }
  const std::size_t skipped_before = data.skipped_unknown_image_detections;
  try {
    static constexpr const char* names[6] = {"image id", "score", "x1", "y1", "x2", "y2"};
    const char* p = text.data();
    const char* const end = p + text.size();
    std::size_t line_no = 0;
    std::string_view last_id;
    std::uint32_t last_index = voc_image_index::npos;
    std::string_view f[6];
    const auto blank = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; };
    while (p < end) {
      ++line_no;
      const char* const line_begin = p;
      // fast path, without looking for the end of the line first: id, five plain decimals, end of
      // line. Anything unusual (other whitespace, exponents, bad fields) goes to the slow path.
      const char* q = p;
      while (q < end && blank(*q)) ++q;
      if (q == end) break;
      if (*q == '\n') {  // blank line
        p = q + 1;
        continue;
      }
      const char* const id_start = q;
      while (q<end&& static_cast<unsigned char>(*q)> ' ') ++q;
      f[0] = std::string_view(id_start, static_cast<std::size_t>(q - id_start));
      double v[5];
      pending_decimal pd[5];
      bool fast = true;
      for (int k = 0; k < 5 && fast; ++k) {
        const char* const before = q;
        while (q < end && blank(*q)) ++q;
        fast = q != before && q < end && scan_decimal(q, end, pd[k]);
      }
      if (fast) {
        while (q < end && blank(*q)) ++q;
        fast = q == end || *q == '\n';
      }
      const char* le = q;
      if (fast) {
        p = q == end ? end : q + 1;
      } else {
        const void* nl = std::memchr(line_begin, '\n', static_cast<std::size_t>(end - line_begin));
        le = nl != nullptr ? static_cast<const char*>(nl) : end;
        p = nl != nullptr ? le + 1 : end;
      }
      if (fast) {
        for (int k = 0; k < 5; ++k) v[k] = pd[k].value();
      } else {
        const std::string_view line(line_begin, static_cast<std::size_t>(le - line_begin));
        const std::size_t n = fields(line, f, 6);
        if (n == 0) continue;  // a line of other whitespace (\f, \v)
        if (n != 6) {
          throw parse_error(source_name, line_no, "",
                            "expected 6 whitespace-separated fields '<image id> <score> <x1> <y1> <x2> <y2>', found " +
                                (n > 6 ? std::string("more") : std::to_string(n)));
        }
        for (int k = 0; k < 5; ++k) {
          if (!parse_double(f[k + 1], v[k])) {
            throw parse_error(source_name, line_no, names[k + 1], "not a number: " + show(f[k + 1]));
          }
        }
        if (std::isnan(v[0])) throw parse_error(source_name, line_no, "score", "NaN score");
        for (int k = 1; k < 5; ++k) {
          if (!std::isfinite(v[k])) {
            throw parse_error(source_name, line_no, names[k + 1], "not a finite number: " + show(f[k + 1]));
          }
        }
      }
      std::uint32_t img = last_index;
      if (last_index == voc_image_index::npos || f[0] != last_id) {
        img = images.find(f[0]);
        last_id = f[0];
        last_index = img;
      }
      if (img == voc_image_index::npos) {
        if (unknown == unknown_image_policy::skip) {
          ++data.skipped_unknown_image_detections;
          continue;
        }
        throw parse_error(source_name, line_no, "image id", "image " + show(f[0]) + " is not in the image set");
      }
      cd.image.push_back(img);
      cd.score.push_back(v[0]);
      cd.box.push_back({v[1], v[2], v[3], v[4]});
    }
  } catch (...) {
    cd.image.resize(first_new);
    cd.score.resize(first_new);
    cd.box.resize(first_new);
    data.skipped_unknown_image_detections = skipped_before;
    throw;
  }
}

void read_comp4_results(const std::string& path, std::uint32_t class_id, const voc_image_index& images,
                        unknown_image_policy unknown, voc_dataset& data) {
  // Large files are mapped (no copy out of the page cache); small ones, or when mapping fails, read.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw parse_error(path, 0, "", std::string("cannot open file: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= (1 << 16)) {
    const auto size = static_cast<std::size_t>(st.st_size);
    void* m = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    ::close(fd);
    if (m != MAP_FAILED) {
      struct unmap {
        void* p;
        std::size_t n;
        ~unmap() { ::munmap(p, n); }
      } guard{m, size};
      parse_comp4_results(std::string_view(static_cast<const char*>(m), size), path, class_id, images, unknown, data);
      return;
    }
  } else {
    ::close(fd);
  }
  thread_local std::string text;
  detail::read_whole_file(path, text);
  parse_comp4_results(text, path, class_id, images, unknown, data);
}

// ---------------------------------------------------------------------------------------------
// JSON detections

namespace {

// The detections list, read as it is parsed (SAX): each detection goes straight into its class's
// columns; nothing but the detections kept is held. Depth 1: the list; 2: a detection; 3: its bbox.
class detections_reader final : public detail::json_sax_reader {
 public:
  detections_reader(const std::string& source, const voc_image_index& images, unknown_image_policy unknown,
                    voc_dataset& data)
      : json_sax_reader(source), images_(images), unknown_(unknown), data_(data) {}

  std::size_t skipped = 0;

 private:
  enum field : int { image_id, category, score, bbox, other };
  static constexpr const char* field_names[4] = {"image_id", "category", "score", "bbox"};

  [[nodiscard]] std::string at() const { return "[" + std::to_string(index_) + "]"; }
  [[nodiscard]] std::string at(field f) const { return at() + "." + field_names[f]; }
  static constexpr const char* expected[4] = {"expected a string", "expected a string (class name)",
                                              "expected a number", "expected [x1, y1, x2, y2]"};
  [[noreturn]] void wrong_type(field f) const { fail(at(f), expected[f]); }

  // Containers of the wrong type are rejected once read (reject_container).
  void on_start(bool object) override {
    switch (depth()) {
      case 1:
        if (object) reject_container("", "expected a JSON list of detections");
        break;
      case 2:
        if (!object) reject_container(at(), "expected an object");
        seen_ = 0;
        break;
      case 3:
        if (current_ != bbox || object) reject_container(at(current_), expected[current_]);
        coords_ = 0;
        break;
      default:  // inside bbox
        reject_container(at(bbox), "expected 4 numbers");
    }
  }

  void on_key(std::string& k) override {  // depth 2: a detection's member
    const std::string_view key = k;
    current_ = key == "image_id"   ? image_id
               : key == "category" ? category
               : key == "score"    ? score
               : key == "bbox"     ? bbox
                                   : other;
    if (current_ == other) {
      skip_member_value();
      return;
    }
    const unsigned bit = 1u << current_;
    if ((seen_ & bit) != 0) fail(at(current_), "appears more than once");
    seen_ |= bit;
  }

  void on_value(const detail::json_scalar& v) override {
    switch (depth()) {
      case 0:
        fail("", "expected a JSON list of detections");
      case 1:
        fail(at(), "expected an object");
      case 2:
        break;
      default: {  // 3: a bbox coordinate
        if (coords_ == 4) fail(at(bbox), "expected [x1, y1, x2, y2]");
        if (!v.is_number()) fail(at(bbox), "expected 4 numbers");
        box_[coords_] = v.number();
        if (!std::isfinite(box_[coords_])) fail(at(bbox), "not a finite number");
        ++coords_;
        return;
      }
    }
    switch (current_) {
      case image_id:
        if (!v.is_string()) wrong_type(image_id);
        image_ = images_.find(*v.text);
        if (image_ == voc_image_index::npos && unknown_ != unknown_image_policy::skip) {
          fail(at(image_id), "image " + show(*v.text) + " is not in the image set");
        }
        break;
      case category:
        if (!v.is_string()) wrong_type(category);
        class_ = find_class(*v.text);
        if (class_ == voc_image_index::npos) {
          fail(at(category), "class " + show(*v.text) + " is not in the class list");
        }
        break;
      case score:
        if (!v.is_number()) wrong_type(score);
        score_ = v.number();
        break;
      case bbox:
        wrong_type(bbox);
      case other:
        break;
    }
  }

  void on_end(bool) override {
    if (depth() == 3) {
      if (coords_ != 4) fail(at(bbox), "expected [x1, y1, x2, y2]");
      return;
    }
    if (depth() != 2) return;
    for (int f = 0; f < 4; ++f) {
      if ((seen_ & (1u << f)) == 0) fail(at(static_cast<field>(f)), "missing");
    }
    if (image_ == voc_image_index::npos) {
      ++skipped;
    } else {
      auto& cd = data_.detections[class_];
      if (cd.score.size() == cd.score.capacity()) grow(cd);
      cd.image.push_back(image_);
      cd.score.push_back(score_);
      cd.box.push_back({box_[0], box_[1], box_[2], box_[3]});
    }
    ++index_;
  }

  // A full class column grows to what the rest of the document will probably add (its share so
  // far, projected over the bytes left, plus 5 %), not by doubling: fewer copies, and the
  // capacity stays close to the detections kept.
  void grow(voc_dataset::class_detections& cd) const {
    const std::size_t n = cd.score.size();
    const std::size_t read = bytes_read();
    std::size_t want = n < 1024 || read == 0
                           ? 2 * n + 16
                           : static_cast<std::size_t>(static_cast<double>(n) * static_cast<double>(document_size()) /
                                                      static_cast<double>(read) * 1.05) +
                                 16;
    want = std::max(want, n + n / 8 + 16);
    cd.image.reserve(want);
    cd.score.reserve(want);
    cd.box.reserve(want);
  }

  // Index of a class name (the first one of that name), npos if none.
  std::uint32_t find_class(const std::string& name) {
    if (classes_.empty()) {
      for (std::size_t c = 0; c < data_.class_names.size(); ++c) {
        classes_.emplace(data_.class_names[c], static_cast<std::uint32_t>(c));
      }
    }
    const auto it = classes_.find(name);
    return it == classes_.end() ? voc_image_index::npos : it->second;
  }

  std::unordered_map<std::string_view, std::uint32_t> classes_;
  const voc_image_index& images_;
  unknown_image_policy unknown_;
  voc_dataset& data_;
  std::size_t index_ = 0;  // of the detection being read
  field current_ = other;  // member being read
  unsigned seen_ = 0;      // members seen in the current detection (bits by field)
  int coords_ = 0;
  std::uint32_t image_ = 0, class_ = 0;
  double score_ = 0;
  double box_[4] = {};
};

// Runs `read` (parse_json_text or parse_json_file) with a detections_reader; on error nothing is
// appended.
template <class Read>
void read_detections(Read&& read, const std::string& source_name, const voc_image_index& images,
                     unknown_image_policy unknown, voc_dataset& data) {
  if (data.detections.size() != data.class_names.size())
    throw std::invalid_argument("parse_detections_json: data.detections must have one entry per class");
  std::vector<std::size_t> first_new(data.detections.size());
  for (std::size_t c = 0; c < first_new.size(); ++c) first_new[c] = data.detections[c].score.size();
  detections_reader reader(source_name, images, unknown, data);
  try {
    read(reader);
  } catch (...) {
    for (std::size_t c = 0; c < first_new.size(); ++c) {
      auto& cd = data.detections[c];
      cd.image.resize(first_new[c]);
      cd.score.resize(first_new[c]);
      cd.box.resize(first_new[c]);
    }
    throw;
  }
  data.skipped_unknown_image_detections += reader.skipped;
}

}  // namespace

void parse_detections_json(std::string_view text, const std::string& source_name, const voc_image_index& images,
                           unknown_image_policy unknown, voc_dataset& data) {
  read_detections([&](detail::json_sax_reader& r) { detail::parse_json_text(text, r); }, source_name, images, unknown,
                  data);
}

void read_detections_json(const std::string& path, const voc_image_index& images, unknown_image_policy unknown,
                          voc_dataset& data) {
  read_detections([&](detail::json_sax_reader& r) { detail::parse_json_file(path, r); }, path, images, unknown, data);
}

// ---------------------------------------------------------------------------------------------
// whole set

namespace {

voc_dataset load_ground_truth(const voc_load_options& o) {
  if (o.class_names.empty()) throw std::invalid_argument("load_voc_dataset: the class list is empty");
  voc_dataset data;
  data.class_names = o.class_names;
  data.detections.resize(o.class_names.size());
  const std::string root = o.devkit + "/VOC" + o.year;
  const std::string set_file = root + "/ImageSets/Main/" + o.image_set + ".txt";
  std::vector<std::string> ids = read_voc_image_set(set_file);
  data.image_ids.reserve(ids.size());
  data.object_begin.reserve(ids.size() + 1);
  data.objects.reserve(ids.size() * 4);
  std::string path = root + "/Annotations/";
  const std::size_t base = path.size();
  const std::size_t total = ids.size();
  for (std::size_t i = 0; i < total; ++i) {
    path.resize(base);
    path += ids[i];
    path += ".xml";
    const std::size_t other = read_voc_annotation(path, data.class_names, data.objects);
    if (other > 0 && data.objects_of_other_classes == 0) {
      data.object_of_other_class_example = show(thread_xml_reader().first_other) + " in " + path;
    }
    data.objects_of_other_classes += other;
    data.image_ids.push_back(std::move(ids[i]));
    data.object_begin.push_back(data.objects.size());
    if (o.progress && ((i + 1) % 256 == 0 || i + 1 == total)) o.progress("annotations", i + 1, total);
  }
  return data;
}

bool is_json_path(const std::string& p) { return p.size() >= 5 && p.compare(p.size() - 5, 5, ".json") == 0; }

std::string comp4_path(const voc_load_options& o, const std::string& cls) {
  return o.results + "/comp4_det_" + o.image_set + "_" + cls + ".txt";
}

}  // namespace

voc_dataset load_voc_dataset(const voc_load_options& o) {
  voc_dataset data = load_ground_truth(o);
  const voc_image_index index(data.image_ids);
  if (is_json_path(o.results)) {
    read_detections_json(o.results, index, o.unknown_images, data);
    if (o.progress) o.progress("results", 1, 1);
  } else {
    const std::size_t nc = data.class_names.size();
    for (std::size_t c = 0; c < nc; ++c) {
      read_comp4_results(comp4_path(o, data.class_names[c]), static_cast<std::uint32_t>(c), index, o.unknown_images,
                         data);
      if (o.progress) o.progress("results", c + 1, nc);
    }
  }
  return data;
}

voc_evaluation evaluate_voc_files(const voc_load_options& o, const voc_options& options, voc_curves curves) {
  voc_dataset data = load_ground_truth(o);
  voc_evaluation out;
  out.objects_of_other_classes = data.objects_of_other_classes;
  out.object_of_other_class_example = data.object_of_other_class_example;
  const voc_image_index index(data.image_ids);
  if (is_json_path(o.results)) {
    read_detections_json(o.results, index, o.unknown_images, data);
    if (o.progress) o.progress("results", 1, 1);
    out.result = evaluate(data, options, curves);
    return out;
  }
  // The core evaluates class by class; only one class's detections are in memory at a time, in
  // buffers reused from class to class.
  voc_set_evaluator ev(data, options, curves);
  const std::size_t nc = data.class_names.size();
  for (std::size_t c = 0; c < nc; ++c) {
    auto& cd = data.detections[0];
    cd.image.clear();
    cd.score.clear();
    cd.box.clear();
    data.skipped_unknown_image_detections = 0;
    read_comp4_results(comp4_path(o, data.class_names[c]), 0, index, o.unknown_images, data);
    ev.add_skipped_unknown_image_detections(data.skipped_unknown_image_detections);
    ev.add_class(c, cd);
    if (o.progress) o.progress("results", c + 1, nc);
  }
  out.result = std::move(ev).result();
  return out;
}

}  // namespace edgemetrics
