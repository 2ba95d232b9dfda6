// edgemetrics: what every area's {fmt} support shares (link edgemetrics::fmt): every public
// enum with a name table formats as its name, with the string format specs ("{:>12}").
#ifndef EDGEMETRICS_FMT_COMMON_HPP
#define EDGEMETRICS_FMT_COMMON_HPP

#include <fmt/format.h>
#include <edgemetrics/detail/enum_names.hpp>

#include <string_view>
#include <type_traits>

template <class E>
struct fmt::formatter<E, char, std::enable_if_t<edgemetrics::detail::has_enum_names_v<E>>>
    : fmt::formatter<fmt::string_view> {
  template <class Ctx>
  auto format(E e, Ctx& ctx) const {
    const std::string_view s = edgemetrics::detail::enum_to_string(e);
    return fmt::formatter<fmt::string_view>::format(fmt::string_view(s.data(), s.size()), ctx);
  }
};

#endif  // EDGEMETRICS_FMT_COMMON_HPP
