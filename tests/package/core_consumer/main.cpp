// Core only: the umbrella header and edgemetrics::core, no file formats, no pugixml.
#include <edgemetrics/edgemetrics.hpp>

#include <cstdio>
#include <vector>

int main() {
  namespace em = edgemetrics;
  em::confusion_matrix cm(2);
  cm.record(0, 1);
  const std::vector<em::corner_box<double>> boxes{{0, 0, 2, 2}, {0, 0, 2, 1}};
  const std::vector<double> scores{0.9, 0.8};
  const auto keep = em::nms(boxes, scores, em::nms_options(em::box_convention::continuous, 0.4));
  const em::latency_summary s = em::summarize({1.0, 2.0, 3.0});
  const bool ok = em::library_version() == em::version && cm.total() == 1 && keep.size() == 1 && s.median_ms == 2.0;
  std::puts(ok ? "edgemetrics core consumer OK" : "edgemetrics core consumer FAILED");
  return ok ? 0 : 1;
}
