// A latency trace: the per-inference latencies of one run, by stage, as the readers in
// <edgemetrics/io/latency.hpp> produce them and the summaries in this area consume them.
#ifndef EDGEMETRICS_TIMING_TRACE_HPP
#define EDGEMETRICS_TIMING_TRACE_HPP

#include <cstddef>
#include <string>
#include <vector>

namespace edgemetrics {

/// A named series of latencies in milliseconds (one stage of a run).
struct latency_series {
  std::string name;
  std::vector<double> ms;
};

/// A run: one or more stages recorded together, and its wall window when known.
struct latency_trace {
  std::vector<latency_series> stages;
  double wall_ms = 0;  ///< first start to last end (trtexec: endD2hMs - startH2dMs); 0 when unknown
  std::size_t warmup_excluded = 0;
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_TIMING_TRACE_HPP
