// edgemetrics: nlohmann-json support (to_json / from_json) for the detection area.
#ifndef EDGEMETRICS_JSON_DETECTION_HPP
#define EDGEMETRICS_JSON_DETECTION_HPP

#include <edgemetrics/detection.hpp>
#include <nlohmann/json.hpp>

#endif  // EDGEMETRICS_JSON_DETECTION_HPP
