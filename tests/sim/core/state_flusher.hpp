// StateFlusher: persists the simulator's state file without making writes
// slow. mark_dirty() is cheap; a background thread writes a snapshot once no
// write has arrived for `debounce` (or at the latest `max_delay` after the
// first unsaved write), atomically (temp file + rename). flush() writes now,
// synchronously; the destructor flushes what is pending.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace alignctl::sim {

class StateFlusher {
public:
  using Snapshot = std::function<std::string()>;
  using Log = std::function<void(const std::string&)>;

  StateFlusher(std::string path, Snapshot snapshot, Log log,
               std::chrono::milliseconds debounce = std::chrono::milliseconds(200),
               std::chrono::milliseconds max_delay = std::chrono::milliseconds(2000));
  ~StateFlusher();
  StateFlusher(const StateFlusher&) = delete;
  StateFlusher& operator=(const StateFlusher&) = delete;

  void mark_dirty();
  // Writes the current state now. Returns false (and logs) on failure.
  bool flush();
  int writes() const;

private:
  void loop();

  std::string m_path;
  Snapshot m_snapshot;
  Log m_log;
  std::chrono::milliseconds m_debounce, m_max_delay;

  mutable std::mutex m_mutex;
  std::mutex m_write_mutex;
  std::condition_variable m_cv;
  bool m_dirty = false;
  bool m_stop = false;
  int m_writes = 0;
  std::chrono::steady_clock::time_point m_first_dirty, m_last_dirty;
  std::thread m_thread;
};

} // namespace alignctl::sim
