#include <edgemetrics/hardware/power.hpp>
#include <edgemetrics/io/tegrastats.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

namespace edgemetrics {

namespace {

constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_name_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '_';
}
constexpr bool is_name(std::string_view s) noexcept {
  if (s.empty() || is_digit(s.front())) return false;
  for (const char c : s)
    if (!is_name_char(c)) return false;
  return true;
}
bool starts_with(std::string_view s, std::string_view p) noexcept { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) noexcept {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// A finite number, the whole of `s` (no sign other than '-', as tegrastats prints).
bool number(std::string_view s, double& out) noexcept {
  if (s.empty()) return false;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  const auto r = std::from_chars(first, last, out, std::chars_format::fixed);
  return r.ec == std::errc() && r.ptr == last && std::isfinite(out);
}

// Strips a trailing unit; true when `s` ended with it.
bool strip(std::string_view& s, std::string_view unit) noexcept {
  if (!ends_with(s, unit)) return false;
  s.remove_suffix(unit.size());
  return true;
}

enum class time_form { none, out_of_range, valid };

// MM-DD-YYYY HH:MM:SS -> seconds since the epoch of that calendar time (no time zone).
time_form civil_time(std::string_view d, std::string_view t, double& out) noexcept {
  if (d.size() != 10 || t.size() != 8 || d[2] != '-' || d[5] != '-' || t[2] != ':' || t[5] != ':')
    return time_form::none;
  const auto num = [](std::string_view s, int& v) {
    v = 0;
    for (const char c : s) {
      if (!is_digit(c)) return false;
      v = v * 10 + (c - '0');
    }
    return true;
  };
  int mo = 0, da = 0, y = 0, h = 0, mi = 0, se = 0;
  if (!num(d.substr(0, 2), mo) || !num(d.substr(3, 2), da) || !num(d.substr(6, 4), y) || !num(t.substr(0, 2), h) ||
      !num(t.substr(3, 2), mi) || !num(t.substr(6, 2), se))
    return time_form::none;
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59 || se > 60) return time_form::out_of_range;
  // Howard Hinnant's days_from_civil.
  const int yy = y - (mo <= 2 ? 1 : 0);
  const int era = yy / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + da - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const long long days = static_cast<long long>(era) * 146097 + doe - 719468;
  out = static_cast<double>(days * 86400 + h * 3600 + mi * 60 + se);
  return time_form::valid;
}

// The tokens of one line, split on runs of whitespace (no allocation once warm).
struct tokens {
  std::vector<std::string_view> items;
  void split(std::string_view line) {
    items.clear();
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && is_space(line[i])) ++i;
      const std::size_t start = i;
      while (i < line.size() && !is_space(line[i])) ++i;
      if (i > start) items.push_back(line.substr(start, i - start));
    }
  }
};

class line_parser {
 public:
  line_parser(const std::vector<std::string_view>& t, const std::string& source, std::size_t line_no,
              hardware_sample& s)
      : t_(t), source_(source), line_no_(line_no), s_(s) {}

  void run() {
    std::size_t known = 0;
    if (t_.size() >= 2 && timestamp(t_[0], t_[1])) {
      i_ = 2;
      ++known;
    }
    while (i_ < t_.size()) {
      const std::string_view tok = t_[i_];
      if (field(tok))
        ++known;
      else {
        s_.unknown_tokens.emplace_back(tok);
        ++i_;
      }
    }
    if (known == 0) fail("", "no tegrastats field in the line");
    order_engines();
    set_total_power(s_);
  }

 private:
  [[noreturn]] void fail(std::string_view field, const std::string& problem) const {
    throw parse_error(source_, line_no_, std::string(field), problem);
  }
  [[noreturn]] void bad_value(std::string_view field, std::string_view value) const {
    fail(field, "malformed value '" + std::string(value) + "'");
  }
  std::string_view next_or_empty() const noexcept { return i_ + 1 < t_.size() ? t_[i_ + 1] : std::string_view(); }

  bool timestamp(std::string_view d, std::string_view t) {
    double secs = 0;
    switch (civil_time(d, t, secs)) {
      case time_form::none:
        return false;
      case time_form::out_of_range:
        fail(std::string(d) + " " + std::string(t), "not a valid MM-DD-YYYY HH:MM:SS time");
      case time_form::valid:
        break;
    }
    s_.time_s = secs;
    s_.timestamped = true;
    return true;
  }

  // One field starting at t_[i_]; false (nothing consumed) when the token is not a known form.
  bool field(std::string_view tok) {
    if (tok == "RAM" || tok == "SWAP" || tok == "IRAM") return memory(tok);
    if ((tok == "CPU" || tok == "cpu") && starts_with(next_or_empty(), "[")) return cpus(tok);
    if (tok == "MTS" && mts()) return true;
    if (temperature(tok)) return true;
    // Units and rails are upper case (GR3D_FREQ, NVENC0, VDD_IN); lower-case words are not fields.
    if (!is_name(tok) || (tok.front() >= 'a' && tok.front() <= 'z') || i_ + 1 >= t_.size()) return false;
    const std::string_view value = t_[i_ + 1];
    if (rail(tok, value)) return true;
    // A value with '/' or a rail's name with another value is a broken rail (a truncated line):
    // taking "VDD_IN 17" as a clock would silently change the board total.
    if (value.find('/') != std::string_view::npos || looks_like_rail(tok))
      fail(tok, "malformed power rail value '" + std::string(value) + "' (expected cur/avg, in mW)");
    return engine(tok, value);
  }

  static bool looks_like_rail(std::string_view name) noexcept {
    return starts_with(name, "VDD_") || starts_with(name, "POM_") || starts_with(name, "VIN_") || is_input_rail(name);
  }

  // Skips a parenthesised group that starts in `first` (after its '(') and may span tokens;
  // `*inner` receives its text when it lies in one or two tokens.
  void group(std::string_view field_name, std::string_view first, std::vector<std::string_view>* words) {
    std::string_view part = first;
    for (;;) {
      const std::size_t close = part.find(')');
      if (close != std::string_view::npos) {
        if (close + 1 != part.size()) bad_value(field_name, part);
        if (words && close > 0) words->push_back(part.substr(0, close));
        ++i_;
        return;
      }
      if (words && !part.empty()) words->push_back(part);
      ++i_;
      if (i_ >= t_.size()) fail(field_name, "unclosed '('");
      part = t_[i_];
      if (part.find('(') != std::string_view::npos) bad_value(field_name, part);
    }
  }

  // used/total<unit> in MB; unit MB, kB or GB.
  static bool megabytes(std::string_view v, double& used, double& total) {
    double scale = 1;
    if (strip(v, "kB") || strip(v, "KB"))
      scale = 1.0 / 1024;
    else if (strip(v, "GB"))
      scale = 1024;
    else if (!strip(v, "MB"))
      return false;
    const std::size_t slash = v.find('/');
    if (slash == std::string_view::npos) return false;
    if (!number(v.substr(0, slash), used) || !number(v.substr(slash + 1), total)) return false;
    if (used < 0 || total < 0) return false;
    used *= scale;
    total *= scale;
    return true;
  }

  bool memory(std::string_view name) {
    if (i_ + 1 >= t_.size()) fail(name, "missing value");
    std::string_view v = t_[++i_];
    std::string_view rest;
    const std::size_t open = v.find('(');
    if (open != std::string_view::npos) {  // IRAM 0/252kB(lfb 252kB)
      rest = v.substr(open + 1);
      v = v.substr(0, open);
    }
    memory_usage m;
    if (!megabytes(v, m.used_mb, m.total_mb)) bad_value(name, t_[i_]);
    std::vector<std::string_view> words;
    if (open != std::string_view::npos) {
      group(name, rest, &words);
    } else {
      ++i_;
      if (i_ < t_.size() && starts_with(t_[i_], "(")) group(name, t_[i_].substr(1), &words);
    }
    if (name == "RAM")
      s_.ram = m;
    else if (name == "IRAM")
      s_.iram = m;
    else {
      s_.swap = m;
      // (cached NMB)
      if (words.size() == 2 && words[0] == "cached") {
        std::string_view c = words[1];
        double mb = 0;
        if (strip(c, "MB") && number(c, mb))
          s_.swap_cached_mb = mb;
        else if (strip(c, "kB") && number(c, mb))
          s_.swap_cached_mb = mb / 1024;
        else
          bad_value("SWAP cached", words[1]);
      }
    }
    return true;
  }

  // "[a,b,...]" possibly followed by "@F" (L4T 28), possibly split over tokens.
  bool cpus(std::string_view name) {
    ++i_;
    std::string joined;
    std::string_view v = t_[i_];
    if (v.find(']') == std::string_view::npos) {  // a list broken by spaces: join it
      joined.assign(v);
      while (joined.find(']') == std::string::npos) {
        ++i_;
        if (i_ >= t_.size()) fail(name, "unclosed '['");
        joined.append(t_[i_]);
      }
      v = joined;
    }
    ++i_;
    const std::size_t close = v.find(']');
    std::string_view list = v.substr(1, close - 1);
    std::string_view after = v.substr(close + 1);
    std::optional<double> common_freq;
    if (!after.empty()) {
      double f = 0;
      if (after.front() != '@' || !number(after.substr(1), f) || f < 0) bad_value(name, v);
      common_freq = f;
    }
    s_.cpus.clear();
    while (!list.empty()) {
      const std::size_t comma = list.find(',');
      const std::string_view c = list.substr(0, comma);
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      if (comma != std::string_view::npos && list.empty()) bad_value(name, v);  // trailing comma
      cpu_core core;
      if (c == "off") {
        core.online = false;
      } else {
        const std::size_t pct = c.find('%');
        double load = 0;
        if (pct == std::string_view::npos || !number(c.substr(0, pct), load) || load < 0) bad_value(name, c);
        core.load_percent = load;
        const std::string_view f = c.substr(pct + 1);
        if (!f.empty()) {
          double mhz = 0;
          if (f.front() != '@' || !number(f.substr(1), mhz) || mhz < 0) bad_value(name, c);
          core.frequency_mhz = mhz;
        } else if (common_freq) {
          core.frequency_mhz = common_freq;
        }
      }
      s_.cpus.push_back(core);
    }
    return true;
  }

  // MTS fg X% bg Y%
  bool mts() {
    if (i_ + 4 >= t_.size() || t_[i_ + 1] != "fg" || t_[i_ + 3] != "bg") return false;
    double fg = 0, bg = 0;
    std::string_view a = t_[i_ + 2], b = t_[i_ + 4];
    if (!strip(a, "%") || !strip(b, "%") || !number(a, fg) || !number(b, bg)) return false;
    engine_state e;
    e.name = "MTS fg";
    e.load_percent = fg;
    s_.engines.push_back(e);
    e.name = "MTS bg";
    e.load_percent = bg;
    s_.engines.push_back(std::move(e));
    i_ += 5;
    return true;
  }

  // NAME@T C, NAME@T1C/T2C (JetPack 7: the first is kept).
  bool temperature(std::string_view tok) {
    const std::size_t at = tok.find('@');
    if (at == std::string_view::npos || at == 0 || !is_name(tok.substr(0, at))) return false;
    std::string_view v = tok.substr(at + 1);
    const std::size_t slash = v.find('/');
    std::string_view second;
    if (slash != std::string_view::npos) {
      second = v.substr(slash + 1);
      v = v.substr(0, slash);
    }
    if (!strip(v, "C")) return false;  // e.g. "NVENC0_FREQ@..." is no temperature
    double c = 0;
    if (!number(v, c)) bad_value(tok.substr(0, at), tok);
    if (!second.empty()) {
      double c2 = 0;
      if (!strip(second, "C") || !number(second, c2)) bad_value(tok.substr(0, at), tok);
    } else if (slash != std::string_view::npos) {
      bad_value(tok.substr(0, at), tok);
    }
    temperature_reading r;
    r.name.assign(tok.substr(0, at));
    r.celsius = c;
    const bool pmic = r.name == "PMIC" || r.name == "pmic";
    r.valid = !(c <= -256) && !(pmic && (c == 100 || c == 50));
    s_.temperatures.push_back(std::move(r));
    ++i_;
    return true;
  }

  // cur/avg (JetPack 4, no unit), curmW/avgmW (5/6), curmW/avgmW/xmW (7).
  bool rail(std::string_view name, std::string_view v) {
    const std::size_t slash = v.find('/');
    if (slash == std::string_view::npos) return false;
    std::string_view parts[3];
    std::size_t n = 0;
    std::string_view rest = v;
    while (n < 3) {
      const std::size_t p = rest.find('/');
      parts[n++] = rest.substr(0, p);
      if (p == std::string_view::npos) {
        rest = {};
        break;
      }
      rest = rest.substr(p + 1);
      if (n == 3) return false;  // four or more values: not a rail
    }
    if (n < 2) return false;
    double values[3] = {0, 0, 0};
    bool unit = false;
    for (std::size_t k = 0; k < n; ++k) {
      std::string_view p = parts[k];
      const bool mw = strip(p, "mW");
      if (k == 0) unit = mw;
      if (mw != unit || !number(p, values[k])) return false;
    }
    if (n == 3 && !unit) return false;
    power_rail r;
    r.name.assign(name);
    r.instant_mw = values[0];
    r.average_mw = values[1];
    s_.rails.push_back(std::move(r));
    i_ += 2;
    return true;
  }

  // "@[F,F,...]" or "@F" -> the frequencies; false when malformed.
  static bool clocks(std::string_view v, std::vector<double>& out) {
    if (v.empty() || v.front() != '@') return false;
    v.remove_prefix(1);
    if (!v.empty() && v.front() == '[') {
      if (v.size() < 2 || v.back() != ']') return false;
      v = v.substr(1, v.size() - 2);
      if (v.empty()) return true;
      for (;;) {
        const std::size_t comma = v.find(',');
        double f = 0;
        if (!number(v.substr(0, comma), f) || f < 0) return false;
        out.push_back(f);
        if (comma == std::string_view::npos) return true;
        v = v.substr(comma + 1);
      }
    }
    double f = 0;
    if (!number(v, f) || f < 0) return false;
    out.push_back(f);
    return true;
  }

  // off | L% | L%@clocks | @clocks | F
  bool engine(std::string_view name, std::string_view v) {
    engine_state e;
    if (v == "off") {
      e.online = false;
    } else if (v.front() == '@') {
      if (!clocks(v, e.frequencies_mhz)) return false;
    } else {
      const std::size_t pct = v.find('%');
      double x = 0;
      if (pct == std::string_view::npos) {
        if (!number(v, x) || x < 0) return false;
        e.frequencies_mhz.push_back(x);
      } else {
        if (!number(v.substr(0, pct), x) || x < 0) return false;
        e.load_percent = x;
        const std::string_view rest = v.substr(pct + 1);
        if (!rest.empty() && !clocks(rest, e.frequencies_mhz)) return false;
      }
    }
    std::string_view n = name;
    strip(n, "_FREQ");
    if (n.empty()) n = name;
    e.name.assign(n);
    s_.engines.push_back(std::move(e));
    i_ += 2;
    return true;
  }

  // EMC first, then GR3D, then the others as printed (hardware_sample's documented order).
  void order_engines() {
    auto& es = s_.engines;
    std::size_t front = 0;
    for (const char* name : {"EMC", "GR3D"}) {
      for (std::size_t k = front; k < es.size(); ++k) {
        if (es[k].name == name) {
          std::rotate(es.begin() + static_cast<std::ptrdiff_t>(front), es.begin() + static_cast<std::ptrdiff_t>(k),
                      es.begin() + static_cast<std::ptrdiff_t>(k) + 1);
          ++front;
          break;
        }
      }
    }
  }

  const std::vector<std::string_view>& t_;
  const std::string& source_;
  std::size_t line_no_;
  hardware_sample& s_;
  std::size_t i_ = 0;
};

void clear(hardware_sample& s) {
  s.time_s = 0;
  s.timestamped = false;
  s.ram.reset();
  s.swap.reset();
  s.swap_cached_mb.reset();
  s.iram.reset();
  s.cpus.clear();
  s.engines.clear();
  s.temperatures.clear();
  s.rails.clear();
  s.total_power_mw.reset();
  s.power_rule = total_power_rule::none;
  s.unknown_tokens.clear();
}

thread_local tokens line_tokens;

void check(const tegrastats_options& o) {
  if (!(std::isfinite(o.interval_s) && o.interval_s > 0)) {
    throw std::invalid_argument("edgemetrics::read_tegrastats: interval_s must be finite and > 0, got " +
                                std::to_string(o.interval_s));
  }
  if (!std::isfinite(o.start_s)) throw std::invalid_argument("edgemetrics::read_tegrastats: start_s must be finite");
}

// The per-line loop shared by the in-memory and the streaming readers.
class log_reader {
 public:
  log_reader(const std::string& source, const tegrastats_options& options, const tegrastats_callback& on_sample)
      : source_(source), options_(options), on_sample_(on_sample) {
    check(options);
  }

  void line(std::string_view text) {
    ++stats_.lines;
    const std::size_t line_no = stats_.lines;
    std::size_t b = 0, e = text.size();
    while (b < e && is_space(text[b])) ++b;
    while (e > b && is_space(text[e - 1])) --e;
    if (b == e) return;
    const double slot = options_.start_s + options_.interval_s * static_cast<double>(index_++);
    try {
      parse_tegrastats_line(text.substr(b, e - b), source_, line_no, sample_);
    } catch (const parse_error& err) {
      skip(line_no, err.what());
      return;
    }
    if (!sample_.timestamped || options_.ignore_timestamps) {
      sample_.time_s = slot;
      sample_.timestamped = false;
    }
    ++stats_.samples;
    stats_.unknown_tokens += sample_.unknown_tokens.size();
    if (on_sample_) on_sample_(sample_);
  }

  void skip(std::size_t line_no, std::string message) {
    ++stats_.skipped_lines;
    if (stats_.skipped.size() < options_.max_reported_skips) stats_.skipped.push_back({line_no, std::move(message)});
  }
  // A line too long to hold: counted as a line and a time slot, and skipped.
  void overlong() {
    ++stats_.lines;
    ++index_;
    skip(stats_.lines, source_ + ":" + std::to_string(stats_.lines) + ": line longer than 1 MiB");
  }

  tegrastats_stats take() { return std::move(stats_); }

 private:
  const std::string& source_;
  const tegrastats_options& options_;
  const tegrastats_callback& on_sample_;
  tegrastats_stats stats_;
  hardware_sample sample_;
  std::size_t index_ = 0;
};

const std::string default_source = "<tegrastats>";

struct fd_guard {
  int fd;
  bool owned;
  ~fd_guard() {
    if (owned) ::close(fd);
  }
};

}  // namespace

void parse_tegrastats_line(std::string_view line, const std::string& source, std::size_t line_number,
                           hardware_sample& out) {
  clear(out);
  tokens& t = line_tokens;
  t.split(line);
  line_parser(t.items, source, line_number, out).run();
}

hardware_sample parse_tegrastats_line(std::string_view line, const std::string& source, std::size_t line_number) {
  hardware_sample s;
  parse_tegrastats_line(line, source, line_number, s);
  return s;
}

std::optional<double> parse_tegrastats_time(std::string_view text) {
  tokens t;
  t.split(text);
  double secs = 0;
  if (t.items.size() != 2 || civil_time(t.items[0], t.items[1], secs) != time_form::valid) return std::nullopt;
  return secs;
}

hardware_sample parse_tegrastats_line(std::string_view line) { return parse_tegrastats_line(line, default_source, 0); }

tegrastats_stats parse_tegrastats(std::string_view text, const std::string& source, const tegrastats_options& options,
                                  const tegrastats_callback& on_sample) {
  log_reader r(source, options, on_sample);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    r.line(text.substr(start, end - start));
    start = end + 1;
  }
  return r.take();
}

tegrastats_stats read_tegrastats(const std::string& path, const tegrastats_options& options,
                                 const tegrastats_callback& on_sample) {
  const bool stdin_ = path == "-";
  const std::string source = stdin_ ? std::string("<stdin>") : path;
  log_reader r(source, options, on_sample);
  const int fd = stdin_ ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw parse_error(source, 0, "", std::string("cannot open file: ") + std::strerror(errno));
  const fd_guard guard{fd, !stdin_};
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) throw parse_error(source, 0, "", "is a directory, not a file");
  constexpr std::size_t chunk = std::size_t{1} << 20;
  std::string buf(chunk, '\0');
  std::size_t have = 0;     // bytes in buf
  bool discarding = false;  // inside an overlong line
  for (;;) {
    if (have == buf.size()) {  // a full buffer without a newline: the line is too long
      if (!discarding) r.overlong();
      discarding = true;
      have = 0;
    }
    const ssize_t got = ::read(fd, &buf[have], buf.size() - have);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw parse_error(source, 0, "", std::string("read error: ") + std::strerror(errno));
    }
    if (got == 0) break;
    const std::size_t end = have + static_cast<std::size_t>(got);
    std::size_t start = 0;
    for (;;) {
      const void* nl = std::memchr(buf.data() + start, '\n', end - start);
      if (nl == nullptr) break;
      const std::size_t pos = static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data());
      if (discarding)
        discarding = false;
      else
        r.line(std::string_view(buf.data() + start, pos - start));
      start = pos + 1;
    }
    // Keep the incomplete last line at the front of the buffer.
    have = end - start;
    if (start > 0 && have > 0) std::memmove(&buf[0], buf.data() + start, have);
  }
  if (have > 0 && !discarding) r.line(std::string_view(buf.data(), have));
  return r.take();
}

tegrastats_log parse_tegrastats(std::string_view text, const std::string& source, const tegrastats_options& options) {
  tegrastats_log log;
  log.stats = parse_tegrastats(text, source, options, [&](const hardware_sample& s) { log.samples.push_back(s); });
  return log;
}

tegrastats_log read_tegrastats(const std::string& path, const tegrastats_options& options) {
  tegrastats_log log;
  log.stats = read_tegrastats(path, options, [&](const hardware_sample& s) { log.samples.push_back(s); });
  return log;
}

}  // namespace edgemetrics
