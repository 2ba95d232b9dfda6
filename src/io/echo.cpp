#include "echo.hpp"

#include <algorithm>

namespace edgemetrics::detail {

namespace {

// Length of the well-formed UTF-8 sequence at s[i] (2..4) and its code point, or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2, cp = b0 & 0x1Fu, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3, cp = b0 & 0x0Fu, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4, cp = b0 & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool invisible(char32_t cp) noexcept {
  return (cp >= 0x80 && cp <= 0xA0) || cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

void hex(std::string& out, unsigned char b) {
  static constexpr char digits[] = "0123456789abcdef";
  out += "\\x";
  out += digits[b >> 4];
  out += digits[b & 0xF];
}

}  // namespace

std::string echo_unquoted(std::string_view text, std::size_t cap) {
  std::string out;
  out.reserve(std::min(text.size(), cap) + 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if (i + 1 > cap) break;
      if (b < 0x20 || b == 0x7F) {
        hex(out, b);
      } else if (b == '\\' || b == '\'') {
        out += '\\';
        out += static_cast<char>(b);
      } else {
        out += static_cast<char>(b);
      }
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = utf8_sequence(text, i, cp);
    if (n == 0) {
      if (i + 1 > cap) break;
      hex(out, b);
      ++i;
      continue;
    }
    if (i + n > cap) break;  // never cut a character in two
    if (invisible(cp)) {
      for (std::size_t k = 0; k < n; ++k) hex(out, static_cast<unsigned char>(text[i + k]));
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  if (i < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

std::string echo(std::string_view text, std::size_t cap) { return "'" + echo_unquoted(text, cap) + "'"; }

}  // namespace edgemetrics::detail
