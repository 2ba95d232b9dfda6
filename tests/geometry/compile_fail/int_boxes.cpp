// Must NOT compile: the IoU family of integer boxes (tests/geometry/CMakeLists.txt checks the message).
#include <edgemetrics/geometry/iou.hpp>

int main() {
  const edgemetrics::corner_box<int> a{0, 0, 2, 2};
  return edgemetrics::iou(a, a, edgemetrics::box_convention::continuous);
}
