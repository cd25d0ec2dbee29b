// UserStore: the simulator's users and the API's write rules (contract §4, §5).
// Users live in a vector sorted by id, so a page costs O(log n + page size);
// lowercase hash indexes on email and externalId serve `eq` filters and the
// duplicate checks. Not thread-safe: the caller holds a lock.
#pragma once

#include "state/util/result.hpp"
#include "tests/sim/core/query.hpp"
#include "tests/sim/core/reference_data.hpp"
#include "tests/sim/core/user.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

namespace alignctl::sim {

class UserStore {
public:
  explicit UserStore(ReferenceData reference = default_reference_data());

  const ReferenceData& reference() const { return m_reference; }
  void set_reference(ReferenceData reference) { m_reference = std::move(reference); }
  std::size_t size() const { return m_users.size(); }
  const std::vector<User>& users() const { return m_users; } // sorted by id
  const User* find(std::int64_t id) const;

  // Inserts or replaces a raw record without validation (seed, state file,
  // side door — how tests create drift). id 0 gets the next free id. Returns
  // the id.
  std::int64_t put(User user);
  bool remove(std::int64_t id);

  // POST /Users. Validates required fields, types, reference ids and
  // uniqueness of email/externalId (case-insensitive); fills isLocked 0,
  // createDate/lastUpdatedDate = now. Returns the new id, or BadRequest with
  // the 400 message ("Cannot create user. Value for cityId is invalid.").
  // With `accept_duplicates` an email or externalId another user has is
  // accepted (a server that does not refuse duplicates; sim flag
  // --accept-duplicate-users).
  Result<std::int64_t> create(const nlohmann::json& body, const std::string& now,
                              bool accept_duplicates = false);

  // PATCH /Users/{id} with an RFC 6902 array (replace/add/remove; the leading
  // '/' is optional; read-only fields are silently ignored). Validates the
  // merged record. NotFound for an unknown id, BadRequest with the 400 message
  // ("Cannot update user with id 7. Value for divisionId is invalid.").
  // Returns whether a stored value changed (lastUpdatedDate is then set).
  Result<bool> patch(std::int64_t id, const nlohmann::json& ops, const std::string& now);

  // The page of users matching `q`, in id order.
  std::vector<const User*> list(const ListQuery& q, std::string_view self_base,
                                bool case_sensitive) const;

  // Ids whose email / externalId equal `value` case-insensitively.
  std::vector<std::int64_t> ids_by_email(std::string_view value) const;
  std::vector<std::int64_t> ids_by_external_id(std::string_view value) const;

private:
  using Index = std::unordered_map<std::string, std::vector<std::int64_t>>;
  void index_add(const User& u);
  void index_remove(const User& u);
  std::vector<std::int64_t> candidates(const std::vector<EqKey>& keys) const;
  // Empty when valid, else the reason after "Cannot … ." prefix.
  std::string check_record(const User& u, std::int64_t self_id, bool check_unique = true) const;

  ReferenceData m_reference;
  std::vector<User> m_users;
  Index m_by_email;
  Index m_by_external_id;
  std::int64_t m_next_id = 1;
};

} // namespace alignctl::sim
