// The one exception type of alignctl: thrown only by cmd/ code for conditions
// that end the command, caught once in main(), which prints
// "alignctl: error: <message>" and returns exit_code.
#pragma once

#include <stdexcept>
#include <string>

namespace alignctl {

// Exit codes are a contract with pipelines (docs/exit-codes.md).
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_error = 1;
inline constexpr int k_exit_changes = 2; // plan --detailed-exitcode: changes present
inline constexpr int k_exit_drift = 3;   // apply: live state drifted; re-plan
inline constexpr int k_exit_partial = 4; // apply: some actions failed
inline constexpr int k_exit_usage = 64;  // bad command line

class Fatal : public std::runtime_error {
public:
  explicit Fatal(const std::string& message, int exit_code = k_exit_error)
      : std::runtime_error(message), m_exit_code(exit_code) {}
  int exit_code() const { return m_exit_code; }

private:
  int m_exit_code;
};

} // namespace alignctl
