// Must NOT compile: confusion_matrix labels of a floating-point type are rejected by a
// static_assert (not an undefined reference at link time). Built only by its ctest entry.
#include <edgemetrics/classification/confusion_matrix.hpp>

#include <vector>

void f() {
  edgemetrics::confusion_matrix cm(3);
  const std::vector<float> truth{0, 1}, prediction{1, 1};
  cm.record(truth, prediction);
}
