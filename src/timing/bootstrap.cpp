// Bootstrap medians by binomial splitting (docs/conventions.md, "Latency", bootstrap).
//
// A resample draws n indices uniformly from the n sorted samples; its median is the value at the
// index of the k-th smallest draw (k = n/2; for even n also k - 1, averaged). The draws need not
// be made one by one. Write each draw as floor(n U), U uniform in [0, 1): the index of the k-th
// smallest draw is floor(n U_(k)). The number of the m draws of an interval [a, b) of U that fall
// in its left half is Binomial(m, 1/2): the popcount of m random bits. Halving U's interval
// around the wanted rank until it lies within one index cell [i/n, (i+1)/n) (about log2(n)
// levels; at the last step, an interval over two cells is split once at their boundary with the
// exact fraction, 64 Bernoulli trials at a time by bit-sliced comparison with its binary
// expansion) gives the index. A resample costs about 2n/64 random words instead of n draws and a
// selection, and has exactly the distribution of resampled medians of drawing the indices: the
// same interval up to Monte Carlo error. Integer arithmetic only, one xoshiro256** stream per
// resample: identical on every platform and for every thread count.
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

__extension__ using u128 = unsigned __int128;

// Every draw is index floor(n U), U uniform in [0, 1): exactly uniform over the n indices, and
// the k-th smallest index is floor(n U_(k)). The descent halves U's interval [c/2^L, (c+1)/2^L)
// (an exact Binomial(m, 1/2) of the m draws in it) while it covers more than two index cells
// (cell i is [i/n, (i+1)/n)); over two cells it splits once at their boundary t = j/n, with the
// exact fraction (t - a) / (b - a) = (j 2^L - n c) / n; within one cell the index is known.
// Writes the indices of the draws of ranks rk[0, count) (ascending, count <= 2) among those m
// draws to out.
void locate(std::uint64_t n, u128 c, int level, std::uint64_t m, std::uint64_t* rk, std::size_t count,
            std::uint64_t* out, xoshiro256ss& rng) noexcept {
  for (;;) {
    const u128 a = static_cast<u128>(n) * c;        // n * (interval start) * 2^level
    const u128 b = static_cast<u128>(n) * (c + 1);  // n * (interval end) * 2^level
    const auto first_cell = static_cast<std::uint64_t>(a >> level);
    const auto last_cell = static_cast<std::uint64_t>((b - 1) >> level);
    if (last_cell == first_cell) {
      for (std::size_t i = 0; i < count; ++i) out[i] = first_cell;
      return;
    }
    if (last_cell == first_cell + 1) {  // one boundary inside: one exact split, then one cell each
      const auto num = static_cast<std::uint64_t>((static_cast<u128>(last_cell) << level) - a);  // in (0, n)
      const std::uint64_t in_left = 2 * num == n ? binomial_half(m, rng) : binomial_fraction(m, num, n, rng);
      for (std::size_t i = 0; i < count; ++i) out[i] = rk[i] < in_left ? first_cell : last_cell;
      return;
    }
    const std::uint64_t in_left = binomial_half(m, rng);
    std::size_t split = 0;  // rk[0, split) lie in the left half
    while (split < count && rk[split] < in_left) ++split;
    if (split > 0 && split < count) {  // the two ranks part here: the right one on its own (rare)
      std::uint64_t right_rank = rk[1] - in_left;
      locate(n, 2 * c + 1, level + 1, m - in_left, &right_rank, 1, out + 1, rng);
      count = 1;
    }
    if (split > 0) {
      c = 2 * c;
      m = in_left;
    } else {
      for (std::size_t i = 0; i < count; ++i) rk[i] -= in_left;
      c = 2 * c + 1;
      m -= in_left;
    }
    ++level;
  }
}

double resample_median(span<const double> sorted, xoshiro256ss& rng) noexcept {
  const std::uint64_t n = sorted.size();
  std::uint64_t idx[2];
  if (n % 2 == 1) {
    std::uint64_t rk[1] = {n / 2};
    locate(n, 0, 0, n, rk, 1, idx, rng);
    return sorted[static_cast<std::size_t>(idx[0])];
  }
  std::uint64_t rk[2] = {n / 2 - 1, n / 2};
  locate(n, 0, 0, n, rk, 2, idx, rng);
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
