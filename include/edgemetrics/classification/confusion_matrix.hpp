// Confusion matrix: the value type every classification metric is computed from.
// Definitions: docs/conventions.md, section "Classification".
#ifndef EDGEMETRICS_CLASSIFICATION_CONFUSION_MATRIX_HPP
#define EDGEMETRICS_CLASSIFICATION_CONFUSION_MATRIX_HPP

#include <edgemetrics/detail/enum_names.hpp>
#include <edgemetrics/span.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace edgemetrics {

/// What normalized() divides each count by.
enum class normalize_by {
  true_class,       ///< row sums: each row sums to 1 (recall on the diagonal)
  predicted_class,  ///< column sums: each column sums to 1 (precision on the diagonal)
  all,              ///< the total: all entries sum to 1
};

template <>
struct detail::enum_traits<normalize_by> {
  static constexpr std::string_view type_name = "normalize_by";
  static constexpr std::array<detail::enum_name<normalize_by>, 3> names{{
      {normalize_by::true_class, "true_class"},
      {normalize_by::predicted_class, "predicted_class"},
      {normalize_by::all, "all"},
  }};
};
/// "true_class", "predicted_class", "all".
[[nodiscard]] constexpr std::string_view to_string(normalize_by by) noexcept { return detail::enum_to_string(by); }
/// The normalize_by named `name`; std::invalid_argument listing the valid names otherwise.
[[nodiscard]] inline normalize_by parse_normalize_by(std::string_view name) {
  return detail::enum_from_string<normalize_by>(name);
}

namespace detail {

/// "0..K-1", or a note that there are no classes (a default-constructed matrix).
inline std::string class_range_text(std::size_t k) {
  return k == 0 ? std::string("the matrix has no classes") : "0.." + std::to_string(k - 1);
}
/// A class index as the caller most likely wrote it: a negative number converted to
/// std::size_t (e.g. -1 passed as an int) shows as that negative number, not 18446744073709551615.
inline std::string class_index_text(std::size_t c) {
  constexpr auto max_signed = static_cast<std::size_t>(PTRDIFF_MAX);
  return c > max_signed ? std::to_string(static_cast<std::ptrdiff_t>(c)) : std::to_string(c);
}
/// A label of any integer type as text, with its sign.
template <class T>
std::string label_text(T v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v ? "1" : "0";
  } else if constexpr (std::is_signed_v<T>) {
    return std::to_string(static_cast<long long>(v));
  } else {
    return std::to_string(static_cast<unsigned long long>(v));
  }
}
/// True when the label `v` (any integer type) is a class index below `k`.
template <class T>
constexpr bool is_class_label(T v, std::size_t k) noexcept {
  if constexpr (std::is_signed_v<T>) {
    if (v < 0) return false;
  }
  return static_cast<std::uintmax_t>(v) < static_cast<std::uintmax_t>(k);
}
/// Throws std::invalid_argument "<function>: class <c> is not a class (0..K-1)" unless c < k.
inline void check_class_index(const char* function, std::size_t c, std::size_t k) {
  if (c >= k) {
    throw std::invalid_argument(std::string(function) + ": class " + class_index_text(c) + " is not a class (" +
                                class_range_text(k) + ")");
  }
}

}  // namespace detail

/// A K x K matrix of counts. **Rows are the ground truth, columns the prediction**
/// (as scikit-learn): `(t, p)` counts samples of true class t predicted as p.
///
/// A value type with record / merge / query. Classes are indices 0..K-1 and may carry
/// names. Recording checks every label at the public boundary and gives the strong
/// exception guarantee: on a bad label nothing is recorded.
class confusion_matrix {
 public:
  using count_type = std::uint64_t;

  /// A matrix with no classes (nothing can be recorded): the state of a default-constructed
  /// report, or of one read back from JSON without a matrix.
  confusion_matrix() noexcept = default;

  /// An empty matrix of `num_classes` unnamed classes. Throws std::invalid_argument if 0.
  explicit confusion_matrix(std::size_t num_classes) : k_(num_classes), counts_(checked_square(num_classes), 0) {}

  /// An empty matrix whose classes are named (names must be unique and non-empty).
  explicit confusion_matrix(std::vector<std::string> class_names)
      : k_(class_names.size()), names_(std::move(class_names)), counts_(checked_square(k_), 0) {
    check_names(names_);
  }

  /// A matrix built from counts in row-major order (`counts[t * K + p]`), e.g. a
  /// matrix saved earlier or published in a paper. Throws std::invalid_argument if
  /// counts.size() != K*K or the names do not fit.
  [[nodiscard]] static confusion_matrix from_counts(std::size_t num_classes, std::vector<count_type> counts,
                                                    std::vector<std::string> class_names = {}) {
    confusion_matrix m(num_classes);
    if (counts.size() != m.counts_.size()) {
      throw std::invalid_argument("edgemetrics::confusion_matrix::from_counts: expected " +
                                  std::to_string(m.counts_.size()) + " counts (" + std::to_string(num_classes) + " x " +
                                  std::to_string(num_classes) + "), got " + std::to_string(counts.size()));
    }
    if (!class_names.empty()) {
      if (class_names.size() != num_classes) {
        throw std::invalid_argument(
            "edgemetrics::confusion_matrix::from_counts: " + std::to_string(class_names.size()) + " class names for " +
            std::to_string(num_classes) + " classes");
      }
      check_names(class_names);
      m.names_ = std::move(class_names);
    }
    m.counts_ = std::move(counts);
    return m;
  }

  // ---- record -------------------------------------------------------------

  /// Records one sample (labels of any integer type). Throws std::invalid_argument naming
  /// the label as passed (e.g. -1) if it is not in 0..K-1; nothing is recorded then.
  /// A floating-point label fails to compile (static_assert).
  template <class T, class P, std::enable_if_t<std::is_arithmetic_v<T> && std::is_arithmetic_v<P>, int> = 0>
  void record(T truth, P prediction) {
    static_assert(std::is_integral_v<T> && std::is_integral_v<P>,
                  "edgemetrics::confusion_matrix::record: labels must be of an integer type (class indices), "
                  "not floating point");
    const bool bad_truth = !detail::is_class_label(truth, k_);
    if (bad_truth || !detail::is_class_label(prediction, k_)) {
      throw std::invalid_argument(
          "edgemetrics::confusion_matrix::record: " + std::string(bad_truth ? "truth" : "prediction") + " label " +
          (bad_truth ? detail::label_text(truth) : detail::label_text(prediction)) + " is not a class (" +
          detail::class_range_text(k_) + ")");
    }
    ++counts_[static_cast<std::size_t>(truth) * k_ + static_cast<std::size_t>(prediction)];
  }

  /// Records `n` samples from two label arrays of any integer type. Throws
  /// std::invalid_argument naming the first bad index and label (negative or >= K);
  /// nothing is recorded then. One pass over the data when all labels are valid.
  /// Allocation-free after the first call with n >= K*K (which sizes a scratch table kept by
  /// the matrix; see reserve_scratch()), for n < 2^31. A non-integer label type fails to
  /// compile with a static_assert.
  template <class T, class P>
  void record(const T* truth, const P* prediction, std::size_t n) {
    static_assert(std::is_integral_v<T> && std::is_integral_v<P>,
                  "edgemetrics::confusion_matrix::record: labels must be of an integer type (class indices), "
                  "not floating point");
    record_impl(truth, prediction, n, 1);
  }

  /// Records samples from two spans of labels (any integer types).
  template <class T, class P>
  void record(span<const T> truth, span<const P> prediction) {
    record(truth.data(), prediction.data(), checked_sizes(truth.size(), prediction.size()));
  }

  /// Records samples from two contiguous ranges (std::vector, std::array, edgemetrics::span,
  /// std::span...). Throws std::invalid_argument if their lengths differ or on a bad label.
  template <class TruthRange, class PredRange, class = decltype(std::data(std::declval<const TruthRange&>())),
            class = decltype(std::data(std::declval<const PredRange&>()))>
  void record(const TruthRange& truth, const PredRange& prediction) {
    record(std::data(truth), std::data(prediction), checked_sizes(std::size(truth), std::size(prediction)));
  }

  /// Sizes the scratch table that record() uses for batches of n >= K*K labels (K*K + 1
  /// 32-bit counters), so that even the first such call does not allocate. Optional.
  void reserve_scratch() { scratch_.resize(counts_.size() + 1); }

  /// As record(truth, prediction), split over `threads` threads (0: the hardware's
  /// count), each counting into its own table, merged at the end. Same result, same
  /// exception guarantee; worth it from about a million samples.
  /// Allocates its per-thread tables on every call: not a per-frame path.
  template <class TruthRange, class PredRange>
  void record_parallel(const TruthRange& truth, const PredRange& prediction, unsigned threads = 0) {
    static_assert(std::is_integral_v<std::remove_cv_t<std::remove_pointer_t<decltype(std::data(truth))>>> &&
                      std::is_integral_v<std::remove_cv_t<std::remove_pointer_t<decltype(std::data(prediction))>>>,
                  "edgemetrics::confusion_matrix::record_parallel: labels must be of an integer type");
    const std::size_t n = checked_sizes(std::size(truth), std::size(prediction));
    record_impl(std::data(truth), std::data(prediction), n, threads);
  }

  // ---- merge --------------------------------------------------------------

  /// Adds another matrix's counts (e.g. from another shard of the data set).
  /// Throws std::invalid_argument if the class counts or names differ.
  confusion_matrix& merge(const confusion_matrix& other) {
    if (other.k_ != k_ || other.names_ != names_) {
      throw std::invalid_argument("edgemetrics::confusion_matrix::merge: matrices have different classes (" +
                                  std::to_string(k_) + " vs " + std::to_string(other.k_) +
                                  (other.k_ == k_ ? ", names differ)" : ")"));
    }
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    return *this;
  }
  confusion_matrix& operator+=(const confusion_matrix& other) { return merge(other); }
  friend confusion_matrix operator+(confusion_matrix a, const confusion_matrix& b) { return a.merge(b); }

  /// Sets every count to zero (keeps classes, names and the scratch table). Never allocates.
  void reset() noexcept { std::fill(counts_.begin(), counts_.end(), count_type{0}); }

  // ---- query --------------------------------------------------------------

  [[nodiscard]] std::size_t num_classes() const noexcept { return k_; }
  /// The class names, or an empty vector for unnamed classes.
  [[nodiscard]] const std::vector<std::string>& class_names() const noexcept { return names_; }
  /// The name of class c, or its index as text for unnamed classes. Throws
  /// std::invalid_argument if c is not a class.
  [[nodiscard]] std::string class_name(std::size_t c) const {
    detail::check_class_index("edgemetrics::confusion_matrix::class_name", c, k_);
    return names_.empty() ? std::to_string(c) : names_[c];
  }
  /// The index of a named class (also accepts the index as text for unnamed classes).
  [[nodiscard]] std::optional<std::size_t> find_class(std::string_view name) const {
    for (std::size_t c = 0; c < k_; ++c) {
      if (class_name(c) == name) return c;
    }
    return std::nullopt;
  }

  /// Count of samples of true class t predicted as p (unchecked: both must be < num_classes(),
  /// as for every noexcept per-class query below; at() checks).
  [[nodiscard]] count_type operator()(std::size_t truth, std::size_t prediction) const noexcept {
    return counts_[truth * k_ + prediction];
  }
  /// Checked access: throws std::invalid_argument naming the index that is not a class.
  [[nodiscard]] count_type at(std::size_t truth, std::size_t prediction) const {
    detail::check_class_index("edgemetrics::confusion_matrix::at", truth, k_);
    detail::check_class_index("edgemetrics::confusion_matrix::at", prediction, k_);
    return counts_[truth * k_ + prediction];
  }
  /// Row-major counts, K*K entries.
  [[nodiscard]] const std::vector<count_type>& counts() const noexcept { return counts_; }

  /// Number of recorded samples.
  [[nodiscard]] count_type total() const noexcept {
    count_type s = 0;
    for (count_type v : counts_) s += v;
    return s;
  }
  /// Samples whose truth is c (row sum), i.e. the support of c.
  [[nodiscard]] count_type true_count(std::size_t c) const noexcept {
    count_type s = 0;
    for (std::size_t p = 0; p < k_; ++p) s += counts_[c * k_ + p];
    return s;
  }
  /// Samples predicted as c (column sum).
  [[nodiscard]] count_type predicted_count(std::size_t c) const noexcept {
    count_type s = 0;
    for (std::size_t t = 0; t < k_; ++t) s += counts_[t * k_ + c];
    return s;
  }
  /// Correct predictions (the trace).
  [[nodiscard]] count_type correct() const noexcept {
    count_type s = 0;
    for (std::size_t c = 0; c < k_; ++c) s += counts_[c * k_ + c];
    return s;
  }
  /// One-vs-rest counts of class c.
  [[nodiscard]] count_type true_positives(std::size_t c) const noexcept { return counts_[c * k_ + c]; }
  [[nodiscard]] count_type false_positives(std::size_t c) const noexcept {
    return predicted_count(c) - true_positives(c);
  }
  [[nodiscard]] count_type false_negatives(std::size_t c) const noexcept { return true_count(c) - true_positives(c); }
  [[nodiscard]] count_type true_negatives(std::size_t c) const noexcept {
    return total() - true_count(c) - predicted_count(c) + true_positives(c);
  }

  /// Counts divided by row sums, column sums or the total, row-major K*K. A row
  /// (column) with no samples gives zeros, as scikit-learn's `normalize=`.
  [[nodiscard]] std::vector<double> normalized(normalize_by by) const {
    std::vector<double> out(counts_.size(), 0.0);
    const count_type all = by == normalize_by::all ? total() : 0;
    for (std::size_t t = 0; t < k_; ++t) {
      for (std::size_t p = 0; p < k_; ++p) {
        const count_type d = by == normalize_by::true_class        ? true_count(t)
                             : by == normalize_by::predicted_class ? predicted_count(p)
                                                                   : all;
        out[t * k_ + p] = d == 0 ? 0.0 : static_cast<double>(counts_[t * k_ + p]) / static_cast<double>(d);
      }
    }
    return out;
  }

  friend bool operator==(const confusion_matrix& a, const confusion_matrix& b) noexcept {
    return a.k_ == b.k_ && a.names_ == b.names_ && a.counts_ == b.counts_;
  }
  friend bool operator!=(const confusion_matrix& a, const confusion_matrix& b) noexcept { return !(a == b); }

 private:
  static std::size_t checked_square(std::size_t k) {
    if (k == 0) throw std::invalid_argument("edgemetrics::confusion_matrix: needs at least one class");
    if (k > 65536) {
      throw std::invalid_argument("edgemetrics::confusion_matrix: " + std::to_string(k) +
                                  " classes is more than the supported 65536");
    }
    return k * k;
  }
  static void check_names(const std::vector<std::string>& names) {
    std::vector<std::string> sorted = names;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      if (sorted[i].empty()) throw std::invalid_argument("edgemetrics::confusion_matrix: empty class name");
      if (i > 0 && sorted[i] == sorted[i - 1]) {
        throw std::invalid_argument("edgemetrics::confusion_matrix: duplicate class name '" + sorted[i] + "'");
      }
    }
  }
  static std::size_t checked_sizes(std::size_t nt, std::size_t np) {
    if (nt != np) {
      throw std::invalid_argument("edgemetrics::confusion_matrix::record: " + std::to_string(nt) +
                                  " truth labels but " + std::to_string(np) + " predictions");
    }
    return nt;
  }

  template <class T, class P>
  void record_impl(const T* truth, const P* prediction, std::size_t n, unsigned threads);

  std::size_t k_ = 0;
  std::vector<std::string> names_;
  std::vector<count_type> counts_;
  // record()'s table for n >= K*K labels (K*K + 1 entries once used; not part of the value).
  std::vector<std::uint32_t> scratch_;
};

// ---------------------------------------------------------------------------

namespace detail {

// Counts pairs [begin, end) into `table` (K*K + 1 entries; the last is a dump slot
// for invalid pairs, so the loop has no early exit and no out-of-bounds write).
// Returns the number of invalid pairs.
template <class Count, class T, class P>
std::size_t count_pairs(const T* truth, const P* prediction, std::size_t begin, std::size_t end, std::size_t k,
                        Count* table) noexcept {
  using UT = std::make_unsigned_t<T>;
  using UP = std::make_unsigned_t<P>;
  const std::size_t dump = k * k;
  // Labels are compared as unsigned, so negatives become huge and fail the test.
  for (std::size_t i = begin; i < end; ++i) {
    const auto t = static_cast<std::size_t>(static_cast<UT>(truth[i]));
    const auto p = static_cast<std::size_t>(static_cast<UP>(prediction[i]));
    const bool ok = (t < k) & (p < k);
    ++table[ok ? t * k + p : dump];
  }
  return static_cast<std::size_t>(table[dump]);
}

// Counts pairs straight into the K*K `table`; invalid pairs go to `dump`. Branch-free.
template <class Count, class T, class P>
std::size_t count_pairs_direct(const T* truth, const P* prediction, std::size_t n, std::size_t k,
                               Count* table) noexcept {
  using UT = std::make_unsigned_t<T>;
  using UP = std::make_unsigned_t<P>;
  Count dump = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto t = static_cast<std::size_t>(static_cast<UT>(truth[i]));
    const auto p = static_cast<std::size_t>(static_cast<UP>(prediction[i]));
    const bool ok = (t < k) & (p < k);
    ++*(ok ? table + t * k + p : &dump);
  }
  return static_cast<std::size_t>(dump);
}

// Finds the first invalid pair and throws std::invalid_argument describing it.
template <class T, class P>
[[noreturn]] void throw_bad_label(const T* truth, const P* prediction, std::size_t n, std::size_t k) {
  for (std::size_t i = 0; i < n; ++i) {
    const bool bad_t = !is_class_label(truth[i], k);
    const bool bad_p = !is_class_label(prediction[i], k);
    if (bad_t || bad_p) {
      const std::string value = bad_t ? label_text(truth[i]) : label_text(prediction[i]);
      throw std::invalid_argument(
          "edgemetrics::confusion_matrix::record: " + std::string(bad_t ? "truth" : "prediction") + " label " + value +
          " at index " + std::to_string(i) + " is not a class (" + class_range_text(k) + "); nothing was recorded");
    }
  }
  throw std::invalid_argument("edgemetrics::confusion_matrix::record: invalid label");
}

// Runs fn(i) for i in [0, threads) on threads-1 new threads plus the caller's.
void run_parallel(unsigned threads, void (*fn)(void*, unsigned), void* ctx);
unsigned hardware_threads() noexcept;

}  // namespace detail

template <class T, class P>
void confusion_matrix::record_impl(const T* truth, const P* prediction, std::size_t n, unsigned threads) {
  if (threads == 0) threads = detail::hardware_threads();
  constexpr std::size_t per_thread_max = std::size_t{1} << 31;
  if (threads <= 1 && n < counts_.size()) {
    // Few samples for the matrix size: count straight into the matrix, with a local dump
    // slot for invalid pairs (the loop is branch-free; no allocation). On a bad label, undo
    // the valid pairs, then report the first bad one.
    const std::size_t bad = detail::count_pairs_direct(truth, prediction, n, k_, counts_.data());
    if (bad != 0) {
      for (std::size_t i = 0; i < n; ++i) {
        const auto t = static_cast<std::size_t>(static_cast<std::make_unsigned_t<T>>(truth[i]));
        const auto p = static_cast<std::size_t>(static_cast<std::make_unsigned_t<P>>(prediction[i]));
        if (t < k_ && p < k_) --counts_[t * k_ + p];
      }
      detail::throw_bad_label(truth, prediction, n, k_);
    }
    return;
  }
  if (threads <= 1 && n <= per_thread_max) {
    // Many samples, one thread: a 32-bit table (half the cache footprint of the 64-bit
    // matrix) kept by the matrix, so no allocation once it exists. Added to the matrix
    // only once every label has been checked (strong guarantee).
    scratch_.resize(counts_.size() + 1);  // allocates only the first time
    std::fill(scratch_.begin(), scratch_.end(), std::uint32_t{0});
    const std::size_t bad = detail::count_pairs(truth, prediction, 0, n, k_, scratch_.data());
    if (bad != 0) detail::throw_bad_label(truth, prediction, n, k_);
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += scratch_[i];
    return;
  }
  // Many samples, several threads (or more than 2^31): 32-bit tables, one per thread, each
  // counting a contiguous slice. A round gives each thread at most 2^31 samples, so no
  // 32-bit slot can overflow. The matrix is only touched once every label has been checked
  // (strong guarantee).
  const std::size_t used = std::max<std::size_t>(1, std::min<std::size_t>(threads, n / 65536));
  struct context {
    const T* truth;
    const P* prediction;
    std::size_t begin, end, k;
    std::vector<std::vector<std::uint32_t>> tables;
    std::vector<std::size_t> bad;
  };
  context ctx{
      truth, prediction, 0, 0, k_, std::vector<std::vector<std::uint32_t>>(used), std::vector<std::size_t>(used)};
  auto work = [](void* raw, unsigned tid) {
    auto& c = *static_cast<context*>(raw);
    const std::size_t per = (c.end - c.begin + c.tables.size() - 1) / c.tables.size();
    const std::size_t b = std::min(c.end, c.begin + tid * per);
    const std::size_t e = std::min(c.end, b + per);
    c.bad[tid] = detail::count_pairs(c.truth, c.prediction, b, e, c.k, c.tables[tid].data());
  };
  const std::size_t round = used * per_thread_max;
  std::vector<count_type> pending;  // only needed when there is more than one round
  for (std::size_t begin = 0; begin < n || begin == 0; begin += round) {
    ctx.begin = begin;
    ctx.end = std::min(n, begin + round);
    for (auto& table : ctx.tables) table.assign(k_ * k_ + 1, 0);
    detail::run_parallel(static_cast<unsigned>(used), work, &ctx);
    for (std::size_t b : ctx.bad) {
      if (b != 0) detail::throw_bad_label(truth, prediction, n, k_);
    }
    const bool last = ctx.end >= n;
    if (last && pending.empty()) break;
    if (pending.empty()) pending.assign(counts_.size(), 0);
    for (const auto& table : ctx.tables) {
      for (std::size_t i = 0; i < pending.size(); ++i) pending[i] += table[i];
    }
    if (last) break;
  }
  if (!pending.empty()) {
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += pending[i];
  } else {
    for (const auto& table : ctx.tables) {
      for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += table[i];
    }
  }
}

}  // namespace edgemetrics

#endif  // EDGEMETRICS_CLASSIFICATION_CONFUSION_MATRIX_HPP
