// Views over the caller's memory, the one input model of every area (C++17 has no std::span):
//
//   span<const T>           contiguous: a std::vector, a std::array, a C array, or pointer + size
//   strided_span<const T>   every `stride`-th element: one column of a row-major buffer
//   matrix_view<const T>    an N x K row-major buffer (a model's output: rows of
//                           x1, y1, x2, y2, score, class, or cx, cy, w, h, ...), with column()
//                           and row() views
//
// Views never own, never copy and never allocate; the memory must outlive them. Element access
// is unchecked (as std::span); sizes are checked where a view is made from parts.
#ifndef EDGEMETRICS_SPAN_HPP
#define EDGEMETRICS_SPAN_HPP

#include <array>
#include <cstddef>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace edgemetrics {

template <class T>
class span {
 public:
  using element_type = T;
  using value_type = std::remove_cv_t<T>;
  using size_type = std::size_t;
  using iterator = T*;

  constexpr span() noexcept = default;
  constexpr span(T* data, std::size_t size) noexcept : data_(data), size_(size) {}
  template <std::size_t N>
  constexpr span(T (&array)[N]) noexcept : data_(array), size_(N) {}  // NOLINT(google-explicit-constructor)
  /// From a std::vector (span<const T> also from a const vector).
  template <class U, class A, class = std::enable_if_t<std::is_convertible_v<U (*)[], T (*)[]>>>  // NOLINT
  span(std::vector<U, A>& v) noexcept : data_(v.data()), size_(v.size()) {}  // NOLINT(google-explicit-constructor)
  template <class U, class A, class = std::enable_if_t<std::is_convertible_v<const U (*)[], T (*)[]>>>  // NOLINT
  span(const std::vector<U, A>& v) noexcept  // NOLINT(google-explicit-constructor)
      : data_(v.data()), size_(v.size()) {}
  template <class U, std::size_t N, class = std::enable_if_t<std::is_convertible_v<U (*)[], T (*)[]>>>  // NOLINT
  constexpr span(std::array<U, N>& a) noexcept : data_(a.data()), size_(N) {}  // NOLINT(google-explicit-constructor)
  template <class U, std::size_t N, class = std::enable_if_t<std::is_convertible_v<const U (*)[], T (*)[]>>>  // NOLINT
  constexpr span(const std::array<U, N>& a) noexcept  // NOLINT(google-explicit-constructor)
      : data_(a.data()), size_(N) {}
  /// span<const T> from a braced list, for arguments only (`summarize({1.0, 2.0})`, as C++26's
  /// std::span): the list lives until the end of the full expression, so a span variable
  /// initialised from a list dangles.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winit-list-lifetime"  // intended: a view of the list for one call
#endif
  template <class U = T, class = std::enable_if_t<std::is_const_v<U>>>
  constexpr span(std::initializer_list<value_type> list) noexcept  // NOLINT(google-explicit-constructor)
      : data_(list.begin()), size_(list.size()) {}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
  /// span<T> -> span<const T>.
  template <class U, class = std::enable_if_t<std::is_convertible_v<U (*)[], T (*)[]>>>  // NOLINT
  constexpr span(const span<U>& s) noexcept : data_(s.data()), size_(s.size()) {}        // NOLINT

  [[nodiscard]] constexpr T* data() const noexcept { return data_; }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] constexpr T& operator[](std::size_t i) const noexcept { return data_[i]; }
  [[nodiscard]] constexpr T* begin() const noexcept { return data_; }
  [[nodiscard]] constexpr T* end() const noexcept { return data_ + size_; }
  /// Elements [offset, offset + count); throws std::invalid_argument past the end.
  [[nodiscard]] span subspan(std::size_t offset, std::size_t count) const {
    if (offset > size_ || count > size_ - offset) {
      throw std::invalid_argument("edgemetrics::span::subspan: [" + std::to_string(offset) + ", +" +
                                  std::to_string(count) + ") is outside a span of " + std::to_string(size_));
    }
    return span(data_ + offset, count);
  }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

template <class U, class A>
span(std::vector<U, A>&) -> span<U>;
template <class U, class A>
span(const std::vector<U, A>&) -> span<const U>;
template <class U, std::size_t N>
span(U (&)[N]) -> span<U>;
template <class U, std::size_t N>
span(std::array<U, N>&) -> span<U>;
template <class U, std::size_t N>
span(const std::array<U, N>&) -> span<const U>;

/// Every `stride`-th element starting at `data`: element i is data[i * stride].
template <class T>
class strided_span {
 public:
  using element_type = T;
  using value_type = std::remove_cv_t<T>;

  constexpr strided_span() noexcept = default;
  /// Throws std::invalid_argument for stride 0 with more than one element.
  constexpr strided_span(T* data, std::size_t size, std::size_t stride) : data_(data), size_(size), stride_(stride) {
    if (stride == 0 && size > 1) throw std::invalid_argument("edgemetrics::strided_span: stride 0");
  }
  /// A contiguous span is a strided span of stride 1.
  template <class U, class = std::enable_if_t<std::is_convertible_v<U (*)[], T (*)[]>>>         // NOLINT
  constexpr strided_span(span<U> s) noexcept : data_(s.data()), size_(s.size()), stride_(1) {}  // NOLINT

  [[nodiscard]] constexpr T* data() const noexcept { return data_; }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr std::size_t stride() const noexcept { return stride_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] constexpr T& operator[](std::size_t i) const noexcept { return data_[i * stride_]; }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t stride_ = 1;
};

/// A row-major rows x cols buffer whose rows start `row_stride` elements apart (row_stride >=
/// cols; equal for a dense buffer).
template <class T>
class matrix_view {
 public:
  constexpr matrix_view() noexcept = default;
  /// Throws std::invalid_argument when row_stride < cols.
  constexpr matrix_view(T* data, std::size_t rows, std::size_t cols, std::size_t row_stride)
      : data_(data), rows_(rows), cols_(cols), row_stride_(row_stride) {
    if (row_stride < cols) throw std::invalid_argument("edgemetrics::matrix_view: row stride smaller than the row");
  }
  /// A dense buffer.
  constexpr matrix_view(T* data, std::size_t rows, std::size_t cols) noexcept
      : data_(data), rows_(rows), cols_(cols), row_stride_(cols) {}

  [[nodiscard]] constexpr T* data() const noexcept { return data_; }
  [[nodiscard]] constexpr std::size_t rows() const noexcept { return rows_; }
  [[nodiscard]] constexpr std::size_t cols() const noexcept { return cols_; }
  [[nodiscard]] constexpr std::size_t row_stride() const noexcept { return row_stride_; }
  [[nodiscard]] constexpr T& operator()(std::size_t r, std::size_t c) const noexcept {
    return data_[r * row_stride_ + c];
  }
  [[nodiscard]] constexpr span<T> row(std::size_t r) const noexcept { return span<T>(data_ + r * row_stride_, cols_); }
  /// Column c as a strided span; throws std::invalid_argument when c >= cols().
  [[nodiscard]] strided_span<T> column(std::size_t c) const {
    if (c >= cols_) {
      throw std::invalid_argument("edgemetrics::matrix_view::column: column " + std::to_string(c) + " of " +
                                  std::to_string(cols_));
    }
    return strided_span<T>(data_ + c, rows_, row_stride_ == 0 ? 1 : row_stride_);
  }

 private:
  T* data_ = nullptr;
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::size_t row_stride_ = 0;
};

}  // namespace edgemetrics

#endif  // EDGEMETRICS_SPAN_HPP
