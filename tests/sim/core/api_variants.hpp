// The API variants the simulator can play where the contract is unknown or
// documented both ways (../shared/docs/jira-align-api.md §1, §2): how the
// server treats $orderby, and which Authorization schemes it accepts.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace alignctl::sim {

enum class OrderbyMode {
  Honour, // $orderby=id sorts by id (the default)
  Ignore, // $orderby is ignored: rows come in the server's own stable order
  Reject, // any $orderby is answered 400
};

enum class AuthMode {
  Bearer, // Authorization: Bearer <token> (the default)
  Basic,  // Authorization: Basic base64(<basic user>:<token>)
  Both,   // either
};

std::optional<OrderbyMode> orderby_mode_from_name(std::string_view name); // honour|ignore|reject
std::optional<AuthMode> auth_mode_from_name(std::string_view name);       // bearer|basic|both
std::string_view orderby_mode_name(OrderbyMode mode);
std::string_view auth_mode_name(AuthMode mode);

// RFC 4648 base64 decoding (padding required, no whitespace); std::nullopt
// when `text` is not valid base64.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace alignctl::sim
