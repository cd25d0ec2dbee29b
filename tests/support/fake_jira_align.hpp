// FakeJiraAlign: an in-memory Jira Align for unit tests of the planner and
// the applier. It follows the contract (../shared/docs/jira-align-api.md) the
// way the simulator does, without a socket:
//  - create: needs firstName, lastName, email, roleId, costCenterId,
//    divisionId, regionId, cityId (400 "Cannot create user. Value for X is
//    invalid."); ids checked against reference data of a kind when some is
//    set; a duplicate email or externalId is 400; ids are assigned 1, 2, …
//    (or after the largest id added); read-only fields are ignored.
//  - patch: RFC 6902 replace/add/remove on LiveUser fields (leading '/'
//    optional, names case-insensitive); read-only fields (status, fullName,
//    uid, self, createDate, lastUpdatedDate, id) and fields LiveUser does not
//    hold are ignored; the MERGED record is validated: a missing divisionId or
//    cityId, or an empty-string company, is 400 "Cannot update user with id N.
//    …" unless the same patch sets them; unknown id is 404.
//  - every call is recorded (method, path, body) so tests can assert what was
//    sent; failures can be scripted with fail_next().
#pragma once

#include "state/jira/jira_align.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace alignctl::test {

enum class FakeCall { ListUsers, GetUser, FindUsers, CreateUser, PatchUser, ListReference };

struct RecordedCall {
  FakeCall kind = FakeCall::ListUsers;
  std::string method; // GET, POST, PATCH
  std::string path;   // "/Users", "/Users/7", "/Users?$filter=email eq 'a@b'", "/Cities"
  std::string body;   // the JSON sent (POST, PATCH), else empty
};

// A scripted failure: the next `times` calls of `kind` (for `user_id` only,
// when set — get and patch) fail with `error`. With `commit`, the call takes
// effect first and then fails: an "ambiguous" create/patch that still happened.
struct FakeFailure {
  FakeCall kind = FakeCall::CreateUser;
  Error error;
  int times = 1; // -1: every matching call from now on
  bool commit = false;
  std::optional<std::int64_t> user_id;
  int after = 0; // let this many matching calls succeed first
};

class FakeJiraAlign : public JiraAlign {
public:
  FakeJiraAlign() = default;

  // --- arranging state ---------------------------------------------------
  // Stores the user; an id of 0 gets the next free id. Returns the id.
  std::int64_t add_user(LiveUser user);
  void set_reference(RefKind kind, std::vector<RefItem> items);
  // The site lacks the endpoint: list_reference(kind) answers NotFound.
  void remove_reference_endpoint(RefKind kind);
  void fail_next(FakeFailure failure);
  // The create answer carries no id (the contract allows that).
  void set_create_returns_id(bool returns_id);
  // $filter string comparison case-sensitive (default: insensitive).
  void set_case_sensitive_filter(bool sensitive);
  // Called with the value at the start of every find_users, outside the
  // fake's lock (it may add users): another writer acting between two calls.
  void set_before_find(std::function<void(std::string_view value)> hook);

  // --- inspecting --------------------------------------------------------
  std::vector<LiveUser> users() const; // ordered by id
  std::optional<LiveUser> user(std::int64_t id) const;
  std::vector<RecordedCall> calls() const;
  // Only the calls that write (create, patch).
  std::vector<RecordedCall> writes() const;
  void clear_calls();

  // --- JiraAlign ---------------------------------------------------------
  Result<std::vector<LiveUser>> list_users(const ProgressFn& progress = {}) override;
  // The fake keeps its users in id order: it honours $orderby=id.
  std::optional<ListingMode> listing_mode() const override { return ListingMode::Honoured; }
  Result<ListingMode> probe_listing_mode() override { return ListingMode::Honoured; }
  // The fake caps pages at 100, as the API does by default.
  Result<PageCapProbe> probe_page_cap() override {
    return PageCapProbe{false, std::min<std::size_t>(users().size(), 100)};
  }
  Result<LiveUser> get_user(std::int64_t id) override;
  Result<std::vector<LiveUser>> find_users(std::string_view field, std::string_view value) override;
  Result<std::optional<std::int64_t>> create_user(const std::string& json_body) override;
  Result<void> patch_user(std::int64_t id, const std::string& json_patch) override;
  Result<std::vector<RefItem>> list_reference(RefKind kind) override;

private:
  // The failure scripted for this call, if any (consumes one use).
  std::optional<FakeFailure> take_failure(FakeCall kind, std::optional<std::int64_t> user_id);
  void record(FakeCall kind, std::string method, std::string path, std::string body);
  Result<std::optional<std::int64_t>> do_create(const std::string& json_body);
  Result<void> do_patch(std::int64_t id, const std::string& json_patch);

  mutable std::mutex m_mutex;
  std::map<std::int64_t, LiveUser> m_users;
  std::map<RefKind, std::vector<RefItem>> m_reference;
  std::map<RefKind, bool> m_missing_endpoint;
  std::vector<FakeFailure> m_failures;
  std::vector<RecordedCall> m_calls;
  std::int64_t m_next_id = 1;
  bool m_create_returns_id = true;
  bool m_case_sensitive_filter = false;
  std::function<void(std::string_view)> m_before_find;
};

} // namespace alignctl::test
