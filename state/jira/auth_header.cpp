#include "state/jira/auth_header.hpp"

#include <algorithm>

namespace alignctl {

std::string base64_encode(std::string_view bytes) {
  static constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    unsigned v = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      v = (v << 8) | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0U);
    }
    out.push_back(k_alphabet[(v >> 18) & 63]);
    out.push_back(k_alphabet[(v >> 12) & 63]);
    out.push_back(n > 1 ? k_alphabet[(v >> 6) & 63] : '=');
    out.push_back(n > 2 ? k_alphabet[v & 63] : '=');
  }
  return out;
}

Secret authorization_header(const ClientConfig& config) {
  if (config.auth == AuthScheme::Basic) {
    std::string pair = config.basic_user + ":" + config.token.reveal();
    Secret header("Authorization: Basic " + base64_encode(pair));
    for (char& c : pair) { // wiped at once, as the token's other copies
      c = 0;
    }
    return header;
  }
  return Secret("Authorization: Bearer " + config.token.reveal());
}

} // namespace alignctl
