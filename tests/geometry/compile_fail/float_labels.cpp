// Must NOT compile: batched_nms with float labels (tests/geometry/CMakeLists.txt checks the message).
#include <edgemetrics/geometry/nms.hpp>

#include <vector>

int main() {
  const std::vector<edgemetrics::corner_box<float>> boxes{{0, 0, 1, 1}};
  const std::vector<float> scores{1.0f};
  const std::vector<float> labels{1.0f};
  return static_cast<int>(
      edgemetrics::batched_nms(boxes, scores, labels,
                               edgemetrics::nms_options(edgemetrics::box_convention::continuous, 0.5))
          .size());
}
