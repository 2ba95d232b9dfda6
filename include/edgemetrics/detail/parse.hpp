// Internal text helpers shared by the readers: locale-independent, exact number
// parsing (std::from_chars: correctly rounded, the same double as Python's float())
// and whitespace/field splitting. Not part of the public API.
#ifndef EDGEMETRICS_DETAIL_PARSE_HPP
#define EDGEMETRICS_DETAIL_PARSE_HPP

#include <charconv>
#include <cstddef>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace edgemetrics::detail {

/// Parses the whole of `s` as a number of type T (integral or floating point).
/// Returns false on empty input, trailing characters or overflow. A single leading '+'
/// is accepted (Python's float() and int() accept it; from_chars does not); a second sign
/// after it ("+-1", "++1") is not.
template <class T>
[[nodiscard]] bool parse_number(std::string_view s, T& out) noexcept {
  static_assert(std::is_arithmetic_v<T>, "parse_number needs an arithmetic type");
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) return false;
  }
  if (s.empty()) return false;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  std::from_chars_result r{};
  if constexpr (std::is_floating_point_v<T>) {
    r = std::from_chars(first, last, out, std::chars_format::general);
  } else {
    r = std::from_chars(first, last, out);
  }
  return r.ec == std::errc() && r.ptr == last;
}

[[nodiscard]] constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/// `s` without leading and trailing whitespace.
[[nodiscard]] constexpr std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

/// Splits `s` on runs of whitespace into `out` (cleared first); no empty fields.
inline void split_whitespace(std::string_view s, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    const std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
}

/// Splits `s` on `sep` into `out` (cleared first); keeps empty fields.
inline void split(std::string_view s, char sep, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  for (;;) {
    const std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_DETAIL_PARSE_HPP
