// Text view: Terraform-like, grouped by action in apply order.
#include "planner/plan_summary.hpp"
#include "planner/render/render.hpp"
#include "planner/text_util.hpp"

#include <fmt/core.h>

namespace alignctl {

namespace {

const char* symbol(ActionOp op) {
  switch (op) {
  case ActionOp::Create:
  case ActionOp::Reactivate:
    return "+";
  case ActionOp::Deactivate:
    return "-";
  case ActionOp::Repair:
  case ActionOp::Link:
  case ActionOp::Update:
    return "~";
  }
  return "?";
}

// "bkhan (id 2, Bilal Khan <bilal.khan@corp.example.com>)".
std::string who(const std::string& key, const std::optional<std::int64_t>& id,
                const std::optional<Person>& person) {
  std::string k = key.empty() ? std::string("(no key)") : key;
  std::string inner = id ? fmt::format("id {}", *id) : std::string();
  if (std::string p = person_text(person); !p.empty()) {
    inner += (inner.empty() ? "" : ", ") + p;
  }
  return inner.empty() ? k : fmt::format("{} ({})", k, inner);
}

// The second line of a labelled action.
std::string label_line(const LabelDetail& label) {
  std::string out =
      fmt::format("      {}: {}", action_label_name(label.kind), label_reasons_text(label));
  if (std::string commit = label_commit_text(label); !commit.empty()) {
    out += " — " + (label.commit ? "commit " + commit : commit);
  }
  return out + "\n";
}

} // namespace

std::string render_text(const Plan& plan) {
  std::string out;
  out +=
      fmt::format("alignctl plan for {} (users matched by {})\n", plan.target_url, plan.match_key);
  const Provenance& p = plan.provenance;
  if (!p.undoes_checksum.empty()) { // a plan written by `alignctl undo`
    out += fmt::format("  undoes:        {} ({})\n", p.undoes_plan, p.undoes_checksum);
  } else {
    out += fmt::format("  desired state: {}", p.desired_source);
    if (!p.desired_commit.empty()) {
      out += fmt::format(" at commit {}", p.desired_commit);
    }
    out += fmt::format(" (sha256 {})\n", p.desired_sha256.substr(0, 12));
    out += fmt::format("  policy:        {} (sha256 {})\n", p.policy_source,
                       p.policy_sha256.substr(0, 12));
  }
  if (!p.listing_mode.empty()) {
    out += fmt::format("  live users:    listed with $orderby=id {}\n", p.listing_mode);
  }
  if (std::string base = base_line(plan); !base.empty()) {
    out += fmt::format("  base:          {}\n", base);
  }
  out += fmt::format("  created:       {} by alignctl {}\n", plan.created_at, plan.tool_version);
  out += plan.partial() ? fmt::format("  PARTIAL PLAN:  {}\n", partial_note(plan)) : "";
  PlanSummary s = summarize(plan);
  for (const auto& [op, count] : s.actions) {
    if (count == 0) {
      continue;
    }
    out += fmt::format("\n{} ({}):\n", action_op_title(op), count);
    for (const Action& a : plan.actions) {
      if (a.op == op) {
        out += fmt::format("  {} {}: {}\n", symbol(op), who(a.key, a.user_id, a.who), a.reason);
        if (a.label) {
          out += label_line(*a.label);
        }
      }
    }
  }
  if (!plan.notices.empty()) {
    out += fmt::format("\nNot changed ({}):\n", plan.notices.size());
    for (const Notice& n : plan.notices) {
      out += fmt::format("  ! {:<9} {}: {}\n", notice_kind_name(n.kind),
                         who(n.key, n.user_id, n.who), n.reason);
    }
  }
  if (s.has_changes()) {
    out += fmt::format("\nPlan: {}.\n", summary_line(plan));
  } else {
    out += "\nNo changes. Jira Align matches the desired state.\n";
  }
  return out;
}

} // namespace alignctl
