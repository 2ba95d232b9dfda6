// edgemetrics: {fmt} formatters for the detection area.
#ifndef EDGEMETRICS_FMT_DETECTION_HPP
#define EDGEMETRICS_FMT_DETECTION_HPP

#include <edgemetrics/detection.hpp>
#include <fmt/format.h>

#endif  // EDGEMETRICS_FMT_DETECTION_HPP
