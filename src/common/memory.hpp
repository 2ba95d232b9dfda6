// Internal (not installed): large buffers and the kernel's page faults.
//
// A first touch of a 4 KiB page is a page fault; filling a 100 MB working set takes about 25,000
// of them, which on a virtual machine (or a small board) costs more than the work done in those
// pages: 16 % of a COCO evaluation's CPU time on the 2-core VM the benchmarks run on. Buffers of
// several megabytes are therefore advised to the kernel as candidates for transparent huge pages
// (MADV_HUGEPAGE: 2 MiB per fault where the kernel allows it, e.g. its "madvise" mode, Debian's
// and L4T's default). An advice only: nothing changes where the kernel says no, on other systems,
// or for small buffers; the contents and the results are the same either way.
#ifndef EDGEMETRICS_SRC_COMMON_MEMORY_HPP
#define EDGEMETRICS_SRC_COMMON_MEMORY_HPP

#include <cstddef>

namespace edgemetrics::detail {

/// Advises the whole pages inside [p, p + bytes) as huge-page candidates when bytes is at least
/// huge_page_advice_min (no-op otherwise, and where the system has no such advice).
void advise_huge_pages(void* p, std::size_t bytes) noexcept;

/// Below this size an advice cannot pay off (a huge page is 2 MiB).
inline constexpr std::size_t huge_page_advice_min = std::size_t{4} << 20;

/// v.reserve(n), then the advice on v's storage (call it before filling v: pages already
/// touched stay as they are).
template <class Vector>
void reserve_huge(Vector& v, std::size_t n) {
  v.reserve(n);
  advise_huge_pages(static_cast<void*>(v.data()), v.capacity() * sizeof(typename Vector::value_type));
}

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_COMMON_MEMORY_HPP
