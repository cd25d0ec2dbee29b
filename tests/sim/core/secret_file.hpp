// Reading a simulator's accepted credential (bearer token, client secret)
// from a file: trailing newlines and spaces stripped; an unreadable or empty
// file is an error naming it.
#pragma once

#include <string>

namespace alignctl::sim {

// The file's text without trailing CR/LF/space; on failure "" and `error` set.
std::string read_secret_file(const std::string& path, std::string& error);

} // namespace alignctl::sim
