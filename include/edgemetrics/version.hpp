// edgemetrics: evaluation metrics for deep-learning inference on edge devices.
// SPDX-License-Identifier: MIT
#ifndef EDGEMETRICS_VERSION_HPP
#define EDGEMETRICS_VERSION_HPP

// The one version number of the project; CMakeLists.txt reads it from here.
#define EDGEMETRICS_VERSION_MAJOR 0
#define EDGEMETRICS_VERSION_MINOR 2
#define EDGEMETRICS_VERSION_PATCH 0

/// "MAJOR.MINOR.PATCH", as written in every JSON report's "version" (a test checks it matches).
#define EDGEMETRICS_VERSION_STRING "0.2.0"

#define EDGEMETRICS_VERSION \
  (EDGEMETRICS_VERSION_MAJOR * 10000 + EDGEMETRICS_VERSION_MINOR * 100 + EDGEMETRICS_VERSION_PATCH)

namespace edgemetrics {

/// Version of the headers, e.g. 100 for 0.1.0.
inline constexpr int version = EDGEMETRICS_VERSION;

/// "0.2.0": the version as JSON reports and --version print it.
inline constexpr const char* version_string = EDGEMETRICS_VERSION_STRING;

/// Version of the compiled library the program links against (same encoding as `version`).
/// A mismatch with `version` means headers and library come from different installs.
int library_version() noexcept;

}  // namespace edgemetrics

#endif  // EDGEMETRICS_VERSION_HPP
