// Secret: a token or password. It has no stream operator and no implicit
// conversion, so it cannot reach output, logs, plan files or journals by
// accident; code that must send it calls reveal() at the last moment.
#pragma once

#include "state/util/result.hpp"

#include <string>

namespace alignctl {

class Secret {
public:
  Secret() = default;
  explicit Secret(std::string value) : m_value(std::move(value)) {}
  Secret(const Secret&) = default;
  Secret& operator=(const Secret&) = default;
  ~Secret();

  bool empty() const { return m_value.empty(); }
  const std::string& reveal() const { return m_value; }

private:
  std::string m_value;
};

// Reads a secret from the file at `path` (trailing newline stripped) or, when
// path is empty, from the environment variable `env_name`. `what` names the
// secret in error messages ("Jira Align token"). An absent or empty secret is
// an Input error naming where it was looked for — never the value.
Result<Secret> load_secret(const std::string& what, const std::string& env_name,
                           const std::string& path);

} // namespace alignctl
