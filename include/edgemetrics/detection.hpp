// edgemetrics: all public headers of the detection area.
#ifndef EDGEMETRICS_DETECTION_HPP
#define EDGEMETRICS_DETECTION_HPP

#include <edgemetrics/detection/average_precision.hpp>
#include <edgemetrics/detection/coco.hpp>
#include <edgemetrics/detection/matching.hpp>
#include <edgemetrics/detection/types.hpp>
#include <edgemetrics/detection/voc.hpp>
#include <edgemetrics/detection/voc_report.hpp>

#endif  // EDGEMETRICS_DETECTION_HPP
