#include "tests/sim/core/serve_loop.hpp"

#include "tests/sim/core/tenant_file.hpp"

#include <pthread.h>
#include <thread>

namespace alignctl::sim {

sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return signals;
}

Result<void> write_port_file(const std::string& path, int port) {
  if (path.empty()) {
    return {};
  }
  return write_file_atomically(path, std::to_string(port) + "\n");
}

void serve_until_signalled(HttpServer& server, const sigset_t& signals,
                           const std::function<void(int)>& on_signal) {
  std::thread signal_thread([&on_signal, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    on_signal(sig);
  });
  server.run();
  // If run() ended for another reason, wake the signal thread.
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
}

} // namespace alignctl::sim
