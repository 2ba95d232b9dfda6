// edgemetrics: nlohmann-json support (to_json / from_json) for the geometry area.
#ifndef EDGEMETRICS_JSON_GEOMETRY_HPP
#define EDGEMETRICS_JSON_GEOMETRY_HPP

#include <edgemetrics/geometry.hpp>
#include <nlohmann/json.hpp>

#endif  // EDGEMETRICS_JSON_GEOMETRY_HPP
