// edgemetrics: all public headers of the classification area.
#ifndef EDGEMETRICS_CLASSIFICATION_HPP
#define EDGEMETRICS_CLASSIFICATION_HPP

#include <edgemetrics/classification/confusion_matrix.hpp>
#include <edgemetrics/classification/fraction.hpp>
#include <edgemetrics/classification/metrics.hpp>
#include <edgemetrics/classification/report.hpp>
#include <edgemetrics/classification/top_k.hpp>
#include <edgemetrics/classification/labels.hpp>

#endif  // EDGEMETRICS_CLASSIFICATION_HPP
