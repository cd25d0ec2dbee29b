// Reading just the live users a plan touches — before applying (preconditions)
// and after (verification) — at the lowest request cost: per-user GETs plus a
// key lookup per create, or one paged list of every user, whichever is fewer
// requests.
#pragma once

#include "planner/plan.hpp"
#include "state/jira/jira_align.hpp"
#include "state/model/live_user.hpp"
#include "state/model/match_key.hpp"
#include "state/util/result.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace alignctl {

// What to read.
struct TouchedUsers {
  std::set<std::int64_t> ids;
  std::set<std::string> keys; // match-key values to look up (creates), as written in the plan
};

struct SnapshotOptions {
  MatchKey key_field = MatchKey::ExternalId; // the plan's match key
  int concurrency = 4;
  // How many live users the instance holds (what one list costs, at 100 per
  // page). 0: estimate it as the largest user id the plan mentions — ids are
  // handed out in sequence, so it bounds the count from above.
  std::size_t live_user_estimate = 0;
};

struct LiveSnapshot {
  std::map<std::int64_t, LiveUser> by_id;              // touched users that exist
  std::map<std::string, std::vector<LiveUser>> by_key; // fold_case(key) → users holding it
  std::string strategy;                                // "list" or "per-user"
  std::size_t requests_estimated = 0;                  // what the chosen strategy costs

  // The live users whose key equals `key`, case-insensitively.
  const std::vector<LiveUser>& with_key(const std::string& key) const;
};

// The users of the actions of `plan` that `pick(index)` selects: the ids of
// its PATCHes and the keys of its creates.
TouchedUsers users_of_actions(const Plan& plan, const std::function<bool(std::size_t)>& pick);

// Whether a per-user read (GETs + key lookups) costs fewer requests than one
// list of `live_users` users; the rule fetch_touched_users() follows.
bool per_user_cheaper(const TouchedUsers& touched, std::size_t live_users);

// Reads the touched users. A 404 on a per-user GET leaves the id out of
// by_id; any other failure is returned, quoting the client's message.
Result<LiveSnapshot> fetch_touched_users(JiraAlign& client, const TouchedUsers& touched,
                                         const SnapshotOptions& options);

} // namespace alignctl
