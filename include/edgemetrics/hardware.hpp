// edgemetrics: all public headers of the hardware area.
#ifndef EDGEMETRICS_HARDWARE_HPP
#define EDGEMETRICS_HARDWARE_HPP

#include <edgemetrics/hardware/power.hpp>
#include <edgemetrics/hardware/sample.hpp>

#endif  // EDGEMETRICS_HARDWARE_HPP
