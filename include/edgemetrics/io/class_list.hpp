// Class lists: one class name per line.
#ifndef EDGEMETRICS_IO_CLASS_LIST_HPP
#define EDGEMETRICS_IO_CLASS_LIST_HPP

#include <edgemetrics/error.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics {

/// Parses a class list: one name per line (not CSV: a comma is part of a name), surrounding
/// whitespace trimmed, blank lines and lines starting with '#' skipped, a leading UTF-8
/// byte-order mark skipped. Throws parse_error naming `source` and the line
/// of a duplicate name, or when there is no name at all.
[[nodiscard]] std::vector<std::string> parse_class_list(std::string_view text, const std::string& source);

/// Reads a class list file (see parse_class_list); "-" reads standard input, named "<stdin>" in
/// errors. Throws parse_error if it cannot be read.
[[nodiscard]] std::vector<std::string> read_class_list(const std::string& path);

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_CLASS_LIST_HPP
