// Turning an unwanted HTTP answer into an Error a user can act on. Every
// message starts with the request's label ("GET /Users/42") and quotes the
// server's own message, shortened; headers are never quoted.
#pragma once

#include "state/util/result.hpp"

#include <string>
#include <string_view>

namespace alignctl {

// The server's message from a body: the "message"/"Message"/"error" string of a
// JSON object when there is one, otherwise the text; whitespace collapsed, cut
// to `max_chars` characters with "…". Empty when the body is empty.
std::string quote_server_message(std::string_view body, std::size_t max_chars = 300);

// The Error for a final non-2xx `status`. `token_origin` says where the token
// came from (for 401); `attempts` is how many times the request was sent.
Error http_status_error(const std::string& label, int status, std::string_view body,
                        const std::string& token_origin, int attempts);

} // namespace alignctl
