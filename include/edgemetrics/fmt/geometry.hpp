// edgemetrics: {fmt} formatters for the geometry area.
#ifndef EDGEMETRICS_FMT_GEOMETRY_HPP
#define EDGEMETRICS_FMT_GEOMETRY_HPP

#include <edgemetrics/geometry.hpp>
#include <fmt/format.h>

#endif  // EDGEMETRICS_FMT_GEOMETRY_HPP
