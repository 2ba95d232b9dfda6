// The tegrastats process source (include/edgemetrics/io/tegrastats_process.hpp).
//
// The child runs in its own process group, so that stop() also ends whatever it started (a
// script's `sleep`), whose copy of the pipe would otherwise keep the reader waiting. The reader
// polls the pipe and a wake-up pipe, so stop() never depends on the child closing its output.
#include <edgemetrics/io/tegrastats_process.hpp>

// The tegrastats line parser is written beside this file (issue #11); until it is merged, the
// convenience constructor has no parser to bind and says so.
#include <edgemetrics/io/tegrastats.hpp>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it nowhere

namespace edgemetrics {

namespace {

using steady = std::chrono::steady_clock;

void close_fd(int& fd) noexcept {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// pipe2(O_CLOEXEC): no other child started meanwhile inherits either end.
void make_pipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw std::system_error(errno, std::generic_category(), "edgemetrics::tegrastats_process: pipe");
}

[[noreturn]] void cannot_run(const std::string& program, int err) {
  std::string what = "edgemetrics::tegrastats_process: cannot run '" + program + "'";
  if (err == ENOENT && program.find('/') == std::string::npos)
    what += " (not found on PATH; tegrastats comes with Jetson Linux (L4T) in /usr/bin)";
  throw std::system_error(err, std::generic_category(), what);
}

bool executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// The file that exec would run, found before spawning: posix_spawn reports a failed exec only
// where the C library waits for it (glibc 2.24+ on a kernel, not under qemu-user, which turns
// the vfork into a fork, nor older libraries), so a missing program is found here, the same way
// on every system. A name without '/' is searched on PATH, as execvp does.
std::string resolve_program(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    if (::access(program.c_str(), X_OK) != 0) cannot_run(program, errno);
    return program;
  }
  const char* env = std::getenv("PATH");
  const std::string path = env != nullptr ? env : "/usr/local/bin:/usr/bin:/bin";
  int err = ENOENT;
  std::size_t start = 0;
  for (;;) {
    const std::size_t colon = path.find(':', start);
    const std::string dir = path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
    if (executable_file(candidate)) return candidate;
    if (::access(candidate.c_str(), F_OK) == 0) err = EACCES;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  cannot_run(program, err);
}

tegrastats_process::line_parser default_parser() {
  return [](std::string_view line) { return parse_tegrastats_line(line); };
}

}  // namespace

struct tegrastats_process::impl {
  tegrastats_process_options opt;
  line_handler on_line;
  line_parser parse;
  sample_handler on_sample;
  error_handler on_error;

  std::mutex mutex;  // guards the fields below except the atomics
  pid_t child = 0;
  int out_read = -1;
  int wake_read = -1;
  int wake_write = -1;
  std::thread reader;
  std::optional<int> status;
  std::exception_ptr failure;
  std::atomic<bool> reading{false};
  std::atomic<long> child_pid{0};
  std::atomic<std::size_t> line_count{0};
  std::atomic<std::size_t> skipped{0};

  void deliver(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t number = line_count.fetch_add(1) + 1;
    if (on_line) {
      on_line(line);
      return;
    }
    hardware_sample s;
    try {
      s = parse(line);
    } catch (const std::exception& e) {
      skipped.fetch_add(1);
      if (on_error) on_error(number, line, e);
      return;
    }
    if (!s.timestamped) {
      s.time_s = std::chrono::duration<double>(steady::now().time_since_epoch()).count();
      s.timestamped = true;
    }
    on_sample(s);
  }

  void read_loop(int fd, int wake) {
    std::string pending;
    char buf[4096];
    try {
      for (;;) {
        pollfd fds[2] = {{fd, POLLIN, 0}, {wake, POLLIN, 0}};
        const int r = ::poll(fds, 2, -1);
        if (r < 0) {
          if (errno == EINTR) continue;
          break;
        }
        if (fds[1].revents != 0) break;  // stop()
        if (fds[0].revents == 0) continue;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
          if (errno == EINTR || errno == EAGAIN) continue;
          break;
        }
        if (n == 0) {  // end of output: the program ended
          if (!pending.empty()) deliver(pending);
          pending.clear();
          break;
        }
        pending.append(buf, static_cast<std::size_t>(n));
        std::size_t start = 0;
        for (std::size_t eol = pending.find('\n'); eol != std::string::npos; eol = pending.find('\n', start)) {
          deliver(std::string_view(pending).substr(start, eol - start));
          start = eol + 1;
        }
        pending.erase(0, start);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex);
      failure = std::current_exception();
    }
    reading.store(false);
  }

  // Reaps the child: waits up to `grace` (after SIGTERM) and then SIGKILLs. Called without mutex.
  static int reap(pid_t pid, bool terminate, std::chrono::milliseconds grace) {
    int st = 0;
    if (terminate) {
      ::kill(-pid, SIGTERM);  // the whole process group (the child leads it)
      const steady::time_point deadline = steady::now() + grace;
      for (;;) {
        const pid_t r = ::waitpid(pid, &st, WNOHANG);
        if (r == pid) return st;
        if (r < 0 && errno != EINTR) return st;
        if (steady::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      ::kill(-pid, SIGKILL);
    }
    while (::waitpid(pid, &st, 0) < 0) {
      if (errno != EINTR) return st;
    }
    return st;
  }

  static int decode(int st) {
    if (WIFEXITED(st)) return WEXITSTATUS(st);
    if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
    return -1;
  }

  // Joins the reader and reaps the child; `terminate` sends the signals first.
  void finish(bool terminate) {
    std::thread t;
    pid_t pid = 0;
    {
      std::lock_guard<std::mutex> lock(mutex);
      t = std::move(reader);
      pid = child;
    }
    if (!t.joinable() && pid == 0) return;
    if (terminate && pid > 0) ::kill(-pid, SIGTERM);
    if (terminate && wake_write >= 0) {
      const char c = 1;
      while (::write(wake_write, &c, 1) < 0 && errno == EINTR) {
      }
    }
    if (t.joinable()) t.join();
    bool failed = false;
    {
      std::lock_guard<std::mutex> lock(mutex);
      failed = failure != nullptr;
    }
    // A handler threw: the reader stopped, so the child would block on a full pipe; end it.
    if (failed && !terminate && pid > 0) ::kill(-pid, SIGTERM);
    int st = 0;
    if (pid > 0) st = reap(pid, terminate || failed, opt.kill_after);
    std::exception_ptr f;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (pid > 0) status = decode(st);
      child = 0;
      child_pid.store(0);
      close_fd(out_read);
      close_fd(wake_read);
      close_fd(wake_write);
      f = std::exchange(failure, nullptr);
    }
    if (f) std::rethrow_exception(f);
  }
};

namespace {
void check(const tegrastats_process_options& o) {
  if (o.program.empty()) throw std::invalid_argument("edgemetrics::tegrastats_process: the program is empty");
  if (o.interval.count() <= 0)
    throw std::invalid_argument("edgemetrics::tegrastats_process: interval must be positive, got " +
                                std::to_string(o.interval.count()) + " ms");
}
}  // namespace

tegrastats_process::tegrastats_process(tegrastats_process_options options, line_handler on_line)
    : impl_(std::make_unique<impl>()) {
  check(options);
  if (!on_line) throw std::invalid_argument("edgemetrics::tegrastats_process: the line handler is empty");
  impl_->opt = std::move(options);
  impl_->on_line = std::move(on_line);
}

tegrastats_process::tegrastats_process(tegrastats_process_options options, line_parser parse, sample_handler on_sample,
                                       error_handler on_error)
    : impl_(std::make_unique<impl>()) {
  check(options);
  if (!parse) throw std::invalid_argument("edgemetrics::tegrastats_process: the parser is empty");
  if (!on_sample) throw std::invalid_argument("edgemetrics::tegrastats_process: the sample handler is empty");
  impl_->opt = std::move(options);
  impl_->parse = std::move(parse);
  impl_->on_sample = std::move(on_sample);
  impl_->on_error = std::move(on_error);
}

tegrastats_process::tegrastats_process(tegrastats_process_options options, sample_handler on_sample,
                                       error_handler on_error)
    : tegrastats_process(std::move(options), default_parser(), std::move(on_sample), std::move(on_error)) {}

tegrastats_process::~tegrastats_process() {
  try {
    stop();
  } catch (...) {  // NOLINT(bugprone-empty-catch): documented, a destructor must not throw
  }
}

void tegrastats_process::start() {
  impl& m = *impl_;
  std::lock_guard<std::mutex> lock(m.mutex);
  if (m.child != 0 || m.reader.joinable()) return;
  const std::string file = resolve_program(m.opt.program);

  int out[2] = {-1, -1};
  int wake[2] = {-1, -1};
  make_pipe(out);
  try {
    make_pipe(wake);
  } catch (...) {
    close_fd(out[0]);
    close_fd(out[1]);
    throw;
  }

  std::vector<std::string> args{m.opt.program, "--interval", std::to_string(m.opt.interval.count())};
  args.insert(args.end(), m.opt.arguments.begin(), m.opt.arguments.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  // stdout -> the pipe (dup2 clears close-on-exec on fd 1), stdin from /dev/null, stderr as ours.
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  // Its own process group; default signal handling and an empty mask, whatever ours are.
  sigset_t none;
  sigset_t defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr,
                           static_cast<short>(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, file.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close_fd(out[1]);
  if (rc != 0) {
    close_fd(out[0]);
    close_fd(wake[0]);
    close_fd(wake[1]);
    cannot_run(m.opt.program, rc);
  }
  m.child = pid;
  m.child_pid.store(static_cast<long>(pid));
  m.out_read = out[0];
  m.wake_read = wake[0];
  m.wake_write = wake[1];
  m.status.reset();
  m.reading.store(true);
  const int fd = out[0];
  const int wfd = wake[0];
  try {
    m.reader = std::thread([&m, fd, wfd] { m.read_loop(fd, wfd); });
  } catch (...) {
    m.reading.store(false);
    ::kill(-pid, SIGKILL);
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    m.child = 0;
    m.child_pid.store(0);
    close_fd(m.out_read);
    close_fd(m.wake_read);
    close_fd(m.wake_write);
    throw;
  }
}

void tegrastats_process::stop() { impl_->finish(true); }

void tegrastats_process::wait() { impl_->finish(false); }

bool tegrastats_process::running() const noexcept { return impl_->reading.load(); }

std::optional<int> tegrastats_process::exit_status() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->status;
}

long tegrastats_process::pid() const noexcept { return impl_->child_pid.load(); }
std::size_t tegrastats_process::lines() const noexcept { return impl_->line_count.load(); }
std::size_t tegrastats_process::skipped_lines() const noexcept { return impl_->skipped.load(); }
const tegrastats_process_options& tegrastats_process::options() const noexcept { return impl_->opt; }

}  // namespace edgemetrics
