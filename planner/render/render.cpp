#include "planner/render/render.hpp"

#include "planner/plan_file.hpp"
#include "planner/plan_summary.hpp"
#include "planner/text_util.hpp"

#include <fmt/core.h>

namespace alignctl {

std::optional<RenderFormat> render_format_from_name(std::string_view name) {
  if (name == "text") {
    return RenderFormat::Text;
  }
  if (name == "markdown") {
    return RenderFormat::Markdown;
  }
  if (name == "json") {
    return RenderFormat::Json;
  }
  return std::nullopt;
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

} // namespace alignctl
