// edgemetrics: nlohmann-json support (to_json / from_json) for the classification area.
#ifndef EDGEMETRICS_JSON_CLASSIFICATION_HPP
#define EDGEMETRICS_JSON_CLASSIFICATION_HPP

#include <edgemetrics/classification.hpp>
#include <nlohmann/json.hpp>

#endif  // EDGEMETRICS_JSON_CLASSIFICATION_HPP
