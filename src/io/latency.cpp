#include <edgemetrics/detail/parse.hpp>
#include <edgemetrics/io/file.hpp>
#include <edgemetrics/io/latency.hpp>
#include <edgemetrics/timing/summary.hpp>

#include "csv.hpp"
#include "echo.hpp"
#include "file.hpp"
#include "json_input.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

namespace edgemetrics {

namespace {

double json_latency(const nlohmann::json& v, const std::string& source, const std::string& element) {
  if (!v.is_number()) throw parse_error(source, 0, element, "expected a number, got " + detail::json_excerpt(v));
  const double x = v.get<double>();
  if (!is_valid_latency_ms(x))
    throw parse_error(source, 0, element, "latency must be >= 0 and <= 1e15 ms, got " + detail::json_excerpt(v));
  return x;
}

// How a path is named in messages: "<stdin>" for "-".
std::string source_of(const std::string& path) { return detail::source_name(path); }

}  // namespace

namespace {

detail::csv_options csv_of(char delimiter) {
  detail::csv_options o;
  o.delimiter = delimiter;
  return o;
}

// The header's column names for a message: 'a', 'b', 'c' (at most 20).
std::string column_list(const std::vector<std::string_view>& fields) {
  std::string s;
  for (std::size_t i = 0; i < fields.size() && i < 20; ++i) s += (i > 0 ? ", " : "") + detail::echo(fields[i]);
  if (fields.size() > 20) s += ", ... (" + std::to_string(fields.size()) + " columns)";
  return s;
}

bool ends_with_ms(std::string_view name) {
  if (name.size() < 3) return false;
  const std::string_view tail = name.substr(name.size() - 3);
  return tail[0] == '_' && (tail[1] == 'm' || tail[1] == 'M') && (tail[2] == 's' || tail[2] == 'S');
}

// Reads the columns `wanted` (header names, or 0-based indices without a header; empty: the one
// column the rule of latency_csv_options::column picks) of one CSV in one pass. `names` gets the
// name of each column read: its header name, or "latency" without a header.
std::vector<std::vector<double>> read_csv_columns(detail::csv_reader& in, const latency_csv_options& options,
                                                  const std::vector<std::string>& wanted,
                                                  std::vector<std::string>& names) {
  const std::string& source = in.source();
  std::vector<std::size_t> cols;
  std::vector<std::string> labels;  // the field named in messages
  std::vector<std::vector<double>> out;
  bool have_header = false;
  const auto choose = [&]() {
    // Called on the first record.
    const auto& f = in.fields();
    double probe = 0;
    const bool header = options.header && !(wanted.empty() && detail::parse_number(f[0], probe));
    if (!header) {
      if (wanted.empty()) {
        if (f.size() != 1) {
          throw parse_error(source, in.line(), "",
                            "the first line is data with " + std::to_string(f.size()) +
                                " fields and no column is chosen: choose one by its 0-based index (--no-header "
                                "--column N), or add a header");
        }
        cols.push_back(0);
        labels.emplace_back("column 0");
        names.emplace_back("latency");
        return false;
      }
      for (const std::string& w : wanted) {
        std::size_t c = 0;
        if (!detail::parse_number(w, c)) {
          throw parse_error(source, 0, w, "without a header the column must be a 0-based index");
        }
        if (c >= f.size()) {
          throw parse_error(
              source, in.line(), w,
              "missing field (line has " + std::to_string(f.size()) + " field" + (f.size() == 1 ? "" : "s") + ")");
        }
        cols.push_back(c);
        labels.push_back(w);
        names.push_back(w);
      }
      return false;
    }
    if (wanted.empty()) {
      std::size_t chosen = f.size();
      if (f.size() == 1) {
        chosen = 0;
      } else {
        std::size_t n_ms = 0;
        for (std::size_t i = 0; i < f.size(); ++i) {
          if (ends_with_ms(f[i])) {
            chosen = i;
            ++n_ms;
          }
        }
        if (n_ms != 1) {
          throw parse_error(source, in.line(), "",
                            std::to_string(f.size()) + " columns (" + column_list(f) + ") and " +
                                (n_ms == 0 ? std::string("none") : std::to_string(n_ms)) +
                                " whose name ends in _ms: choose the column of latencies (--column NAME)");
        }
      }
      cols.push_back(chosen);
      labels.emplace_back(f[chosen]);
      names.emplace_back(f[chosen]);
      return true;
    }
    for (const std::string& w : wanted) {
      const auto it = std::find(f.begin(), f.end(), std::string_view(w));
      if (it == f.end()) {
        throw parse_error(source, in.line(), w, "no such column in the header (" + column_list(f) + ")");
      }
      cols.push_back(static_cast<std::size_t>(it - f.begin()));
      labels.push_back(w);
      names.push_back(w);
    }
    return true;
  };
  while (in.next()) {
    if (in.records() == 1) {
      have_header = choose();
      out.resize(cols.size());
      if (have_header) continue;
    }
    for (std::size_t k = 0; k < cols.size(); ++k) {
      const std::string_view f = in[cols[k]];
      double x = 0;
      if (!detail::parse_number(f, x))
        throw parse_error(source, in.line(), labels[k], detail::echo(f) + " is not a number");
      x *= options.scale_to_ms;
      if (!is_valid_latency_ms(x)) {
        throw parse_error(source, in.line(), labels[k], "latency must be >= 0 and <= 1e15 ms, got " + detail::echo(f));
      }
      out[k].push_back(x);
    }
  }
  if (out.empty()) {  // no record at all: the wanted columns, empty
    out.resize(std::max<std::size_t>(wanted.size(), 1));
    if (wanted.empty()) names.emplace_back("latency");
    for (const std::string& w : wanted) names.push_back(w);
  }
  return out;
}

std::vector<double> one_column(detail::csv_reader& in, const latency_csv_options& options, std::string* name) {
  std::vector<std::string> wanted;
  if (!options.column.empty()) wanted.push_back(options.column);
  std::vector<std::string> names;
  auto cols = read_csv_columns(in, options, wanted, names);
  if (name != nullptr) *name = names.front();
  return std::move(cols.front());
}

latency_trace stages_of(detail::csv_reader& in, const std::vector<std::string>& columns,
                        const latency_csv_options& options) {
  std::vector<std::string> names;
  auto cols = read_csv_columns(in, options, columns, names);
  latency_trace t;
  t.stages.reserve(cols.size());
  for (std::size_t k = 0; k < cols.size(); ++k) t.stages.push_back({columns[k], std::move(cols[k])});
  return t;
}

latency_trace csv_trace(detail::csv_reader& in, const latency_file_options& options) {
  if (!options.columns.empty()) return stages_of(in, options.columns, options.csv);
  latency_trace t;
  std::string name;
  std::vector<double> ms = one_column(in, options.csv, &name);
  t.stages.push_back({options.csv.column.empty() ? name : options.csv.column, std::move(ms)});
  return t;
}

void check_csv_warmup(const latency_file_options& options, const std::string& source) {
  if (options.trtexec.warmup_ms > 0) {
    throw parse_error(source, 0, "warmup_ms",
                      "a warm-up by time applies to trtexec --exportTimes files only (this is a CSV file); "
                      "use a warm-up by count");
  }
}

}  // namespace

std::vector<double> parse_latency_csv(std::string_view text, const std::string& source,
                                      const latency_csv_options& options) {
  detail::csv_reader in(text, source, csv_of(options.delimiter));
  return one_column(in, options, nullptr);
}

std::vector<double> read_latency_csv(const std::string& path, const latency_csv_options& options) {
  detail::csv_reader in(path, csv_of(options.delimiter));
  return one_column(in, options, nullptr);
}

latency_trace parse_latency_csv_stages(std::string_view text, const std::string& source,
                                       const std::vector<std::string>& columns, const latency_csv_options& options) {
  detail::csv_reader in(text, source, csv_of(options.delimiter));
  return stages_of(in, columns, options);
}

latency_trace read_latency_csv_stages(const std::string& path, const std::vector<std::string>& columns,
                                      const latency_csv_options& options) {
  detail::csv_reader in(path, csv_of(options.delimiter));
  return stages_of(in, columns, options);
}

std::vector<double> parse_latency_json(std::string_view text, const std::string& source, const std::string& key) {
  const nlohmann::json doc = detail::parse_json(text, source);
  const nlohmann::json* arr = &doc;
  std::string prefix;
  if (!key.empty()) {
    if (!doc.is_object() || !doc.contains(key)) {
      throw parse_error(source, 0, key, "expected an object with member '" + key + "'");
    }
    arr = &doc.at(key);
    prefix = key;
  }
  if (!arr->is_array()) throw parse_error(source, 0, prefix, "expected a JSON array of latencies (ms)");
  std::vector<double> out;
  out.reserve(arr->size());
  for (std::size_t i = 0; i < arr->size(); ++i) {
    out.push_back(json_latency((*arr)[i], source, prefix + "[" + std::to_string(i) + "]"));
  }
  return out;
}

std::vector<double> read_latency_json(const std::string& path, const std::string& key) {
  return parse_latency_json(read_text_file(path), source_of(path), key);
}

namespace {

latency_trace trtexec_from_json(const nlohmann::json& doc, const trtexec_options& options, const std::string& source) {
  if (!doc.is_array()) throw parse_error(source, 0, "", "trtexec --exportTimes: expected a JSON array of objects");
  static const char* const required[] = {"startEnqMs",     "endEnqMs",     "startH2dMs", "endH2dMs",
                                         "startComputeMs", "endComputeMs", "startD2hMs", "endD2hMs",
                                         "h2dMs",          "computeMs",    "d2hMs",      "latencyMs"};
  latency_trace t;
  t.stages = {{"latency", {}}, {"end_to_end", {}}, {"enqueue", {}}, {"h2d", {}}, {"compute", {}}, {"d2h", {}}};
  bool started = false;
  double first_start = 0, last_end = 0;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const nlohmann::json& e = doc[i];
    const std::string el = "[" + std::to_string(i) + "]";
    if (!e.is_object()) throw parse_error(source, 0, el, "expected an object, got " + detail::json_excerpt(e));
    double v[12];
    for (std::size_t f = 0; f < 12; ++f) {
      const auto it = e.find(required[f]);
      if (it == e.end()) throw parse_error(source, 0, el + "." + required[f], "missing field");
      if (!it->is_number())
        throw parse_error(source, 0, el + "." + required[f], "expected a number, got " + detail::json_excerpt(*it));
      v[f] = it->get<double>();
      if (!(std::fabs(v[f]) <= max_latency_ms)) {
        throw parse_error(source, 0, el + "." + required[f],
                          "not finite, or beyond +-1e15 ms: " + detail::json_excerpt(*it));
      }
    }
    double e2e = v[7] - v[2];
    const auto it = e.find("endToEndMs");
    if (it != e.end()) e2e = json_latency(*it, source, el + ".endToEndMs");
    if (!started && v[4] < options.warmup_ms) {  // trtexec: computeStart >= warmupMs ends warm-up
      ++t.warmup_excluded;
      continue;
    }
    if (!started) {
      first_start = v[2];
      started = true;
    }
    last_end = v[7];
    const double stage_values[6] = {v[11], e2e, v[1] - v[0], v[8], v[9], v[10]};
    static const char* const stage_fields[6] = {"latencyMs", "endToEndMs", "endEnqMs", "h2dMs", "computeMs", "d2hMs"};
    for (std::size_t s = 0; s < 6; ++s) {
      if (!(stage_values[s] >= 0)) {
        throw parse_error(source, 0, el + "." + stage_fields[s], "negative duration");
      }
      t.stages[s].ms.push_back(stage_values[s]);
    }
  }
  t.wall_ms = started ? last_end - first_start : 0;
  return t;
}

}  // namespace

latency_trace parse_trtexec_times(std::string_view text, const std::string& source, const trtexec_options& options) {
  return trtexec_from_json(detail::parse_json(text, source), options, source);
}

latency_trace read_trtexec_times(const std::string& path, const trtexec_options& options) {
  return parse_trtexec_times(read_text_file(path), source_of(path), options);
}

latency_trace parse_latency_file(std::string_view text, const std::string& source,
                                 const latency_file_options& options) {
  text = detail::skip_bom(text);
  const std::string_view body = detail::trim(text);
  if (!body.empty() && (body.front() == '[' || body.front() == '{')) {
    const nlohmann::json doc = detail::parse_json(text, source);
    if (doc.is_array() && !doc.empty() && doc.front().is_object()) {
      return trtexec_from_json(doc, options.trtexec, source);
    }
    latency_trace t;
    if (doc.is_object()) {
      // An object: take its single array member, e.g. {"latency_ms": [...]}.
      if (doc.size() != 1) {
        throw parse_error(source, 0, "", "expected a JSON array, or an object with one array member");
      }
      t.stages.push_back({doc.begin().key(), parse_latency_json(text, source, doc.begin().key())});
    } else {
      t.stages.push_back({"latency", parse_latency_json(text, source)});
    }
    if (options.trtexec.warmup_ms > 0) {
      throw parse_error(source, 0, "warmup_ms",
                        "a warm-up by time applies to trtexec --exportTimes files only (this is a JSON array); "
                        "use a warm-up by count");
    }
    return t;
  }
  check_csv_warmup(options, source);
  detail::csv_reader in(text, source, csv_of(options.csv.delimiter));
  return csv_trace(in, options);
}

latency_trace read_latency_file(const std::string& path, const latency_file_options& options) {
  // Look at the first bytes: JSON is read whole, CSV is streamed.
  auto file = std::make_unique<detail::input_file>(path);
  std::string head(4096, '\0');
  std::size_t got = 0;
  std::size_t first = std::string::npos;
  while (first == std::string::npos) {
    if (got == head.size()) head.resize(head.size() * 2);
    const std::size_t r = file->read(&head[got], head.size() - got);
    if (r == 0) break;
    got += r;
    first = std::string_view(head.data(), got).find_first_not_of(" \t\r\n\f\v");
  }
  head.resize(got);
  if (first != std::string::npos && (head[first] == '[' || head[first] == '{')) {
    for (;;) {
      const std::size_t at = head.size();
      head.resize(at + 65536);
      const std::size_t r = file->read(&head[at], 65536);
      head.resize(at + r);
      if (r == 0) break;
    }
    return parse_latency_file(head, file->source(), options);
  }
  check_csv_warmup(options, file->source());
  detail::csv_reader in(std::move(file), head, csv_of(options.csv.delimiter));
  return csv_trace(in, options);
}

namespace {

std::vector<model_result> models_of(detail::csv_reader& in, const latency_models_csv_options& options) {
  const std::string& source = in.source();
  std::vector<model_result> models;
  std::size_t ib = 0, ic = 0, iv = 0;
  const bool have_cov = !options.covariate_column.empty();
  const auto find = [&](const std::string& name) -> std::size_t {
    const auto& f = in.fields();
    const auto it = std::find(f.begin(), f.end(), std::string_view(name));
    if (it == f.end())
      throw parse_error(source, in.line(), name, "no such column in the header (" + column_list(f) + ")");
    return static_cast<std::size_t>(it - f.begin());
  };
  const auto value = [&](std::size_t col, const std::string& name, bool is_time) {
    const std::string_view f = in[col];
    double x = 0;
    if (!detail::parse_number(f, x)) throw parse_error(source, in.line(), name, detail::echo(f) + " is not a number");
    if (is_time && !(x > 0 && x <= max_latency_ms)) {
      throw parse_error(source, in.line(), name, "time must be > 0 and <= 1e15 ms, got " + detail::echo(f));
    }
    if (!is_time && !std::isfinite(x)) throw parse_error(source, in.line(), name, "not finite: " + detail::echo(f));
    return x;
  };
  std::size_t header_line = 0;
  while (in.next()) {
    if (in.records() == 1) {
      header_line = in.line();
      ib = find(options.baseline_column);
      ic = find(options.candidate_column);
      if (have_cov) iv = find(options.covariate_column);
      continue;
    }
    model_result m;
    m.baseline_ms = value(ib, options.baseline_column, true);
    m.candidate_ms = value(ic, options.candidate_column, true);
    if (have_cov) m.covariate = value(iv, options.covariate_column, false);
    models.push_back(m);
  }
  if (models.empty()) throw parse_error(source, header_line, "", "no model rows");
  return models;
}

}  // namespace

std::vector<model_result> parse_latency_models_csv(std::string_view text, const std::string& source,
                                                   const latency_models_csv_options& options) {
  detail::csv_reader in(text, source, csv_of(options.delimiter));
  return models_of(in, options);
}

std::vector<model_result> read_latency_models_csv(const std::string& path, const latency_models_csv_options& options) {
  detail::csv_reader in(path, csv_of(options.delimiter));
  return models_of(in, options);
}

}  // namespace edgemetrics
