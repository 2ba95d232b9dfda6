// The bootstrap of compare_runs (issue #10, defect 11): resample medians drawn by binomial
// splitting over the sorted run instead of materialising each resample.
//
//   1. The distribution of a resample's median equals the exact one (all n^n resamples
//      enumerated for n <= 7; the order-statistic formula for n = 1001), chi-square tests.
//   2. The interval equals the previous algorithm's (n bounded draws + selection per resample,
//      kept below as the reference) within its Monte Carlo error, on several data sets and seeds.
//   3. Determinism: the same seed gives the same medians for every thread count.
#include <edgemetrics/timing/compare.hpp>
#include <edgemetrics/timing/percentile.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace em = edgemetrics;

namespace {

// --- The previous algorithm (edgemetrics 0.2.0 compare_runs), the reference. ---
std::size_t bounded_draw(std::mt19937_64& rng, std::uint64_t n) {
  __extension__ using u128 = unsigned __int128;
  std::uint64_t x = rng();
  u128 m = static_cast<u128>(x) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      x = rng();
      m = static_cast<u128>(x) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::size_t>(m >> 64);
}

double median_of(std::vector<double>& v) {
  const std::size_t m = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m), v.end());
  const double hi = v[m];
  if (v.size() % 2 == 1) return hi;
  return (*std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m)) + hi) / 2.0;
}

std::pair<double, double> old_interval(const std::vector<double>& a, const std::vector<double>& b,
                                       std::size_t resamples, std::uint64_t seed, double confidence) {
  std::mt19937_64 rng(seed);
  std::vector<double> sa(a.size()), sb(b.size()), stats(resamples);
  for (std::size_t r = 0; r < resamples; ++r) {
    for (auto& x : sa) x = a[bounded_draw(rng, a.size())];
    for (auto& x : sb) x = b[bounded_draw(rng, b.size())];
    stats[r] = median_of(sa) / median_of(sb);
  }
  std::sort(stats.begin(), stats.end());
  const double alpha = (1.0 - confidence) / 2.0;
  return {em::percentile_sorted(stats, 100.0 * alpha, em::percentile_rule::linear),
          em::percentile_sorted(stats, 100.0 * (1.0 - alpha), em::percentile_rule::linear)};
}

// Exact distribution of a resample's median of x (every one of the n^n resamples, equally likely).
std::map<double, double> exact_median_distribution(const std::vector<double>& x) {
  const std::size_t n = x.size();
  std::vector<std::size_t> idx(n, 0);
  std::map<double, double> p;
  double total = 0;
  for (;;) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = x[idx[i]];
    p[median_of(v)] += 1;
    total += 1;
    std::size_t i = 0;
    while (i < n && ++idx[i] == n) idx[i++] = 0;
    if (i == n) break;
  }
  for (auto& [value, count] : p) count /= total;
  return p;
}

// Pearson's chi-square of observed medians against probabilities (bins of expectation < 5 pooled).
double chi_square(const std::vector<double>& medians, const std::map<double, double>& p, int& dof) {
  std::map<double, double> observed;
  for (const double m : medians) observed[m] += 1;
  const auto n = static_cast<double>(medians.size());
  double chi = 0, pooled_obs = 0, pooled_exp = 0;
  dof = -1;
  for (const auto& [value, prob] : p) {
    const double e = prob * n, o = observed.count(value) ? observed[value] : 0.0;
    if (e < 5) {
      pooled_obs += o;
      pooled_exp += e;
      continue;
    }
    chi += (o - e) * (o - e) / e;
    ++dof;
  }
  if (pooled_exp > 0) {
    chi += (pooled_obs - pooled_exp) * (pooled_obs - pooled_exp) / pooled_exp;
    ++dof;
  }
  for (const auto& [value, count] : observed) {
    EXPECT_TRUE(p.count(value) != 0) << "a median that no resample has: " << value;
  }
  return chi;
}

// Upper 1e-6 quantile of chi-square with `dof` degrees of freedom (Wilson-Hilferty, z = 4.753).
double chi_square_limit(int dof) {
  const double k = dof, z = 4.753;
  const double t = 1 - 2 / (9 * k) + z * std::sqrt(2 / (9 * k));
  return k * t * t * t;
}

}  // namespace

TEST(TimingBootstrap, ResampleMedianHasTheExactDistribution) {
  // Every count from 1 to 7: even (two middle ranks) and odd ranges (the a/b splits).
  for (std::size_t n = 1; n <= 7; ++n) {
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i * i);  // distinct, sorted
    const auto exact = exact_median_distribution(x);
    const std::vector<double> m = em::detail::bootstrap_medians_sorted(x, 200000, 12345 + n);
    int dof = 0;
    const double chi = chi_square(m, exact, dof);
    if (dof > 0) {
      EXPECT_LT(chi, chi_square_limit(dof)) << "n=" << n << " dof=" << dof;
    } else {
      EXPECT_EQ(m, std::vector<double>(m.size(), x[0])) << n;
    }
  }
}

TEST(TimingBootstrap, LargeOddCountMatchesTheOrderStatisticDistribution) {
  // n = 1001: the median is x[J], P(J <= j) = P(Binomial(n, (j + 1)/n) >= 501).
  const std::size_t n = 1001, k = 500;
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i);
  const auto binomial_sf = [&](double q) {  // P(Binomial(n, q) >= k + 1)
    double s = 0;
    for (std::size_t i = k + 1; i <= n; ++i) {
      const double di = static_cast<double>(i), dn = static_cast<double>(n);
      s += std::exp(std::lgamma(dn + 1) - std::lgamma(di + 1) - std::lgamma(dn - di + 1) + di * std::log(q) +
                    (dn - di) * std::log1p(-q));
    }
    return s;
  };
  std::map<double, double> p;
  double prev = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const double cdf = j + 1 == n ? 1.0 : binomial_sf(static_cast<double>(j + 1) / static_cast<double>(n));
    if (cdf - prev > 0) p[x[j]] = cdf - prev;
    prev = cdf;
  }
  const std::vector<double> m = em::detail::bootstrap_medians_sorted(x, 100000, 777);
  int dof = 0;
  const double chi = chi_square(m, p, dof);
  EXPECT_GT(dof, 20);
  EXPECT_LT(chi, chi_square_limit(dof)) << "dof=" << dof;
}

TEST(TimingBootstrap, SameSeedSameMediansForEveryThreadCount) {
  std::mt19937_64 rng(5);
  std::lognormal_distribution<double> d(std::log(10.0), 0.3);
  std::vector<double> x(100001);
  for (auto& v : x) v = d(rng);
  std::sort(x.begin(), x.end());
  const std::vector<double> one = em::detail::bootstrap_medians_sorted(x, 300, 42, 1);
  for (const std::size_t threads : {2u, 3u, 8u, 0u}) {
    EXPECT_EQ(em::detail::bootstrap_medians_sorted(x, 300, 42, threads), one) << threads;
  }
  EXPECT_NE(em::detail::bootstrap_medians_sorted(x, 300, 43, 1), one);
  std::size_t last = 0, calls = 0;
  (void)em::detail::bootstrap_medians_sorted(x, 300, 42, 2, [&](std::size_t done) {
    EXPECT_GE(done, last);
    last = done;
    ++calls;
  });
  EXPECT_EQ(last, 300u);
  EXPECT_GT(calls, 1u);
}

// The interval against the previous algorithm. Both draw resample medians from the same
// distribution (test 1), so the endpoints differ only by Monte Carlo error: their spread over
// seeds. With K seeds per algorithm, the difference of the mean endpoints has standard deviation
// sqrt((s_old^2 + s_new^2) / K); 4 of them bound it (a 6e-5 chance of a false alarm for a
// normal difference; the seeds are fixed, so the test is deterministic). The same bound is
// printed to show the size of the Monte Carlo error next to the interval's width.
TEST(TimingBootstrap, IntervalEqualsThePreviousAlgorithmWithinMonteCarloError) {
  struct data_set {
    std::string name;
    std::vector<double> a, b;
  };
  std::vector<data_set> sets;
  std::mt19937_64 rng(2024);
  {
    std::lognormal_distribution<double> da(std::log(20.0), 0.15), db(std::log(16.0), 0.2);
    data_set s{"lognormal 1000 vs 800", std::vector<double>(1000), std::vector<double>(800)};
    for (auto& v : s.a) v = da(rng);
    for (auto& v : s.b) v = db(rng);
    sets.push_back(s);
  }
  {
    std::uniform_int_distribution<int> ta(10, 14), tb(9, 12);  // whole milliseconds: many ties
    data_set s{"ties 501 vs 500", std::vector<double>(501), std::vector<double>(500)};
    for (auto& v : s.a) v = ta(rng);
    for (auto& v : s.b) v = tb(rng);
    sets.push_back(s);
  }
  {
    std::normal_distribution<double> fast(8.0, 0.5), slow(30.0, 2.0);  // bimodal: a GC pause every few frames
    std::bernoulli_distribution pause(0.3);
    data_set s{"bimodal 301 vs 299", std::vector<double>(301), std::vector<double>(299)};
    for (auto& v : s.a) v = pause(rng) ? slow(rng) : fast(rng) + 2.0;
    for (auto& v : s.b) v = pause(rng) ? slow(rng) : fast(rng);
    sets.push_back(s);
  }
  constexpr int K = 8;
  constexpr std::size_t R = 1000;
  for (const data_set& s : sets) {
    double old_lo[K], old_hi[K], new_lo[K], new_hi[K];
    for (int i = 0; i < K; ++i) {
      const std::uint64_t seed = 1000 + static_cast<std::uint64_t>(i);
      std::tie(old_lo[i], old_hi[i]) = old_interval(s.a, s.b, R, seed, 0.95);
      em::compare_options o;
      o.resamples = R;
      o.seed = seed;
      const em::comparison c = em::compare_runs(s.a, s.b, o);
      new_lo[i] = c.speedup_ci_low;
      new_hi[i] = c.speedup_ci_high;
    }
    const auto mean = [](const double* v) {
      double m = 0;
      for (int i = 0; i < K; ++i) m += v[i];
      return m / K;
    };
    const auto var = [&](const double* v) {
      const double m = mean(v);
      double q = 0;
      for (int i = 0; i < K; ++i) q += (v[i] - m) * (v[i] - m);
      return q / (K - 1);
    };
    for (const auto& [label, o, n] : {std::tuple{"low", old_lo, new_lo}, std::tuple{"high", old_hi, new_hi}}) {
      const double diff = mean(n) - mean(o);
      const double bound = 4 * std::sqrt((var(o) + var(n)) / K) + 1e-12;
      EXPECT_LE(std::fabs(diff), bound) << s.name << " " << label;
      std::printf("%-22s %-4s old %.6f new %.6f diff %+.6f (4-sigma bound %.6f; MC sd old %.6f new %.6f)\n",
                  s.name.c_str(), label, mean(o), mean(n), diff, bound, std::sqrt(var(o)), std::sqrt(var(n)));
    }
  }
}
