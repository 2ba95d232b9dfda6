// edgemetrics: evaluation metrics for deep-learning inference on edge devices.
//
// Umbrella header for the core library (target edgemetrics::core): every algorithm and value
// type. It includes no file format and neither {fmt} nor nlohmann-json: file readers and
// writers are in <edgemetrics/io.hpp> (target edgemetrics::io), the integrations are opt-in
// through <edgemetrics/fmt.hpp> and <edgemetrics/json.hpp>.
#ifndef EDGEMETRICS_EDGEMETRICS_HPP
#define EDGEMETRICS_EDGEMETRICS_HPP

#include <edgemetrics/error.hpp>
#include <edgemetrics/span.hpp>
#include <edgemetrics/version.hpp>

// classification
#include <edgemetrics/classification.hpp>

// geometry
#include <edgemetrics/geometry.hpp>

// detection
#include <edgemetrics/detection.hpp>

// timing
#include <edgemetrics/timing.hpp>

// hardware
#include <edgemetrics/hardware.hpp>
#include <edgemetrics/report.hpp>

#endif  // EDGEMETRICS_EDGEMETRICS_HPP
