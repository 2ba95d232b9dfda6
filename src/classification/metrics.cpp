#include <edgemetrics/classification/metrics.hpp>
#include <edgemetrics/classification/report.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace edgemetrics {

namespace {

using count_type = confusion_matrix::count_type;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Exact wide integers for the whole-matrix scores (squares of counts overflow 64 bits).
#if defined(__SIZEOF_INT128__)
__extension__ using wide = __int128;
#else
using wide = long double;
#endif

double divide(double num, double den, zero_division zd) noexcept {
  return den == 0.0 ? zero_division_value(zd) : num / den;
}

// One-vs-rest counts of every class, computed in one pass over the matrix.
struct ovr_counts {
  std::vector<count_type> tp, true_sum, pred_sum;
  count_type total = 0;
};

ovr_counts one_vs_rest(const confusion_matrix& cm) {
  const std::size_t k = cm.num_classes();
  ovr_counts o;
  o.tp.assign(k, 0);
  o.true_sum.assign(k, 0);
  o.pred_sum.assign(k, 0);
  const auto& c = cm.counts();
  for (std::size_t t = 0; t < k; ++t) {
    for (std::size_t p = 0; p < k; ++p) {
      const count_type v = c[t * k + p];
      o.true_sum[t] += v;
      o.pred_sum[p] += v;
    }
    o.tp[t] = c[t * k + t];
    o.total += o.true_sum[t];
  }
  return o;
}

enum class which { precision, recall, specificity, fbeta };

// Per-class value with the zero-division policy applied (scikit-learn's _prf_divide).
double per_class(const ovr_counts& o, std::size_t c, which w, double beta2, zero_division zd) {
  const auto tp = static_cast<double>(o.tp[c]);
  switch (w) {
    case which::precision:
      return divide(tp, static_cast<double>(o.pred_sum[c]), zd);
    case which::recall:
      return divide(tp, static_cast<double>(o.true_sum[c]), zd);
    case which::specificity: {
      const count_type negatives = o.total - o.true_sum[c];
      const count_type tn = negatives - (o.pred_sum[c] - o.tp[c]);
      return divide(static_cast<double>(tn), static_cast<double>(negatives), zd);
    }
    case which::fbeta:
      break;
  }
  if (std::isinf(beta2)) return divide(tp, static_cast<double>(o.true_sum[c]), zd);
  return divide((1.0 + beta2) * tp, beta2 * static_cast<double>(o.true_sum[c]) + static_cast<double>(o.pred_sum[c]),
                zd);
}

// Micro average: the same formula on counts summed over classes.
double micro(const ovr_counts& o, which w, double beta2, zero_division zd) {
  ovr_counts sum;
  sum.tp.assign(1, 0);
  sum.true_sum.assign(1, 0);
  sum.pred_sum.assign(1, 0);
  count_type tn = 0, negatives = 0;
  for (std::size_t c = 0; c < o.tp.size(); ++c) {
    sum.tp[0] += o.tp[c];
    sum.true_sum[0] += o.true_sum[c];
    sum.pred_sum[0] += o.pred_sum[c];
    negatives += o.total - o.true_sum[c];
    tn += o.total - o.true_sum[c] - (o.pred_sum[c] - o.tp[c]);
  }
  if (w == which::specificity) return divide(static_cast<double>(tn), static_cast<double>(negatives), zd);
  sum.total = o.total;
  return per_class(sum, 0, w, beta2, zd);
}

// Macro / weighted average of per-class values; with zero_division::nan the NaN
// classes are left out (scikit-learn's _nanaverage).
double averaged(const ovr_counts& o, which w, double beta2, average avg, zero_division zd) {
  if (avg == average::micro) return micro(o, w, beta2, zd);
  const std::size_t k = o.tp.size();
  if (avg == average::weighted) {
    count_type support = 0;
    for (count_type s : o.true_sum) support += s;
    if (support == 0) return zero_division_value(zd);
  }
  double sum = 0, weights = 0;
  for (std::size_t c = 0; c < k; ++c) {
    const double v = per_class(o, c, w, beta2, zd);
    if (std::isnan(v)) continue;
    const double weight = avg == average::weighted ? static_cast<double>(o.true_sum[c]) : 1.0;
    sum += v * weight;
    weights += weight;
  }
  if (weights == 0.0) return nan;
  return sum / weights;
}

double checked_beta2(double beta) {
  if (!(beta >= 0.0)) {
    throw std::invalid_argument("edgemetrics::fbeta: beta must be >= 0, got " + std::to_string(beta));
  }
  return beta * beta;
}

}  // namespace

double zero_division_value(zero_division zd) noexcept {
  switch (zd) {
    case zero_division::one:
      return 1.0;
    case zero_division::nan:
      return nan;
    case zero_division::zero:
      break;
  }
  return 0.0;
}

double fbeta(const confusion_matrix& cm, std::size_t c, double beta, zero_division zd) {
  const double beta2 = checked_beta2(beta);
  detail::check_class_index("edgemetrics::fbeta", c, cm.num_classes());
  const auto tp = static_cast<double>(cm.true_positives(c));
  const auto true_sum = static_cast<double>(cm.true_count(c));
  const auto pred_sum = static_cast<double>(cm.predicted_count(c));
  if (std::isinf(beta2)) return divide(tp, true_sum, zd);
  return divide((1.0 + beta2) * tp, beta2 * true_sum + pred_sum, zd);
}

double f1(const confusion_matrix& cm, std::size_t c, zero_division zd) { return fbeta(cm, c, 1.0, zd); }

double precision(const confusion_matrix& cm, average avg, zero_division zd) {
  return averaged(one_vs_rest(cm), which::precision, 1.0, avg, zd);
}
double recall(const confusion_matrix& cm, average avg, zero_division zd) {
  return averaged(one_vs_rest(cm), which::recall, 1.0, avg, zd);
}
double specificity(const confusion_matrix& cm, average avg, zero_division zd) {
  return averaged(one_vs_rest(cm), which::specificity, 1.0, avg, zd);
}
double fbeta(const confusion_matrix& cm, double beta, average avg, zero_division zd) {
  return averaged(one_vs_rest(cm), which::fbeta, checked_beta2(beta), avg, zd);
}
double f1(const confusion_matrix& cm, average avg, zero_division zd) { return fbeta(cm, 1.0, avg, zd); }

namespace {

double balanced_accuracy_of(const ovr_counts& o) {
  double sum = 0;
  std::size_t classes = 0;
  for (std::size_t c = 0; c < o.tp.size(); ++c) {
    if (o.true_sum[c] == 0) continue;
    sum += static_cast<double>(o.tp[c]) / static_cast<double>(o.true_sum[c]);
    ++classes;
  }
  return classes == 0 ? nan : sum / static_cast<double>(classes);
}

double matthews_corrcoef_of(const ovr_counts& o) {
  if (o.total == 0) return nan;
  wide correct = 0, tp_dot = 0, pp_dot = 0, tt_dot = 0;
  for (std::size_t c = 0; c < o.tp.size(); ++c) {
    correct += static_cast<wide>(o.tp[c]);
    tp_dot += static_cast<wide>(o.true_sum[c]) * static_cast<wide>(o.pred_sum[c]);
    pp_dot += static_cast<wide>(o.pred_sum[c]) * static_cast<wide>(o.pred_sum[c]);
    tt_dot += static_cast<wide>(o.true_sum[c]) * static_cast<wide>(o.true_sum[c]);
  }
  const auto s = static_cast<wide>(o.total);
  const wide cov_ytyp = correct * s - tp_dot;
  const wide cov_ypyp = s * s - pp_dot;
  const wide cov_ytyt = s * s - tt_dot;
  if (cov_ypyp == 0 || cov_ytyt == 0) return 0.0;
  return static_cast<double>(cov_ytyp) / std::sqrt(static_cast<double>(cov_ytyt) * static_cast<double>(cov_ypyp));
}

double cohen_kappa_of(const ovr_counts& o) {
  if (o.total == 0) return nan;
  // observed disagreement: n - trace; expected disagreement: (n² - Σ p_k t_k) / n.
  // kappa = 1 - n (n - trace) / (n² - Σ p_k t_k).
  wide correct = 0, tp_dot = 0;
  for (std::size_t c = 0; c < o.tp.size(); ++c) {
    correct += static_cast<wide>(o.tp[c]);
    tp_dot += static_cast<wide>(o.true_sum[c]) * static_cast<wide>(o.pred_sum[c]);
  }
  const auto n = static_cast<wide>(o.total);
  const wide expected = n * n - tp_dot;
  if (expected == 0) return nan;
  const wide observed = n * (n - correct);
  return 1.0 - static_cast<double>(observed) / static_cast<double>(expected);
}

}  // namespace

double balanced_accuracy(const confusion_matrix& cm) { return balanced_accuracy_of(one_vs_rest(cm)); }
double matthews_corrcoef(const confusion_matrix& cm) { return matthews_corrcoef_of(one_vs_rest(cm)); }
double cohen_kappa(const confusion_matrix& cm) { return cohen_kappa_of(one_vs_rest(cm)); }

// ---------------------------------------------------------------------------

namespace {

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * v);
  return buf;
}

// "95%", "99.9%": the confidence level as people write it.
std::string confidence_label(double confidence) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", 100.0 * confidence);
  return buf;
}

}  // namespace

classification_report make_classification_report(confusion_matrix cm, const report_options& options, report_info info) {
  classification_report r = make_report(cm, options);
  r.info = std::move(info);
  r.matrix = std::move(cm);
  return r;
}

classification_report make_report(const confusion_matrix& cm, const report_options& options) {
  const double beta2 = checked_beta2(options.beta);
  if (!(options.confidence > 0.0 && options.confidence < 1.0)) {
    throw std::invalid_argument("edgemetrics::make_report: confidence must be in (0, 1), got " +
                                std::to_string(options.confidence));
  }
  if (!(options.accuracy_looks_good >= 0.0 && options.accuracy_looks_good <= 1.0)) {
    throw std::invalid_argument("edgemetrics::make_report: accuracy_looks_good must be in [0, 1], got " +
                                std::to_string(options.accuracy_looks_good));
  }
  if (!(options.poor_recall >= 0.0 && options.poor_recall <= 1.0)) {
    throw std::invalid_argument("edgemetrics::make_report: poor_recall must be in [0, 1], got " +
                                std::to_string(options.poor_recall));
  }
  const ovr_counts o = one_vs_rest(cm);
  classification_report r;
  r.options = options;
  r.total = o.total;
  count_type correct = 0;
  for (count_type tp : o.tp) correct += tp;
  r.accuracy = fraction(correct, o.total);
  const zero_division zd = options.zero_div;
  for (std::size_t c = 0; c < cm.num_classes(); ++c) {
    class_report row;
    row.index = c;
    row.name = cm.class_name(c);
    row.tp = o.tp[c];
    row.fp = o.pred_sum[c] - o.tp[c];
    row.fn = o.true_sum[c] - o.tp[c];
    row.tn = o.total - o.true_sum[c] - row.fp;
    row.precision = fraction(row.tp, o.pred_sum[c]);
    row.recall = fraction(row.tp, o.true_sum[c]);
    row.specificity = fraction(row.tn, o.total - o.true_sum[c]);
    row.f1 = per_class(o, c, which::fbeta, 1.0, zd);
    row.fbeta = per_class(o, c, which::fbeta, beta2, zd);
    row.support = o.true_sum[c];
    row.predicted = o.pred_sum[c];
    r.classes.push_back(std::move(row));
  }
  const auto fill = [&](average avg) {
    average_report a;
    a.precision = averaged(o, which::precision, 1.0, avg, zd);
    a.recall = averaged(o, which::recall, 1.0, avg, zd);
    a.specificity = averaged(o, which::specificity, 1.0, avg, zd);
    a.f1 = averaged(o, which::fbeta, 1.0, avg, zd);
    a.fbeta = averaged(o, which::fbeta, beta2, avg, zd);
    a.support = o.total;
    return a;
  };
  r.micro = fill(average::micro);
  r.macro = fill(average::macro);
  r.weighted = fill(average::weighted);
  r.balanced_accuracy = balanced_accuracy_of(o);
  r.matthews_corrcoef = matthews_corrcoef_of(o);
  r.cohen_kappa = cohen_kappa_of(o);

  // Warnings.
  if (o.total == 0) {
    r.warnings.push_back({report_warning::kind::no_samples, 0, "no samples were recorded: every metric is undefined"});
    return r;
  }
  const double acc = r.accuracy.value();
  for (const auto& row : r.classes) {
    if (row.support > 0 && acc >= options.accuracy_looks_good && row.recall.value() < options.poor_recall) {
      const interval ci = row.recall.wilson_interval(options.confidence);
      r.warnings.push_back(
          {report_warning::kind::accuracy_hides_poor_recall, row.index,
           "accuracy " + percent(acc) + " looks good, but recall of class '" + row.name + "' is only " +
               percent(row.recall.value()) + " (" + confidence_label(options.confidence) + " CI " + percent(ci.lower) +
               "-" + percent(ci.upper) + "): " + std::to_string(row.fn) + " of " + std::to_string(row.support) +
               " missed. Unfit where a missed '" + row.name + "' is costly."});
    }
    if (row.support > 0 && row.predicted == 0) {
      r.warnings.push_back({report_warning::kind::class_never_predicted, row.index,
                            "class '" + row.name + "' (support " + std::to_string(row.support) +
                                ") is never predicted: its precision is undefined (zero_division applies)"});
    }
    if (row.support == 0 && row.predicted > 0) {
      r.warnings.push_back({report_warning::kind::class_absent_from_truth, row.index,
                            "class '" + row.name + "' is predicted " + std::to_string(row.predicted) +
                                (row.predicted == 1 ? " time" : " times") +
                                " but never true: its recall is undefined (zero_division applies)"});
    }
  }
  return r;
}

}  // namespace edgemetrics
