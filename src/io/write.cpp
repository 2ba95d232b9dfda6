#include <edgemetrics/io/file.hpp>

#include "file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace edgemetrics {

namespace {

std::string reason(int err) { return std::strerror(err); }

// Writes all of `content` to fd; returns 0 or the errno of the failure.
int write_all(int fd, std::string_view content) noexcept {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t w = ::write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += w;
    left -= static_cast<std::size_t>(w);
  }
  return 0;
}

void write_stdout(std::string_view content) {
  // Through stdio, so that the order with what the program printed before is kept.
  if (!content.empty() && std::fwrite(content.data(), 1, content.size(), stdout) != content.size()) {
    throw output_error("<stdout>", "write error: " + reason(errno));
  }
  if (std::fflush(stdout) != 0) throw output_error("<stdout>", "write error: " + reason(errno));
}

void write_direct(const std::string& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) throw output_error(path, "cannot open for writing: " + reason(errno));
  const int err = write_all(fd, content);
  const int close_err = ::close(fd) != 0 ? errno : 0;
  if (err != 0) throw output_error(path, "write error: " + reason(err));
  if (close_err != 0 && close_err != EINTR) throw output_error(path, "write error on close: " + reason(close_err));
}

}  // namespace

std::string read_text_file(const std::string& path) {
  return detail::read_whole_file(path);
}

void write_text_file(const std::string& path, std::string_view content) {
  if (path == "-") return write_stdout(content);
  if (path.empty()) throw output_error(path, "empty file name");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw output_error(path, "is a directory");
    if (!S_ISREG(st.st_mode)) return write_direct(path, content);
  }
  std::string tmp = path + ".tmpXXXXXX";
  const int fd = ::mkstemp(&tmp[0]);
  if (fd < 0) throw output_error(path, "cannot create a file there: " + reason(errno));
  // mkstemp makes the file 0600; give it the permissions a plain create would (0666 & ~umask).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  (void)::fchmod(fd, static_cast<mode_t>(0666 & ~mask));
  int err = write_all(fd, content);
  if (err == 0 && ::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) err = errno;
  if (::close(fd) != 0 && err == 0 && errno != EINTR) err = errno;
  if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    throw output_error(path, "write error: " + reason(err));
  }
}

}  // namespace edgemetrics
