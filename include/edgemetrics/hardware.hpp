// edgemetrics: all public headers of the hardware area.
#ifndef EDGEMETRICS_HARDWARE_HPP
#define EDGEMETRICS_HARDWARE_HPP

#include <edgemetrics/hardware/energy.hpp>
#include <edgemetrics/hardware/power.hpp>
#include <edgemetrics/hardware/report.hpp>
#include <edgemetrics/hardware/sample.hpp>
#include <edgemetrics/hardware/series.hpp>
#include <edgemetrics/hardware/source.hpp>

#endif  // EDGEMETRICS_HARDWARE_HPP
