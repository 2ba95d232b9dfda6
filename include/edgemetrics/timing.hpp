// edgemetrics: all public headers of the timing area.
#ifndef EDGEMETRICS_TIMING_HPP
#define EDGEMETRICS_TIMING_HPP

#include <edgemetrics/timing/compare.hpp>
#include <edgemetrics/timing/histogram.hpp>
#include <edgemetrics/timing/percentile.hpp>
#include <edgemetrics/timing/recorder.hpp>
#include <edgemetrics/timing/report.hpp>
#include <edgemetrics/timing/summary.hpp>
#include <edgemetrics/timing/trace.hpp>
#include <edgemetrics/timing/verdict.hpp>

#endif  // EDGEMETRICS_TIMING_HPP
