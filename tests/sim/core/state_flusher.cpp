#include "tests/sim/core/state_flusher.hpp"

#include "tests/sim/core/tenant_file.hpp"

namespace alignctl::sim {

StateFlusher::StateFlusher(std::string path, Snapshot snapshot, Log log,
                           std::chrono::milliseconds debounce, std::chrono::milliseconds max_delay)
    : m_path(std::move(path)), m_snapshot(std::move(snapshot)), m_log(std::move(log)),
      m_debounce(debounce), m_max_delay(max_delay), m_thread([this] { loop(); }) {}

StateFlusher::~StateFlusher() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_all();
  m_thread.join();
  bool dirty;
  {
    std::lock_guard lock(m_mutex);
    dirty = m_dirty;
  }
  if (dirty) {
    flush();
  }
}

void StateFlusher::mark_dirty() {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(m_mutex);
    if (!m_dirty) {
      m_first_dirty = now;
    }
    m_dirty = true;
    m_last_dirty = now;
  }
  m_cv.notify_all();
}

bool StateFlusher::flush() {
  std::lock_guard write_lock(m_write_mutex);
  {
    std::lock_guard lock(m_mutex);
    m_dirty = false;
  }
  auto r = write_file_atomically(m_path, m_snapshot());
  if (!r.ok()) {
    m_log("jira-align-sim: cannot save state: " + r.error().message);
    std::lock_guard lock(m_mutex);
    m_dirty = true;
    m_first_dirty = m_last_dirty = std::chrono::steady_clock::now(); // retry after a pause
    return false;
  }
  std::lock_guard lock(m_mutex);
  ++m_writes;
  return true;
}

int StateFlusher::writes() const {
  std::lock_guard lock(m_mutex);
  return m_writes;
}

void StateFlusher::loop() {
  std::unique_lock lock(m_mutex);
  while (!m_stop) {
    if (!m_dirty) {
      m_cv.wait(lock, [&] { return m_stop || m_dirty; });
      continue;
    }
    auto due = std::min(m_last_dirty + m_debounce, m_first_dirty + m_max_delay);
    if (std::chrono::steady_clock::now() < due) {
      m_cv.wait_until(lock, due);
      continue;
    }
    lock.unlock();
    flush();
    lock.lock();
  }
}

} // namespace alignctl::sim
