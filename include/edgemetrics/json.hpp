// edgemetrics: opt-in nlohmann-json integration.
//
// Every edgemetrics value type gets ADL `to_json` (and `from_json` where a value
// can be rebuilt) in namespace edgemetrics, so `nlohmann::json j = result;` works.
// Reports carry a "schema" version. Link edgemetrics::json (CMake component `json`).
#ifndef EDGEMETRICS_JSON_HPP
#define EDGEMETRICS_JSON_HPP

#include <edgemetrics/edgemetrics.hpp>
#include <nlohmann/json.hpp>

#include <edgemetrics/json/classification.hpp>
#include <edgemetrics/json/coco.hpp>
#include <edgemetrics/json/detection.hpp>
#include <edgemetrics/json/geometry.hpp>
#include <edgemetrics/json/hardware.hpp>
#include <edgemetrics/json/report.hpp>
#include <edgemetrics/json/timing.hpp>

#endif  // EDGEMETRICS_JSON_HPP
