// AdaptivePacer driven by a synthetic clock: answers (admitted, 429, with
// their latency) are fed in at chosen times and the rate is read back. No
// sleeps, no wall clock.
#include "state/jira/adaptive_pacer.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

using namespace alignctl;
using std::chrono::milliseconds;

namespace {

using PacerTime = AdaptivePacer::TimePoint;

const PacerTime k_pacer_t0 = PacerTime{} + std::chrono::hours(1);

PacerTime pacer_at(double seconds) {
  return k_pacer_t0 + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                          std::chrono::duration<double>(seconds));
}

// `count` admitted answers spread evenly over [from, to), each 1 ms after it was sent.
void pacer_admit(AdaptivePacer& p, double from, double to, int count) {
  for (int i = 0; i < count; ++i) {
    double t = from + (to - from) * i / count;
    p.on_admitted(pacer_at(t), pacer_at(t + 0.001));
  }
}

void pacer_limit(AdaptivePacer& p, double t) {
  p.on_rate_limited(pacer_at(t), pacer_at(t + 0.001));
}

// A server that admits `limit` requests per fixed one-second window (as
// jira-align-sim --rps-limit does) and answers in 1 ms, asked at the pacer's
// rate from `from` to `to`. Returns the requests answered 429; `admitted`
// gets the others.
int pacer_drive_window_server(AdaptivePacer& p, int limit, double from, double to, int& admitted) {
  int limited = 0;
  double window_start = -1;
  int in_window = 0;
  for (double t = from; t < to; t += 1.0 / p.rate(pacer_at(t))) {
    if (window_start < 0 || t - window_start >= 1.0) {
      window_start = t;
      in_window = 0;
    }
    if (in_window < limit) {
      ++in_window;
      ++admitted;
      p.on_admitted(pacer_at(t), pacer_at(t + 0.001));
    } else {
      ++limited;
      p.on_rate_limited(pacer_at(t), pacer_at(t + 0.001));
    }
  }
  return limited;
}

} // namespace

TEST_CASE("pacer: until the first 429 nothing is paced but by the ceiling", "[pacer]") {
  AdaptivePacer unlimited;
  pacer_admit(unlimited, 0, 10, 5000);
  CHECK(unlimited.rate(pacer_at(10)) == PacerSettings{}.unpaced);
  PacerSettings s;
  s.ceiling = 25;
  AdaptivePacer capped(s);
  pacer_admit(capped, 0, 10, 250);
  CHECK(capped.rate(pacer_at(0)) == 25);
  CHECK(capped.rate(pacer_at(10)) == 25);
}

TEST_CASE("pacer: a 429 cuts the rate below what the server admitted", "[pacer]") {
  AdaptivePacer p;
  pacer_admit(p, 1.0, 2.0, 100); // the server admitted 100/s; nothing was paced
  REQUIRE(p.rate(pacer_at(2.0)) > 1000);
  pacer_limit(p, 2.0);
  double after = p.rate(pacer_at(2.0));
  CHECK(after < 100);
  CHECK(after == Approx(100 * 0.9).epsilon(0.02)); // cut × the admitted rate
}

TEST_CASE("pacer: after a cut the rate grows back — to the cut's rate after `recover`, then past "
          "it",
          "[pacer]") {
  PacerSettings s;
  s.ceiling = 100;
  AdaptivePacer p(s);
  pacer_admit(p, 0, 1.0, 100);
  pacer_limit(p, 1.0);
  CHECK(p.rate(pacer_at(1.0)) == Approx(90.0).epsilon(0.01));
  s.ceiling = 0;
  AdaptivePacer q(s); // the same without a ceiling, to see it pass the old rate
  double previous = 0;
  pacer_admit(q, 0, 1.0, 100);
  pacer_limit(q, 1.0);
  double peak = q.rate(pacer_at(1.0)) / 0.9;
  const double k = std::chrono::duration<double>(s.recover).count();
  for (double t = 1.0; t <= 1 + 2 * k; t += 0.5) {
    pacer_admit(q, t, t + 0.5, static_cast<int>(q.rate(pacer_at(t)) / 2));
    double r = q.rate(pacer_at(t + 0.5));
    CHECK(r >= previous); // increases while nothing is refused
    previous = r;
  }
  CHECK(q.rate(pacer_at(1 + k)) == Approx(peak).epsilon(0.01));
  CHECK(q.rate(pacer_at(1 + 2 * k)) > 1.05 * peak);
}

TEST_CASE("pacer: a cut from a small rate grows past it by at least `step` per second", "[pacer]") {
  AdaptivePacer p;
  pacer_admit(p, 0, 1.0, 2);
  pacer_limit(p, 1.0); // the server admitted 2 requests in the last second
  CHECK(p.rate(pacer_at(1.0)) < 2);
  const PacerSettings s;
  const double k = std::chrono::duration<double>(s.recover).count();
  CHECK(p.rate(pacer_at(1 + k + 10)) >= 2 + 10 * s.step - 0.1);
}

TEST_CASE("pacer: 429s to requests sent within the hold after a cut do not cut again", "[pacer]") {
  PacerSettings s;
  s.ceiling = 100;
  AdaptivePacer p(s);
  pacer_admit(p, 0, 1.0, 100);
  pacer_limit(p, 1.0);
  double once = p.rate(pacer_at(1.0));
  for (double t = 1.0; t < 1.95; t += 0.1) {
    pacer_limit(p, t);
  }
  CHECK(p.rate(pacer_at(1.0)) == once);
}

TEST_CASE("pacer: a configured ceiling is never exceeded — probing, cut or regrowing", "[pacer]") {
  PacerSettings s;
  s.ceiling = 30;
  AdaptivePacer p(s);
  CHECK(p.rate(pacer_at(0)) == 30); // a ceiling is also where it starts
  for (double t = 0; t < 20; t += 0.25) {
    CHECK(p.rate(pacer_at(t)) <= 30);
  }
  pacer_admit(p, 20, 21, 30);
  pacer_limit(p, 21);
  CHECK(p.rate(pacer_at(21)) < 30);
  for (double t = 21; t < 60; t += 0.25) {
    pacer_admit(p, t, t + 0.25, 7);
    CHECK(p.rate(pacer_at(t)) <= 30);
  }
  CHECK(p.rate(pacer_at(60)) == 30); // and it comes back to it
}

TEST_CASE("pacer: 429s that keep coming never take the rate below the floor", "[pacer]") {
  PacerSettings s;
  s.floor = 2;
  AdaptivePacer p(s);
  double previous = p.rate(pacer_at(0));
  for (double t = 0.5; t < 60; t += 1.5) {
    pacer_limit(p, t); // nothing admitted, ever
    double r = p.rate(pacer_at(t));
    CHECK(r >= 2);
    CHECK(r <= previous);
    previous = r;
  }
  CHECK(previous == 2);
}

TEST_CASE("pacer: a rising latency cuts the rate", "[pacer]") {
  PacerSettings s;
  s.ceiling = 100;
  AdaptivePacer p(s);
  for (int i = 0; i < 200; ++i) { // 2 s at 20 ms
    double t = i * 0.01;
    p.on_admitted(pacer_at(t), pacer_at(t + 0.020));
  }
  CHECK(p.rate(pacer_at(2.0)) == 100);
  for (int i = 0; i < 100; ++i) { // then 1 s at 400 ms
    double t = 2.0 + i * 0.01;
    p.on_admitted(pacer_at(t), pacer_at(t + 0.400));
  }
  CHECK(p.rate(pacer_at(3.4)) < 100);
}

TEST_CASE("pacer: a server with a fixed window is held near its limit with few 429s", "[pacer]") {
  for (int limit : {20, 200}) {
    INFO("limit " << limit);
    AdaptivePacer p;
    int admitted = 0;
    int limited = pacer_drive_window_server(p, limit, 0, 60, admitted);
    // Over the last 40 s (the start found the limit): close to it, few refusals.
    int late_admitted = 0;
    int late_limited = pacer_drive_window_server(p, limit, 60, 100, late_admitted);
    CHECK(late_admitted >= 0.85 * limit * 40);
    CHECK(late_limited < 0.05 * (late_admitted + late_limited));
    CHECK(limited + late_limited > 0); // it did find the limit by touching it
    double r = p.rate(pacer_at(100));
    CHECK(r > 0.8 * limit);
    CHECK(r < 1.2 * limit);
  }
}

TEST_CASE("pacer: 429s that do not stop when the rate falls are background — the cuts are undone",
          "[pacer]") {
  // A server that sheds every tenth request whatever the rate.
  PacerSettings s;
  s.ceiling = 200;
  AdaptivePacer p(s);
  int n = 0;
  double t = 0;
  for (; t < 30; t += 1.0 / p.rate(pacer_at(t))) {
    if (++n % 10 == 0) {
      pacer_limit(p, t);
    } else {
      p.on_admitted(pacer_at(t), pacer_at(t + 0.001));
    }
  }
  CHECK(p.background_share() > 0.05);
  CHECK(p.rate(pacer_at(t)) > 0.8 * 200);
}

TEST_CASE("pacer: background 429s are found at a rate the client itself holds low — gaps between "
          "them do not end the series",
          "[pacer]") {
  // The fault soak's shape: a client that sends at most 12 requests/s (its
  // threads wait on slow answers and Retry-After) to a server shedding 10 %
  // at random. At that rate seconds can pass with no 429; such a gap must not
  // start a new series, or each random 429 cuts again and the rate sinks to
  // the floor without the 429s ever being taken as background. 100 runs of
  // two minutes, each with its own random sequence.
  int late = 0;     // requests sent in the second minute, over all runs
  int detected = 0; // runs that took the 429s as background
  for (unsigned seed = 1; seed <= 100; ++seed) {
    std::mt19937 random(seed);
    std::bernoulli_distribution shed(0.1);
    AdaptivePacer p;
    for (double t = 0; t < 120; t += 1.0 / std::min(12.0, p.rate(pacer_at(t)))) {
      late += t >= 60 ? 1 : 0;
      if (shed(random)) {
        pacer_limit(p, t);
      } else {
        p.on_admitted(pacer_at(t), pacer_at(t + 0.001));
      }
    }
    detected += p.background_share() > 0.02 ? 1 : 0;
  }
  CHECK(detected == 100);
  CHECK(late >= 0.9 * 100 * 12 * 60);
}
