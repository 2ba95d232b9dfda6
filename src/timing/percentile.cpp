#include <edgemetrics/timing/percentile.hpp>
#include <edgemetrics/timing/summary.hpp>

#include "select.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

namespace edgemetrics {

std::vector<double> default_percentiles() { return {50.0, 90.0, 95.0, 99.0, 99.9}; }

namespace detail {

void check_percent(double p) {
  if (!(p >= 0.0 && p <= 100.0)) {
    throw std::invalid_argument("percentile " + std::to_string(p) + " is outside [0, 100]");
  }
}

namespace {

__extension__ using u128 = unsigned __int128;

// p's shortest round-trip decimal form as digits * 10^exponent (p finite, >= 0). Read from
// to_chars' scientific form, which always fits the buffer ("1e-100", "5e-324", "9.99e+01"):
// a fixed-notation form of a tiny p does not (1e-100 needs 102 characters).
struct decimal {
  std::uint64_t digits = 0;  // at most 17 significant digits
  int exponent = 0;
};

decimal shortest_decimal(double p) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, p, std::chars_format::scientific);
  if (r.ec != std::errc()) throw std::logic_error("edgemetrics: cannot format percentile");
  decimal d;
  const char* c = buf;
  int fraction_digits = 0;
  bool after_point = false;
  for (; c != r.ptr && *c != 'e'; ++c) {
    if (*c == '.') {
      after_point = true;
      continue;
    }
    d.digits = d.digits * 10 + static_cast<std::uint64_t>(*c - '0');
    if (after_point) ++fraction_digits;
  }
  int e = 0;
  if (c != r.ptr) {
    ++c;  // 'e'
    if (*c == '+') ++c;
    (void)std::from_chars(c, r.ptr, e);
  }
  d.exponent = e - fraction_digits;
  return d;
}

std::string shortest_string(double p) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, p);
  if (r.ec != std::errc()) throw std::logic_error("edgemetrics: cannot format percentile");
  return std::string(buf, r.ptr);
}

}  // namespace

std::string percent_text(double p) {
  if (std::isnan(p)) return "nan";
  return shortest_string(p);
}

double percent_to_fraction(double p) {
  // p = digits * 10^e, so p/100 = digits * 10^(e-2): "999e-3" for 99.9, parsed by from_chars,
  // correctly rounded from the exact decimal. A result below the smallest denormal (p = 5e-324)
  // underflows to 0 (from_chars reports it and leaves the value alone).
  check_percent(p);
  const decimal d = shortest_decimal(p);
  const std::string s = std::to_string(d.digits) + "e" + std::to_string(d.exponent - 2);
  double out = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  if (r.ec == std::errc::result_out_of_range) return 0.0;
  return out;
}

}  // namespace detail

percentile_position percentile_index(percentile_rule rule, double p, std::size_t n) {
  detail::check_percent(p);
  if (n == 0) throw std::invalid_argument("percentile of an empty sample set");
  percentile_position pos;
  switch (rule) {
    case percentile_rule::nearest_rank: {
      // rank = ceil(p * n / 100) with p = digits * 10^e, exact in 128-bit integers:
      // num / den with num = digits * n * 10^max(e, 0), den = 100 * 10^max(-e, 0). digits < 10^17
      // and n < 2^64 keep num < 10^37 (digits * 10^e <= 100 bounds the e > 0 case); when den would
      // exceed 10^37 (a tiny p such as 1e-100 or a denormal) num < den, so the rank is 1 (or 0 for p = 0).
      const detail::decimal d = detail::shortest_decimal(p);
      detail::u128 num = static_cast<detail::u128>(d.digits) * n;
      for (int i = 0; i < d.exponent; ++i) num *= 10;
      detail::u128 rank = 0;
      if (num != 0) {
        if (-d.exponent > 35) {
          rank = 1;
        } else {
          detail::u128 den = 100;
          for (int i = 0; i < -d.exponent; ++i) den *= 10;
          rank = (num + den - 1) / den;
        }
      }
      pos.lower = rank == 0 ? 0 : static_cast<std::size_t>(std::min<detail::u128>(rank, n) - 1);
      break;
    }
    case percentile_rule::floor_n_p: {
      const double f = detail::percent_to_fraction(p);
      const double idx = std::floor(static_cast<double>(n) * f);  // <= n: f <= 1
      pos.lower = idx >= static_cast<double>(n) ? n - 1 : static_cast<std::size_t>(idx);
      break;
    }
    case percentile_rule::trtexec: {
      // trtexec parses --percentile as float; its formula runs in float32:
      //   exclude = static_cast<int>((1 - percentile / 100) * all);
      //   index = max(all - 1 - exclude, 0)
      // pf is the float nearest p's decimal form; one below the smallest float denormal is 0
      // (from_chars reports the underflow and leaves pf alone).
      char buf[64];
      const auto w = std::to_chars(buf, buf + sizeof buf, p);
      if (w.ec != std::errc()) throw std::logic_error("edgemetrics: cannot format percentile");
      float pf = 0.0f;
      const auto r = std::from_chars(buf, w.ptr, pf);
      if (r.ec != std::errc()) pf = 0.0f;
      const float frac = 1.0f - pf / 100.0f;  // float32 throughout, as in trtexec; in [0, 1]
      const float all = static_cast<float>(n);
      const float prod = frac * all;  // <= all, which may round above or below n (n > 2^24)
      // exclude >= n gives index 0 (trtexec's max(..., 0)); prod = 2^64 (n near 2^64) would
      // overflow the conversion.
      constexpr float two_64 = 18446744073709551616.0f;
      const std::size_t exclude = prod >= two_64 ? n : static_cast<std::size_t>(prod);
      pos.lower = exclude >= n ? 0 : n - 1 - exclude;
      break;
    }
    case percentile_rule::linear: {
      const double q = p / 100.0;  // numpy: np.true_divide(q, 100)
      const double virt = static_cast<double>(n - 1) * q;
      if (virt >= static_cast<double>(n - 1)) {
        pos.lower = n - 1;
      } else {
        const double lo = std::floor(virt);
        pos.lower = static_cast<std::size_t>(lo);
        pos.fraction = virt - lo;
      }
      break;
    }
  }
  return pos;
}

double percentile_sorted(span<const double> sorted, double p, percentile_rule rule) {
  const percentile_position pos = percentile_index(rule, p, sorted.size());
  if (pos.fraction == 0.0 || pos.lower + 1 >= sorted.size()) return sorted[pos.lower];
  return detail::numpy_lerp(sorted[pos.lower], sorted[pos.lower + 1], pos.fraction);
}

double median_sorted(span<const double> sorted) {
  if (sorted.empty()) throw std::invalid_argument("median of an empty sample set");
  const std::size_t m = sorted.size() / 2;
  if (sorted.size() % 2 == 1) return sorted[m];
  return (sorted[m - 1] + sorted[m]) / 2.0;
}

namespace detail {

std::vector<double> select_order_statistics(std::vector<double>& data, const std::vector<std::size_t>& ks) {
  std::vector<double> out(ks.size());
  std::size_t done = 0;  // data[0, done) hold the `done` smallest values
  for (std::size_t i = 0; i < ks.size(); ++i) {
    const std::size_t k = ks[i];
    const auto first = data.begin() + static_cast<std::ptrdiff_t>(done);
    const auto nth = data.begin() + static_cast<std::ptrdiff_t>(k);
    if (k == done) {
      std::iter_swap(nth, std::min_element(first, data.end()));
    } else {
      std::nth_element(first, nth, data.end());
    }
    out[i] = *nth;
    done = k + 1;
  }
  return out;
}

namespace {

// Order statistics of a const array without copying it: a deterministic sample brackets each
// wanted rank between two sample values; one pass counts the values below each bracket and
// gathers the values inside it; a selection on each (small) bracket finishes. Falls back to a
// copy + select_order_statistics when a bracket misses its rank or grows too large.
constexpr std::size_t bracket_min_n = 1u << 16;
constexpr std::size_t max_brackets = 8;

template <std::size_t M>
bool bracket_pass(span<const double> data, const double* lo, const double* hi, std::size_t cap,
                  std::vector<std::vector<double>>& inside, std::size_t* below) {
  std::size_t ge_lo[M] = {};
  std::size_t total_inside = 0;
  for (const double x : data) {
    std::size_t r = 0;
    for (std::size_t b = 0; b < M; ++b) {
      const std::size_t a = x >= lo[b];
      const std::size_t c = x > hi[b];
      ge_lo[b] += a;
      r += a + c;
    }
    if (r & 1u) {
      inside[r / 2].push_back(x);
      if (++total_inside > cap) return false;
    }
  }
  for (std::size_t b = 0; b < M; ++b) below[b] = data.size() - ge_lo[b];
  return true;
}

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

std::vector<double> select_order_statistics_const(span<const double> data, const std::vector<std::size_t>& ks) {
  const std::size_t n = data.size();
  const auto fallback = [&] {
    std::vector<double> copy(data.begin(), data.end());
    return select_order_statistics(copy, ks);
  };
  if (n < bracket_min_n || ks.empty()) return fallback();
  // Sample (deterministic positions), sorted.
  const auto s = static_cast<std::size_t>(std::min<double>(
      static_cast<double>(n) / 16, std::cbrt(static_cast<double>(n)) * std::cbrt(static_cast<double>(n))));
  std::vector<double> sample(s);
  std::uint64_t state = 0x5eed5eed12345678ull;
  for (std::size_t i = 0; i < s; ++i) sample[i] = data[static_cast<std::size_t>(splitmix64(state) % n)];
  std::sort(sample.begin(), sample.end());
  const double w = 3.0 * std::sqrt(static_cast<double>(s));  // >= 6 standard deviations of the sample rank
  // One bracket per rank. Brackets that overlap, or whose gap is under s/8 sample ranks (about
  // N/8 values) while the merged bracket stays under s/5, are merged: each bracket costs two
  // compares per value in the pass, a merged gap only a few more values to select from.
  std::vector<double> lo, hi;
  std::vector<double> lo_rank, hi_rank;       // bracket ends in sample ranks
  std::vector<std::size_t> owner(ks.size());  // bracket of each k
  const double merge_gap = static_cast<double>(s) / 8;
  const double max_width = static_cast<double>(s) / 5;  // merged brackets stay under N/5 values (cap N/4)
  for (std::size_t i = 0; i < ks.size(); ++i) {
    const double e = static_cast<double>(ks[i]) * static_cast<double>(s) / static_cast<double>(n);
    const double li = std::floor(e - w), hi_i = std::ceil(e + w);
    const double l = li <= 0 ? -std::numeric_limits<double>::infinity() : sample[static_cast<std::size_t>(li)];
    const double h = hi_i >= static_cast<double>(s - 1) ? std::numeric_limits<double>::infinity()
                                                        : sample[static_cast<std::size_t>(hi_i)];
    if (!lo.empty() && (l <= hi.back() || (li - hi_rank.back() < merge_gap && hi_i - lo_rank.back() < max_width))) {
      hi.back() = std::max(hi.back(), h);
      hi_rank.back() = std::max(hi_rank.back(), hi_i);
    } else {
      lo.push_back(l);
      hi.push_back(h);
      lo_rank.push_back(li);
      hi_rank.push_back(hi_i);
    }
    owner[i] = lo.size() - 1;
  }
  const std::size_t m = lo.size();
  if (m > max_brackets) return fallback();
  std::vector<std::vector<double>> inside(m);
  for (std::size_t b = 0; b < m; ++b) {
    const double frac =
        (std::min(hi_rank[b], static_cast<double>(s)) - std::max(lo_rank[b], 0.0)) / static_cast<double>(s);
    const auto expect = static_cast<std::size_t>(frac * static_cast<double>(n));
    inside[b].reserve(std::min(expect + expect / 4 + 16, n / 4 + 1));
  }
  std::size_t below[max_brackets] = {};
  const std::size_t cap = n / 4;
  bool ok = false;
  switch (m) {
    case 1:
      ok = bracket_pass<1>(data, lo.data(), hi.data(), cap, inside, below);
      break;
    case 2:
      ok = bracket_pass<2>(data, lo.data(), hi.data(), cap, inside, below);
      break;
    case 3:
      ok = bracket_pass<3>(data, lo.data(), hi.data(), cap, inside, below);
      break;
    case 4:
      ok = bracket_pass<4>(data, lo.data(), hi.data(), cap, inside, below);
      break;
    case 5:
      ok = bracket_pass<5>(data, lo.data(), hi.data(), cap, inside, below);
      break;
    case 6:
      ok = bracket_pass<6>(data, lo.data(), hi.data(), cap, inside, below);
      break;
    case 7:
      ok = bracket_pass<7>(data, lo.data(), hi.data(), cap, inside, below);
      break;
    default:
      ok = bracket_pass<8>(data, lo.data(), hi.data(), cap, inside, below);
      break;
  }
  if (!ok) return fallback();
  std::vector<double> out(ks.size());
  for (std::size_t b = 0; b < m; ++b) {
    std::vector<std::size_t> local;
    std::vector<std::size_t> which;
    for (std::size_t i = 0; i < ks.size(); ++i) {
      if (owner[i] != b) continue;
      if (ks[i] < below[b] || ks[i] >= below[b] + inside[b].size()) return fallback();  // sample missed
      local.push_back(ks[i] - below[b]);
      which.push_back(i);
    }
    const std::vector<double> vals = select_order_statistics(inside[b], local);
    for (std::size_t j = 0; j < which.size(); ++j) out[which[j]] = vals[j];
  }
  return out;
}

namespace {

template <class Select>
std::vector<double> percentiles_via(std::size_t n, span<const double> ps, percentile_rule rule, double* median,
                                    Select&& select) {
  if (n == 0) throw std::invalid_argument("percentile of an empty sample set");
  std::vector<percentile_position> pos(ps.size());
  std::vector<std::size_t> ks;
  ks.reserve(2 * ps.size() + 2);
  for (std::size_t i = 0; i < ps.size(); ++i) {
    pos[i] = percentile_index(rule, ps[i], n);
    ks.push_back(pos[i].lower);
    if (pos[i].fraction != 0.0 && pos[i].lower + 1 < n) ks.push_back(pos[i].lower + 1);
  }
  if (median != nullptr) {
    ks.push_back(n / 2);
    if (n % 2 == 0) ks.push_back(n / 2 - 1);
  }
  std::sort(ks.begin(), ks.end());
  ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
  const std::vector<double> vals = select(ks);
  const auto at = [&](std::size_t k) {
    return vals[static_cast<std::size_t>(std::lower_bound(ks.begin(), ks.end(), k) - ks.begin())];
  };
  std::vector<double> out(ps.size());
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const std::size_t k = pos[i].lower;
    out[i] = (pos[i].fraction != 0.0 && k + 1 < n) ? numpy_lerp(at(k), at(k + 1), pos[i].fraction) : at(k);
  }
  if (median != nullptr) *median = n % 2 == 1 ? at(n / 2) : (at(n / 2 - 1) + at(n / 2)) / 2.0;
  return out;
}

}  // namespace

std::vector<double> select_percentiles_and_median_inplace(std::vector<double>& data, span<const double> ps,
                                                          percentile_rule rule, double* median) {
  return percentiles_via(data.size(), ps, rule, median,
                         [&](const std::vector<std::size_t>& ks) { return select_order_statistics(data, ks); });
}

std::vector<double> select_percentiles_and_median(span<const double> data, span<const double> ps, percentile_rule rule,
                                                  double* median) {
  return percentiles_via(data.size(), ps, rule, median,
                         [&](const std::vector<std::size_t>& ks) { return select_order_statistics_const(data, ks); });
}

}  // namespace detail

namespace {
// One cheap pass at the public boundary: selection on NaN gives silently wrong values.
void check_latencies(span<const double> samples, const char* what) {
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (!is_valid_latency_ms(samples[i])) {
      throw std::invalid_argument(std::string(what) + ": sample #" + std::to_string(i) +
                                  " is not a latency (NaN, negative, or above 1e15 ms)");
    }
  }
}
}  // namespace

std::vector<double> select_percentiles(span<const double> samples, span<const double> ps, percentile_rule rule) {
  check_latencies(samples, "select_percentiles");
  return detail::select_percentiles_and_median(samples, ps, rule, nullptr);
}

double select_median(span<const double> samples) {
  check_latencies(samples, "select_median");
  double m = 0;
  (void)detail::select_percentiles_and_median(samples, {}, percentile_rule::nearest_rank, &m);
  return m;
}

}  // namespace edgemetrics
