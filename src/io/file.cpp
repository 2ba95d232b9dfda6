#include "file.hpp"

#include <edgemetrics/error.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace edgemetrics::detail {

std::string source_name(const std::string& path) { return path == "-" ? std::string("<stdin>") : path; }

input_file::input_file(const std::string& path) : source_(source_name(path)) {
  if (path == "-") {
    fd_ = STDIN_FILENO;
    owned_ = false;
  } else {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw parse_error(path, 0, "", std::string("cannot open file: ") + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    const int err = errno;
    if (owned_) ::close(fd_);
    throw parse_error(path, 0, "", std::string("cannot stat file: ") + std::strerror(err));
  }
  if (S_ISDIR(st.st_mode)) {
    if (owned_) ::close(fd_);
    throw parse_error(path, 0, "", "is a directory, not a file");
  }
  if (S_ISREG(st.st_mode)) size_hint_ = static_cast<std::size_t>(st.st_size);
}

input_file::~input_file() {
  if (owned_) ::close(fd_);
}

std::size_t input_file::raw_read(char* out, std::size_t n) {
  for (;;) {
    const ssize_t r = ::read(fd_, out, n);
    if (r >= 0) return static_cast<std::size_t>(r);
    if (errno != EINTR) throw parse_error(source_, 0, "", std::string("read error: ") + std::strerror(errno));
  }
}

std::size_t input_file::read(char* out, std::size_t n) {
  if (n == 0) return 0;
  if (at_start_) {
    // Look at the first three bytes (a pipe may deliver them one at a time).
    at_start_ = false;
    char head[3];
    std::size_t got = 0;
    while (got < 3) {
      const std::size_t r = raw_read(head + got, 3 - got);
      if (r == 0) break;
      got += r;
    }
    pending_.assign(head, got);
    if (skip_bom(pending_).size() != pending_.size()) pending_.clear();
  }
  if (!pending_.empty()) {
    const std::size_t k = std::min(n, pending_.size());
    std::memcpy(out, pending_.data(), k);
    pending_.erase(0, k);
    return k;
  }
  return raw_read(out, n);
}

void read_whole_file(const std::string& path, std::string& out) {
  input_file in(path);
  // A regular file is usually read in one call; a pipe (size 0) grows the buffer as it goes.
  out.resize(in.size_hint());
  std::size_t got = 0;
  for (;;) {
    if (got == out.size()) out.resize(out.size() + 65536);
    const std::size_t r = in.read(&out[got], out.size() - got);
    if (r == 0) break;
    got += r;
  }
  out.resize(got);
}

std::string read_whole_file(const std::string& path) {
  std::string out;
  read_whole_file(path, out);
  return out;
}

}  // namespace edgemetrics::detail
