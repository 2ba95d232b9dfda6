#include <edgemetrics/classification/confusion_matrix.hpp>

#include <system_error>
#include <thread>
#include <vector>

namespace edgemetrics::detail {

unsigned hardware_threads() noexcept {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

void run_parallel(unsigned threads, void (*fn)(void*, unsigned), void* ctx) {
  std::vector<std::thread> workers;
  workers.reserve(threads > 0 ? threads - 1 : 0);
  try {
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(fn, ctx, t);
  } catch (const std::system_error&) {
    // No more threads to be had: the calling thread does the remaining parts.
  }
  fn(ctx, 0);
  for (auto t = static_cast<unsigned>(workers.size()) + 1; t < threads; ++t) fn(ctx, t);
  for (auto& w : workers) w.join();
}

}  // namespace edgemetrics::detail
