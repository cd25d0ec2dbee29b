#include "cmd/apply_progress.hpp"

#include <chrono>
#include <cstdio>
#include <fmt/core.h>
#include <unistd.h>

namespace alignctl {

std::string describe_action(const Action& a, const ActionResult& r) {
  std::optional<std::int64_t> id = r.user_id ? r.user_id : a.user_id;
  return id ? fmt::format("{} {} (id {})", action_op_name(a.op), a.key, *id)
            : fmt::format("{} {}", action_op_name(a.op), a.key);
}

namespace {

// One line per finished action (logs, pipelines).
class LineObserver : public ApplyObserver {
public:
  void on_stage(ApplyStage stage, std::size_t count) override {
    switch (stage) {
    case ApplyStage::CheckingPreconditions:
      fmt::print("Checking preconditions ({} users to read)...\n", count);
      break;
    case ApplyStage::Applying:
      fmt::print("Applying {} actions...\n", count);
      break;
    case ApplyStage::Verifying:
      fmt::print("Verifying ({} users to read back)...\n", count);
      break;
    }
    std::fflush(stdout);
  }
  void on_action(const Action& a, const ActionResult& r) override {
    std::string line =
        fmt::format("{:<12} {}", action_status_name(r.status), describe_action(a, r));
    if (r.status == ActionStatus::Failed) {
      line += r.http_status != 0 ? fmt::format(": HTTP {}: {}", r.http_status, r.message)
                                 : ": " + r.message;
    } else if (!r.message.empty()) {
      line += " — " + r.message;
    }
    fmt::print("{}\n", line);
    std::fflush(stdout);
  }
};

// A progress bar on stderr (terminals), failures printed as they happen.
class BarObserver : public ApplyObserver {
public:
  void on_stage(ApplyStage stage, std::size_t count) override {
    finish_line();
    if (stage == ApplyStage::Applying) {
      m_total = count;
      m_applying = true;
      draw(true);
    } else {
      m_applying = false;
      fmt::print(stderr, "{} ({} users)...\n",
                 stage == ApplyStage::Verifying ? "Verifying" : "Checking preconditions", count);
    }
  }
  void on_action(const Action& a, const ActionResult& r) override {
    if (!m_applying) {
      return;
    }
    ++m_finished;
    if (r.status == ActionStatus::Failed || r.status == ActionStatus::Skipped) {
      ++m_failed;
      finish_line();
      fmt::print(stderr, "{} {}: {}\n", action_status_name(r.status), describe_action(a, r),
                 r.message);
    }
    draw(m_finished == m_total);
  }
  ~BarObserver() override { finish_line(); }

private:
  void draw(bool force) {
    auto now = std::chrono::steady_clock::now();
    if (!force && now - m_last < std::chrono::milliseconds(100)) {
      return;
    }
    m_last = now;
    constexpr std::size_t width = 40;
    std::size_t filled = m_total == 0 ? width : width * m_finished / m_total;
    fmt::print(stderr, "\r[{}{}] {}/{} actions, {} failed", std::string(filled, '#'),
               std::string(width - filled, '.'), m_finished, m_total, m_failed);
    m_open = true;
  }
  void finish_line() {
    if (m_open) {
      fmt::print(stderr, "\n");
      m_open = false;
    }
  }
  std::size_t m_total = 0, m_finished = 0, m_failed = 0;
  bool m_applying = false, m_open = false;
  std::chrono::steady_clock::time_point m_last{};
};

} // namespace

std::unique_ptr<ApplyObserver> make_apply_progress(const std::string& mode) {
  if (mode == "bar" || (mode == "auto" && ::isatty(STDERR_FILENO) != 0)) {
    return std::make_unique<BarObserver>();
  }
  return std::make_unique<LineObserver>();
}

} // namespace alignctl
