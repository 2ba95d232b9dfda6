#include <edgemetrics/detail/parse.hpp>
#include <edgemetrics/io/label_csv.hpp>

#include "csv.hpp"
#include "echo.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <unordered_map>

namespace edgemetrics {

namespace {

constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();

bool is_index(std::string_view s, std::uint32_t& value) {
  return !s.empty() && s.front() != '+' && detail::parse_number(s, value) && value != npos;
}

// Distinct labels in order of first appearance (open addressing; lookups take a string_view,
// so a row costs no allocation).
class label_table {
 public:
  label_table() : slots_(64, npos) {}

  [[nodiscard]] std::uint32_t find(std::string_view s) const noexcept {
    std::size_t h = std::hash<std::string_view>{}(s) & (slots_.size() - 1);
    for (;;) {
      const std::uint32_t v = slots_[h];
      if (v == npos || names_[v] == s) return v;
      h = (h + 1) & (slots_.size() - 1);
    }
  }

  std::uint32_t intern(std::string_view s, std::size_t line) {
    std::size_t h = std::hash<std::string_view>{}(s) & (slots_.size() - 1);
    for (;;) {
      const std::uint32_t v = slots_[h];
      if (v == npos) break;
      if (names_[v] == s) return v;
      h = (h + 1) & (slots_.size() - 1);
    }
    const auto id = static_cast<std::uint32_t>(names_.size());
    names_.emplace_back(s);
    first_line_.push_back(line);
    slots_[h] = id;
    if (names_.size() * 2 > slots_.size()) rehash();
    return id;
  }

  [[nodiscard]] std::size_t size() const noexcept { return names_.size(); }
  [[nodiscard]] const std::string& name(std::uint32_t id) const noexcept { return names_[id]; }
  [[nodiscard]] std::size_t first_line(std::uint32_t id) const noexcept { return first_line_[id]; }

 private:
  void rehash() {
    std::vector<std::uint32_t> slots(slots_.size() * 2, npos);
    for (std::uint32_t id = 0; id < names_.size(); ++id) {
      std::size_t h = std::hash<std::string_view>{}(names_[id]) & (slots.size() - 1);
      while (slots[h] != npos) h = (h + 1) & (slots.size() - 1);
      slots[h] = id;
    }
    slots_ = std::move(slots);
  }

  std::vector<std::uint32_t> slots_;
  std::vector<std::string> names_;
  std::vector<std::size_t> first_line_;
};

// Pair counts over label ids: dense while both ids are small, a hash map beyond.
class pair_counts {
 public:
  void add(std::uint32_t t, std::uint32_t p) {
    if (t < dense_limit && p < dense_limit) {
      if (t >= dim_ || p >= dim_) grow(std::max(t, p));
      ++dense_[std::size_t{t} * dim_ + p];
    } else {
      ++sparse_[(std::uint64_t{t} << 32) | p];
    }
  }
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t t = 0; t < dim_; ++t)
      for (std::size_t p = 0; p < dim_; ++p)
        if (dense_[t * dim_ + p] != 0)
          f(static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(p), dense_[t * dim_ + p]);
    for (const auto& [key, n] : sparse_) f(static_cast<std::uint32_t>(key >> 32), static_cast<std::uint32_t>(key), n);
  }

 private:
  static constexpr std::uint32_t dense_limit = 1024;  // 8 MB of counts at most
  void grow(std::uint32_t id) {
    std::size_t dim = std::max<std::size_t>(dim_, 16);
    while (dim <= id) dim *= 2;
    std::vector<std::uint64_t> d(dim * dim, 0);
    for (std::size_t t = 0; t < dim_; ++t)
      std::copy_n(dense_.begin() + static_cast<std::ptrdiff_t>(t * dim_), dim_,
                  d.begin() + static_cast<std::ptrdiff_t>(t * dim));
    dense_ = std::move(d);
    dim_ = dim;
  }
  std::size_t dim_ = 0;
  std::vector<std::uint64_t> dense_;
  std::unordered_map<std::uint64_t, std::uint64_t> sparse_;
};

// What one pass over the file found. Ids are into options.classes when it is given, else into
// `labels` (provisional: mapped to the final classes by resolve()).
struct scan_result {
  label_table labels;
  std::vector<std::uint64_t> occurrences;  // per provisional label, both columns
  std::size_t rows = 0;
  std::size_t skipped_lines = 0;
  bool header_found = false;
  std::size_t first_line = 0;  // of the first data row
  std::uint32_t first_truth = 0, first_pred = 0;
  bool later_rows_all_integers = true;  // every row after the first has two integer labels
};

// Reads every data row of `in`, calling sink(truth_id, prediction_id) for each.
template <class Sink>
scan_result scan(detail::csv_reader& in, const label_csv_options& options,
                 const std::unordered_map<std::string_view, std::uint32_t>* class_index, Sink&& sink) {
  scan_result r;
  std::size_t truth_col = 0, pred_col = 1;
  const std::string& source = in.source();
  while (in.next()) {
    if (in.records() == 1) {
      const auto& f = in.fields();
      const auto t = std::find(f.begin(), f.end(), std::string_view(options.truth_column));
      const auto p = std::find(f.begin(), f.end(), std::string_view(options.prediction_column));
      if (t != f.end() && p != f.end()) {
        truth_col = static_cast<std::size_t>(t - f.begin());
        pred_col = static_cast<std::size_t>(p - f.begin());
        r.header_found = true;
        continue;
      }
      if (t != f.end() || p != f.end()) {
        const std::string& missing = t == f.end() ? options.truth_column : options.prediction_column;
        throw parse_error(source, in.line(), missing,
                          "the header names '" + (t == f.end() ? options.prediction_column : options.truth_column) +
                              "' but has no '" + missing + "' column");
      }
    }
    if (in.size() <= std::max(truth_col, pred_col)) {
      const bool truth_missing = in.size() <= truth_col;
      const std::size_t need = std::max(truth_col, pred_col) + 1;
      throw parse_error(source, in.line(), truth_missing ? options.truth_column : options.prediction_column,
                        "missing field (the line has " + std::to_string(in.size()) + " field" +
                            (in.size() == 1 ? "" : "s") + ", expected at least " + std::to_string(need) + ")");
    }
    std::uint32_t ids[2];
    const std::size_t cols[2] = {truth_col, pred_col};
    const std::string* names[2] = {&options.truth_column, &options.prediction_column};
    for (int k = 0; k < 2; ++k) {
      const std::string_view label = in[cols[k]];
      if (label.empty()) throw parse_error(source, in.line(), *names[k], "empty label");
      if (label.find('\0') != std::string_view::npos) {
        throw parse_error(source, in.line(), *names[k], "NUL byte in a label " + detail::echo(label));
      }
      if (class_index != nullptr) {
        const auto it = class_index->find(label);
        if (it == class_index->end()) {
          throw parse_error(source, in.line(), *names[k],
                            "unknown class " + detail::echo(label) + " (not in the class list of " +
                                std::to_string(class_index->size()) + " classes)");
        }
        ids[k] = it->second;
      } else {
        ids[k] = r.labels.intern(label, in.line());
        if (ids[k] == r.occurrences.size()) {
          r.occurrences.push_back(0);
          if (r.labels.size() > max_inferred_classes) {
            throw parse_error(source, in.line(), *names[k],
                              "more than " + std::to_string(max_inferred_classes) +
                                  " distinct labels; at most that many classes are inferred from the data (pass a "
                                  "class list to allow more)");
          }
        }
        ++r.occurrences[ids[k]];
      }
    }
    if (r.rows == 0) {
      r.first_line = in.line();
      r.first_truth = ids[0];
      r.first_pred = ids[1];
    } else if (r.later_rows_all_integers && class_index == nullptr) {
      std::uint32_t v = 0;
      r.later_rows_all_integers = is_index(in[cols[0]], v) && is_index(in[cols[1]], v);
    }
    ++r.rows;
    sink(ids[0], ids[1]);
  }
  r.skipped_lines = in.skipped_lines();
  if (r.rows == 0) throw parse_error(source, 0, "", "no data rows");
  return r;
}

std::unordered_map<std::string_view, std::uint32_t> index_of(const std::vector<std::string>& classes,
                                                             const std::string& source) {
  std::unordered_map<std::string_view, std::uint32_t> index;
  index.reserve(classes.size());
  for (std::size_t c = 0; c < classes.size(); ++c) {
    if (!index.emplace(classes[c], static_cast<std::uint32_t>(c)).second) {
      throw parse_error(source, 0, "classes", "duplicate class name " + detail::echo(classes[c]));
    }
  }
  return index;
}

// The final classes of inferred labels, and the class of each provisional label. Also decides
// whether the first row was a header with other names (docs/conventions.md, "Label CSV").
std::vector<std::uint32_t> resolve(const scan_result& r, const label_csv_options& options, const std::string& source,
                                   std::vector<std::string>& class_names) {
  const std::size_t n = r.labels.size();
  std::vector<std::uint32_t> value(n, 0);
  bool all_indices = true;
  std::uint32_t max_index = 0;
  for (std::uint32_t id = 0; id < n && all_indices; ++id) {
    all_indices = is_index(r.labels.name(id), value[id]);
    max_index = std::max(max_index, value[id]);
  }
  if (!r.header_found && r.rows > 1) {
    const std::string& t0 = r.labels.name(r.first_truth);
    const std::string& p0 = r.labels.name(r.first_pred);
    std::uint32_t ignored = 0;
    const bool first_row_integers = is_index(t0, ignored) && is_index(p0, ignored);
    const std::uint64_t in_first_row_t = r.first_truth == r.first_pred ? 2 : 1;
    const bool only_in_first_row =
        r.occurrences[r.first_truth] == in_first_row_t && r.occurrences[r.first_pred] == in_first_row_t;
    // Words above rows of integers, or two words that occur nowhere else: a header with other
    // column names. Reading it as data would invent two classes (a silent wrong number).
    if (!first_row_integers && (r.later_rows_all_integers || only_in_first_row)) {
      throw parse_error(
          source, r.first_line, "",
          "looks like a header (" + detail::echo(t0) + ", " + detail::echo(p0) + ") but names no '" +
              options.truth_column + "' and '" + options.prediction_column +
              "' columns: name them (--truth-column, --prediction-column) or remove the line" +
              (r.later_rows_all_integers ? ""
                                         : " (if it is data, add the header line '" + options.truth_column +
                                               std::string(1, options.delimiter) + options.prediction_column + "')"));
    }
  }
  std::vector<std::uint32_t> klass(n, 0);
  if (all_indices) {
    if (max_index >= max_inferred_classes) {
      throw parse_error(source, 0, "",
                        "integer label " + std::to_string(max_index) + " would make " +
                            std::to_string(std::uint64_t{max_index} + 1) + " classes; at most " +
                            std::to_string(max_inferred_classes) +
                            " are inferred from the data (pass a class list to allow more)");
    }
    class_names.clear();
    for (std::uint32_t c = 0; c <= max_index; ++c) class_names.push_back(std::to_string(c));
    for (std::uint32_t id = 0; id < n; ++id) {
      // "01" is the integer 1 but not the class named "1": an error, as with a class list.
      if (r.labels.name(id) != class_names[value[id]]) {
        throw parse_error(source, r.labels.first_line(id), "",
                          "unknown class " + detail::echo(r.labels.name(id)) + " (not in the class list of " +
                              std::to_string(class_names.size()) + " classes)");
      }
      klass[id] = value[id];
    }
    return klass;
  }
  std::vector<std::uint32_t> order(n);
  for (std::uint32_t id = 0; id < n; ++id) order[id] = id;
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return r.labels.name(a) < r.labels.name(b); });
  class_names.clear();
  class_names.reserve(n);
  for (std::uint32_t c = 0; c < n; ++c) {
    klass[order[c]] = c;
    class_names.push_back(r.labels.name(order[c]));
  }
  return klass;
}

void check_columns(const label_csv_options& options) {
  if (options.truth_column == options.prediction_column) {
    throw std::invalid_argument("edgemetrics::parse_label_csv: the truth and prediction columns must differ (both '" +
                                options.truth_column + "')");
  }
}

detail::csv_options csv_of(const label_csv_options& options) {
  detail::csv_options o;
  o.delimiter = options.delimiter;
  return o;
}

label_pairs pairs_of(detail::csv_reader& in, const label_csv_options& options) {
  check_columns(options);
  label_pairs out;
  const auto sink = [&out](std::uint32_t t, std::uint32_t p) {
    out.truth.push_back(t);
    out.prediction.push_back(p);
  };
  if (!options.classes.empty()) {
    const auto index = index_of(options.classes, in.source());
    const scan_result r = scan(in, options, &index, sink);
    out.class_names = options.classes;
    out.skipped_lines = r.skipped_lines;
    return out;
  }
  const scan_result r = scan(in, options, nullptr, sink);
  const std::vector<std::uint32_t> klass = resolve(r, options, in.source(), out.class_names);
  for (auto& t : out.truth) t = klass[t];
  for (auto& p : out.prediction) p = klass[p];
  out.skipped_lines = r.skipped_lines;
  return out;
}

label_matrix matrix_of(detail::csv_reader& in, const label_csv_options& options) {
  check_columns(options);
  label_matrix out;
  if (!options.classes.empty()) {
    const auto index = index_of(options.classes, in.source());
    const std::size_t k = options.classes.size();
    std::vector<confusion_matrix::count_type> counts(k * k, 0);
    const scan_result r = scan(in, options, &index, [&](std::uint32_t t, std::uint32_t p) { ++counts[t * k + p]; });
    out.matrix = confusion_matrix::from_counts(k, std::move(counts), options.classes);
    out.rows = r.rows;
    out.skipped_lines = r.skipped_lines;
    return out;
  }
  pair_counts pc;
  const scan_result r = scan(in, options, nullptr, [&pc](std::uint32_t t, std::uint32_t p) { pc.add(t, p); });
  std::vector<std::string> names;
  const std::vector<std::uint32_t> klass = resolve(r, options, in.source(), names);
  const std::size_t k = names.size();
  std::vector<confusion_matrix::count_type> counts(k * k, 0);
  pc.for_each(
      [&](std::uint32_t t, std::uint32_t p, std::uint64_t c) { counts[std::size_t{klass[t]} * k + klass[p]] += c; });
  out.matrix = confusion_matrix::from_counts(k, std::move(counts), std::move(names));
  out.rows = r.rows;
  out.skipped_lines = r.skipped_lines;
  return out;
}

}  // namespace

label_pairs parse_label_csv(std::string_view text, const std::string& source, const label_csv_options& options) {
  detail::csv_reader in(text, source, csv_of(options));
  return pairs_of(in, options);
}

label_pairs read_label_csv(const std::string& path, const label_csv_options& options) {
  detail::csv_reader in(path, csv_of(options));
  return pairs_of(in, options);
}

label_matrix parse_label_csv_matrix(std::string_view text, const std::string& source,
                                    const label_csv_options& options) {
  detail::csv_reader in(text, source, csv_of(options));
  return matrix_of(in, options);
}

label_matrix read_label_csv_matrix(const std::string& path, const label_csv_options& options) {
  detail::csv_reader in(path, csv_of(options));
  return matrix_of(in, options);
}

}  // namespace edgemetrics
