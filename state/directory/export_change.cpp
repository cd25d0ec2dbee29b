#include "state/directory/export_change.hpp"

#include "state/directory/directory_entry.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <unordered_map>

namespace alignctl {
namespace {

bool same_fields(const DesiredUser& a, const DesiredUser& b) {
  return a.external_id == b.external_id && a.first_name == b.first_name &&
         a.last_name == b.last_name && a.email == b.email && a.title == b.title &&
         a.region == b.region && a.groups == b.groups;
}

std::string name_list(const std::vector<std::string>& names, std::size_t cap) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < cap; ++i) {
    if (i) {
      out += ", ";
    }
    out += names[i];
  }
  if (names.size() > cap) {
    out += fmt::format(" … and {} more", names.size() - cap);
  }
  return out;
}

} // namespace

ExportChange compare_desired_states(const DesiredState& before, const DesiredState& after) {
  ExportChange c;
  c.before = before.users.size();
  c.after = after.users.size();
  std::unordered_map<std::string, const DesiredUser*> old_by_key;
  for (const DesiredUser& u : before.users) {
    old_by_key.emplace(fold_case(key_value(u, before.key)), &u);
  }
  std::unordered_map<std::string, bool> seen;
  for (const DesiredUser& u : after.users) {
    const std::string k = fold_case(key_value(u, after.key));
    auto it = old_by_key.find(k);
    if (it == old_by_key.end()) {
      c.joins.push_back(key_value(u, after.key));
    } else {
      seen[k] = true;
      std::vector<std::string> sorted_old = it->second->groups;
      std::sort(sorted_old.begin(), sorted_old.end());
      DesiredUser old = *it->second;
      old.groups = sorted_old;
      DesiredUser now = u;
      std::sort(now.groups.begin(), now.groups.end());
      if (!same_fields(old, now)) {
        c.updates.push_back(key_value(u, after.key));
      }
    }
  }
  for (const DesiredUser& u : before.users) {
    if (seen.count(fold_case(key_value(u, before.key))) == 0) {
      c.leaves.push_back(key_value(u, before.key));
    }
  }
  for (auto* v : {&c.joins, &c.leaves, &c.updates}) {
    std::sort(v->begin(), v->end());
  }
  return c;
}

Result<void> check_export_safety(const ExportChange& change, const SafetyLimits& limits) {
  if (change.after == 0 && !limits.allow_empty) {
    return make_error(ErrorKind::Input,
                      fmt::format("refusing to write an export with no users (the existing file "
                                  "has {}): check the groups and filters, or pass --allow-empty",
                                  change.before));
  }
  if (change.before > 0 && !limits.allow_shrink) {
    const double share =
        static_cast<double>(change.leaves.size()) / static_cast<double>(change.before);
    if (share > limits.max_shrink + 1e-12) {
      return make_error(ErrorKind::Input,
                        fmt::format("refusing an export in which {} of {} users leave ({:.1f}% > "
                                    "the {:.1f}% allowed by max_shrink): check the directory, or "
                                    "pass --allow-shrink",
                                    change.leaves.size(), change.before, share * 100,
                                    limits.max_shrink * 100));
    }
  }
  return {};
}

std::string export_change_summary(const ExportChange& change) {
  return fmt::format("{} users: {} join, {} leave, {} updated", change.after, change.joins.size(),
                     change.leaves.size(), change.updates.size());
}

std::string export_change_names(const ExportChange& change, std::size_t cap) {
  std::string out;
  if (!change.joins.empty()) {
    out += fmt::format("Join ({}): {}\n", change.joins.size(), name_list(change.joins, cap));
  }
  if (!change.leaves.empty()) {
    out += fmt::format("Leave ({}): {}\n", change.leaves.size(), name_list(change.leaves, cap));
  }
  if (!change.updates.empty()) {
    out += fmt::format("Updated ({}): {}\n", change.updates.size(), name_list(change.updates, cap));
  }
  return out;
}

std::string export_commit_message(const ExportChange& change, const std::string& source,
                                  std::size_t cap) {
  std::string msg =
      fmt::format("export: {} join, {} leave", change.joins.size(), change.leaves.size());
  if (!change.updates.empty()) {
    msg += fmt::format(", {} updated", change.updates.size());
  }
  msg += fmt::format(" ({} users)\n\n", change.after);
  msg += export_change_names(change, cap);
  msg += fmt::format("\nSource: {}\nWritten by alignctl export.\n", source);
  return msg;
}

} // namespace alignctl
