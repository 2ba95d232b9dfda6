// Internal: one name table per public enum, from which its to_string(), its parse_<enum>()
// and its JSON and {fmt} support are all made (docs/conventions.md, "Names and errors").
//
// An enum E takes part by specialising enum_traits:
//
//   template <> struct detail::enum_traits<voc_preset> {
//     static constexpr std::string_view type_name = "voc_preset";
//     static constexpr std::array<detail::enum_name<voc_preset>, 3> names{{
//         {voc_preset::voc_devkit, "voc_devkit"}, ...}};
//   };
//   [[nodiscard]] constexpr std::string_view to_string(voc_preset p) noexcept { return detail::enum_to_string(p); }
//   [[nodiscard]] inline voc_preset parse_voc_preset(std::string_view s) { return detail::enum_from_string<voc_preset>(s); }
//
// <edgemetrics/json.hpp> then gives every such enum to_json/from_json (its name as a string),
// and <edgemetrics/fmt.hpp> a formatter (its name, with string format specs).
#ifndef EDGEMETRICS_DETAIL_ENUM_NAMES_HPP
#define EDGEMETRICS_DETAIL_ENUM_NAMES_HPP

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace edgemetrics::detail {

template <class E>
struct enum_name {
  E value;
  std::string_view name;
};

/// Specialised for every public enum (see above). The primary template marks "no names".
template <class E>
struct enum_traits;

template <class E, class = void>
struct has_enum_names : std::false_type {};
template <class E>
struct has_enum_names<E, std::void_t<decltype(enum_traits<E>::names)>> : std::true_type {};
template <class E>
inline constexpr bool has_enum_names_v = has_enum_names<E>::value;

/// The name of `e`; "" for a value outside the table (a cast integer), never a crash.
template <class E>
[[nodiscard]] constexpr std::string_view enum_to_string(E e) noexcept {
  for (const auto& n : enum_traits<E>::names) {
    if (n.value == e) return n.name;
  }
  return {};
}

/// "a, b, c": the valid names, in table order.
template <class E>
[[nodiscard]] std::string enum_name_list() {
  std::string s;
  for (const auto& n : enum_traits<E>::names) {
    if (!s.empty()) s += ", ";
    s += n.name;
  }
  return s;
}

/// The enumerator named `s` (exact, case-sensitive). Throws std::invalid_argument
/// "edgemetrics: unknown <type> '<s>' (valid: a, b, c)" otherwise.
template <class E>
[[nodiscard]] E enum_from_string(std::string_view s) {
  for (const auto& n : enum_traits<E>::names) {
    if (n.name == s) return n.value;
  }
  std::string shown(s.substr(0, 64));
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  throw std::invalid_argument("edgemetrics: unknown " + std::string(enum_traits<E>::type_name) + " '" + shown +
                              (s.size() > 64 ? "...'" : "'") + " (valid: " + enum_name_list<E>() + ")");
}

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_DETAIL_ENUM_NAMES_HPP
