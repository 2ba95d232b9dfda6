#include <edgemetrics/detail/parse.hpp>
#include <edgemetrics/io/class_list.hpp>
#include <edgemetrics/io/file.hpp>

#include "echo.hpp"
#include "file.hpp"

#include <unordered_map>

namespace edgemetrics {

std::vector<std::string> parse_class_list(std::string_view text, const std::string& source) {
  text = detail::skip_bom(text);
  std::vector<std::string> names;
  std::unordered_map<std::string, std::size_t> seen;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view name = detail::trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (name.empty() || name.front() == '#') continue;
    const auto [it, inserted] = seen.emplace(std::string(name), line_no);
    if (!inserted) {
      throw parse_error(
          source, line_no, "class",
          "duplicate class name " + detail::echo(it->first) + " (first on line " + std::to_string(it->second) + ")");
    }
    names.emplace_back(name);
  }
  if (names.empty()) throw parse_error(source, 0, "", "no class names");
  return names;
}

std::vector<std::string> read_class_list(const std::string& path) {
  return parse_class_list(read_text_file(path), detail::source_name(path));
}

}  // namespace edgemetrics
