// fraction::wilson_interval, compiled here with -ffp-contract=off so that its bits do not
// depend on the consumer's flags (header-inline, GCC on aarch64 fused its multiply-adds).
#include <edgemetrics/classification/fraction.hpp>
#include <edgemetrics/detail/normal.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace edgemetrics {

interval fraction::wilson_interval(double confidence) const {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument("edgemetrics::fraction::wilson_interval: confidence must be in (0, 1), got " +
                                std::to_string(confidence));
  }
  if (trials_ == 0) return {0.0, 1.0};
  const double z = detail::normal_quantile(1.0 - (1.0 - confidence) / 2.0);
  const double n = static_cast<double>(trials_);
  const double p = static_cast<double>(successes_) / n;
  const double z2 = z * z;
  const double denom = 1.0 + z2 / n;
  const double centre = (p + z2 / (2.0 * n)) / denom;
  const double half = z / denom * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
  interval ci{centre - half, centre + half};
  if (ci.lower < 0.0 || successes_ == 0) ci.lower = 0.0;
  if (ci.upper > 1.0 || successes_ == trials_) ci.upper = 1.0;
  return ci;
}

}  // namespace edgemetrics
