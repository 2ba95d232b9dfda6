// edgemetrics: all public headers of the classification area.
#ifndef EDGEMETRICS_CLASSIFICATION_HPP
#define EDGEMETRICS_CLASSIFICATION_HPP

#endif  // EDGEMETRICS_CLASSIFICATION_HPP
