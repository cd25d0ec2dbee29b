#include "tests/sim/core/tenant_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace alignctl::sim {

Result<UserStore> tenant_from_json_text(const std::string& text, const std::string& origin,
                                        std::vector<std::string>* notes) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return make_error(ErrorKind::Input, origin + ": not valid JSON: " + e.what());
  }
  if (!j.is_object()) {
    return make_error(ErrorKind::Input, origin + ": expected a JSON object with \"users\"");
  }
  ReferenceData ref = default_reference_data();
  for (RefKind kind :
       {RefKind::Regions, RefKind::Cities, RefKind::CostCenters, RefKind::Divisions}) {
    const char* key = ref_kind_key(kind);
    if (!j.contains(key)) {
      if (notes != nullptr) {
        notes->push_back(origin + ": no \"" + key + "\"; using the built-in defaults");
      }
      continue;
    }
    std::vector<RefEntry> entries;
    if (std::string err = ref_entries_from_json(j[key], kind, entries); !err.empty()) {
      return make_error(ErrorKind::Input, origin + ": " + err);
    }
    ref.set(kind, std::move(entries));
  }
  UserStore store(std::move(ref));
  if (j.contains("users")) {
    const auto& users = j["users"];
    if (!users.is_array()) {
      return make_error(ErrorKind::Input, origin + ": \"users\" must be an array");
    }
    for (std::size_t i = 0; i < users.size(); ++i) {
      User u;
      if (std::string err = user_from_json(users[i], u); !err.empty()) {
        return make_error(ErrorKind::Input, origin + ": users[" + std::to_string(i) + "]: " + err);
      }
      if (u.id != 0 && store.find(u.id) != nullptr) {
        return make_error(ErrorKind::Input, origin + ": users[" + std::to_string(i) +
                                                "]: duplicate id " + std::to_string(u.id));
      }
      if (u.teams.is_null()) {
        u.teams = nlohmann::json::array();
      }
      store.put(std::move(u));
    }
  }
  return store;
}

Result<UserStore> load_tenant_file(const std::string& path, std::vector<std::string>* notes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorKind::Io,
                      "cannot read tenant file " + path + ": " + std::strerror(errno));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return tenant_from_json_text(buf.str(), path, notes);
}

std::string tenant_to_json_text(const UserStore& store, std::string_view self_base) {
  nlohmann::ordered_json j;
  const auto& ref = store.reference();
  for (RefKind kind :
       {RefKind::Regions, RefKind::Cities, RefKind::CostCenters, RefKind::Divisions}) {
    j[ref_kind_key(kind)] = ref.to_json(kind);
  }
  auto users = nlohmann::ordered_json::array();
  for (const auto& u : store.users()) {
    users.push_back(user_to_json(u, self_base));
  }
  j["users"] = std::move(users);
  return j.dump() + "\n";
}

Result<void> write_file_atomically(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  auto fail = [&](const std::string& what) {
    int e = errno;
    ::unlink(tmp.c_str());
    return make_error(ErrorKind::Io, what + " " + path + ": " + std::strerror(e));
  };
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return fail("cannot create temporary file for");
  }
  std::size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      ::close(fd);
      return fail("cannot write");
    }
    off += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return fail("cannot fsync");
  }
  ::close(fd);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return fail("cannot rename temporary file onto");
  }
  return {};
}

} // namespace alignctl::sim
