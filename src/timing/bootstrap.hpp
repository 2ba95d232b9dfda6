// Internal: bootstrap medians without materialising resamples (compare_runs). Declared in
// <edgemetrics/timing/compare.hpp> (namespace detail).
#ifndef EDGEMETRICS_SRC_TIMING_BOOTSTRAP_HPP
#define EDGEMETRICS_SRC_TIMING_BOOTSTRAP_HPP

#include <edgemetrics/timing/compare.hpp>

#endif  // EDGEMETRICS_SRC_TIMING_BOOTSTRAP_HPP
