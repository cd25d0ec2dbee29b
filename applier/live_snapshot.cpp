#include "applier/live_snapshot.hpp"

#include "applier/parallel.hpp"
#include "state/util/ascii_case.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/core.h>
#include <mutex>
#include <optional>

namespace alignctl {

const std::vector<LiveUser>& LiveSnapshot::with_key(const std::string& key) const {
  static const std::vector<LiveUser> none;
  auto it = by_key.find(fold_case(key));
  return it == by_key.end() ? none : it->second;
}

TouchedUsers users_of_actions(const Plan& plan, const std::function<bool(std::size_t)>& pick) {
  TouchedUsers t;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& a = plan.actions[i];
    if (!pick(i)) {
      continue;
    }
    if (a.op == ActionOp::Create) {
      t.keys.insert(a.key);
    } else if (a.user_id) {
      t.ids.insert(*a.user_id);
    }
  }
  return t;
}

bool per_user_cheaper(const TouchedUsers& touched, std::size_t live_users) {
  std::size_t per_user = touched.ids.size() + touched.keys.size();
  // Paging stops at the first short page: live/100 full pages plus one.
  std::size_t list = live_users / 100 + 1;
  return per_user <= list;
}

Result<LiveSnapshot> fetch_touched_users(JiraAlign& client, const TouchedUsers& touched,
                                         const SnapshotOptions& options) {
  LiveSnapshot snap;
  if (touched.ids.empty() && touched.keys.empty()) {
    snap.strategy = "none";
    return snap;
  }
  std::size_t estimate = options.live_user_estimate;
  if (estimate == 0 && !touched.ids.empty()) {
    estimate = static_cast<std::size_t>(std::max<std::int64_t>(0, *touched.ids.rbegin()));
  }
  // Nothing to estimate from (only creates): per-user lookups, unless they are many.
  bool per_user = estimate == 0 ? touched.keys.size() <= 100 : per_user_cheaper(touched, estimate);
  std::set<std::string> wanted_keys;
  for (const std::string& k : touched.keys) {
    wanted_keys.insert(fold_case(k));
  }
  if (!per_user) {
    snap.strategy = "list";
    snap.requests_estimated = estimate / 100 + 1;
    auto all = client.list_users();
    if (!all) {
      return make_error(all.error().kind, "listing users: " + all.error().message,
                        all.error().http_status);
    }
    for (LiveUser& u : *all) {
      auto k = key_value(u, options.key_field);
      if (k && wanted_keys.count(fold_case(*k)) != 0) {
        snap.by_key[fold_case(*k)].push_back(u);
      }
      if (touched.ids.count(u.id) != 0) {
        snap.by_id.emplace(u.id, std::move(u));
      }
    }
    return snap;
  }
  snap.strategy = "per-user";
  snap.requests_estimated = touched.ids.size() + touched.keys.size();
  std::vector<std::int64_t> ids(touched.ids.begin(), touched.ids.end());
  std::vector<std::string> keys(touched.keys.begin(), touched.keys.end());
  std::mutex mutex;
  std::optional<Error> first_error;
  parallel_for(
      ids.size() + keys.size(), options.concurrency,
      [&](std::size_t i) {
        if (i < ids.size()) {
          auto r = client.get_user(ids[i]);
          std::lock_guard<std::mutex> lock(mutex);
          if (r) {
            snap.by_id.emplace(ids[i], std::move(*r));
          } else if (r.error().kind != ErrorKind::NotFound && !first_error) {
            first_error = make_error(r.error().kind,
                                     fmt::format("reading user {}: {}", ids[i], r.error().message),
                                     r.error().http_status);
          }
          return;
        }
        const std::string& key = keys[i - ids.size()];
        auto r = client.find_users(match_key_name(options.key_field), key);
        std::lock_guard<std::mutex> lock(mutex);
        if (!r) {
          if (!first_error) {
            first_error = make_error(r.error().kind,
                                     fmt::format("looking up the user with {} '{}': {}",
                                                 options.key_field, key, r.error().message),
                                     r.error().http_status);
          }
          return;
        }
        auto& slot = snap.by_key[fold_case(key)];
        for (LiveUser& u : *r) {
          auto k = key_value(u, options.key_field);
          bool seen = std::any_of(slot.begin(), slot.end(),
                                  [&](const LiveUser& s) { return s.id == u.id; });
          if (k && iequals(*k, key) && !seen) {
            slot.push_back(std::move(u));
          }
        }
      },
      [&] {
        std::lock_guard<std::mutex> lock(mutex);
        return first_error.has_value();
      });
  if (first_error) {
    return *first_error;
  }
  return snap;
}

} // namespace alignctl
