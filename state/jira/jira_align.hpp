// JiraAlign: the narrow interface to a Jira Align instance (REST API 2.0).
// Real implementation: make_http_client() in state/jira/http_client.hpp (libcurl).
// In-memory implementation for unit tests: tests/support/fake_jira_align.hpp.
// Contract: ../shared/docs/jira-align-api.md (copied facts in docs/).
#pragma once

#include "state/jira/listing_mode.hpp"
#include "state/model/live_user.hpp"
#include "state/model/reference.hpp"
#include "state/util/result.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alignctl {

struct ListProgress {
  std::size_t pages_done = 0;
  std::size_t users_so_far = 0;
};
using ProgressFn = std::function<void(const ListProgress&)>;

// What a GET /Users?$top=101 answered: how many rows, or a 400.
struct PageCapProbe {
  bool rejected = false; // 400: the server refuses $top > 100 (strict)
  std::size_t rows = 0;  // rows in the answer when not rejected
};

class JiraAlign {
public:
  virtual ~JiraAlign() = default;

  // Every user, active and deactivated, each exactly once, ordered by id.
  // Pages are fetched with bounded concurrency and checked: a duplicate id or a
  // torn page is re-fetched, and if it cannot be made consistent the call fails
  // — it never returns a wrong set. Works whether the server honours, ignores
  // or rejects $orderby=id (listing_mode.hpp, docs/client.md).
  virtual Result<std::vector<LiveUser>> list_users(const ProgressFn& progress = {}) = 0;

  // What the server was found to do with $orderby=id in this client's
  // listings so far; std::nullopt before the first listing or probe.
  virtual std::optional<ListingMode> listing_mode() const = 0;

  // Asks the server (one page of user ids; a second request when it answers
  // 400) what it does with $orderby=id, and remembers the answer for later
  // listings. Read-only.
  virtual Result<ListingMode> probe_listing_mode() = 0;

  // Asks for one page of more than 100 users (GET /Users?$top=101, ids only)
  // to see the page cap alignctl assumes (100). Read-only.
  virtual Result<PageCapProbe> probe_page_cap() = 0;

  // One user; ErrorKind::NotFound when the id does not exist.
  virtual Result<LiveUser> get_user(std::int64_t id) = 0;

  // Users whose `field` (externalId or email) equals `value` via $filter eq.
  // The caller compares case-insensitively itself; the server may or may not.
  virtual Result<std::vector<LiveUser>> find_users(std::string_view field,
                                                   std::string_view value) = 0;

  // POST /Users with a JSON object body. Returns the new id when the answer
  // carried one, std::nullopt when it did not (look it up by key). Never
  // retried blindly: a timeout or dropped connection after the request was
  // sent gives ErrorKind::Ambiguous and the caller must look the user up.
  virtual Result<std::optional<std::int64_t>> create_user(const std::string& json_body) = 0;

  // PATCH /Users/{id} with an RFC 6902 JSON Patch array (idempotent: retried).
  virtual Result<void> patch_user(std::int64_t id, const std::string& json_patch) = 0;

  // GET /Regions, /Cities, /CostCenters, /Divisions (all pages).
  // ErrorKind::NotFound when the site lacks the endpoint (Divisions on some).
  virtual Result<std::vector<RefItem>> list_reference(RefKind kind) = 0;
};

} // namespace alignctl
