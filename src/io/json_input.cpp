#include "json_input.hpp"

#include <edgemetrics/error.hpp>

#include <algorithm>

namespace edgemetrics::detail {

std::size_t line_of_offset(std::string_view text, std::size_t offset) noexcept {
  offset = std::min(offset, text.size());
  return 1 +
         static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::string json_excerpt(const nlohmann::json& v) {
  if (v.is_structured()) return std::string("an ") + (v.is_array() ? "array" : "object");
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

nlohmann::json parse_json(std::string_view text, const std::string& source) {
  // Reject deep nesting while parsing (nlohmann's dump() and error paths recurse per level).
  const auto depth_guard = [&source](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
    if ((event == nlohmann::json::parse_event_t::object_start || event == nlohmann::json::parse_event_t::array_start) &&
        depth >= max_json_depth) {
      throw parse_error(source, 0, "", "JSON nested deeper than " + std::to_string(max_json_depth) + " levels");
    }
    return true;
  };
  try {
    return nlohmann::json::parse(text.begin(), text.end(), depth_guard);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based: the byte where parsing stopped.
    const std::string what = e.what();
    const auto pos = what.find("parse error");
    throw parse_error(source, line_of_offset(text, e.byte > 0 ? static_cast<std::size_t>(e.byte) - 1 : 0), "",
                      "malformed JSON: " + what.substr(pos == std::string::npos ? 0 : pos));
  } catch (const nlohmann::json::exception& e) {
    // e.g. out_of_range 406 "number overflow parsing '1e400'": no position, so find the token.
    std::string what = e.what();
    const auto close = what.find_last_of('\'');
    const auto open = close == std::string::npos ? std::string::npos : what.find_last_of('\'', close - 1);
    std::size_t line = 0;
    if (open != std::string::npos && close > open + 1) {
      const auto at = text.find(std::string_view(what).substr(open + 1, close - open - 1));
      if (at != std::string_view::npos) line = line_of_offset(text, at);
    }
    const auto bracket = what.find("] ");
    throw parse_error(source, line, "",
                      "invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2)));
  }
}

}  // namespace edgemetrics::detail
