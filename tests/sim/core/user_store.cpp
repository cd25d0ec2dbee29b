#include "tests/sim/core/user_store.hpp"

#include "tests/sim/core/bad_request.hpp"

#include <algorithm>

namespace alignctl::sim {

namespace {

std::string invalid(std::string_view field) {
  return "Value for " + std::string(field) + " is invalid.";
}

bool blank(const std::optional<std::string>& s) {
  return !s || s->find_first_not_of(" \t\r\n") == std::string::npos;
}

bool valid_email(const std::optional<std::string>& s) {
  if (blank(s)) {
    return false;
  }
  auto at = s->find('@');
  return at != std::string::npos && at > 0 && at + 1 < s->size() &&
         s->find_first_of(" \t\r\n") == std::string::npos;
}

auto by_id = [](const User& u, std::int64_t id) { return u.id < id; };

} // namespace

UserStore::UserStore(ReferenceData reference) : m_reference(std::move(reference)) {}

const User* UserStore::find(std::int64_t id) const {
  auto it = std::lower_bound(m_users.begin(), m_users.end(), id, by_id);
  return (it != m_users.end() && it->id == id) ? &*it : nullptr;
}

void UserStore::index_add(const User& u) {
  if (const auto& e = u.get(StrSlot::Email); e && !e->empty()) {
    m_by_email[to_lower(*e)].push_back(u.id);
  }
  if (const auto& x = u.get(StrSlot::ExternalId); x && !x->empty()) {
    m_by_external_id[to_lower(*x)].push_back(u.id);
  }
}

void UserStore::index_remove(const User& u) {
  auto drop = [&](Index& index, const std::optional<std::string>& key) {
    if (!key || key->empty()) {
      return;
    }
    auto it = index.find(to_lower(*key));
    if (it == index.end()) {
      return;
    }
    auto& ids = it->second;
    ids.erase(std::remove(ids.begin(), ids.end(), u.id), ids.end());
    if (ids.empty()) {
      index.erase(it);
    }
  };
  drop(m_by_email, u.get(StrSlot::Email));
  drop(m_by_external_id, u.get(StrSlot::ExternalId));
}

std::int64_t UserStore::put(User user) {
  if (user.id <= 0) {
    user.id = m_next_id;
  }
  m_next_id = std::max(m_next_id, user.id + 1);
  auto it = std::lower_bound(m_users.begin(), m_users.end(), user.id, by_id);
  if (it != m_users.end() && it->id == user.id) {
    index_remove(*it);
    *it = std::move(user);
    index_add(*it);
    return it->id;
  }
  it = m_users.insert(it, std::move(user));
  index_add(*it);
  return it->id;
}

bool UserStore::remove(std::int64_t id) {
  auto it = std::lower_bound(m_users.begin(), m_users.end(), id, by_id);
  if (it == m_users.end() || it->id != id) {
    return false;
  }
  index_remove(*it);
  m_users.erase(it);
  return true;
}

std::vector<std::int64_t> UserStore::ids_by_email(std::string_view value) const {
  auto it = m_by_email.find(to_lower(value));
  return it == m_by_email.end() ? std::vector<std::int64_t>{} : it->second;
}

std::vector<std::int64_t> UserStore::ids_by_external_id(std::string_view value) const {
  auto it = m_by_external_id.find(to_lower(value));
  return it == m_by_external_id.end() ? std::vector<std::int64_t>{} : it->second;
}

std::string UserStore::check_record(const User& u, std::int64_t self_id, bool check_unique) const {
  bool creating = self_id == 0;
  auto ref_ok = [&](IntSlot slot, RefKind kind, bool required) {
    const auto& v = u.get(slot);
    if (!v) {
      return !required;
    }
    return m_reference.contains(kind, *v);
  };
  auto role_ok = [&] { return u.get(IntSlot::RoleId).value_or(0) > 0; };
  const auto& company = u.get(StrSlot::Company);
  bool company_ok = !company || !company->empty();

  if (creating) {
    if (blank(u.get(StrSlot::FirstName))) {
      return invalid("firstName");
    }
    if (blank(u.get(StrSlot::LastName))) {
      return invalid("lastName");
    }
    if (!valid_email(u.get(StrSlot::Email))) {
      return invalid("email");
    }
    if (!role_ok()) {
      return invalid("roleId");
    }
    if (!ref_ok(IntSlot::CostCenterId, RefKind::CostCenters, true)) {
      return invalid("costCenterId");
    }
    if (!ref_ok(IntSlot::DivisionId, RefKind::Divisions, true)) {
      return invalid("divisionId");
    }
    if (!ref_ok(IntSlot::RegionId, RefKind::Regions, true)) {
      return invalid("regionId");
    }
    if (!ref_ok(IntSlot::CityId, RefKind::Cities, true)) {
      return invalid("cityId");
    }
    if (!company_ok) {
      return invalid("company");
    }
  } else {
    // The documented merged-record rule comes first: connector users lacking
    // divisionId/cityId, or with an empty company, fail any patch.
    if (!ref_ok(IntSlot::DivisionId, RefKind::Divisions, true)) {
      return invalid("divisionId");
    }
    if (!ref_ok(IntSlot::CityId, RefKind::Cities, true)) {
      return invalid("cityId");
    }
    if (!company_ok) {
      return invalid("company");
    }
    if (blank(u.get(StrSlot::FirstName))) {
      return invalid("firstName");
    }
    if (blank(u.get(StrSlot::LastName))) {
      return invalid("lastName");
    }
    if (!valid_email(u.get(StrSlot::Email))) {
      return invalid("email");
    }
    if (!role_ok()) {
      return invalid("roleId");
    }
    if (!ref_ok(IntSlot::CostCenterId, RefKind::CostCenters, false)) {
      return invalid("costCenterId");
    }
    if (!ref_ok(IntSlot::RegionId, RefKind::Regions, false)) {
      return invalid("regionId");
    }
  }
  auto locked = u.get(IntSlot::IsLocked).value_or(0);
  if (locked != 0 && locked != -1 && locked != 1) {
    return invalid("isLocked");
  }
  auto external = u.get(IntSlot::IsExternal).value_or(0);
  if (external != 0 && external != 1) {
    return invalid("isExternal");
  }
  auto taken = [&](const std::vector<std::int64_t>& ids) {
    return std::any_of(ids.begin(), ids.end(), [&](std::int64_t id) { return id != self_id; });
  };
  if (!check_unique) {
    return {};
  }
  if (taken(ids_by_email(*u.get(StrSlot::Email)))) {
    return "A user with this email already exists.";
  }
  if (const auto& x = u.get(StrSlot::ExternalId);
      x && !x->empty() && taken(ids_by_external_id(*x))) {
    return "A user with this externalId already exists.";
  }
  return {};
}

Result<std::int64_t> UserStore::create(const nlohmann::json& body, const std::string& now,
                                       bool accept_duplicates) {
  const std::string prefix = "Cannot create user. ";
  if (!body.is_object()) {
    return bad_request(prefix + "The request body must be a JSON object.");
  }
  User u;
  for (auto it = body.begin(); it != body.end(); ++it) {
    const FieldDef* f = find_field(it.key());
    if (f == nullptr || f->read_only) {
      continue; // unknown and read-only fields are ignored, as by the real API
    }
    if (!set_field_from_json(u, *f, it.value())) {
      return bad_request(prefix + invalid(f->name));
    }
  }
  if (!u.get(IntSlot::IsLocked)) {
    u.get(IntSlot::IsLocked) = 0;
  }
  if (!u.get(IntSlot::IsExternal)) {
    u.get(IntSlot::IsExternal) = 0;
  }
  if (u.teams.is_null()) {
    u.teams = nlohmann::json::array();
  }
  if (std::string why = check_record(u, 0, !accept_duplicates); !why.empty()) {
    return bad_request(prefix + why);
  }
  u.get(StrSlot::CreateDate) = now;
  u.get(StrSlot::LastUpdatedDate) = now;
  u.id = m_next_id;
  return put(std::move(u));
}

Result<bool> UserStore::patch(std::int64_t id, const nlohmann::json& ops, const std::string& now) {
  const User* current = find(id);
  if (current == nullptr) {
    return make_error(ErrorKind::NotFound, "User with id " + std::to_string(id) + " not found.",
                      404);
  }
  const std::string prefix = "Cannot update user with id " + std::to_string(id) + ". ";
  if (!ops.is_array()) {
    return bad_request(prefix + "The request body must be a JSON Patch array.");
  }
  User merged = *current;
  for (const auto& op : ops) {
    if (!op.is_object() || !op.contains("op") || !op["op"].is_string() || !op.contains("path") ||
        !op["path"].is_string()) {
      return bad_request(prefix + "Each operation needs string 'op' and 'path' members.");
    }
    std::string name = to_lower(op["op"].get<std::string>());
    std::string path = op["path"].get<std::string>();
    if (!path.empty() && path.front() == '/') {
      path.erase(0, 1);
    }
    if (name != "replace" && name != "add" && name != "remove") {
      return bad_request(prefix + "Unsupported operation '" + op["op"].get<std::string>() + "'.");
    }
    const FieldDef* f = find_field(path);
    if (f == nullptr) {
      return bad_request(prefix + "Unknown property '" + path + "'.");
    }
    if (f->read_only) {
      continue; // silently ignored, still 204 (contract §5)
    }
    nlohmann::json value;
    if (name != "remove") {
      if (!op.contains("value")) {
        return bad_request(prefix + "Operation '" + name + "' on '" + path + "' needs a value.");
      }
      value = op["value"];
    }
    if (!set_field_from_json(merged, *f, value)) {
      return bad_request(prefix + invalid(f->name));
    }
  }
  if (std::string why = check_record(merged, id); !why.empty()) {
    return bad_request(prefix + why);
  }
  bool changed = merged.ints != current->ints || merged.strs != current->strs ||
                 merged.teams != current->teams;
  if (changed) {
    merged.get(StrSlot::LastUpdatedDate) = now;
    put(std::move(merged));
  }
  return changed;
}

std::vector<std::int64_t> UserStore::candidates(const std::vector<EqKey>& keys) const {
  std::vector<std::int64_t> ids;
  for (const auto& k : keys) {
    std::string text =
        k.value.type == FieldValue::Type::Int ? std::to_string(k.value.i) : k.value.s;
    if (k.field->kind == FieldKind::Id) {
      std::int64_t id = 0;
      try {
        id = k.value.type == FieldValue::Type::Int ? k.value.i : std::stoll(text);
      } catch (const std::exception&) {
        continue;
      }
      if (find(id) != nullptr) {
        ids.push_back(id);
      }
    } else if (k.field->name == "email") {
      auto more = ids_by_email(text);
      ids.insert(ids.end(), more.begin(), more.end());
    } else {
      auto more = ids_by_external_id(text);
      ids.insert(ids.end(), more.begin(), more.end());
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::vector<const User*> UserStore::list(const ListQuery& q, std::string_view self_base,
                                         bool case_sensitive) const {
  std::vector<const User*> page;
  if (q.top == 0) {
    return page;
  }
  auto n = static_cast<std::int64_t>(m_users.size());
  if (!q.filter) {
    for (std::int64_t k = q.skip; k < n && k < q.skip + q.top; ++k) {
      page.push_back(&m_users[static_cast<std::size_t>(q.descending ? n - 1 - k : k)]);
    }
    return page;
  }
  static const std::vector<const FieldDef*> indexed = {find_field("id"), find_field("email"),
                                                       find_field("externalId")};
  std::vector<const User*> pool;
  if (auto keys = q.filter->index_keys(indexed)) {
    for (auto id : candidates(*keys)) {
      pool.push_back(find(id));
    }
  } else {
    pool.reserve(m_users.size());
    for (const auto& u : m_users) {
      pool.push_back(&u);
    }
  }
  if (q.descending) {
    std::reverse(pool.begin(), pool.end());
  }
  std::int64_t matched = 0;
  for (const User* u : pool) {
    if (!q.filter->matches(*u, self_base, case_sensitive)) {
      continue;
    }
    if (matched++ < q.skip) {
      continue;
    }
    page.push_back(u);
    if (static_cast<std::int64_t>(page.size()) == q.top) {
      break;
    }
  }
  return page;
}

} // namespace alignctl::sim
