// What reading a hardware source found besides its samples: lines, samples, corrupt lines
// skipped (with their numbers and messages) and unknown tokens. Every reader of the area fills
// it (the tegrastats log reader; jtop's CSV reader may too), and the reports carry it.
#ifndef EDGEMETRICS_HARDWARE_SOURCE_HPP
#define EDGEMETRICS_HARDWARE_SOURCE_HPP

#include <cstddef>
#include <string>
#include <vector>

namespace edgemetrics {

/// A corrupt line that was skipped: its 1-based number and the parse_error message
/// ("FILE:LINE: field: problem").
struct skipped_line {
  std::size_t line = 0;
  std::string message;

  friend bool operator==(const skipped_line& a, const skipped_line& b) {
    return a.line == b.line && a.message == b.message;
  }
  friend bool operator!=(const skipped_line& a, const skipped_line& b) { return !(a == b); }
};

/// What a read found besides the samples.
struct source_stats {
  std::size_t lines = 0;              ///< lines read, empty ones included
  std::size_t samples = 0;            ///< samples produced
  std::size_t skipped_lines = 0;      ///< corrupt lines skipped (all of them)
  std::size_t unknown_tokens = 0;     ///< tokens kept raw, over every sample
  std::vector<skipped_line> skipped;  ///< the first of them (the reader's max_reported_skips)
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_HARDWARE_SOURCE_HPP
