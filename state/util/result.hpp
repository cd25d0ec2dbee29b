// Result<T>: a value or an Error, the return type of every fallible library call.
// Library code returns these; only cmd/main.cpp turns them into exit codes.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace alignctl {

// What went wrong, coarsely, so callers can decide (retry, re-plan, exit code).
enum class ErrorKind {
  Input,      // a file or argument the user gave is malformed
  Config,     // policy or options are inconsistent
  Auth,       // 401: token missing or wrong
  Forbidden,  // 403: token valid, privilege missing
  NotFound,   // 404
  BadRequest, // 400: the server rejected the content
  RateLimited,
  Server,    // 5xx after retries
  Transport, // no answer (connect, TLS, timeout) for a request known not to have been applied
  Ambiguous, // a non-idempotent request was sent and its outcome is unknown
  Protocol,  // the server answered something we cannot understand
  Io,        // local filesystem
  Internal,
};

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  std::string message;
  int http_status = 0; // 0 when no HTTP answer was received
};

inline Error make_error(ErrorKind kind, std::string message, int http_status = 0) {
  return Error{kind, std::move(message), http_status};
}

template <class T> class [[nodiscard]] Result {
public:
  Result(T value) : m_v(std::move(value)) {}
  Result(Error error) : m_v(std::move(error)) {}

  bool ok() const { return m_v.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(m_v); }
  const T& value() const& { return std::get<0>(m_v); }
  T&& value() && { return std::get<0>(std::move(m_v)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(m_v); }

private:
  std::variant<T, Error> m_v;
};

template <> class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Error error) : m_error(std::move(error)), m_ok(false) {}

  bool ok() const { return m_ok; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return m_error; }

private:
  Error m_error;
  bool m_ok = true;
};

} // namespace alignctl
