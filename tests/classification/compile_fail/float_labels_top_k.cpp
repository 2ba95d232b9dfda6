// Must NOT compile: top_k_accuracy labels of a floating-point type are rejected by a
// static_assert. Built only by its ctest entry.
#include <edgemetrics/classification/top_k.hpp>

double f() {
  const float scores[] = {0.1f, 0.9f};
  const double truth[] = {1.0};
  return edgemetrics::top_k_accuracy(scores, 1, 2, truth, 1).value();
}
