#include "state/jira/adaptive_pacer.hpp"

#include <algorithm>
#include <cmath>

namespace alignctl {

namespace {

double seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

double milliseconds_of(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

} // namespace

AdaptivePacer::AdaptivePacer(PacerSettings settings) : m_s(settings) {}

double AdaptivePacer::cap() const {
  return m_s.ceiling > 0 ? std::min(m_s.ceiling, m_s.unpaced) : m_s.unpaced;
}

double AdaptivePacer::lowest() const {
  return m_s.ceiling > 0 ? std::min(m_s.floor, m_s.ceiling) : m_s.floor;
}

double AdaptivePacer::rate(TimePoint now) {
  std::lock_guard<std::mutex> lock(m_mutex);
  return rate_locked(now);
}

double AdaptivePacer::rate_locked(TimePoint now) {
  if (m_course.probing) {
    return cap();
  }
  double k = seconds(m_s.recover);
  double since = seconds(now - m_course.cut_at);
  double t = (since - k) / k;
  double r = m_course.peak * (1 + m_course.depth * t * t * t);
  if (since > k) { // past the old rate: at least `step` more per second
    r = std::max(r, m_course.peak + m_s.step * (since - k));
  }
  return std::clamp(r, lowest(), cap());
}

void AdaptivePacer::remember(TimePoint now, bool limited) {
  m_recent.push_back({now, limited});
  while (!m_recent.empty() && m_recent.front().at <= now - m_s.window) {
    m_recent.pop_front();
  }
  if (m_series > 0) {
    ++m_series_answers;
    m_series_limited += limited ? 1 : 0;
  }
}

double AdaptivePacer::admitted_rate() const {
  auto admitted =
      std::count_if(m_recent.begin(), m_recent.end(), [](const Answer& a) { return !a.limited; });
  return static_cast<double>(admitted) / seconds(m_s.window);
}

bool AdaptivePacer::above_background() const {
  if (m_background <= 0) {
    return true;
  }
  // More 429s in the last window than the background explains: above its
  // mean by two standard deviations and one more (few answers are noisy).
  auto limited =
      std::count_if(m_recent.begin(), m_recent.end(), [](const Answer& a) { return a.limited; });
  double n = static_cast<double>(m_recent.size());
  double mean = n * m_background;
  return static_cast<double>(limited) > mean + 2 * std::sqrt(mean * (1 - m_background)) + 1;
}

bool AdaptivePacer::in_hold(TimePoint sent) const {
  return m_course.has_cut && sent < m_course.cut_at + m_s.hold;
}

void AdaptivePacer::cut_locked(TimePoint now, double factor) {
  double current = rate_locked(now);
  // From the rate the server admitted: the rate may have run ahead of what
  // was sent. Leaving the probe (no ceiling) that may be far below the rate;
  // later, threads waiting out a Retry-After send little, so one cut takes at
  // most a quarter off before its factor.
  double admitted = std::max(admitted_rate(), lowest());
  bool from_probe = m_course.probing && m_s.ceiling <= 0;
  m_course.peak =
      std::min(current, from_probe ? admitted : std::max(admitted, m_s.deepest * current));
  m_course.depth = 1 - factor;
  m_course.cut_at = now;
  m_course.probing = false;
  m_course.has_cut = true;
}

void AdaptivePacer::on_admitted(TimePoint sent, TimePoint now) {
  std::lock_guard<std::mutex> lock(m_mutex);
  rate_locked(now);
  remember(now, false);
  watch_latency(sent, now);
}

void AdaptivePacer::watch_latency(TimePoint sent, TimePoint now) {
  double ms = milliseconds_of(now - sent);
  if (m_latency_min_ms < 0 || now - m_latency_period_start >= m_s.latency_memory) {
    m_latency_min_prev_ms = m_latency_min_ms;
    m_latency_min_ms = ms;
    m_latency_period_start = now;
  } else {
    m_latency_min_ms = std::min(m_latency_min_ms, ms);
  }
  double base = m_latency_min_prev_ms < 0 ? m_latency_min_ms
                                          : std::min(m_latency_min_ms, m_latency_min_prev_ms);
  m_latency_ewma_ms =
      m_latency_ewma_ms < 0 ? ms : m_latency_ewma_ms + 0.1 * (ms - m_latency_ewma_ms);
  double slack = static_cast<double>(m_s.latency_slack.count());
  if (!in_hold(sent) && m_latency_ewma_ms > m_s.latency_factor * base + slack) {
    cut_locked(now, m_s.latency_cut);
  }
}

void AdaptivePacer::on_rate_limited(TimePoint sent, TimePoint now) {
  std::lock_guard<std::mutex> lock(m_mutex);
  rate_locked(now);
  remember(now, true);
  if (in_hold(sent) || !above_background()) {
    return;
  }
  // Below: sent before the rate grew back to where the last cut took it from
  // — slowing down did not stop them. Above: sent after it grew back past
  // that, as a limit's 429s are; each counts against the series.
  bool below = m_series > 0 && sent < m_course.cut_at + m_s.recover;
  if (below) {
    double share = m_series_answers > 0 ? static_cast<double>(m_series_limited) /
                                              static_cast<double>(m_series_answers)
                                        : 1.0;
    if (m_series >= m_s.max_series && share < m_s.max_background) {
      // Slowing to about half did not make them stop: they are not about the rate.
      m_background = share;
      m_course = m_before_series;
      m_series = 0;
      return;
    }
    ++m_series;
  } else if (m_series > 1) {
    --m_series;
  } else {
    m_series = 1;
    m_before_series = m_course;
    m_series_answers = 0;
    m_series_limited = 0;
  }
  cut_locked(now, m_s.cut);
}

double AdaptivePacer::background_share() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_background;
}

} // namespace alignctl
