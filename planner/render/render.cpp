#include "planner/render/render.hpp"

#include "planner/plan_file.hpp"
#include "planner/plan_summary.hpp"
#include "planner/text_util.hpp"
#include "state/util/enum_names.hpp"

#include <fmt/core.h>

namespace alignctl {

namespace {
constexpr EnumName<RenderFormat> k_formats[] = {{RenderFormat::Text, "text"},
                                                {RenderFormat::Markdown, "markdown"},
                                                {RenderFormat::Json, "json"}};
static_assert(lists_every_value(k_formats, RenderFormat::Json), "every RenderFormat needs a name");
} // namespace

std::optional<RenderFormat> render_format_from_name(std::string_view name) {
  return from_name(k_formats, name);
}

std::string render_json(const Plan& plan) {
  return write_plan_file(plan, std::nullopt);
}

std::string render(const Plan& plan, RenderFormat format, const RenderOptions& options) {
  switch (format) {
  case RenderFormat::Text:
    return render_text(plan);
  case RenderFormat::Markdown:
    return render_markdown(plan, options);
  case RenderFormat::Json:
    return render_json(plan);
  }
  return render_text(plan);
}

std::string partial_note(const Plan& plan) {
  if (!plan.partial()) {
    return "";
  }
  return fmt::format("only the users given by --target ({} {}); no other user was planned",
                     plan.match_key, join(plan.targets, ", "));
}

std::string summary_line(const Plan& plan) {
  PlanSummary s = summarize(plan);
  std::string out;
  for (const auto& [op, count] : s.actions) {
    if (count == 0) {
      continue;
    }
    out += fmt::format("{}{} to {}", out.empty() ? "" : ", ", count, action_op_name(op));
  }
  return out.empty() ? std::string("no changes") : out;
}

std::string person_text(const std::optional<Person>& who) {
  if (!who) {
    return {};
  }
  if (who->email.empty()) {
    return who->name;
  }
  return who->name.empty() ? "<" + who->email + ">" : who->name + " <" + who->email + ">";
}

std::string label_reasons_text(const LabelDetail& label) {
  std::string out;
  for (const LabelReason& r : label.reasons) {
    out += (out.empty() ? "" : "; ") + r.text;
  }
  return out;
}

std::string label_commit_text(const LabelDetail& label) {
  if (label.commit) {
    return fmt::format("{} {} {}", label.commit->id.substr(0, 12), label.commit->date.substr(0, 10),
                       label.commit->author);
  }
  if (!label.history) {
    return {};
  }
  switch (*label.history) {
  case HistorySearch::Capped:
    return "last change not found: the history walk stopped at its cap";
  case HistorySearch::NotFound:
  case HistorySearch::Found:
    return "last change not found in the history";
  }
  return {};
}

std::string base_line(const Plan& plan) {
  if (!plan.provenance.base) {
    return {};
  }
  PlanSummary s = summarize(plan);
  return fmt::format("compared with {} at {}: {} from this change, {} drift",
                     plan.provenance.base->ref, plan.provenance.base->commit.substr(0, 12),
                     s.change, s.drift);
}

} // namespace alignctl
