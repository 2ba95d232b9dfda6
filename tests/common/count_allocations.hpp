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
// GCC 12 at -O1 inlines these into callers and then warns that memory from operator new goes to
// free(): that is this replacement's own pairing (malloc above, free here), not a mismatch.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#endif  // EDGEMETRICS_TESTS_COMMON_COUNT_ALLOCATIONS_HPP
