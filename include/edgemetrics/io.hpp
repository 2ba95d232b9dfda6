// edgemetrics: input/output shared by all areas. Each area's readers
// (io/<area>_*.hpp) are included by that area's umbrella header.
#ifndef EDGEMETRICS_IO_HPP
#define EDGEMETRICS_IO_HPP

#include <edgemetrics/io/class_list.hpp>
#include <edgemetrics/io/error.hpp>

#endif  // EDGEMETRICS_IO_HPP
