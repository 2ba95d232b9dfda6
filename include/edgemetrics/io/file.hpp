// Whole-file text input and atomic text output, shared by every reader and writer of files.
#ifndef EDGEMETRICS_IO_FILE_HPP
#define EDGEMETRICS_IO_FILE_HPP

#include <edgemetrics/error.hpp>

#include <string>
#include <string_view>

namespace edgemetrics {

/// Reads a whole file; "-" reads standard input to its end. A leading UTF-8 byte-order mark is
/// dropped (anywhere else it is data). Throws parse_error(path, 0, "", why) when it cannot be
/// opened or read, or is a directory ("<stdin>" names standard input).
[[nodiscard]] std::string read_text_file(const std::string& path);

/// Writes `content` to `path` so that a reader sees either the old file or the whole new one:
/// the text goes to a temporary file in the same folder, which is flushed, closed (errors
/// checked) and renamed over `path`; on any failure the temporary file is removed and `path` is
/// left as it was. "-" writes to standard output (flushed and checked). A path that exists and
/// is not a regular file (a device such as /dev/null, a FIFO) is written directly, never
/// replaced. Throws output_error naming the path and the system's reason (e.g. "No space left
/// on device").
void write_text_file(const std::string& path, std::string_view content);

}  // namespace edgemetrics

#endif  // EDGEMETRICS_IO_FILE_HPP
