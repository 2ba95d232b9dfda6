// edgemetrics: all public headers of the detection area.
#ifndef EDGEMETRICS_DETECTION_HPP
#define EDGEMETRICS_DETECTION_HPP

#endif  // EDGEMETRICS_DETECTION_HPP
