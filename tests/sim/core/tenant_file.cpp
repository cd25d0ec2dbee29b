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
  // Users are converted as the parser finishes each one and then discarded
  // from the DOM, so a 100,000-user tenant never exists twice in memory.
  UserStore store;
  std::string top_key;
  std::string user_error;
  std::size_t user_index = 0;
  auto callback = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (event == E::key && depth == 1) {
      top_key = parsed.get<std::string>();
    }
    if (event == E::object_end && depth == 2 && top_key == "users") {
      std::size_t i = user_index++;
      if (user_error.empty()) {
        User u;
        if (std::string err = user_from_json(parsed, u); !err.empty()) {
          user_error = "users[" + std::to_string(i) + "]: " + err;
        } else if (u.id != 0 && store.find(u.id) != nullptr) {
          user_error = "users[" + std::to_string(i) + "]: duplicate id " + std::to_string(u.id);
        } else {
          if (u.teams.is_null()) {
            u.teams = nlohmann::json::array();
          }
          store.put(std::move(u));
        }
      }
      return false;
    }
    return true;
  };
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text, callback);
  } catch (const nlohmann::json::parse_error& e) {
    return make_error(ErrorKind::Input, origin + ": not valid JSON: " + e.what());
  }
  if (!j.is_object()) {
    return make_error(ErrorKind::Input, origin + ": expected a JSON object with \"users\"");
  }
  if (!user_error.empty()) {
    return make_error(ErrorKind::Input, origin + ": " + user_error);
  }
  if (j.contains("users") && !j["users"].is_array()) {
    return make_error(ErrorKind::Input, origin + ": \"users\" must be an array");
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
  store.set_reference(std::move(ref));
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
  // One user per line, serialized one at a time (no DOM of the whole tenant).
  std::string out = "{\n";
  const auto& ref = store.reference();
  for (RefKind kind :
       {RefKind::Regions, RefKind::Cities, RefKind::CostCenters, RefKind::Divisions}) {
    out += "\"" + std::string(ref_kind_key(kind)) + "\": " + ref.to_json(kind).dump() + ",\n";
  }
  out += "\"users\": [";
  out += users_to_json_lines(store.users(), self_base);
  out += "]}\n";
  return out;
}

std::string users_to_json_lines(const std::vector<User>& users, std::string_view self_base) {
  std::string out;
  out.reserve(users.size() * 700);
  bool first = true;
  for (const auto& u : users) {
    out += first ? "\n" : ",\n";
    first = false;
    out += user_to_json(u, self_base).dump();
  }
  if (!users.empty()) {
    out += "\n";
  }
  return out;
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
