// Bootstrap medians by binomial splitting (docs/conventions.md, "Latency", bootstrap).
//
// A resample draws n indices uniformly from the n sorted samples; its median is the value at the
// index where the k-th smallest draw lands (k = n/2; for even n also k - 1, averaged). The draws
// need not be made one by one: the number of draws falling in the left part [lo, mid) of an index
// range [lo, hi) holding m draws is Binomial(m, (mid - lo)/(hi - lo)), and the wanted rank lies on
// the left when it is below that count. Descending from [0, n) to a single index takes about
// log2(n) binomial draws, each sampled exactly (in distribution) from random bits:
//   * p = 1/2 (an even range): the popcount of m random bits;
//   * p = a/b otherwise: 64 Bernoulli trials at a time, each comparing the bits of a uniform U
//     with the binary expansion of a/b (exact integer arithmetic) until they differ; a lane is a
//     success when U < a/b. About 7 words per 64 trials.
// So a resample costs O(n / 64) words, not n draws + a selection: the same distribution of
// resampled medians as drawing the indices, hence the same interval up to Monte Carlo error.
// Integer arithmetic only, one xoshiro256** stream per resample: identical on every platform and
// for every thread count.
#include "bootstrap.hpp"

#include <algorithm>
#include <atomic>
#include <bitset>
#include <thread>

namespace edgemetrics::detail {

namespace {

std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman and Vigna), state from splitmix64 as its authors recommend.
class xoshiro256ss {
 public:
  explicit xoshiro256ss(std::uint64_t seed) noexcept {
    for (std::uint64_t& w : s_) w = splitmix64(seed);
  }
  std::uint64_t operator()() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

int popcount(std::uint64_t x) noexcept { return static_cast<int>(std::bitset<64>(x).count()); }

// Binomial(m, 1/2): the number of ones among m random bits.
std::uint64_t binomial_half(std::uint64_t m, xoshiro256ss& rng) noexcept {
  std::uint64_t count = 0;
  for (; m >= 64; m -= 64) count += static_cast<std::uint64_t>(popcount(rng()));
  if (m > 0) count += static_cast<std::uint64_t>(popcount(rng() & ((std::uint64_t{1} << m) - 1)));
  return count;
}

// Binomial(m, a/b), 0 < a < b < 2^63: 64 trials at a time, bit-sliced comparisons of uniforms
// with the binary expansion of a/b. Its first 64 digits are computed once (the same for every
// group of trials); a group still undecided after them (probability about 64 * 2^-64) goes on
// with the exact remainder.
std::uint64_t binomial_fraction(std::uint64_t m, std::uint64_t a, std::uint64_t b, xoshiro256ss& rng) noexcept {
  std::uint64_t digits = 0, rem = a;
  int length = 64;  // digits until the expansion ends (the remainder becomes 0), at most 64
  for (int k = 0; k < 64; ++k) {
    rem *= 2;
    const bool one = rem >= b;
    if (one) rem -= b;
    digits |= static_cast<std::uint64_t>(one) << (63 - k);
    if (rem == 0) {
      length = k + 1;
      break;
    }
  }
  std::uint64_t count = 0;
  while (m > 0) {
    const std::uint64_t lanes = m >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << m) - 1;
    m -= m >= 64 ? 64 : m;
    std::uint64_t undecided = lanes, less = 0;
    int k = 0;
    for (; k < length && undecided != 0; ++k) {
      const std::uint64_t w = rng();
      const std::uint64_t digit = 0 - ((digits >> (63 - k)) & 1);  // all ones when a/b's digit is 1
      less |= undecided & ~w & digit;                              // U's digit 0 < 1: U < a/b
      undecided &= ~(w ^ digit);                                   // equal digits: still undecided
    }
    // An expansion that ended leaves undecided U equal to a/b so far, so U >= a/b. One longer
    // than 64 digits continues exactly.
    for (std::uint64_t r = rem; k == 64 && length == 64 && undecided != 0 && r != 0;) {
      r *= 2;
      const std::uint64_t w = rng();
      if (r >= b) {
        r -= b;
        less |= undecided & ~w;
        undecided &= w;
      } else {
        undecided &= ~w;
      }
    }
    count += static_cast<std::uint64_t>(popcount(less));
  }
  return count;
}

// The indices of the draws of ranks `ranks[0] < ranks[1] < ...` (count <= 2, 0-based) among the
// m draws that fell in the index range [lo, hi), written to out[0, count).
void locate(std::uint64_t lo, std::uint64_t hi, std::uint64_t m, const std::uint64_t* ranks, std::size_t count,
            std::uint64_t* out, xoshiro256ss& rng) noexcept {
  std::uint64_t rk[2] = {ranks[0], count > 1 ? ranks[1] : 0};
  while (hi - lo > 1) {
    const std::uint64_t size = hi - lo, left = size / 2, mid = lo + left;
    const std::uint64_t in_left = size % 2 == 0 ? binomial_half(m, rng) : binomial_fraction(m, left, size, rng);
    std::size_t split = 0;  // rk[0, split) lie in the left part
    while (split < count && rk[split] < in_left) ++split;
    if (split == count) {  // all on the left
      hi = mid;
      m = in_left;
      continue;
    }
    if (split > 0) {  // the two ranks part here: the right one on its own (rare)
      const std::uint64_t right_rank = rk[1] - in_left;
      locate(mid, hi, m - in_left, &right_rank, 1, out + 1, rng);
      count = 1;
      hi = mid;
      m = in_left;
      continue;
    }
    for (std::size_t i = 0; i < count; ++i) rk[i] -= in_left;  // all on the right
    lo = mid;
    m -= in_left;
  }
  for (std::size_t i = 0; i < count; ++i) out[i] = lo;
}

double resample_median(span<const double> sorted, xoshiro256ss& rng) noexcept {
  const std::uint64_t n = sorted.size();
  std::uint64_t ranks[2];
  std::uint64_t idx[2];
  if (n % 2 == 1) {
    ranks[0] = n / 2;
    locate(0, n, n, ranks, 1, idx, rng);
    return sorted[static_cast<std::size_t>(idx[0])];
  }
  ranks[0] = n / 2 - 1;
  ranks[1] = n / 2;
  locate(0, n, n, ranks, 2, idx, rng);
  return (sorted[static_cast<std::size_t>(idx[0])] + sorted[static_cast<std::size_t>(idx[1])]) / 2.0;
}

}  // namespace

std::uint64_t bootstrap_stream_seed(std::uint64_t seed, std::uint64_t stream) noexcept {
  std::uint64_t state = seed ^ (stream * 0xd1b54a32d192ed03ull);
  return splitmix64(state);
}

std::vector<double> bootstrap_medians_sorted(span<const double> sorted, std::size_t resamples, std::uint64_t seed,
                                             std::size_t threads, const std::function<void(std::size_t)>& progress) {
  std::vector<double> out(resamples);
  if (resamples == 0 || sorted.empty()) return out;
  const auto one = [&](std::size_t i) {
    // Resample i's own stream: (seed, i) -> splitmix64 -> xoshiro256** state.
    xoshiro256ss rng(seed ^ (static_cast<std::uint64_t>(i) * 0x9e3779b97f4a7c15ull));
    out[i] = resample_median(sorted, rng);
  };
  if (threads == 0) threads = std::max<std::size_t>(1, std::min<std::size_t>(8, std::thread::hardware_concurrency()));
  // Small jobs stay on the calling thread (a thread start costs about as much as 1e5 words).
  const double work = static_cast<double>(resamples) * (static_cast<double>(sorted.size()) / 32 + 64);
  if (work < 4e6) threads = 1;
  constexpr std::size_t chunk = 16;
  std::atomic<std::size_t> next{0}, done{0};
  const auto worker = [&] {
    for (;;) {
      const std::size_t first = next.fetch_add(chunk);
      if (first >= resamples) return;
      const std::size_t last = std::min(resamples, first + chunk);
      for (std::size_t i = first; i < last; ++i) one(i);
      done.fetch_add(last - first);
    }
  };
  std::vector<std::thread> pool;
  try {
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  } catch (...) {  // no thread available: the calling thread does the rest
  }
  for (;;) {  // the calling thread works too, and reports progress between its chunks
    const std::size_t first = next.fetch_add(chunk);
    if (first >= resamples) break;
    const std::size_t last = std::min(resamples, first + chunk);
    for (std::size_t i = first; i < last; ++i) one(i);
    done.fetch_add(last - first);
    if (progress) progress(done.load());
  }
  for (std::thread& t : pool) t.join();
  if (progress) progress(resamples);
  return out;
}

}  // namespace edgemetrics::detail
