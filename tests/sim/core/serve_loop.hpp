// How each simulator executable (jira-align-sim, graph-sim) serves: SIGINT
// and SIGTERM are blocked before any thread starts (SIGPIPE ignored), then
// handled by one thread so every other thread runs undisturbed.
#pragma once

#include "tests/sim/core/http_server.hpp"

#include <csignal>
#include <functional>
#include <string>

namespace alignctl::sim {

// Call first in main(), before any thread exists.
sigset_t block_stop_signals();

// Writes the bound port to `path` (atomically) unless `path` is empty.
Result<void> write_port_file(const std::string& path, int port);

// Runs `server` until SIGINT/SIGTERM (then `on_signal(sig)`, which must make
// run() return, e.g. by calling server.stop()) or until run() ends otherwise.
void serve_until_signalled(HttpServer& server, const sigset_t& signals,
                           const std::function<void(int)>& on_signal);

} // namespace alignctl::sim
