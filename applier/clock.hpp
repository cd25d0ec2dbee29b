// Clock: the applier's only source of time, behind an interface so unit tests
// run with a fake clock (no real waiting, fixed timestamps).
#pragma once

#include <chrono>
#include <memory>

namespace alignctl {

class Clock {
public:
  virtual ~Clock() = default;
  // Wall-clock time, for the plan-age check and journal/audit timestamps.
  virtual std::chrono::system_clock::time_point now() const = 0;
  // Monotonic time, for durations.
  virtual std::chrono::steady_clock::time_point steady_now() const = 0;
  // Waits (between retries). A fake clock advances instead of sleeping.
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

// The real clocks and std::this_thread::sleep_for.
std::unique_ptr<Clock> make_system_clock();

} // namespace alignctl
