// edgemetrics: all public headers of the timing area.
#ifndef EDGEMETRICS_TIMING_HPP
#define EDGEMETRICS_TIMING_HPP

#endif  // EDGEMETRICS_TIMING_HPP
