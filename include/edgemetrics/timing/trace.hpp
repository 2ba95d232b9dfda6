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
  double wall_ms = 0;               ///< first start to last end (trtexec: endD2hMs - startH2dMs); 0 when unknown
  std::size_t warmup_excluded = 0;  ///< entries already dropped as warm-up (a reader's rule, or exclude_warmup)

  /// Count-based warm-up (the trace form of warmup::by_count): drops the first `count` samples
  /// of every stage (fewer where a stage is shorter) and adds the number dropped from the first
  /// stage to warmup_excluded. Returns that number. The wall window is left as it is.
  std::size_t exclude_warmup(std::size_t count) {
    std::size_t dropped = 0;
    for (std::size_t i = 0; i < stages.size(); ++i) {
      std::vector<double>& ms = stages[i].ms;
      const std::size_t drop = count < ms.size() ? count : ms.size();
      if (i == 0) dropped = drop;
      ms.erase(ms.begin(), ms.begin() + static_cast<std::ptrdiff_t>(drop));
    }
    warmup_excluded += dropped;
    return dropped;
  }
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_TIMING_TRACE_HPP
