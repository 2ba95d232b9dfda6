// edgemetrics: all public headers of the geometry area.
#ifndef EDGEMETRICS_GEOMETRY_HPP
#define EDGEMETRICS_GEOMETRY_HPP

#include <edgemetrics/geometry/box.hpp>
#include <edgemetrics/geometry/iou.hpp>
#include <edgemetrics/geometry/iou_matrix.hpp>
#include <edgemetrics/geometry/nms.hpp>

#endif  // EDGEMETRICS_GEOMETRY_HPP
