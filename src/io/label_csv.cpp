#include <edgemetrics/detail/parse.hpp>
#include <edgemetrics/io/file.hpp>
#include <edgemetrics/io/label_csv.hpp>

#include <range/v3/action/sort.hpp>
#include <range/v3/action/unique.hpp>

#include <algorithm>
#include <iterator>
#include <limits>
#include <unordered_map>

namespace edgemetrics {

namespace {

// Splits one CSV line into trimmed fields; a field wrapped in double quotes may contain
// the delimiter, and "" inside it is a literal quote. Returns false on an unclosed quote.
bool split_csv(std::string_view line, char delim, std::vector<std::string>& out) {
  out.clear();
  std::size_t i = 0;
  for (;;) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t') && line[i] != delim) ++i;
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        field += line[i++];
      }
      if (!closed) return false;
      while (i < line.size() && line[i] != delim) ++i;  // ignore text after the closing quote
    } else {
      const std::size_t start = i;
      while (i < line.size() && line[i] != delim) ++i;
      field = std::string(detail::trim(line.substr(start, i - start)));
    }
    out.push_back(std::move(field));
    if (i >= line.size()) return true;
    ++i;  // the delimiter
  }
}

bool is_index(const std::string& s, std::uint32_t& value) {
  return !s.empty() && s.front() != '+' && detail::parse_number(s, value);
}

}  // namespace

label_pairs parse_label_csv(std::string_view text, const std::string& source, const label_csv_options& options) {
  if (options.truth_column == options.prediction_column) {
    throw std::invalid_argument("edgemetrics::parse_label_csv: the truth and prediction columns must differ (both '" +
                                options.truth_column + "')");
  }
  label_pairs out;
  bool header_found = false;
  std::vector<std::string> fields;
  std::size_t truth_col = 0, pred_col = 1;
  bool first_content_line = true;
  // Raw labels, as text, with their line numbers (kept until the class list is known).
  std::vector<std::string> raw_truth, raw_pred;
  std::vector<std::size_t> line_of;

  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view trimmed = detail::trim(line);
    if (trimmed.empty() || trimmed.front() == '#') {
      if (end < text.size() || !trimmed.empty()) ++out.skipped_lines;
      if (end >= text.size()) break;
      continue;
    }
    if (!split_csv(line, options.delimiter, fields)) {
      throw parse_error(source, line_no, "", "unclosed double quote");
    }
    if (first_content_line) {
      first_content_line = false;
      const auto t = std::find(fields.begin(), fields.end(), options.truth_column);
      const auto p = std::find(fields.begin(), fields.end(), options.prediction_column);
      if (t != fields.end() && p != fields.end()) {
        truth_col = static_cast<std::size_t>(t - fields.begin());
        pred_col = static_cast<std::size_t>(p - fields.begin());
        header_found = true;
        if (end >= text.size()) break;
        continue;  // header line
      }
      if (t != fields.end() || p != fields.end()) {
        const std::string& missing = t == fields.end() ? options.truth_column : options.prediction_column;
        throw parse_error(source, line_no, missing,
                          "the header names '" +
                              (t == fields.end() ? options.prediction_column : options.truth_column) +
                              "' but has no '" + missing + "' column");
      }
    }
    const auto need = std::max(truth_col, pred_col) + 1;
    if (fields.size() < need) {
      const bool truth_missing = fields.size() <= truth_col;
      throw parse_error(source, line_no, truth_missing ? options.truth_column : options.prediction_column,
                        "missing field (the line has " + std::to_string(fields.size()) + " field" +
                            (fields.size() == 1 ? "" : "s") + ", expected at least " + std::to_string(need) + ")");
    }
    for (const auto& [col, name] :
         {std::pair{truth_col, &options.truth_column}, std::pair{pred_col, &options.prediction_column}}) {
      if (fields[col].empty()) throw parse_error(source, line_no, *name, "empty label");
      if (fields[col].find('\0') != std::string::npos) throw parse_error(source, line_no, *name, "NUL byte in a label");
    }
    raw_truth.push_back(std::move(fields[truth_col]));
    raw_pred.push_back(std::move(fields[pred_col]));
    line_of.push_back(line_no);
    if (end >= text.size()) break;
  }
  if (raw_truth.empty()) throw parse_error(source, 0, "", "no data rows");

  // A first line of words above rows of integers is a header with other column names: reading
  // it as data would invent two classes and shift every integer label (a silent wrong number).
  std::uint32_t ignored = 0;
  const auto is_int = [&ignored](const std::string& s) { return is_index(s, ignored); };
  if (!header_found && options.classes.empty() && raw_truth.size() > 1 &&
      !(is_int(raw_truth[0]) && is_int(raw_pred[0])) && std::all_of(raw_truth.begin() + 1, raw_truth.end(), is_int) &&
      std::all_of(raw_pred.begin() + 1, raw_pred.end(), is_int)) {
    throw parse_error(source, line_of[0], "",
                      "looks like a header ('" + raw_truth[0] + "', '" + raw_pred[0] + "') but names no '" +
                          options.truth_column + "' and '" + options.prediction_column +
                          "' columns: name them (--truth-column, --prediction-column) or remove the line");
  }

  // The class list.
  if (!options.classes.empty()) {
    out.class_names = options.classes;
  } else {
    bool all_indices = true;
    std::uint32_t max_index = 0;
    for (const auto* column : {&raw_truth, &raw_pred}) {
      for (const auto& s : *column) {
        std::uint32_t v = 0;
        if (!is_index(s, v) || v == std::numeric_limits<std::uint32_t>::max()) {
          all_indices = false;
          break;
        }
        max_index = std::max(max_index, v);
      }
      if (!all_indices) break;
    }
    if (all_indices) {
      if (max_index >= max_inferred_classes) {
        throw parse_error(source, 0, "",
                          "integer label " + std::to_string(max_index) + " would make " +
                              std::to_string(std::uint64_t{max_index} + 1) + " classes; at most " +
                              std::to_string(max_inferred_classes) +
                              " are inferred from the data (pass a class list to allow more)");
      }
      for (std::uint32_t c = 0; c <= max_index; ++c) out.class_names.push_back(std::to_string(c));
    } else {
      out.class_names = raw_truth;
      out.class_names.insert(out.class_names.end(), raw_pred.begin(), raw_pred.end());
      out.class_names |= ranges::actions::sort | ranges::actions::unique;
      if (out.class_names.size() > max_inferred_classes) {
        throw parse_error(source, 0, "",
                          std::to_string(out.class_names.size()) + " distinct labels; at most " +
                              std::to_string(max_inferred_classes) +
                              " classes are inferred from the data (pass a class list to allow more)");
      }
    }
  }
  std::unordered_map<std::string, std::uint32_t> index;
  index.reserve(out.class_names.size());
  for (std::size_t c = 0; c < out.class_names.size(); ++c) {
    if (!index.emplace(out.class_names[c], static_cast<std::uint32_t>(c)).second) {
      throw parse_error(source, 0, "classes", "duplicate class name '" + out.class_names[c] + "'");
    }
  }
  out.truth.reserve(raw_truth.size());
  out.prediction.reserve(raw_pred.size());
  const auto lookup = [&](const std::string& label, std::size_t line, const std::string& column) {
    const auto it = index.find(label);
    if (it == index.end()) {
      throw parse_error(source, line, column,
                        "unknown class '" + label + "' (not in the class list of " +
                            std::to_string(out.class_names.size()) + " classes)");
    }
    return it->second;
  };
  for (std::size_t i = 0; i < raw_truth.size(); ++i) {
    out.truth.push_back(lookup(raw_truth[i], line_of[i], options.truth_column));
    out.prediction.push_back(lookup(raw_pred[i], line_of[i], options.prediction_column));
  }
  return out;
}

label_pairs read_label_csv(const std::string& path, const label_csv_options& options) {
  return parse_label_csv(read_text_file(path), path == "-" ? std::string("<stdin>") : path, options);
}

}  // namespace edgemetrics
