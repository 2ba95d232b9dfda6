// Replaces the global operator new/delete of a test executable to count allocations in
// g_allocations. Include it in exactly one translation unit of an executable of its own (the
// replacement is program-wide): tests/{geometry,detection,timing,classification}/*alloc_test.cpp.
#ifndef EDGEMETRICS_TESTS_COMMON_COUNT_ALLOCATIONS_HPP
#define EDGEMETRICS_TESTS_COMMON_COUNT_ALLOCATIONS_HPP

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

#endif  // EDGEMETRICS_TESTS_COMMON_COUNT_ALLOCATIONS_HPP
