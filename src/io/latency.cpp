#include <edgemetrics/detail/parse.hpp>
#include <edgemetrics/io/file.hpp>
#include <edgemetrics/io/latency.hpp>
#include <edgemetrics/timing/summary.hpp>

#include "file.hpp"
#include "json_input.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
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
std::string source_of(const std::string& path) { return path == "-" ? std::string("<stdin>") : path; }

}  // namespace

std::vector<double> parse_latency_csv(std::string_view text, const std::string& source,
                                      const latency_csv_options& options) {
  std::vector<double> out;
  std::vector<std::string_view> fields;
  std::size_t col = 0;
  bool have_header = !options.header;
  if (!options.header && !options.column.empty()) {
    if (!detail::parse_number(options.column, col)) {
      throw parse_error(source, 0, options.column, "without a header the column must be a 0-based index");
    }
  }
  const std::string col_name = options.column.empty() ? std::string("column 0") : options.column;
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::size_t line_start = start;
    const std::string_view line = detail::trim(text.substr(start, end - start));
    ++line_no;
    start = end + 1;
    if (line.empty() || line.front() == '#') {
      if (end == text.size()) break;
      continue;
    }
    detail::split(line, options.delimiter, fields);
    if (!have_header) {
      have_header = true;
      // No column name asked for and the first field is a number: the file has no header and
      // this line is data (reading it as a header would silently lose a sample).
      double probe = 0;
      if (options.column.empty() && !fields.empty() && detail::parse_number(detail::trim(fields[0]), probe)) {
        start = line_start;
        --line_no;
        continue;
      }
      if (!options.column.empty()) {
        bool found = false;
        for (std::size_t i = 0; i < fields.size(); ++i) {
          if (detail::trim(fields[i]) == options.column) {
            col = i;
            found = true;
            break;
          }
        }
        if (!found) throw parse_error(source, line_no, options.column, "no such column in the header");
      }
    } else {
      if (col >= fields.size()) {
        throw parse_error(source, line_no, col_name,
                          "missing field (line has " + std::to_string(fields.size()) + " fields)");
      }
      const std::string_view f = detail::trim(fields[col]);
      double x = 0;
      if (!detail::parse_number(f, x)) {
        throw parse_error(source, line_no, col_name, "'" + std::string(f) + "' is not a number");
      }
      x *= options.scale_to_ms;
      if (!is_valid_latency_ms(x)) {
        throw parse_error(source, line_no, col_name,
                          "latency must be >= 0 and <= 1e15 ms, got '" + std::string(f) + "'");
      }
      out.push_back(x);
    }
    if (end == text.size()) break;
  }
  return out;
}

std::vector<double> read_latency_csv(const std::string& path, const latency_csv_options& options) {
  return parse_latency_csv(read_text_file(path), source_of(path), options);
}

latency_trace parse_latency_csv_stages(std::string_view text, const std::string& source,
                                       const std::vector<std::string>& columns, const latency_csv_options& options) {
  latency_trace t;
  t.stages.reserve(columns.size());
  latency_csv_options o = options;
  for (const std::string& c : columns) {
    o.column = c;
    t.stages.push_back({c, parse_latency_csv(text, source, o)});
  }
  return t;
}

latency_trace read_latency_csv_stages(const std::string& path, const std::vector<std::string>& columns,
                                      const latency_csv_options& options) {
  return parse_latency_csv_stages(read_text_file(path), source_of(path), columns, options);
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
  if (options.trtexec.warmup_ms > 0) {
    throw parse_error(source, 0, "warmup_ms",
                      "a warm-up by time applies to trtexec --exportTimes files only (this is a CSV file); "
                      "use a warm-up by count");
  }
  if (!options.columns.empty()) return parse_latency_csv_stages(text, source, options.columns, options.csv);
  latency_trace t;
  t.stages.push_back({options.csv.column.empty() ? std::string("latency") : options.csv.column,
                      parse_latency_csv(text, source, options.csv)});
  return t;
}

latency_trace read_latency_file(const std::string& path, const latency_file_options& options) {
  return parse_latency_file(read_text_file(path), source_of(path), options);
}

std::vector<model_result> parse_latency_models_csv(std::string_view text, const std::string& source,
                                                   const latency_models_csv_options& options) {
  std::vector<model_result> models;
  std::vector<std::string_view> fields;
  std::size_t line_no = 0;
  bool have_header = false;
  std::size_t ib = 0, ic = 0, iv = 0;
  const bool have_cov = !options.covariate_column.empty();
  const auto find = [&](const std::string& name) -> std::size_t {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (detail::trim(fields[i]) == name) return i;
    }
    throw parse_error(source, line_no, name, "no such column in the header");
  };
  const auto value = [&](std::size_t col, const std::string& name, bool is_time) {
    if (col >= fields.size()) {
      throw parse_error(source, line_no, name, "missing field (line has " + std::to_string(fields.size()) + " fields)");
    }
    const std::string_view f = detail::trim(fields[col]);
    double x = 0;
    if (!detail::parse_number(f, x))
      throw parse_error(source, line_no, name, "'" + std::string(f) + "' is not a number");
    if (is_time && !(x > 0 && x <= max_latency_ms)) {
      throw parse_error(source, line_no, name, "time must be > 0 and <= 1e15 ms, got '" + std::string(f) + "'");
    }
    if (!is_time && !std::isfinite(x)) throw parse_error(source, line_no, name, "not finite: '" + std::string(f) + "'");
    return x;
  };
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = detail::trim(text.substr(start, end - start));
    start = end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    detail::split(line, options.delimiter, fields);
    if (!have_header) {
      have_header = true;
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
  if (models.empty()) throw parse_error(source, line_no, "", "no model rows");
  return models;
}

std::vector<model_result> read_latency_models_csv(const std::string& path, const latency_models_csv_options& options) {
  return parse_latency_models_csv(read_text_file(path), source_of(path), options);
}

}  // namespace edgemetrics
