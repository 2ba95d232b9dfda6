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
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace edgemetrics {

namespace {

std::string number_text(double x) { return detail::json_excerpt(nlohmann::json(x)); }

// Latency JSON of every kind, read as it is parsed (SAX, no DOM): a list of numbers (top level,
// or the member `key` of a top-level object), trtexec --exportTimes (a list of objects), or
// either by content (format::any: a list whose first element is an object is trtexec; an object
// with one member is that member's list of numbers).
class latency_reader final : public detail::json_sax_reader {
 public:
  enum class format { numbers, trtexec, any };

  latency_reader(const std::string& source, format f, std::string key, const trtexec_options& o)
      : json_sax_reader(source), format_(f), key_(std::move(key)), options_(o) {}

  bool is_trtexec = false;      ///< the input was read as trtexec --exportTimes (trace)
  std::string member;           ///< numbers from this member of a top-level object ("" for a list)
  std::vector<double> numbers;  ///< a list of numbers
  latency_trace trace;          ///< trtexec

 private:
  static constexpr int n_fields = 13;  // the 12 trtexec always writes, then endToEndMs
  static constexpr const char* fields[n_fields] = {
      "startEnqMs", "endEnqMs", "startH2dMs", "endH2dMs", "startComputeMs", "endComputeMs", "startD2hMs",
      "endD2hMs",   "h2dMs",    "computeMs",  "d2hMs",    "latencyMs",      "endToEndMs"};
  static constexpr std::string_view field_names[n_fields] = {
      fields[0], fields[1], fields[2], fields[3], fields[4],  fields[5],  fields[6],
      fields[7], fields[8], fields[9], fields[10], fields[11], fields[12]};

  void init_stages() {
    trace.stages = {{"latency", {}}, {"end_to_end", {}}, {"enqueue", {}}, {"h2d", {}}, {"compute", {}}, {"d2h", {}}};
  }

  [[nodiscard]] std::string entry() const { return "[" + std::to_string(index_) + "]"; }
  [[nodiscard]] std::string element() const { return member + "[" + std::to_string(numbers.size()) + "]"; }

  // What is wrong with a top level of the wrong type: {element, problem}.
  [[nodiscard]] std::pair<std::string, std::string> top_level_problem() const {
    switch (format_) {
      case format::trtexec:
        return {"", "trtexec --exportTimes: expected a JSON array of objects"};
      case format::numbers:
        if (!key_.empty()) return {key_, "expected an object with member '" + key_ + "'"};
        return {"", "expected a JSON array of latencies (ms)"};
      case format::any:
        break;
    }
    return {"", "expected a JSON array, or an object with one array member"};
  }
  [[noreturn]] void top_level_error() const {
    const auto p = top_level_problem();
    fail(p.first, p.second);
  }
  void reject(std::string element, std::string problem) { reject_container(std::move(element), std::move(problem)); }
  static std::string got(bool object) {
    return std::string("expected a number, got an ") + (object ? "object" : "array");
  }

  void number(const detail::json_scalar& v) {
    if (!v.is_number()) fail(element(), "expected a number, got " + v.excerpt());
    const double x = v.number();
    if (!is_valid_latency_ms(x)) fail(element(), "latency must be >= 0 and <= 1e15 ms, got " + v.excerpt());
    numbers.push_back(x);
  }

  // Containers of the wrong type are rejected once read (reject_container).
  void on_start(bool object) override {
    if (depth() == 1) {
      if (object ? format_ == format::trtexec || (format_ == format::numbers && key_.empty())
                 : format_ == format::numbers && !key_.empty()) {
        auto p = top_level_problem();
        return reject(std::move(p.first), std::move(p.second));
      }
      in_object_ = object;
      if (!object) {
        is_trtexec = format_ == format::trtexec;
        decided_ = format_ != format::any;
        if (is_trtexec) init_stages();
      }
      return;
    }
    if (in_object_) {  // depth 2: the member's value; 3: inside its list
      if (depth() == 2 && !object) return;
      if (depth() == 2) return reject(member, "expected a JSON array of latencies (ms)");
      return reject(element(), got(object));
    }
    if (depth() == 2) {  // an element of the top-level list
      if (!decided_) {
        is_trtexec = object;
        decided_ = true;
        if (is_trtexec) init_stages();
      }
      if (!is_trtexec) return reject(element(), got(object));
      if (!object) return reject(entry(), "expected an object, got an array");
      seen_ = 0;
      return;
    }
    // depth 3: the value of a trtexec field (other members are skipped)
    reject(entry() + "." + fields[field_], got(object));
  }

  void on_key(std::string& k) override {
    if (depth() == 1) {  // a member of the top-level object
      if (format_ == format::any && member.empty() && !found_) {
        key_ = k;
      }
      if (k == key_) {
        if (found_) fail(key_, "appears more than once");
        found_ = true;
        member = key_;
      } else if (format_ == format::any) {
        fail("", "expected a JSON array, or an object with one array member");
      } else {
        skip_member_value();
      }
      return;
    }
    // depth 2: a field of a trtexec entry
    // trtexec writes the fields in one order: the one after the previous is tried first
    const std::string_view key = k;
    const int guess = field_ + 1 < n_fields ? field_ + 1 : 0;
    field_ = n_fields;
    if (key == field_names[guess]) {
      field_ = guess;
    } else {
      for (int f = 0; f < n_fields; ++f) {
        if (key == field_names[f]) field_ = f;
      }
    }
    if (field_ == n_fields) {
      skip_member_value();
      return;
    }
    const unsigned bit = 1u << field_;
    if ((seen_ & bit) != 0) fail(entry() + "." + fields[field_], "appears more than once");
    seen_ |= bit;
  }

  void on_value(const detail::json_scalar& v) override {
    if (depth() == 0) top_level_error();
    if (in_object_) {
      if (depth() == 1) fail(member, "expected a JSON array of latencies (ms)");
      number(v);
      return;
    }
    if (depth() == 1) {  // an element of the top-level list
      if (!decided_) {
        is_trtexec = false;
        decided_ = true;
      }
      if (is_trtexec) fail(entry(), "expected an object, got " + v.excerpt());
      number(v);
      return;
    }
    // depth 2: a trtexec field
    const std::string el = entry() + "." + fields[field_];
    if (!v.is_number()) fail(el, "expected a number, got " + v.excerpt());
    const double x = v.number();
    if (field_ >= 8) {  // h2dMs, computeMs, d2hMs, latencyMs, endToEndMs: durations
      if (!is_valid_latency_ms(x)) fail(el, "latency must be >= 0 and <= 1e15 ms, got " + v.excerpt());
    } else if (!(std::fabs(x) <= max_latency_ms)) {
      fail(el, "not finite, or beyond +-1e15 ms: " + v.excerpt());
    }
    value_[field_] = x;
  }

  void on_end(bool object) override {
    if (depth() == 1) {
      if (object && !found_) top_level_error();
      return;
    }
    if (in_object_ || depth() != 2) return;
    finish_entry();
    ++index_;
  }

  void finish_entry() {
    const std::string el = entry();
    for (int f = 0; f < n_fields - 1; ++f) {
      if ((seen_ & (1u << f)) == 0) fail(el + "." + fields[f], "missing field");
    }
    const double* v = value_;
    const bool have_e2e = (seen_ & (1u << (n_fields - 1))) != 0;
    if (!started_ && v[4] < options_.warmup_ms) {  // trtexec: computeStart >= warmupMs ends warm-up
      ++trace.warmup_excluded;
      return;
    }
    if (!started_) {
      first_start_ = v[2];
      first_index_ = index_;
      started_ = true;
    }
    last_end_ = v[7];
    last_index_ = index_;
    // Stages and the fields they come from; a span of two timestamps is named by both.
    const double stage_values[6] = {v[11], have_e2e ? v[12] : v[7] - v[2], v[1] - v[0], v[8], v[9], v[10]};
    static constexpr const char* stage_fields[6] = {"latencyMs", nullptr,     "endEnqMs - startEnqMs",
                                                    "h2dMs",     "computeMs", "d2hMs"};
    for (std::size_t s = 0; s < 6; ++s) {
      const char* name = s == 1 ? (have_e2e ? "endToEndMs" : "endD2hMs - startH2dMs") : stage_fields[s];
      if (!is_valid_latency_ms(stage_values[s])) {
        const bool span = std::strchr(name, '-') != nullptr;
        fail(el + "." + name, std::string(span ? "span" : "latency") + " must be >= 0 and <= 1e15 ms, got " +
                                  number_text(stage_values[s]));
      }
      trace.stages[s].ms.push_back(stage_values[s]);
    }
  }

  void on_document_end() override {
    if (!is_trtexec) return;
    if (!started_) return;
    const double wall = last_end_ - first_start_;
    if (!is_valid_latency_ms(wall)) {
      fail("[" + std::to_string(last_index_) + "].endD2hMs - [" + std::to_string(first_index_) + "].startH2dMs",
           "wall window (last endD2hMs - first startH2dMs after warm-up) must be >= 0 and <= 1e15 ms, got " +
               number_text(wall));
    }
    trace.wall_ms = wall;
  }

  format format_;
  std::string key_;
  trtexec_options options_;
  bool in_object_ = false;  // the top level is an object (numbers in one member)
  bool found_ = false;      // that member was seen
  bool decided_ = false;    // format::any: the first element decided between numbers and trtexec
  std::size_t index_ = 0;   // trtexec: the entry being read
  int field_ = 0;           // trtexec: the field being read
  unsigned seen_ = 0;       // trtexec: fields seen in this entry (bits by index in fields)
  double value_[n_fields] = {};
  bool started_ = false;  // trtexec: warm-up over
  double first_start_ = 0, last_end_ = 0;
  std::size_t first_index_ = 0, last_index_ = 0;
};

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
  latency_reader r(source, latency_reader::format::numbers, key, {});
  detail::parse_json_text(text, r);
  return std::move(r.numbers);
}

std::vector<double> read_latency_json(const std::string& path, const std::string& key) {
  latency_reader r(source_of(path), latency_reader::format::numbers, key, {});
  detail::parse_json_file(path, r);
  return std::move(r.numbers);
}

latency_trace parse_trtexec_times(std::string_view text, const std::string& source, const trtexec_options& options) {
  latency_reader r(source, latency_reader::format::trtexec, "", options);
  detail::parse_json_text(text, r);
  return std::move(r.trace);
}

latency_trace read_trtexec_times(const std::string& path, const trtexec_options& options) {
  latency_reader r(source_of(path), latency_reader::format::trtexec, "", options);
  detail::parse_json_file(path, r);
  return std::move(r.trace);
}

namespace {

// What a latency_reader read with format::any, as parse_latency_file returns it.
latency_trace trace_of(latency_reader& r, const latency_file_options& options) {
  if (r.is_trtexec) return std::move(r.trace);
  if (options.trtexec.warmup_ms > 0) {
    throw parse_error(r.source(), 0, "warmup_ms",
                      "a warm-up by time applies to trtexec --exportTimes files only (this is a JSON array); "
                      "use a warm-up by count");
  }
  latency_trace t;
  t.stages.push_back({r.member.empty() ? std::string("latency") : r.member, std::move(r.numbers)});
  return t;
}

bool looks_like_json(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 BOM (the JSON parser skips it)
  const std::string_view body = detail::trim(text);
  return !body.empty() && (body.front() == '[' || body.front() == '{');
}

}  // namespace

latency_trace parse_latency_file(std::string_view text, const std::string& source,
                                 const latency_file_options& options) {
  text = detail::skip_bom(text);
  if (looks_like_json(text)) {
    latency_reader r(source, latency_reader::format::any, "", options.trtexec);
    detail::parse_json_text(text, r);
    return trace_of(r, options);
  }
  check_csv_warmup(options, source);
  detail::csv_reader in(text, source, csv_of(options.csv.delimiter));
  return csv_trace(in, options);
}

latency_trace read_latency_file(const std::string& path, const latency_file_options& options) {
  // Look at the first bytes: JSON is parsed as it is read (SAX), CSV is streamed.
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
    if (path != "-") {
      // JSON from a file: parsed again from its start as it is read (streamed when large).
      file.reset();
      latency_reader r(path, latency_reader::format::any, "", options.trtexec);
      detail::parse_json_file(path, r);
      return trace_of(r, options);
    }
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
