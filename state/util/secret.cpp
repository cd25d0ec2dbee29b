#include "state/util/secret.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace alignctl {

Secret::~Secret() {
  // Best effort: overwrite before the memory is released.
  volatile char* p = m_value.data();
  for (std::size_t i = 0; i < m_value.size(); ++i) {
    p[i] = 0;
  }
}

Result<Secret> load_secret(const std::string& what, const std::string& env_name,
                           const std::string& path) {
  std::string value;
  if (!path.empty()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return make_error(ErrorKind::Input, what + ": cannot read file " + path);
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    value = buf.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) {
      value.pop_back();
    }
    if (value.empty()) {
      return make_error(ErrorKind::Input, what + ": file " + path + " is empty");
    }
    return Secret(std::move(value));
  }
  const char* env = env_name.empty() ? nullptr : std::getenv(env_name.c_str());
  if (env == nullptr || *env == '\0') {
    return make_error(ErrorKind::Input,
                      what + ": environment variable " + env_name + " is not set (or give a file)");
  }
  return Secret(std::string(env));
}

} // namespace alignctl
