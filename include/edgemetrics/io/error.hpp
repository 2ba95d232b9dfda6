// edgemetrics::parse_error, for readers. It lives in the core (<edgemetrics/error.hpp>); this
// header is kept so that code written against 0.1 keeps compiling.
#ifndef EDGEMETRICS_IO_ERROR_HPP
#define EDGEMETRICS_IO_ERROR_HPP

#include <edgemetrics/error.hpp>

#endif  // EDGEMETRICS_IO_ERROR_HPP
