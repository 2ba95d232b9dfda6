// What every report value type carries about its own making: the tool that made it and its
// inputs. With the report's kind, options and the library version it forms the common JSON
// envelope (docs/json.md):
//   {"schema": 2, "kind": "voc_eval", "tool": "edgemetrics-voc-eval", "version": "0.2.0",
//    "inputs": [...], "options": {...}, ...payload}
#ifndef EDGEMETRICS_REPORT_INFO_HPP
#define EDGEMETRICS_REPORT_INFO_HPP

#include <string>
#include <vector>

namespace edgemetrics {

/// The JSON schema version of every report edgemetrics writes (the envelope and each kind's
/// payload). Readers accept this version only.
inline constexpr int report_schema = 2;

struct report_info {
  /// The program that made the report ("edgemetrics-voc-eval"); empty when a library call
  /// made it (JSON then says "edgemetrics").
  std::string tool;
  /// The files or sources it was made from, in the order given ("-" or "<stdin>" for standard input).
  std::vector<std::string> inputs;

  friend bool operator==(const report_info& a, const report_info& b) {
    return a.tool == b.tool && a.inputs == b.inputs;
  }
  friend bool operator!=(const report_info& a, const report_info& b) { return !(a == b); }
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_REPORT_INFO_HPP
