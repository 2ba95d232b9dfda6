#include <edgemetrics/detail/parse.hpp>
#include <edgemetrics/io/jtop.hpp>

#include "csv.hpp"
#include "echo.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_set>

namespace edgemetrics {

namespace {

enum class kind : std::uint8_t {
  time,
  uptime,
  cpu,
  gpu,
  ram,
  swap,
  emc,
  iram,
  engine,
  temperature,
  power_cur,
  power_avg,
  power_rail,
  power_total,
  jetson_clocks,
  nvp_model,
  ignored,  // jtop 3.x EMC / IRAM (they hold the RAM value)
  unmapped,
};

struct column {
  kind k = kind::unmapped;
  std::size_t index = 0;  // cpu / gpu number (0-based)
  std::string name;       // engine, sensor or rail name; the header name when unmapped
};

// A bad value in a row: the row is skipped.
struct row_error {
  std::string reason;
};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_engine_name(std::string_view n) {
  static constexpr std::string_view plain[] = {"APE", "VIC", "SE", "OFA", "MSENC", "CVNAS", "NVCSI"};
  for (std::string_view p : plain)
    if (n == p) return true;
  for (std::string_view p : {"NVENC", "NVDEC", "NVJPG"})
    if (starts_with(n, p) && (n.size() == p.size() || digits(n.substr(p.size())))) return true;
  for (std::string_view p : {"DLA", "PVA"})
    if (starts_with(n, p) && n.size() > p.size() && n[p.size()] >= '0' && n[p.size()] <= '9') return true;
  return false;
}

column classify(std::string_view h) {
  column c;
  if (h == "time") {
    c.k = kind::time;
  } else if (h == "uptime") {
    c.k = kind::uptime;
  } else if (starts_with(h, "CPU") && digits(h.substr(3)) && h.substr(3) != "0") {
    std::size_t n = 0;
    if (detail::parse_number(h.substr(3), n) && n >= 1 && n <= 1024) {
      c.k = kind::cpu;
      c.index = n - 1;
    }
  } else if (h == "GPU" || (starts_with(h, "GPU") && digits(h.substr(3)))) {
    std::size_t n = 0;
    if (h == "GPU" || (detail::parse_number(h.substr(3), n) && n <= 64)) {
      c.k = kind::gpu;
      c.index = n;
      c.name = n == 0 ? std::string("GR3D") : "GR3D" + std::to_string(n);
    }
  } else if (h == "RAM") {
    c.k = kind::ram;
  } else if (h == "SWAP") {
    c.k = kind::swap;
  } else if (h == "EMC") {
    c.k = kind::emc;
  } else if (h == "IRAM") {
    c.k = kind::iram;
  } else if (starts_with(h, "Temp ") && h.size() > 5) {
    c.k = kind::temperature;
    c.name = std::string(h.substr(5));
  } else if (h == "power cur") {
    c.k = kind::power_cur;
  } else if (h == "power avg") {
    c.k = kind::power_avg;
  } else if (h == "Power TOT") {
    c.k = kind::power_total;
  } else if (starts_with(h, "Power ") && h.size() > 6) {
    c.k = kind::power_rail;
    c.name = std::string(h.substr(6));
  } else if (h == "jetson_clocks") {
    c.k = kind::jetson_clocks;
  } else if (h == "nvp model") {
    c.k = kind::nvp_model;
  } else if (is_engine_name(h)) {
    c.k = kind::engine;
    c.name = std::string(h);
  }
  if (c.k == kind::unmapped) c.name = std::string(h);
  return c;
}

double number(std::string_view f, const std::string& col) {
  double x = 0;
  if (!detail::parse_number(f, x) || !std::isfinite(x)) {
    throw row_error{col + ": " + detail::echo(f) + " is not a finite number"};
  }
  return x;
}

bool is_off(std::string_view f) { return f == "OFF" || f == "off" || f == "Off"; }

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// "HH:MM:SS[.ffffff]" -> seconds; false if malformed.
bool clock_seconds(std::string_view s, bool hours_unbounded, double& out) {
  const auto c1 = s.find(':');
  if (c1 == std::string_view::npos) return false;
  const auto c2 = s.find(':', c1 + 1);
  if (c2 == std::string_view::npos) return false;
  std::uint64_t h = 0, m = 0;
  double sec = 0;
  if (!digits(s.substr(0, c1)) || !detail::parse_number(s.substr(0, c1), h)) return false;
  if (!digits(s.substr(c1 + 1, c2 - c1 - 1)) || !detail::parse_number(s.substr(c1 + 1, c2 - c1 - 1), m)) return false;
  const std::string_view ss = s.substr(c2 + 1);
  if (ss.empty() || ss.front() < '0' || ss.front() > '9' || !detail::parse_number(ss, sec)) return false;
  if ((!hours_unbounded && h > 23) || m > 59 || !(sec >= 0 && sec < 61)) return false;
  out = static_cast<double>(h) * 3600 + static_cast<double>(m) * 60 + sec;
  return true;
}

double parse_time(std::string_view f) {
  // YYYY-MM-DD HH:MM:SS[.ffffff], or with 'T'; a trailing time zone is not accepted.
  const auto bad = [&] {
    return row_error{"time: " + detail::echo(f) + " is not a date and time (YYYY-MM-DD HH:MM:SS)"};
  };
  if (f.size() < 19 || f[4] != '-' || f[7] != '-' || (f[10] != ' ' && f[10] != 'T')) throw bad();
  std::int64_t y = 0;
  unsigned mo = 0, d = 0;
  if (!digits(f.substr(0, 4)) || !digits(f.substr(5, 2)) || !digits(f.substr(8, 2))) throw bad();
  if (!detail::parse_number(f.substr(0, 4), y) || !detail::parse_number(f.substr(5, 2), mo) ||
      !detail::parse_number(f.substr(8, 2), d) || mo < 1 || mo > 12 || d < 1 || d > 31) {
    throw bad();
  }
  double secs = 0;
  if (!clock_seconds(f.substr(11), false, secs)) throw bad();
  return static_cast<double>(days_from_civil(y, mo, d)) * 86400.0 + secs;
}

double parse_uptime(std::string_view f) {
  // Python's str(timedelta): "[D day[s], ]H:MM:SS[.ffffff]"; a negative day count is refused.
  const auto bad = [&] { return row_error{"uptime: " + detail::echo(f) + " is not a duration ([D days, ]H:MM:SS)"}; };
  double days = 0;
  const auto comma = f.find(", ");
  if (comma != std::string_view::npos) {
    const std::string_view head = f.substr(0, comma);
    const auto sp = head.find(' ');
    if (sp == std::string_view::npos) throw bad();
    const std::string_view word = head.substr(sp + 1);
    std::uint64_t n = 0;
    if (!digits(head.substr(0, sp)) || !detail::parse_number(head.substr(0, sp), n) ||
        (word != "day" && word != "days")) {
      throw bad();
    }
    days = static_cast<double>(n);
    f = f.substr(comma + 2);
  }
  double secs = 0;
  if (!clock_seconds(f, true, secs)) throw bad();
  return days * 86400.0 + secs;
}

bool is_pmic_placeholder(const std::string& name, double c) {
  std::string upper = name;
  for (char& ch : upper) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
  return upper.find("PMIC") != std::string::npos && (c == 50.0 || c == 100.0);
}

jtop_log read_log(detail::csv_reader& in, const jtop_options& options) {
  jtop_log log;
  const std::string& source = in.source();
  std::vector<column> cols;
  std::size_t n_cpus = 0;
  bool have_time = false, have_uptime = false;
  std::vector<std::size_t> engine_order;  // column indices of EMC, GPUs, then engines
  while (in.next()) {
    if (in.records() == 1) {
      std::unordered_set<std::string_view> seen;
      bool any = false;
      for (std::size_t i = 0; i < in.size(); ++i) {
        if (!seen.insert(in[i]).second) throw parse_error(source, in.line(), std::string(in[i]), "duplicate column");
        log.columns.emplace_back(in[i]);
        cols.push_back(classify(in[i]));
        const column& c = cols.back();
        if (c.k != kind::unmapped) any = true;
        if (c.k == kind::unmapped) log.unmapped_columns.emplace_back(in[i]);
        if (c.k == kind::cpu) n_cpus = std::max(n_cpus, c.index + 1);
        if (c.k == kind::power_rail || c.k == kind::power_total) log.jtop_major = 4;
        if ((c.k == kind::power_cur || c.k == kind::power_avg) && log.jtop_major == 0) log.jtop_major = 3;
        have_time = have_time || c.k == kind::time;
        have_uptime = have_uptime || c.k == kind::uptime;
      }
      if (!any) {
        throw parse_error(source, in.line(), "",
                          "not a jtop CSV log: the header has none of jtop's columns (time, uptime, CPU1, RAM, "
                          "Temp ..., power cur, Power TOT, ...)");
      }
      for (int pass = 0; pass < 3; ++pass) {
        for (std::size_t i = 0; i < cols.size(); ++i) {
          const kind k = cols[i].k;
          if ((pass == 0 && k == kind::emc && log.jtop_major != 3) || (pass == 1 && k == kind::gpu) ||
              (pass == 2 && k == kind::engine)) {
            engine_order.push_back(i);
          }
        }
      }
      if (log.jtop_major == 3) {
        for (column& c : cols)
          if (c.k == kind::emc || c.k == kind::iram) c.k = kind::ignored;
      }
      continue;
    }
    if (in.size() != cols.size()) {
      log.skipped_rows.push_back({in.line(), "the row has " + std::to_string(in.size()) + " fields, the header " +
                                                 std::to_string(cols.size())});
      continue;
    }
    try {
      hardware_sample s;
      jtop_row_info info;
      s.cpus.resize(n_cpus);
      std::vector<engine_state> engines(cols.size());
      std::optional<double> cur, avg, total;
      for (std::size_t i = 0; i < cols.size(); ++i) {
        const column& c = cols[i];
        const std::string_view f = in[i];
        if (f.empty()) continue;  // DictWriter's restval: not measured
        const std::string& name = log.columns[i];
        switch (c.k) {
          case kind::time:
            s.time_s = parse_time(f);
            s.timestamped = true;
            break;
          case kind::uptime:
            info.uptime_s = parse_uptime(f);
            break;
          case kind::cpu:
            if (is_off(f)) {
              s.cpus[c.index].online = false;
            } else {
              s.cpus[c.index].load_percent = number(f, name);
            }
            break;
          case kind::gpu:
          case kind::emc:
            engines[i].name = c.k == kind::emc ? std::string("EMC") : c.name;
            if (is_off(f)) {
              engines[i].online = false;
            } else {
              engines[i].load_percent = number(f, name);
            }
            break;
          case kind::engine:
            engines[i].name = c.name;
            if (is_off(f)) {
              engines[i].online = false;
            } else {
              const double v = number(f, name);
              engines[i].frequencies_mhz.push_back(log.jtop_major == 3 ? v : v / 1000.0);
            }
            break;
          case kind::ram:
          case kind::swap: {
            const double v = number(f, name);
            const bool fraction = log.jtop_major == 4 || (log.jtop_major == 0 && c.k == kind::ram && v <= 1.0);
            const bool ram = c.k == kind::ram;
            if (fraction) {
              (ram ? info.ram_fraction : info.swap_fraction) = v;
            } else {
              (ram ? info.ram_used_mb : info.swap_used_mb) = ram ? v / 1024.0 : v;
            }
            const std::optional<double>& total_mb = ram ? options.ram_total_mb : options.swap_total_mb;
            if (total_mb)
              (ram ? s.ram : s.swap) = memory_usage{fraction ? v * *total_mb : (ram ? v / 1024.0 : v), *total_mb};
            break;
          }
          case kind::iram:
            info.iram_fraction = number(f, name);
            break;
          case kind::temperature: {
            const double v = number(f, name);
            s.temperatures.push_back({c.name, v, !(v <= -256.0) && !is_pmic_placeholder(c.name, v)});
            break;
          }
          case kind::power_cur:
            cur = number(f, name);
            break;
          case kind::power_avg:
            avg = number(f, name);
            break;
          case kind::power_total:
            total = number(f, name);
            break;
          case kind::power_rail:
            s.rails.push_back({c.name, number(f, name), std::nullopt});
            break;
          case kind::jetson_clocks:
            if (f == "ON" || f == "on" || f == "True") {
              info.jetson_clocks = true;
            } else if (f == "OFF" || f == "off" || f == "False") {
              info.jetson_clocks = false;
            } else {
              throw row_error{"jetson_clocks: " + detail::echo(f) + " is neither ON nor OFF"};
            }
            break;
          case kind::nvp_model:
            info.nvp_model = std::string(f);
            break;
          case kind::ignored:
            break;
          case kind::unmapped:
            s.unknown_tokens.push_back(name + "=" + std::string(f));
            break;
        }
      }
      if (!have_time) {
        if (have_uptime && info.uptime_s) {
          s.time_s = *info.uptime_s;
          s.timestamped = true;
        } else {
          s.time_s = static_cast<double>(log.samples.size()) * options.interval_s;
        }
      }
      for (std::size_t i : engine_order)
        if (!engines[i].name.empty()) s.engines.push_back(std::move(engines[i]));
      // The board total (FORMAT_NOTES: jtop takes the input rail POM_5V_IN / VDD_IN where the
      // board has one, else the sum of the rails; jtop 4.x removes the input rail from the list).
      if (cur) {
        s.rails.push_back({"TOT", *cur, avg});
        s.total_power_mw = *cur;
        s.power_rule = total_power_rule::input_rail;
      } else if (total || !s.rails.empty()) {
        double sum = 0;
        const power_rail* input = nullptr;
        for (const power_rail& r : s.rails) {
          sum += r.instant_mw;
          if (r.name == "VDD_IN" || r.name == "POM_5V_IN") input = &r;
        }
        if (total) {
          s.total_power_mw = *total;
          s.power_rule = !s.rails.empty() && std::fabs(sum - *total) <= 0.5 * static_cast<double>(s.rails.size())
                             ? total_power_rule::sum_of_rails
                             : total_power_rule::input_rail;
        } else if (input != nullptr) {
          s.total_power_mw = input->instant_mw;
          s.power_rule = total_power_rule::input_rail;
        } else {
          s.total_power_mw = sum;
          s.power_rule = total_power_rule::sum_of_rails;
        }
      }
      log.samples.push_back(std::move(s));
      log.info.push_back(std::move(info));
    } catch (const row_error& e) {
      log.skipped_rows.push_back({in.line(), e.reason});
    }
  }
  if (in.records() == 0) throw parse_error(source, 0, "", "no header: not a jtop CSV log");
  log.skipped_lines = in.skipped_lines();
  return log;
}

detail::csv_options csv_of(const jtop_options& options) {
  detail::csv_options o;
  o.delimiter = options.delimiter;
  o.same_field_count = false;  // a log cut mid-row: that row is skipped, not the file
  return o;
}

}  // namespace

jtop_log parse_jtop_csv(std::string_view text, const std::string& source, const jtop_options& options) {
  detail::csv_reader in(text, source, csv_of(options));
  return read_log(in, options);
}

jtop_log read_jtop_csv(const std::string& path, const jtop_options& options) {
  detail::csv_reader in(path, csv_of(options));
  return read_log(in, options);
}

}  // namespace edgemetrics
