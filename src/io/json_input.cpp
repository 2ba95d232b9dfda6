#include "json_input.hpp"

#include <edgemetrics/error.hpp>
#include <edgemetrics/io/file.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <memory>
#include <vector>

namespace edgemetrics::detail {

std::size_t line_of_offset(std::string_view text, std::size_t offset) noexcept {
  offset = std::min(offset, text.size());
  return 1 +
         static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::string json_excerpt(const nlohmann::json& v) {
  if (v.is_structured()) return std::string("an ") + (v.is_array() ? "array" : "object");
  // replace: a string cut inside a UTF-8 sequence must not throw
  std::string s = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

// ---------------------------------------------------------------------------------------------
// scalars

double json_scalar::number() const noexcept {
  switch (kind) {
    case type::integer:
      return static_cast<double>(integer);
    case type::unsigned_integer:
      return static_cast<double>(unsigned_integer);
    case type::floating:
      return floating;
    default:
      return 0;
  }
}

std::string json_scalar::excerpt() const {
  switch (kind) {
    case type::null:
      return json_excerpt(nlohmann::json(nullptr));
    case type::boolean:
      return json_excerpt(nlohmann::json(boolean));
    case type::integer:
      return json_excerpt(nlohmann::json(integer));
    case type::unsigned_integer:
      return json_excerpt(nlohmann::json(unsigned_integer));
    case type::floating:
      return json_excerpt(nlohmann::json(floating));
    case type::string:
      // Cut before escaping: a long string costs no more than 60 characters.
      return json_excerpt(nlohmann::json(text->substr(0, 64)));
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// the SAX base

void json_sax_reader::fail(const std::string& element, const std::string& problem) const {
  throw edgemetrics::parse_error(source_, 0, element, problem);
}

bool json_sax_reader::scalar(const json_scalar& v) {
  if (skip_depth_ > 0) return true;
  if (skip_next_) {
    skip_next_ = false;
    return true;
  }
  on_value(v);
  return true;
}

void json_sax_reader::enter() {
  if (++depth_ > max_json_depth) fail("", "JSON nested deeper than " + std::to_string(max_json_depth) + " levels");
}

void json_sax_reader::leave() {
  if (--skip_depth_ == 0 && pending_) fail(pending_element_, pending_problem_);
}

bool json_sax_reader::null() { return scalar(json_scalar{}); }

bool json_sax_reader::boolean(bool v) {
  json_scalar s;
  s.kind = json_scalar::type::boolean;
  s.boolean = v;
  return scalar(s);
}

bool json_sax_reader::number_integer(std::int64_t v) {
  json_scalar s;
  s.kind = json_scalar::type::integer;
  s.integer = v;
  return scalar(s);
}

bool json_sax_reader::number_unsigned(std::uint64_t v) {
  json_scalar s;
  s.kind = json_scalar::type::unsigned_integer;
  s.unsigned_integer = v;
  return scalar(s);
}

bool json_sax_reader::number_float(double v, const std::string&) {
  json_scalar s;
  s.kind = json_scalar::type::floating;
  s.floating = v;
  return scalar(s);
}

bool json_sax_reader::string(std::string& v) {
  json_scalar s;
  s.kind = json_scalar::type::string;
  s.text = &v;
  return scalar(s);
}

bool json_sax_reader::binary(nlohmann::json::binary_t&) { return true; }  // never produced by JSON text

bool json_sax_reader::start_container(bool object) {
  enter();
  if (skip_depth_ > 0) {
    ++skip_depth_;
  } else if (skip_next_) {
    skip_next_ = false;
    skip_depth_ = 1;
  } else {
    on_start(object);
  }
  return true;
}

bool json_sax_reader::start_object(std::size_t) { return start_container(true); }

bool json_sax_reader::start_array(std::size_t) { return start_container(false); }

bool json_sax_reader::key(std::string& k) {
  if (skip_depth_ == 0) on_key(k);
  return true;
}

bool json_sax_reader::end_object() {
  if (skip_depth_ > 0) {
    leave();
  } else {
    on_end(true);
  }
  --depth_;
  return true;
}

bool json_sax_reader::end_array() {
  if (skip_depth_ > 0) {
    leave();
  } else {
    on_end(false);
  }
  --depth_;
  return true;
}

bool json_sax_reader::parse_error(std::size_t position, const std::string&, const nlohmann::json::exception& ex) {
  error_position_ = position;
  const std::string what = ex.what();
  if (dynamic_cast<const nlohmann::json::parse_error*>(&ex) != nullptr) {
    const auto pos = what.find("parse error");
    error_message_ = "malformed JSON: " + what.substr(pos == std::string::npos ? 0 : pos);
  } else {
    // e.g. out_of_range 406 "number overflow parsing '1e400'"
    const auto bracket = what.find("] ");
    error_message_ = "invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// the parser
//
// A strict JSON parser (RFC 8259, as nlohmann-json 3.11 accepts it: a leading UTF-8 BOM skipped,
// strings validated as UTF-8, \u escapes with surrogate pairs, no comments, nothing after the
// value) that calls a json_sax_reader as nlohmann::json::sax_parse does, with the same values
// (integers as int64/uint64 where they fit, every double correctly rounded), in one pass without
// recursion. It is several times faster than nlohmann's lexer, whose per-character bookkeeping
// made a VOC-scale detections file 10-20x slower than the same detections as comp4 text. On a
// syntax error it stops; the driver then runs nlohmann's parser over the same input for the
// message and the position (errors are rare, their wording stays nlohmann's).

namespace {

struct syntax_error {};  // thrown by the parser; the driver asks nlohmann for the message

// Input: a window [p, end) that refill() advances (text in memory: one window).
struct text_source {
  const char* p;
  const char* end;
  const char* begin;
  bool refill() noexcept { return false; }
  static std::size_t offset(const void* self) noexcept {
    const auto* t = static_cast<const text_source*>(self);
    return static_cast<std::size_t>(t->p - t->begin);
  }
};

template <class Source>
class fast_parser {
 public:
  fast_parser(Source& in, json_sax_reader& sax) : in_(in), sax_(sax) {}

  void run() {
    // a UTF-8 BOM at the very start
    if (peek() == 0xEF) {
      in_.p++;
      if (get() != 0xBB || get() != 0xBF) throw syntax_error{};
    }
    for (;;) {
      value();
      // after a value: close containers, or move to the next element / member
      for (;;) {
        if (stack_.empty()) {
          skip_ws();
          if (peek() != eof) throw syntax_error{};
          return;
        }
        skip_ws();
        const int c = get();
        if (stack_.back() == '{') {
          if (c == ',') {
            skip_ws();
            member_key_here();
            break;  // the member's value
          }
          if (c != '}') throw syntax_error{};
          stack_.pop_back();
          sax_.end_object();
        } else {
          if (c == ',') break;
          if (c != ']') throw syntax_error{};
          stack_.pop_back();
          sax_.end_array();
        }
      }
    }
  }

 private:
  static constexpr int eof = -1;

  int peek() {
    if (in_.p != in_.end) return static_cast<unsigned char>(*in_.p);
    return peek_next_window();
  }
#if defined(__GNUC__)
  __attribute__((noinline))
#endif
  int peek_next_window() {
    if (!in_.refill()) return eof;
    return static_cast<unsigned char>(*in_.p);
  }
  int get() {
    const int c = peek();
    if (c != eof) ++in_.p;
    return c;
  }
  void expect(char c) {
    if (get() != static_cast<unsigned char>(c)) throw syntax_error{};
  }
  void skip_ws() {
    for (;;) {
      while (in_.p != in_.end) {
        const char c = *in_.p;
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
        ++in_.p;
      }
      if (!in_.refill()) return;
    }
  }

  // A value starts here (whitespace first); containers are opened, not finished.
  void value() {
    for (;;) {
      skip_ws();
      const int c = get();
      switch (c) {
        case '{':
          stack_.push_back('{');
          sax_.start_object(static_cast<std::size_t>(-1));
          skip_ws();
          if (peek() == '}') {
            ++in_.p;
            stack_.pop_back();
            sax_.end_object();
            return;
          }
          member_key_here();
          continue;  // the member's value
        case '[':
          stack_.push_back('[');
          sax_.start_array(static_cast<std::size_t>(-1));
          skip_ws();
          if (peek() == ']') {
            ++in_.p;
            stack_.pop_back();
            sax_.end_array();
            return;
          }
          continue;  // the first element
        case '"':
          string_body();
          sax_.string(str_);
          return;
        case 't':
          literal("rue");
          sax_.boolean(true);
          return;
        case 'f':
          literal("alse");
          sax_.boolean(false);
          return;
        case 'n':
          literal("ull");
          sax_.null();
          return;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            number(c);
            return;
          }
          throw syntax_error{};
      }
    }
  }

  // A member's key and ':' (its value follows).
  void member_key_here() {
    expect('"');
    string_body();
    sax_.key(str_);
    skip_ws();
    expect(':');
  }

  void literal(const char* rest) {
    for (; *rest != '\0'; ++rest) expect(*rest);
  }

  // The characters of a string after its opening quote, into str_.
  void string_body() {
    str_.clear();
    for (;;) {
      const char* q = in_.p;
      while (q != in_.end) {
        const auto u = static_cast<unsigned char>(*q);
        if (u == '"' || u == '\\' || u < 0x20 || u >= 0x80) break;
        ++q;
      }
      str_.append(in_.p, q);
      in_.p = q;
      const int c = get();  // at a window boundary: the next window's first character
      if (c == eof) throw syntax_error{};
      if (c == '"') return;
      if (c < 0x20) throw syntax_error{};
      if (c == '\\') {
        escape();
      } else if (c < 0x80) {
        str_.push_back(static_cast<char>(c));
      } else {
        utf8(c);
      }
    }
  }

  void utf8(int c) {
    // RFC 3629 (as nlohmann checks it)
    int lo = 0x80, hi = 0xBF, more = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
    } else if (c == 0xE0) {
      more = 2;
      lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      more = 2;
    } else if (c == 0xED) {
      more = 2;
      hi = 0x9F;
    } else if (c == 0xF0) {
      more = 3;
      lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      more = 3;
    } else if (c == 0xF4) {
      more = 3;
      hi = 0x8F;
    } else {
      throw syntax_error{};
    }
    str_.push_back(static_cast<char>(c));
    for (int k = 0; k < more; ++k) {
      const int d = get();
      if (d < lo || d > hi) throw syntax_error{};
      str_.push_back(static_cast<char>(d));
      lo = 0x80;
      hi = 0xBF;
    }
  }

  int hex4() {
    int v = 0;
    for (int k = 0; k < 4; ++k) {
      const int c = get();
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        throw syntax_error{};
      }
      v = v * 16 + d;
    }
    return v;
  }

  void escape() {
    const int c = get();
    switch (c) {
      case '"':
      case '\\':
      case '/':
        str_.push_back(static_cast<char>(c));
        return;
      case 'b':
        str_.push_back('\b');
        return;
      case 'f':
        str_.push_back('\f');
        return;
      case 'n':
        str_.push_back('\n');
        return;
      case 'r':
        str_.push_back('\r');
        return;
      case 't':
        str_.push_back('\t');
        return;
      case 'u':
        break;
      default:
        throw syntax_error{};
    }
    long cp = hex4();
    if (cp >= 0xDC00 && cp <= 0xDFFF) throw syntax_error{};  // a lone low surrogate
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (get() != '\\' || get() != 'u') throw syntax_error{};
      const int low = hex4();
      if (low < 0xDC00 || low > 0xDFFF) throw syntax_error{};
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    if (cp < 0x80) {
      str_.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      str_.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      str_.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      str_.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      str_.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      str_.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      str_.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      str_.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      str_.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      str_.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  static bool digit(int c) noexcept { return c >= '0' && c <= '9'; }

  // A number whose first character c was read: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  void number(int c) {
    num_.clear();
    num_.push_back(static_cast<char>(c));
    const bool neg = c == '-';
    if (neg) {
      c = get();
      if (!digit(c)) throw syntax_error{};
      num_.push_back(static_cast<char>(c));
    }
    // digits of the mantissa, as an integer while it fits 2^53 (the exact fast path)
    std::uint64_t m = static_cast<std::uint64_t>(c - '0');
    int mdigits = 1;
    if (c != '0') {
      while (digit(peek())) {
        c = get();
        num_.push_back(static_cast<char>(c));
        if (mdigits < 19) m = m * 10 + static_cast<std::uint64_t>(c - '0');
        ++mdigits;
      }
    }
    bool integer = true;
    int frac = 0;
    if (peek() == '.') {
      integer = false;
      num_.push_back(static_cast<char>(get()));
      if (!digit(peek())) throw syntax_error{};
      while (digit(peek())) {
        c = get();
        num_.push_back(static_cast<char>(c));
        if (mdigits < 19) m = m * 10 + static_cast<std::uint64_t>(c - '0');
        ++mdigits;
        ++frac;
      }
    }
    bool exponent = false;
    if (peek() == 'e' || peek() == 'E') {
      integer = false;
      exponent = true;
      num_.push_back(static_cast<char>(get()));
      if (peek() == '+' || peek() == '-') num_.push_back(static_cast<char>(get()));
      if (!digit(peek())) throw syntax_error{};
      while (digit(peek())) num_.push_back(static_cast<char>(get()));
    }
    const char* const b = num_.data();
    const char* const e = b + num_.size();
    if (integer) {
      if (neg) {
        std::int64_t v = 0;
        const auto r = std::from_chars(b, e, v);
        if (r.ec == std::errc() && r.ptr == e) {
          sax_.number_integer(v);
          return;
        }
      } else {
        std::uint64_t v = 0;
        const auto r = std::from_chars(b, e, v);
        if (r.ec == std::errc() && r.ptr == e) {
          sax_.number_unsigned(v);
          return;
        }
      }
    }
    static constexpr double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    double v = 0;
    if (!exponent && mdigits <= 19 && frac <= 22 && m <= (std::uint64_t{1} << 53)) {
      // m and 10^frac are exact doubles: one correctly rounded division (Clinger's fast path)
      v = static_cast<double>(m) / pow10[frac];
      if (neg) v = -v;
    } else {
      const auto r = std::from_chars(b, e, v);
      if (r.ec == std::errc::result_out_of_range) {
        v = std::strtod(num_.c_str(), nullptr);  // underflow: 0 (or a subnormal) as nlohmann's strtod
      } else if (r.ec != std::errc() || r.ptr != e) {
        throw syntax_error{};
      }
      if (!std::isfinite(v)) throw syntax_error{};  // overflow: nlohmann's 406
    }
    sax_.number_float(v, num_);
  }

  Source& in_;
  json_sax_reader& sax_;
  std::vector<char> stack_;
  std::string str_;
  std::string num_;
};

// Only the depth limit: what nlohmann needs to find the same syntax error again.
class syntax_only final : public json_sax_reader {
 public:
  using json_sax_reader::json_sax_reader;

 private:
  void on_value(const json_scalar&) override {}
  void on_start(bool) override {}
  void on_key(std::string&) override {}
  void on_end(bool) override {}
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// drivers

namespace {

// The parser reports the number of bytes it had read (the offending one included, or one past the
// end); the error is on the line of byte position - 1.
std::size_t error_offset(std::size_t position) noexcept { return position > 0 ? position - 1 : 0; }

// A file read in chunks under the parser, through an input iterator (nlohmann's public
// iterator-pair input): memory independent of the file's size. Counts the lines of the chunks it
// has finished with, so that an error's line is known without the text.
class chunked_file {
 public:
  explicit chunked_file(std::FILE* f) : f_(f), buf_(std::size_t{1} << 16) {}

  [[nodiscard]] bool at_end() {
    if (pos_ < len_) return false;
    return !refill();
  }
  [[nodiscard]] char current() const noexcept { return buf_[pos_]; }
  void advance() noexcept { ++pos_; }
  /// The next window of the file for a parser that reads [p, end) itself; false at the end.
  bool next_window(const char*& p, const char*& end) {
    pos_ = len_;
    if (!refill()) return false;
    p = buf_.data();
    end = p + len_;
    return true;
  }
  [[nodiscard]] std::size_t window_start() const noexcept { return start_; }
  [[nodiscard]] const char* window() const noexcept { return buf_.data(); }
  [[nodiscard]] bool failed() const noexcept { return error_ != 0; }
  [[nodiscard]] int error() const noexcept { return error_; }

  /// 1-based line of byte `offset` (0-based), which must lie in the last two chunks read.
  [[nodiscard]] std::size_t line_of(std::size_t offset) const noexcept {
    if (offset >= start_) {
      const std::size_t k = std::min(offset - start_, len_);
      return 1 + lines_before_ +
             static_cast<std::size_t>(std::count(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(k), '\n'));
    }
    // in the previous chunk: subtract its newlines from `offset` on
    const std::size_t back = start_ - offset;  // bytes from offset to the end of that chunk
    std::size_t lines = lines_before_;
    if (back <= prev_tail_.size()) {
      lines -= static_cast<std::size_t>(
          std::count(prev_tail_.end() - static_cast<std::ptrdiff_t>(back), prev_tail_.end(), '\n'));
    }
    return 1 + lines;
  }

 private:
  bool refill() {
    if (eof_) return false;
    // retire the chunk just read: its newlines and its last bytes
    lines_before_ +=
        static_cast<std::size_t>(std::count(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(len_), '\n'));
    const std::size_t tail = std::min<std::size_t>(len_, prev_tail_.size());
    std::fill(prev_tail_.begin(), prev_tail_.end(), '\0');
    std::copy(buf_.begin() + static_cast<std::ptrdiff_t>(len_ - tail), buf_.begin() + static_cast<std::ptrdiff_t>(len_),
              prev_tail_.end() - static_cast<std::ptrdiff_t>(tail));
    start_ += len_;
    pos_ = 0;
    len_ = std::fread(buf_.data(), 1, buf_.size(), f_);
    if (len_ < buf_.size()) {
      eof_ = true;
      if (std::ferror(f_)) error_ = errno != 0 ? errno : EIO;
    }
    return len_ > 0;
  }

  std::FILE* f_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, len_ = 0;
  std::size_t start_ = 0;         // offset of buf_[0] in the file
  std::size_t lines_before_ = 0;  // newlines before buf_[0]
  std::vector<char> prev_tail_ = std::vector<char>(8, '\0');
  bool eof_ = false;
  int error_ = 0;
};

// Input iterator over a chunked_file; a default-constructed one is the end.
class chunk_iterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  chunk_iterator() = default;
  explicit chunk_iterator(chunked_file* f) : f_(f) {}
  [[nodiscard]] char operator*() const noexcept { return f_->current(); }
  chunk_iterator& operator++() noexcept {
    f_->advance();
    return *this;
  }
  chunk_iterator operator++(int) noexcept {
    chunk_iterator old = *this;
    f_->advance();
    return old;
  }
  // Only ever compared with the end iterator.
  friend bool operator==(const chunk_iterator& a, const chunk_iterator& b) { return a.done() == b.done(); }
  friend bool operator!=(const chunk_iterator& a, const chunk_iterator& b) { return !(a == b); }

 private:
  [[nodiscard]] bool done() const { return f_ == nullptr || f_->at_end(); }
  chunked_file* f_ = nullptr;
};

struct file_closer {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

}  // namespace

constexpr const char* nul_message = "malformed JSON: a NUL byte (JSON text never holds one)";

struct file_source {
  chunked_file& file;
  const char* p = nullptr;
  const char* end = nullptr;
  bool refill() { return file.next_window(p, end); }
  static std::size_t offset(const void* self) noexcept {
    const auto* f = static_cast<const file_source*>(self);
    return f->file.window_start() + static_cast<std::size_t>(f->p - f->file.window());
  }
};

void parse_json_text(std::string_view text, json_sax_reader& reader) {
  text_source in{text.data(), text.data() + text.size(), text.data()};
  reader.set_document(text.size(), &text_source::offset, &in);
  try {
    fast_parser<text_source>(in, reader).run();
  } catch (const syntax_error&) {
    // nlohmann reads a NUL byte as the end of the input (and would accept "[1]\0garbage"): refuse it
    // (the parser stopped at the offending byte or just past it)
    const auto at = static_cast<std::size_t>(in.p - text.data());
    if (at > 0 && text[at - 1] == '\0') {
      throw edgemetrics::parse_error(reader.source(), line_of_offset(text, at - 1), "", nul_message);
    }
    if (at < text.size() && text[at] == '\0') {
      throw edgemetrics::parse_error(reader.source(), line_of_offset(text, at), "", nul_message);
    }
    syntax_only again(reader.source());
    if (!nlohmann::json::sax_parse(text.data(), text.data() + text.size(), &again)) {
      throw edgemetrics::parse_error(reader.source(), line_of_offset(text, error_offset(again.error_position())), "",
                                     again.error_message());
    }
    // not reached: both parsers accept the same documents
    throw edgemetrics::parse_error(reader.source(), line_of_offset(text, static_cast<std::size_t>(in.p - text.data())),
                                   "", "malformed JSON");
  }
  reader.on_document_end();
}

void parse_json_file(const std::string& path, json_sax_reader& reader) {
  struct stat st {};
  if (path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<std::size_t>(st.st_size) >= json_stream_threshold) {
    const std::unique_ptr<std::FILE, file_closer> f(std::fopen(path.c_str(), "rb"));
    if (f) {
      const auto read_error = [&](int err) {
        return edgemetrics::parse_error(reader.source(), 0, "", std::string("read error: ") + std::strerror(err));
      };
      chunked_file in(f.get());
      file_source src{in};
      reader.set_document(static_cast<std::size_t>(st.st_size), &file_source::offset, &src);
      try {
        fast_parser<file_source>(src, reader).run();
      } catch (const syntax_error&) {
        if (in.failed()) throw read_error(in.error());
        if (src.p != nullptr && src.p > in.window() && src.p[-1] == '\0') {
          throw edgemetrics::parse_error(reader.source(), in.line_of(file_source::offset(&src) - 1), "", nul_message);
        }
        if (src.p != nullptr && src.p < src.end && src.p[0] == '\0') {
          throw edgemetrics::parse_error(reader.source(), in.line_of(file_source::offset(&src)), "", nul_message);
        }
        std::rewind(f.get());
        chunked_file again_in(f.get());
        syntax_only again(reader.source());
        if (!nlohmann::json::sax_parse(chunk_iterator(&again_in), chunk_iterator(), &again)) {
          if (again_in.failed()) throw read_error(again_in.error());
          throw edgemetrics::parse_error(reader.source(), again_in.line_of(error_offset(again.error_position())), "",
                                         again.error_message());
        }
        throw edgemetrics::parse_error(reader.source(), 0, "", "malformed JSON");  // not reached
      }
      if (in.failed()) throw read_error(in.error());
      reader.on_document_end();
      return;
    }
    // cannot open: read_text_file names the reason
  }
  const std::string text = read_text_file(path);
  parse_json_text(text, reader);
}

}  // namespace edgemetrics::detail
