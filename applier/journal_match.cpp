#include "applier/journal_match.hpp"

#include <fmt/core.h>

namespace alignctl {

Result<void> check_journal_matches(const Plan& plan, const std::string& plan_checksum,
                                   const JournalState& journal, const std::string& journal_name) {
  if (journal.runs == 0) {
    return {};
  }
  if (journal.plan_checksum != plan_checksum) {
    return make_error(ErrorKind::Config,
                      fmt::format("{} was written for another plan ({}), not this one ({}); "
                                  "give another --journal path, or remove the old journal if "
                                  "that plan is finished",
                                  journal_name, journal.plan_checksum, plan_checksum));
  }
  for (const auto& [index, entry] : journal.actions) {
    if (index >= plan.actions.size() || entry.op != action_op_name(plan.actions[index].op) ||
        entry.key != plan.actions[index].key) {
      return make_error(ErrorKind::Input,
                        fmt::format("{}: action {} ({} {}) does not match the plan", journal_name,
                                    index + 1, entry.op, entry.key));
    }
  }
  return {};
}

} // namespace alignctl
