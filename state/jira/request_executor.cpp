#include "state/jira/request_executor.hpp"

#include "state/jira/api_errors.hpp"
#include "state/jira/backoff.hpp"

#include <algorithm>
#include <thread>

namespace alignctl {

namespace {

PacerSettings pacer_settings(const ClientConfig& config) {
  PacerSettings s;
  s.ceiling = config.max_requests_per_second;
  return s;
}

} // namespace

RequestExecutor::RequestExecutor(ClientConfig config, std::string base_url)
    : m_config(std::move(config)), m_base_url(std::move(base_url)),
      m_pacer(pacer_settings(m_config)), m_limiter(0) {}

std::unique_ptr<CurlSession> RequestExecutor::take_session() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_idle.empty()) {
      auto s = std::move(m_idle.back());
      m_idle.pop_back();
      return s;
    }
  }
  return std::make_unique<CurlSession>(m_config, m_base_url);
}

void RequestExecutor::give_back(std::unique_ptr<CurlSession> session) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_idle.push_back(std::move(session));
}

void RequestExecutor::pause(std::chrono::milliseconds delay) {
  if (delay.count() > 0) {
    std::this_thread::sleep_for(delay);
  }
}

std::chrono::steady_clock::time_point RequestExecutor::wait_turn() {
  double rate = m_pacer.rate(std::chrono::steady_clock::now());
  m_limiter.set_rate(rate >= PacerSettings{}.unpaced ? 0 : rate);
  m_limiter.acquire();
  return std::chrono::steady_clock::now();
}

Result<HttpOutcome> RequestExecutor::execute(const HttpRequest& request, Idempotency idempotency) {
  const bool once = idempotency == Idempotency::Once;
  const int max_attempts = std::max(1, m_config.max_attempts);
  int failures = 0;     // attempts that count against max_attempts
  int rate_limited = 0; // 429 answers
  int sent = 0;
  for (;;) {
    auto sent_at = wait_turn();
    auto session = take_session();
    HttpOutcome outcome = session->perform(request, once);
    give_back(std::move(session));
    ++sent;
    if (outcome.failure == TransportFailure::None) {
      auto answered_at = std::chrono::steady_clock::now();
      if (outcome.status == 429) {
        m_pacer.on_rate_limited(sent_at, answered_at);
      } else {
        m_pacer.on_admitted(sent_at, answered_at);
      }
    }

    if (outcome.failure == TransportFailure::TooLarge) {
      return make_error(ErrorKind::Protocol, request.label + ": " + outcome.failure_message);
    }
    if (outcome.failure == TransportFailure::Refused) { // the same certificate every time
      return make_error(ErrorKind::Transport, request.label + ": " + outcome.failure_message);
    }
    if (outcome.failure != TransportFailure::None) {
      if (once && outcome.failure == TransportFailure::MaybeSent) {
        return make_error(ErrorKind::Ambiguous,
                          request.label + ": no answer after the request was sent (" +
                              outcome.failure_message +
                              "); the server may or may not have applied it — look it up "
                              "before trying again");
      }
      if (++failures >= max_attempts) {
        return make_error(ErrorKind::Transport,
                          request.label + ": no answer after " + std::to_string(sent) + " attempt" +
                              (sent == 1 ? "" : "s") + ": " + outcome.failure_message);
      }
      pause(full_jitter(failures, m_config.backoff_base, m_config.backoff_max, random_unit()));
      continue;
    }
    if (outcome.status >= 200 && outcome.status < 300) {
      return outcome;
    }
    if (outcome.status == 429) {
      if (++rate_limited > m_config.max_rate_limited_retries) {
        return http_status_error(request.label, 429, outcome.body, m_config.token_origin, sent);
      }
      auto delay = outcome.retry_after ? std::min(*outcome.retry_after, m_config.max_retry_after)
                                       : full_jitter(rate_limited, m_config.backoff_base,
                                                     m_config.backoff_max, random_unit());
      pause(delay);
      continue;
    }
    if (outcome.status >= 500) {
      if (once) {
        Error e = http_status_error(request.label, outcome.status, outcome.body,
                                    m_config.token_origin, sent);
        e.kind = ErrorKind::Ambiguous;
        e.message += "; the server may or may not have applied it — look it up before trying "
                     "again";
        return e;
      }
      if (++failures >= max_attempts) {
        return http_status_error(request.label, outcome.status, outcome.body, m_config.token_origin,
                                 sent);
      }
      pause(full_jitter(failures, m_config.backoff_base, m_config.backoff_max, random_unit()));
      continue;
    }
    return http_status_error(request.label, outcome.status, outcome.body, m_config.token_origin,
                             sent);
  }
}

} // namespace alignctl
