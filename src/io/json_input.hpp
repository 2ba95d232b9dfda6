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

/// Parses a JSON document. Every nlohmann error (syntax, a number that overflows a double...)
/// becomes edgemetrics::parse_error naming `source` and, where it can be found, the line.
[[nodiscard]] nlohmann::json parse_json(std::string_view text, const std::string& source);

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_IO_JSON_INPUT_HPP
