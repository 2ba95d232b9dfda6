// edgemetrics: evaluation metrics for deep-learning inference on edge devices.
//
// Umbrella header for the core library. It includes neither {fmt} nor
// nlohmann-json: those integrations are opt-in through <edgemetrics/fmt.hpp>
// and <edgemetrics/json.hpp>.
#ifndef EDGEMETRICS_EDGEMETRICS_HPP
#define EDGEMETRICS_EDGEMETRICS_HPP

#include <edgemetrics/io.hpp>
#include <edgemetrics/version.hpp>

// classification
#include <edgemetrics/classification.hpp>

// geometry
#include <edgemetrics/geometry.hpp>

// detection
#include <edgemetrics/detection.hpp>

// timing
#include <edgemetrics/timing.hpp>

#endif  // EDGEMETRICS_EDGEMETRICS_HPP
