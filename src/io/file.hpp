// Internal (not installed): reading input files, shared by every reader in src/io.
#ifndef EDGEMETRICS_SRC_IO_FILE_HPP
#define EDGEMETRICS_SRC_IO_FILE_HPP

#include <cstddef>
#include <string>
#include <string_view>

namespace edgemetrics::detail {

/// The UTF-8 byte-order mark. Every text reader skips it at the very start of its input (files
/// written by Excel, PowerShell or Notepad begin with it); anywhere else it is data.
inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

/// `text` without a leading UTF-8 byte-order mark.
[[nodiscard]] constexpr std::string_view skip_bom(std::string_view text) noexcept {
  return text.substr(0, 3) == utf8_bom ? text.substr(3) : text;
}

/// How a path is named in messages: "<stdin>" for "-", else the path.
[[nodiscard]] std::string source_name(const std::string& path);

/// An input opened for reading in chunks: a file, or standard input for "-". Throws
/// edgemetrics::parse_error(path, 0, "", ...) naming the system's reason when the file cannot be
/// opened or read, or is a directory. A leading UTF-8 byte-order mark is skipped (never
/// returned by read()).
class input_file {
 public:
  explicit input_file(const std::string& path);
  ~input_file();
  input_file(const input_file&) = delete;
  input_file& operator=(const input_file&) = delete;

  /// Reads up to `n` bytes into `out`; returns how many (0 at the end of the input).
  std::size_t read(char* out, std::size_t n);

  /// Size of a regular file in bytes (0 for a pipe or a device).
  [[nodiscard]] std::size_t size_hint() const noexcept { return size_hint_; }
  /// The name used in messages ("<stdin>" for "-").
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

 private:
  std::size_t raw_read(char* out, std::size_t n);

  int fd_ = -1;
  bool owned_ = true;
  bool at_start_ = true;
  std::size_t size_hint_ = 0;
  std::string source_;
  std::string pending_;  // bytes read while looking for a byte-order mark, returned first
};

/// Reads the whole file into `out` (replacing its contents) with one open/fstat/read/close
/// for a regular file; pipes and character devices are read to their end. A leading UTF-8
/// byte-order mark is dropped. Throws edgemetrics::parse_error(path, 0, "", ...) naming the
/// system's reason when the file cannot be opened or read, or is a directory.
void read_whole_file(const std::string& path, std::string& out);

/// Same, returning the contents.
[[nodiscard]] std::string read_whole_file(const std::string& path);

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_IO_FILE_HPP
