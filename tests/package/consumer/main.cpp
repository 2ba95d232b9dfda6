// A downstream program: core + the opt-in json and fmt integrations.
#include <edgemetrics/edgemetrics.hpp>
#include <edgemetrics/fmt.hpp>
#include <edgemetrics/json.hpp>

#include <cstdio>

int main() {
  if (edgemetrics::library_version() != edgemetrics::version) {
    std::fputs("header/library version mismatch\n", stderr);
    return 1;
  }
  std::puts("edgemetrics consumer OK");
  return 0;
}
