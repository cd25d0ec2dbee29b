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

// A collapsed table: its heading and closing are always shown; its rows as
// many as fit.
struct Section {
  std::string head;
  std::vector<std::string> rows;
  std::string foot;
  std::size_t shown = 0; // rows that fit (set by fit_rows)
};

std::string omitted_note(std::size_t n) {
  return fmt::format("\n_{} more row{} not shown here._\n", n, n == 1 ? " is" : "s are");
}

// Room kept for the closing note and the "more rows" line of every section.
constexpr std::size_t k_reserve = 600;
constexpr std::size_t k_note_room = 48;
// Rows every section gets before any section gets more, so that no section
// is reduced to its heading while another fills the comment.
constexpr std::size_t k_rows_first = 5;

// Decides how many rows of each section fit in `room` bytes, the headings and
// closings being counted first: a section loses rows, never its heading.
void fit_rows(std::vector<Section>& sections, std::size_t room) {
  std::size_t used = 0;
  for (const Section& sec : sections) {
    used += sec.head.size() + sec.foot.size() + k_note_room;
  }
  auto take = [&](Section& sec, std::size_t upto) {
    while (sec.shown < std::min(upto, sec.rows.size())) {
      const std::size_t n = sec.rows[sec.shown].size();
      if (used + n > room) {
        return false;
      }
      used += n;
      ++sec.shown;
    }
    return true;
  };
  for (Section& sec : sections) {
    take(sec, k_rows_first);
  }
  for (Section& sec : sections) {
    if (!take(sec, sec.rows.size())) {
      break;
    }
  }
}

// "Ann Davis · ann.davis@corp.example.com", or "—".
std::string name_cell(const std::optional<Person>& who) {
  if (!who || (who->name.empty() && who->email.empty())) {
    return "—";
  }
  if (who->name.empty() || who->email.empty()) {
    return cell(who->name + who->email);
  }
  return cell(who->name + " · " + who->email);
}

// "`1a2b3c4d5e6f` 2026-01-02 Jo Dev", or why there is no commit.
std::string commit_cell(const LabelDetail& label) {
  if (label.commit) {
    return fmt::format("{} {} {}", code(label.commit->id.substr(0, 12)),
                       cell(label.commit->date.substr(0, 10)), cell(label.commit->author));
  }
  const std::string why = label_commit_text(label);
  return why.empty() ? std::string("—") : cell(why);
}

std::string id_cell(const std::optional<std::int64_t>& id, const char* none) {
  return id ? std::to_string(*id) : std::string(none);
}

// One collapsed table per op for `actions` (all, or one label's), with the
// change columns when `change_columns`.
void add_action_sections(std::vector<Section>& out, const std::vector<const Action*>& actions,
                         bool change_columns) {
  for (ActionOp op : all_action_ops()) {
    Section sec;
    for (const Action* a : actions) {
      if (a->op != op) {
        continue;
      }
      std::string row = fmt::format("| {} | {} | {} | {} |", code(a->key), name_cell(a->who),
                                    id_cell(a->user_id, "new"), cell(a->reason));
      if (change_columns) {
        row += fmt::format(" {} | {} |", a->label ? cell(label_reasons_text(*a->label)) : "—",
                           a->label ? commit_cell(*a->label) : "—");
      }
      sec.rows.push_back(row + "\n");
    }
    if (sec.rows.empty()) {
      continue;
    }
    sec.head = fmt::format("\n<details><summary>{} ({})</summary>\n\n| user | name | id | reason "
                           "|{}\n|---|---|---:|---|{}\n",
                           action_op_title(op), sec.rows.size(),
                           change_columns ? " what changed | last commit |" : "",
                           change_columns ? "---|---|" : "");
    sec.foot = "\n</details>\n";
    out.push_back(std::move(sec));
  }
}

std::vector<const Action*> actions_labelled(const Plan& plan, std::optional<ActionLabel> label) {
  std::vector<const Action*> out;
  for (const Action& a : plan.actions) {
    if (!label || (a.label && a.label->kind == *label)) {
      out.push_back(&a);
    }
  }
  return out;
}

} // namespace

std::string render_markdown(const Plan& plan, const RenderOptions& options) {
  std::string out;
  PlanSummary s = summarize(plan);
  out += fmt::format("### alignctl plan: {}\n\n", summary_line(plan));
  out += plan.partial() ? fmt::format("**Partial plan:** {}.\n\n", cell(partial_note(plan))) : "";
  out += "| action | users |\n|---|---:|\n";
  for (const auto& [op, count] : s.actions) {
    out += fmt::format("| {} | {} |\n", action_op_name(op), count);
  }
  out += fmt::format("| **total** | **{}** |\n", s.total_actions);
  if (s.labelled) {
    out += fmt::format("| _from this change_ | {} |\n| _drift_ | {} |\n", s.change, s.drift);
  }
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

  // Every section (heading, rows, closing) in the order shown.
  std::vector<Section> sections;
  std::vector<std::pair<std::size_t, std::string>> headings; // before section i
  if (s.labelled && p.base) {
    const std::string base = code(p.base->ref) + " at " + code(p.base->commit.substr(0, 12));
    headings.emplace_back(sections.size(),
                          fmt::format("\n#### This change ({})\nCaused by the desired-state "
                                      "diff from {} to this revision.\n",
                                      s.change, base));
    add_action_sections(sections, actions_labelled(plan, ActionLabel::Change), true);
    headings.emplace_back(sections.size(),
                          fmt::format("\n#### Drift ({})\nPlanned at {} too: Jira Align differs "
                                      "from the approved desired state (a hand edit, or an "
                                      "earlier apply that did not finish).\n",
                                      s.drift, base));
    add_action_sections(sections, actions_labelled(plan, ActionLabel::Drift), false);
  } else {
    add_action_sections(sections, actions_labelled(plan, std::nullopt), false);
  }
  if (!plan.notices.empty()) {
    Section sec;
    sec.head = fmt::format("\n<details><summary>Not changed ({})</summary>\n\n| kind | user | "
                           "name | id | reason |\n|---|---|---|---:|---|\n",
                           plan.notices.size());
    for (const Notice& n : plan.notices) {
      sec.rows.push_back(fmt::format("| {} | {} | {} | {} | {} |\n", notice_kind_name(n.kind),
                                     code(n.key), name_cell(n.who), id_cell(n.user_id, "—"),
                                     cell(n.reason)));
    }
    sec.foot = "\n</details>\n";
    sections.push_back(std::move(sec));
  }

  std::size_t fixed = out.size() + k_reserve;
  for (const auto& h : headings) {
    fixed += h.second.size();
  }
  fit_rows(sections, options.markdown_limit > fixed ? options.markdown_limit - fixed : 0);
  std::size_t omitted = 0;
  std::size_t next_heading = 0;
  for (std::size_t i = 0; i <= sections.size(); ++i) {
    while (next_heading < headings.size() && headings[next_heading].first == i) {
      out += headings[next_heading++].second;
    }
    if (i == sections.size()) {
      break;
    }
    const Section& sec = sections[i];
    out += sec.head;
    for (std::size_t r = 0; r < sec.shown; ++r) {
      out += sec.rows[r];
    }
    if (sec.shown < sec.rows.size()) {
      omitted += sec.rows.size() - sec.shown;
      out += omitted_note(sec.rows.size() - sec.shown);
    }
    out += sec.foot;
  }
  if (omitted > 0) {
    out += fmt::format("\n**{} more rows are not shown** (this comment stays under {} "
                       "characters). The full plan is in the plan artifact {}; "
                       "`alignctl show` prints all of it.\n",
                       omitted, options.markdown_limit, code(options.plan_artifact));
  }
  if (!s.has_changes()) {
    out += "\nNo changes. Jira Align matches the desired state.\n";
  }
  return out;
}

} // namespace alignctl
