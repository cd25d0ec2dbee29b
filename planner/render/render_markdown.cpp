// Markdown view for a merge-request comment: the summary table first, details
// collapsed per action, kept under a size limit with a pointer to the full plan.
#include "planner/plan_summary.hpp"
#include "planner/render/render.hpp"
#include "planner/text_util.hpp"

#include <fmt/core.h>

namespace alignctl {

namespace {

// A table cell: no line breaks, pipes escaped, HTML-ish characters defused.
std::string cell(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
    case '|':
      out += "\\|";
      break;
    case '\n':
    case '\r':
      out += ' ';
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '`':
      out += "'";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string code(const std::string& s) {
  return s.empty() ? std::string("—") : "`" + cell(s) + "`";
}

// Appends blocks while they fit, then records how many rows did not.
class Budget {
public:
  Budget(std::string& out, std::size_t limit) : m_out(out), m_limit(limit) {}
  // Room kept for closing tags and the truncation note.
  static constexpr std::size_t k_reserve = 1000;

  bool add_row(const std::string& row) {
    if (m_truncated || m_out.size() + row.size() + k_reserve >= m_limit) {
      m_truncated = true;
      ++m_omitted;
      return false;
    }
    m_out += row;
    return true;
  }
  void add(const std::string& text) { m_out += text; }
  bool truncated() const { return m_truncated; }
  std::size_t omitted() const { return m_omitted; }

private:
  std::string& m_out;
  std::size_t m_limit;
  bool m_truncated = false;
  std::size_t m_omitted = 0;
};

} // namespace

std::string render_markdown(const Plan& plan, const RenderOptions& options) {
  std::string out;
  PlanSummary s = summarize(plan);
  out += fmt::format("### alignctl plan: {}\n\n", summary_line(plan));
  out += "| action | users |\n|---|---:|\n";
  for (const auto& [op, count] : s.actions) {
    out += fmt::format("| {} | {} |\n", action_op_name(op), count);
  }
  out += fmt::format("| **total** | **{}** |\n", s.total_actions);
  for (const auto& [kind, count] : s.notices) {
    out += fmt::format("| _not changed: {}_ | {} |\n", kind, count);
  }
  const Provenance& p = plan.provenance;
  const std::string source =
      p.undoes_checksum.empty()
          ? fmt::format("desired state {}{} · policy {}", code(p.desired_source),
                        p.desired_commit.empty() ? "" : " at " + code(p.desired_commit),
                        code(p.policy_source))
          : fmt::format("**undoes** plan {} ({})", code(p.undoes_plan), code(p.undoes_checksum));
  out += fmt::format("\nTarget {} · {} · users matched by {} · created {} by alignctl {}\n",
                     code(plan.target_url), source, plan.match_key, plan.created_at,
                     plan.tool_version);
  Budget budget(out, options.markdown_limit);
  for (const auto& [op, count] : s.actions) {
    if (count == 0) {
      continue;
    }
    budget.add(fmt::format("\n<details><summary>{} ({})</summary>\n\n| user | id | reason |\n"
                           "|---|---:|---|\n",
                           title_case(action_op_name(op)), count));
    for (const Action& a : plan.actions) {
      if (a.op == op) {
        budget.add_row(fmt::format("| {} | {} | {} |\n", code(a.key),
                                   a.user_id ? std::to_string(*a.user_id) : "new", cell(a.reason)));
      }
    }
    budget.add("\n</details>\n");
  }
  if (!plan.notices.empty()) {
    budget.add(fmt::format("\n<details><summary>Not changed ({})</summary>\n\n| kind | user | id "
                           "| reason |\n|---|---|---:|---|\n",
                           plan.notices.size()));
    for (const Notice& n : plan.notices) {
      budget.add_row(fmt::format("| {} | {} | {} | {} |\n", notice_kind_name(n.kind), code(n.key),
                                 n.user_id ? std::to_string(*n.user_id) : "—", cell(n.reason)));
    }
    budget.add("\n</details>\n");
  }
  if (budget.truncated()) {
    out += fmt::format("\n**{} more rows are not shown** (this comment stays under {} "
                       "characters). The full plan is in the plan artifact {}; "
                       "`alignctl show` prints all of it.\n",
                       budget.omitted(), options.markdown_limit, code(options.plan_artifact));
  }
  if (!s.has_changes()) {
    out += "\nNo changes. Jira Align matches the desired state.\n";
  }
  return out;
}

} // namespace alignctl
