#include "cmd/apply_outcome.hpp"

#include "applier/preconditions.hpp"
#include "applier/verify.hpp"
#include "cmd/apply_progress.hpp"
#include "state/util/fatal.hpp"

#include <array>
#include <fmt/core.h>
#include <utility>

namespace alignctl {

namespace {

constexpr std::array<std::pair<ApplyOutcome, int>, 6> k_exit_codes{{
    {ApplyOutcome::Applied, k_exit_ok},
    {ApplyOutcome::DryRun, k_exit_ok},
    {ApplyOutcome::Drift, k_exit_drift},
    {ApplyOutcome::Partial, k_exit_partial},
    {ApplyOutcome::Unverified, k_exit_partial},
    {ApplyOutcome::Aborted, k_exit_partial},
}};

void print_summary(const ApplyReport& r) {
  fmt::print("Apply {}: {} done, {} already done, {} failed, {} skipped, {} not sent.\n",
             r.outcome == ApplyOutcome::Applied ? "complete" : "incomplete",
             r.count(ActionStatus::Done), r.count(ActionStatus::AlreadyDone),
             r.count(ActionStatus::Failed), r.count(ActionStatus::Skipped),
             r.count(ActionStatus::Pending));
}

void print_failures(const Plan& plan, const ApplyReport& r) {
  for (const ActionResult& res : r.results) {
    if (res.status == ActionStatus::Failed) {
      fmt::print(stderr, "failed: {}: {}{}\n", describe_action(plan.actions[res.index], res),
                 res.http_status != 0 ? fmt::format("HTTP {}: ", res.http_status) : "",
                 res.message);
    }
  }
  for (const VerifyFailure& f : r.unverified) {
    fmt::print(stderr, "not applied: {}\n", describe_verify_failure(f));
  }
  if (!r.verify_error.empty()) {
    fmt::print(stderr, "not verified: {}\n", r.verify_error);
  }
}

// Why the apply did not complete, for the Fatal that ends it.
std::string outcome_message(const Plan& plan, const ApplyReport& r,
                            const std::string& journal_path) {
  switch (r.outcome) {
  case ApplyOutcome::Drift: {
    std::string msg =
        fmt::format("the live state changed since the plan was made; nothing was written. Re-plan. "
                    "{} precondition(s) no longer hold:",
                    r.drift.size());
    for (const Drift& d : r.drift) {
      msg += "\n  " + describe_drift(d, plan.match_key);
    }
    return msg;
  }
  case ApplyOutcome::Aborted:
    return "stopped: " + r.abort_reason +
           " (the remaining actions were not sent; run apply again to resume)";
  case ApplyOutcome::Partial:
    return fmt::format("{} action(s) failed or were skipped; the journal {} lets apply retry them",
                       r.count(ActionStatus::Failed) + r.count(ActionStatus::Skipped) +
                           r.count(ActionStatus::Pending),
                       journal_path);
  case ApplyOutcome::Unverified:
    return fmt::format("{} action(s) were accepted by the server but their effect is not visible",
                       r.unverified.size() + (r.verify_error.empty() ? 0 : 1));
  case ApplyOutcome::Applied:
  case ApplyOutcome::DryRun:
    break;
  }
  return "";
}

} // namespace

int apply_exit_code(ApplyOutcome outcome) {
  for (const auto& [o, code] : k_exit_codes) {
    if (o == outcome) {
      return code;
    }
  }
  return k_exit_error;
}

int report_apply(const Plan& plan, const ApplyReport& r, const std::string& journal_path) {
  if (r.outcome == ApplyOutcome::DryRun) {
    fmt::print("Dry run: every precondition holds; {} actions would be sent, {} are already "
               "done. Nothing was written.\n",
               r.count(ActionStatus::Pending), r.count(ActionStatus::AlreadyDone));
    return apply_exit_code(r.outcome);
  }
  if (r.outcome != ApplyOutcome::Drift) {
    print_summary(r);
    print_failures(plan, r);
  }
  if (r.outcome == ApplyOutcome::Applied) {
    return apply_exit_code(r.outcome);
  }
  throw Fatal(outcome_message(plan, r, journal_path), apply_exit_code(r.outcome));
}

} // namespace alignctl
