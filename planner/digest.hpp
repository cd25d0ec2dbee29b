// SHA-256 and HMAC-SHA256 as lowercase hex (OpenSSL). Used for plan-file
// checksums and signatures and for the provenance hashes of the inputs.
#pragma once

#include <string>
#include <string_view>

namespace alignctl {

// Lowercase hex SHA-256 of `data` (64 characters).
std::string sha256_hex(std::string_view data);

// Lowercase hex HMAC-SHA256 of `data` under `key` (64 characters).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// Compares two strings in time independent of where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace alignctl
