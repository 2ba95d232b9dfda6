// edgemetrics: nlohmann-json support (to_json / from_json) for the timing area.
#ifndef EDGEMETRICS_JSON_TIMING_HPP
#define EDGEMETRICS_JSON_TIMING_HPP

#include <edgemetrics/timing.hpp>
#include <nlohmann/json.hpp>

#endif  // EDGEMETRICS_JSON_TIMING_HPP
