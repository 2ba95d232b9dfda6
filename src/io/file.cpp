#include "file.hpp"

#include <edgemetrics/error.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace edgemetrics::detail {

namespace {

// Closes the descriptor on every path out of read_whole_file.
struct fd_guard {
  int fd;
  ~fd_guard() { ::close(fd); }
};

}  // namespace

void read_whole_file(const std::string& path, std::string& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw parse_error(path, 0, "", std::string("cannot open file: ") + std::strerror(errno));
  const fd_guard guard{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw parse_error(path, 0, "", std::string("cannot stat file: ") + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw parse_error(path, 0, "", "is a directory, not a file");
  // A regular file is usually read in one call; a pipe (size 0) grows the buffer as it goes.
  out.resize(S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) : 0);
  std::size_t got = 0;
  for (;;) {
    if (got == out.size()) out.resize(out.size() + 65536);
    const ssize_t r = ::read(fd, &out[got], out.size() - got);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw parse_error(path, 0, "", std::string("read error: ") + std::strerror(errno));
    }
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
    if (S_ISREG(st.st_mode) && got == static_cast<std::size_t>(st.st_size)) break;  // the usual case
  }
  out.resize(got);
}

std::string read_whole_file(const std::string& path) {
  std::string out;
  read_whole_file(path, out);
  return out;
}

}  // namespace edgemetrics::detail
