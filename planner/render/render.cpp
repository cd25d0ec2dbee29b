#include "planner/render/render.hpp"

#include "planner/plan_file.hpp"
#include "planner/plan_summary.hpp"
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
