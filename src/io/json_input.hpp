// Internal (not installed): parsing JSON inputs with errors that name the file and line.
#ifndef EDGEMETRICS_SRC_IO_JSON_INPUT_HPP
#define EDGEMETRICS_SRC_IO_JSON_INPUT_HPP

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace edgemetrics::detail {

/// 1-based line of a byte offset in `text` (offsets past the end count as the end).
[[nodiscard]] std::size_t line_of_offset(std::string_view text, std::size_t offset) noexcept;

/// Deepest nesting of arrays and objects parse_json accepts (inputs are flat lists of
/// numbers or of small objects; deeper documents are rejected before they can exhaust the stack).
inline constexpr int max_json_depth = 64;

/// Parses a JSON document. Every nlohmann error (syntax, a number that overflows a double...)
/// becomes edgemetrics::parse_error naming `source` and, where it can be found, the line; so does
/// nesting deeper than max_json_depth.
[[nodiscard]] nlohmann::json parse_json(std::string_view text, const std::string& source);

/// A short excerpt of a value for an error message: scalars as JSON text (cut to 60
/// characters), arrays and objects by their type only. Never recurses.
[[nodiscard]] std::string json_excerpt(const nlohmann::json& v);

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_IO_JSON_INPUT_HPP
