#include <edgemetrics/version.hpp>

namespace edgemetrics {

int library_version() noexcept { return EDGEMETRICS_VERSION; }

}  // namespace edgemetrics
