// edgemetrics: {fmt} formatters for the timing area.
#ifndef EDGEMETRICS_FMT_TIMING_HPP
#define EDGEMETRICS_FMT_TIMING_HPP

#include <edgemetrics/timing.hpp>
#include <fmt/format.h>

#endif  // EDGEMETRICS_FMT_TIMING_HPP
