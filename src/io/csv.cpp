#include "csv.hpp"

#include <edgemetrics/error.hpp>

#include "echo.hpp"
#include "file.hpp"

#include <algorithm>
#include <cstring>

namespace edgemetrics::detail {

namespace {

bool blank(char c, char delimiter) noexcept { return (c == ' ' || c == '\t') && c != delimiter; }

std::string fields_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " field" : " fields"); }

}  // namespace

csv_reader::csv_reader(const std::string& path, const csv_options& options)
    : options_(options), source_(source_name(path)), file_(std::make_unique<input_file>(path)) {
  options_.chunk_bytes = std::max<std::size_t>(options_.chunk_bytes, 1);
  options_.max_record_bytes = std::max<std::size_t>(options_.max_record_bytes, 1);
  // A small file is read in one piece; a large one in chunks.
  const std::size_t hint = file_->size_hint();
  buffer_.resize(hint > 0 && hint < options_.chunk_bytes ? hint + 1 : options_.chunk_bytes);
  data_ = buffer_.data();
}

csv_reader::csv_reader(std::unique_ptr<input_file> file, std::string_view prefix, const csv_options& options)
    : options_(options), source_(file->source()), file_(std::move(file)) {
  options_.chunk_bytes = std::max<std::size_t>(options_.chunk_bytes, 1);
  options_.max_record_bytes = std::max<std::size_t>(options_.max_record_bytes, 1);
  buffer_.resize(std::max(options_.chunk_bytes, prefix.size()));
  std::copy(prefix.begin(), prefix.end(), buffer_.begin());
  end_ = prefix.size();
  data_ = buffer_.data();
}

csv_reader::csv_reader(std::string_view text, std::string source, const csv_options& options)
    : options_(options), source_(std::move(source)) {
  text = skip_bom(text);
  data_ = text.data();
  end_ = text.size();
  eof_ = true;
}

csv_reader::~csv_reader() = default;

bool csv_reader::fill() {
  if (!file_ || eof_) {
    eof_ = true;
    return false;
  }
  if (begin_ > 0) {  // keep only the record in progress, at the front
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) {
    if (end_ >= options_.max_record_bytes) {
      throw parse_error(
          source_, next_line_, "",
          "a record longer than " + std::to_string(options_.max_record_bytes) + " bytes (an unclosed double quote?)");
    }
    buffer_.resize(std::min(std::max(buffer_.size() * 2, options_.chunk_bytes), options_.max_record_bytes + 1));
  }
  data_ = buffer_.data();
  const std::size_t r = file_->read(buffer_.data() + end_, buffer_.size() - end_);
  if (r == 0) {
    eof_ = true;
    return false;
  }
  end_ += r;
  return true;
}

bool csv_reader::next() {
  const char delim = options_.delimiter;
  const char comment = options_.comment;
  for (;;) {  // once per record, blank line or comment line
    raw_.clear();
    raw_field cur;
    state st = state::field_start;
    std::size_t pos = 0;  // from begin_
    std::size_t newlines = 0;
    std::size_t quote_line = 0;
    bool skip_line = false;
    bool done = false;
    while (!done) {
      if (begin_ + pos >= end_) {
        if (fill()) continue;
        // The end of the input.
        if (pos == 0) return false;
        if (st == state::quoted) {
          throw parse_error(source_, quote_line, "",
                            "unclosed double quote (the field opened on line " + std::to_string(quote_line) +
                                " runs to the end of the input)");
        }
        if (st == state::comment || (st == state::field_start && raw_.empty())) {
          ++skipped_;
          begin_ += pos;
          return false;
        }
        done = true;
        break;
      }
      const char* const d = data_ + begin_;
      const std::size_t n = end_ - begin_;
      const char c = d[pos];
      switch (st) {
        case state::field_start:
          if (c == delim) {
            cur.end = pos;
            raw_.push_back(cur);
            cur = raw_field{};
            cur.start = pos + 1;
          } else if (c == '\n') {
            if (raw_.empty()) skip_line = true;  // nothing but blanks on the line
            done = true;
            continue;
          } else if (c == '"') {
            cur.quoted = true;
            cur.open = pos;
            quote_line = next_line_ + newlines;
            st = state::quoted;
          } else if (blank(c, delim) || c == '\r') {
            // still blank
          } else if (c == comment && comment != '\0' && raw_.empty()) {
            st = state::comment;
          } else {
            st = state::unquoted;
          }
          ++pos;
          break;
        case state::unquoted:
        case state::after_quote:  // the rest of a field: up to the delimiter or the line end
          while (pos < n && d[pos] != delim && d[pos] != '\n') ++pos;
          if (pos < n) {
            if (d[pos] == '\n') {
              done = true;
              continue;
            }
            cur.end = pos;
            raw_.push_back(cur);
            cur = raw_field{};
            cur.start = pos + 1;
            st = state::field_start;
            ++pos;
          }
          break;
        case state::quoted:
          while (pos < n && d[pos] != '"') {
            if (d[pos] == '\n') ++newlines;
            ++pos;
          }
          if (pos < n) {
            cur.close = pos;
            st = state::quote_seen;
            ++pos;
          }
          break;
        case state::quote_seen:
          if (c == '"') {
            cur.escaped = true;
            st = state::quoted;
            ++pos;
          } else {
            st = state::after_quote;
          }
          break;
        case state::comment: {
          const void* nl = std::memchr(d + pos, '\n', n - pos);
          if (nl != nullptr) {
            pos = static_cast<std::size_t>(static_cast<const char*>(nl) - d);
            skip_line = true;
            done = true;
            continue;
          }
          pos = n;
          break;
        }
      }
    }
    // The record (or skipped line) is [begin_, begin_ + pos); a line break follows unless at the end.
    const bool at_end = begin_ + pos >= end_;
    line_ = next_line_;
    next_line_ += newlines + 1;
    if (skip_line) {
      ++skipped_;
      begin_ += pos + (at_end ? 0 : 1);
      continue;
    }
    cur.end = pos;
    raw_.push_back(cur);
    finish_record(pos);
    begin_ += pos + (at_end ? 0 : 1);
    return true;
  }
}

void csv_reader::finish_record(std::size_t end) {
  const char* const d = data_ + begin_;
  // A CR before the line break belongs to the break.
  raw_field& last = raw_.back();
  if (end > 0 && d[end - 1] == '\r' && last.end == end && (!last.quoted || last.close + 1 < end)) --last.end;
  fields_.clear();
  scratch_.clear();
  scratch_.reserve(end);  // unescaped text is never longer: views into it stay valid
  for (std::size_t i = 0; i < raw_.size(); ++i) {
    const raw_field& f = raw_[i];
    if (!f.quoted) {
      std::size_t a = f.start, b = f.end;
      if (options_.trim_unquoted) {
        while (a < b && blank(d[a], options_.delimiter)) ++a;
        while (b > a && blank(d[b - 1], options_.delimiter)) --b;
      }
      fields_.emplace_back(d + a, b - a);
      continue;
    }
    for (std::size_t k = f.close + 1; k < f.end; ++k) {
      if (!blank(d[k], options_.delimiter)) {
        throw parse_error(source_, line_, "",
                          "field " + std::to_string(i + 1) + ": text after the closing double quote: " +
                              echo(std::string_view(d + f.close + 1, f.end - f.close - 1)) +
                              " (a quote inside a quoted field is written \"\")");
      }
    }
    const std::string_view inner(d + f.open + 1, f.close - f.open - 1);
    if (!f.escaped) {
      fields_.push_back(inner);
      continue;
    }
    const std::size_t at = scratch_.size();
    for (std::size_t k = 0; k < inner.size(); ++k) {
      scratch_ += inner[k];
      if (inner[k] == '"') ++k;  // "" is one quote
    }
    fields_.emplace_back(scratch_.data() + at, scratch_.size() - at);
  }
  ++records_;
  if (records_ == 1) {
    expected_ = fields_.size();
    expected_line_ = line_;
  } else if (options_.same_field_count && fields_.size() != expected_) {
    throw parse_error(source_, line_, "",
                      "the row has " + fields_text(fields_.size()) + ", the first row (line " +
                          std::to_string(expected_line_) + ") has " + std::to_string(expected_) +
                          " (quote a field that holds the delimiter)");
  }
}

}  // namespace edgemetrics::detail
