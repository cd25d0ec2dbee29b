// AdaptivePacer: the request rate a client keeps when the server's limit is
// not known (docs/client.md, "Pacing"). A pure controller: it is told every
// answer (admitted, or 429) with the times, and says the rate; RateLimiter
// spaces requests at that rate. Thread-safe. Times are passed in, so tests
// drive it with a synthetic clock.
//
//   probe    until the first 429 nothing is paced but by the ceiling, when
//            there is one (so a server that never answers 429 is not slowed).
//   cut      a 429 sets the rate to `cut` × the rate the server admitted over
//            the last `window` (the rate may have run ahead of what was
//            sent; after the probe, not less than `deepest` × the rate). A
//            latency EWMA above `latency_factor` × its recent minimum +
//            `latency_slack` cuts by `latency_cut`. Answers to requests sent
//            within `hold` of a cut do not cut again.
//   regrow   cubic in the time since the cut: back at the cut's rate after
//            `recover`, flat around it, then faster (the limit may have risen)
//            — and past it by at least `step` requests/s per second (a cut
//            from a small rate does not stay small for long).
//   series   a 429 to a request sent after the hold but before `recover` (the
//            rate still below where the cut took it from) means slowing down
//            did not stop them: the series grows by one. A 429 sent after
//            `recover` (as a limit's are, once the rate grew back past it)
//            takes one off; at one it starts a new series. A gap with no 429
//            does not end a series: at a few requests/s, 10 % random 429s
//            leave gaps of seconds. When a series reaches `max_series` and
//            under `max_background` of its answers were 429s, they are not
//            about the rate (a server that sheds load at random): the series
//            is undone, their share is the background, and later 429s cut
//            only when the last window holds clearly more than it explains
//            (mean + 2 standard deviations + 1).
// The rate never exceeds `ceiling` (when set) nor falls below `floor`.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>

namespace alignctl {

struct PacerSettings {
  double ceiling = 0;   // requests per second never exceeded (--max-rps); 0: none
  double floor = 1;     // the slowest rate (or the ceiling, when lower)
  double unpaced = 1e4; // a rate this high is "no pacing"
  double cut = 0.9;
  double deepest = 0.75; // the admitted rate a cut starts from: at least this × the rate
  double latency_cut = 0.95;
  double latency_factor = 2.0;
  std::chrono::milliseconds latency_slack{100};
  std::chrono::milliseconds latency_memory{10000}; // the latency minimum is of the last 10-20 s
  std::chrono::milliseconds recover{6000};
  double step = 2; // requests/s per second, at least, past the cut's rate
  std::chrono::milliseconds hold{1000};
  std::chrono::milliseconds window{1000};
  int max_series = 7;          // 0.9^7 ≈ 0.48: slowing to half did not stop the 429s
  double max_background = 0.5; // a larger share of 429s is never background
};

class AdaptivePacer {
public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit AdaptivePacer(PacerSettings settings = {});

  // Requests per second at `now` (>= settings.unpaced: do not pace).
  double rate(TimePoint now);

  // An HTTP answer other than 429 to a request sent at `sent`, received at `now`.
  void on_admitted(TimePoint sent, TimePoint now);
  // A 429 to a request sent at `sent`, received at `now`.
  void on_rate_limited(TimePoint sent, TimePoint now);

  // The share of 429s taken as background (0: none seen).
  double background_share() const;

private:
  struct Answer {
    TimePoint at;
    bool limited;
  };
  // The regrowth state, kept to undo a series of cuts.
  struct Course {
    bool probing = true;
    bool has_cut = false;
    TimePoint cut_at{}; // the last cut
    double peak = 0;    // the rate regrowth returns to
    double depth = 0;   // 1 - the factor of the last cut
  };

  double rate_locked(TimePoint now);
  double cap() const;
  double lowest() const;
  void remember(TimePoint now, bool limited);
  double admitted_rate() const;
  bool above_background() const;
  bool in_hold(TimePoint sent) const;
  void cut_locked(TimePoint now, double factor);
  void watch_latency(TimePoint sent, TimePoint now);

  PacerSettings m_s;
  mutable std::mutex m_mutex;
  Course m_course;
  std::deque<Answer> m_recent; // answers of the last `window`
  // The current series of 429 cuts: its score (0: none), the course before
  // it, and its answers.
  int m_series = 0;
  Course m_before_series;
  long m_series_answers = 0;
  long m_series_limited = 0;
  double m_background = 0;
  // Latency: an EWMA and the minimum over the current and previous period.
  double m_latency_ewma_ms = -1;
  double m_latency_min_ms = -1;
  double m_latency_min_prev_ms = -1;
  TimePoint m_latency_period_start{};
};

} // namespace alignctl
