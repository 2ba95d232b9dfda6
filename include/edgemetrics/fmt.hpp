// edgemetrics: opt-in {fmt} integration: fmt::formatter specialisations for
// edgemetrics value types. Link edgemetrics::fmt (CMake component `fmt`).
#ifndef EDGEMETRICS_FMT_HPP
#define EDGEMETRICS_FMT_HPP

#include <fmt/format.h>
#include <edgemetrics/edgemetrics.hpp>

#include <edgemetrics/fmt/classification.hpp>
#include <edgemetrics/fmt/detection.hpp>
#include <edgemetrics/fmt/geometry.hpp>
#include <edgemetrics/fmt/hardware.hpp>
#include <edgemetrics/fmt/report.hpp>
#include <edgemetrics/fmt/timing.hpp>

#endif  // EDGEMETRICS_FMT_HPP
