// edgemetrics: {fmt} formatters for the classification area.
#ifndef EDGEMETRICS_FMT_CLASSIFICATION_HPP
#define EDGEMETRICS_FMT_CLASSIFICATION_HPP

#include <edgemetrics/classification.hpp>
#include <fmt/format.h>

#endif  // EDGEMETRICS_FMT_CLASSIFICATION_HPP
