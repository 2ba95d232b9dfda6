// Internal (not installed): reading a whole input file, shared by every reader in src/.
#ifndef EDGEMETRICS_SRC_IO_FILE_HPP
#define EDGEMETRICS_SRC_IO_FILE_HPP

#include <string>

namespace edgemetrics::detail {

/// Reads the whole file into `out` (replacing its contents) with one open/fstat/read/close
/// for a regular file; pipes and character devices are read to their end. Throws
/// edgemetrics::parse_error(path, 0, "", ...) naming the system's reason when the file
/// cannot be opened or read, or is a directory.
void read_whole_file(const std::string& path, std::string& out);

/// Same, returning the contents.
[[nodiscard]] std::string read_whole_file(const std::string& path);

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_IO_FILE_HPP
