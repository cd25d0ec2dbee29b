#include "tests/support/process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace alignctl::test {

namespace {

std::vector<char*> to_cargv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const auto& a : argv) {
    out.push_back(const_cast<char*>(a.c_str()));
  }
  out.push_back(nullptr);
  return out;
}

void apply_env(const std::map<std::string, std::string>& env,
               const std::vector<std::string>& unset) {
  for (const auto& name : unset) {
    unsetenv(name.c_str());
  }
  for (const auto& [k, v] : env) {
    setenv(k.c_str(), v.c_str(), 1);
  }
}

int decode_status(int status, int* signal_out) {
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  if (WIFSIGNALED(status) && signal_out != nullptr) {
    *signal_out = WTERMSIG(status);
  }
  return -1;
}

} // namespace

RunResult run_command(const std::vector<std::string>& argv, const RunOptions& options) {
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0 || pipe(in_pipe) != 0) {
    throw std::runtime_error("pipe failed");
  }
  auto cargv = to_cargv(argv);
  pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], in_pipe[0], in_pipe[1]}) {
      close(fd);
    }
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) {
      _exit(127);
    }
    apply_env(options.env, options.unset_env);
    execvp(cargv[0], cargv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  close(in_pipe[0]);
  // Feed stdin from a thread so a large input cannot deadlock against output.
  std::thread feeder([fd = in_pipe[1], data = options.stdin_data] {
    std::size_t off = 0;
    while (off < data.size()) {
      ssize_t n = write(fd, data.data() + off, data.size() - off);
      if (n <= 0) {
        break;
      }
      off += static_cast<std::size_t>(n);
    }
    close(fd);
  });
  RunResult result;
  auto deadline = std::chrono::steady_clock::now() + options.timeout;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  bool killed = false;
  while (open_fds > 0) {
    int rc = poll(fds, 2, 200);
    if (rc < 0 && errno != EINTR) {
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        ssize_t n = read(fds[i].fd, buf, sizeof buf);
        if (n <= 0) {
          close(fds[i].fd);
          fds[i].fd = -1;
          --open_fds;
        } else {
          (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
        }
      }
    }
    if (!killed && std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      killed = true;
    }
  }
  feeder.join();
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = decode_status(status, &result.signal);
  return result;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& log_path,
                           const std::map<std::string, std::string>& env) {
  auto cargv = to_cargv(argv);
  std::string log = log_path.empty() ? "/dev/null" : log_path;
  m_pid = fork();
  if (m_pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (m_pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    int devnull = open("/dev/null", O_RDONLY);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    if (devnull >= 0) {
      dup2(devnull, 0);
    }
    setpgid(0, 0);
    apply_env(env, {});
    execvp(cargv[0], cargv.data());
    _exit(127);
  }
}

ChildProcess::~ChildProcess() {
  if (m_pid > 0) {
    stop();
  }
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept : m_pid(other.m_pid) {
  other.m_pid = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    if (m_pid > 0) {
      stop();
    }
    m_pid = other.m_pid;
    other.m_pid = -1;
  }
  return *this;
}

bool ChildProcess::running() {
  if (m_pid <= 0) {
    return false;
  }
  int status = 0;
  pid_t r = waitpid(m_pid, &status, WNOHANG);
  if (r == m_pid) {
    m_pid = -1;
    return false;
  }
  return true;
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
  if (m_pid <= 0) {
    return 0;
  }
  ::kill(m_pid, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    pid_t r = waitpid(m_pid, &status, WNOHANG);
    if (r == m_pid) {
      m_pid = -1;
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(m_pid, SIGKILL);
  waitpid(m_pid, &status, 0);
  m_pid = -1;
  return status;
}

void ChildProcess::kill_hard() {
  if (m_pid > 0) {
    ::kill(m_pid, SIGKILL);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
  }
}

int wait_until_serving(ChildProcess& server, const std::string& port_file,
                       std::chrono::seconds limit, const std::function<bool(int)>& healthy,
                       std::string& why) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int port = 0;
  why = "timed out";
  while (std::chrono::steady_clock::now() < deadline) {
    if (!server.running()) {
      why = "the process exited";
      return 0;
    }
    if (port == 0) {
      std::ifstream in(port_file);
      if (!(in >> port)) {
        port = 0;
      }
    }
    if (port != 0 && healthy(port)) {
      return port;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return 0;
}

std::string alignctl_bin() {
  return ALIGNCTL_BIN;
}
std::string sim_bin() {
  return ALIGNCTL_SIM_BIN;
}
std::string source_dir() {
  return ALIGNCTL_SOURCE_DIR;
}

std::string git_in(const std::string& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-c", "user.name=t", "-c", "user.email=t@example.com"});
  RunOptions options;
  options.cwd = dir;
  RunResult r = run_command(args, options);
  if (r.exit_code != 0) {
    throw std::runtime_error("git " + args[5] + " failed in " + dir + ": " + r.err);
  }
  return r.out;
}

} // namespace alignctl::test
