// Running programs from tests: run_command() runs one to completion and
// captures its output; ChildProcess starts a server in the background and
// kills it (SIGTERM, then SIGKILL) when destroyed.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace alignctl::test {

struct RunResult {
  int exit_code = -1; // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

struct RunOptions {
  std::map<std::string, std::string> env; // added to (or overriding) the environment
  std::vector<std::string> unset_env;
  std::string stdin_data;
  std::string cwd;
  std::chrono::seconds timeout{300}; // killed with SIGKILL past this
};

RunResult run_command(const std::vector<std::string>& argv, const RunOptions& options = {});

// Runs `git ARGS…` in `dir` with a fixed test identity and returns its stdout;
// a failure throws std::runtime_error with git's stderr.
std::string git_in(const std::string& dir, std::vector<std::string> args);

class ChildProcess {
public:
  ChildProcess() = default;
  // Starts argv with stdout and stderr appended to `log_path` (or /dev/null).
  ChildProcess(const std::vector<std::string>& argv, const std::string& log_path,
               const std::map<std::string, std::string>& env = {});
  ~ChildProcess();
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return m_pid; }
  bool running();
  // SIGTERM, wait up to `grace`, then SIGKILL. Returns the exit status as waitpid gives it.
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));
  void kill_hard(); // SIGKILL and reap

private:
  pid_t m_pid = -1;
};

// Waits until `server` has written its port to `port_file` and `healthy(port)`
// answers true, polling every 20 ms until `limit`. Returns the port; 0 when
// the time ran out or the process exited (`why` says which).
int wait_until_serving(ChildProcess& server, const std::string& port_file,
                       std::chrono::seconds limit, const std::function<bool(int)>& healthy,
                       std::string& why);

// The path of the alignctl binary and the simulator built with the tests.
std::string alignctl_bin();
std::string sim_bin();
std::string source_dir();

} // namespace alignctl::test
