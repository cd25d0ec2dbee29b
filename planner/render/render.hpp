// Views of one plan, shared by `plan` and `show`: human text (Terraform-like,
// grouped by action, one line per action with its reason), Markdown for a
// merge-request comment, and JSON. Rendering never changes the plan.
#pragma once

#include "planner/plan.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace alignctl {

enum class RenderFormat { Text, Markdown, Json };

// "text", "markdown", "json" → the format; nullopt otherwise.
std::optional<RenderFormat> render_format_from_name(std::string_view name);

struct RenderOptions {
  // Where the full plan is (named when Markdown is truncated), e.g. "plan.json".
  std::string plan_artifact = "the plan file";
  // Markdown output stays strictly under this many bytes (merge-request
  // comments are limited to 65,536 characters on common forges).
  std::size_t markdown_limit = 60000;
};

std::string render_text(const Plan& plan);
std::string render_markdown(const Plan& plan, const RenderOptions& options = {});
// The plan document itself (as the plan file holds it, without signature).
std::string render_json(const Plan& plan);

std::string render(const Plan& plan, RenderFormat format, const RenderOptions& options = {});

// For a partial plan (plan --target): "only the users given by --target
// (externalId alice, bob); no other user was planned". "" for a full plan.
std::string partial_note(const Plan& plan);

// "3 to create, 1 to deactivate, …" — only the non-zero ops, or "no changes".
std::string summary_line(const Plan& plan);

// Shared by the text and Markdown views.
// "Ann Davis <ann.davis@corp.example.com>", "Ann Davis", "<a@x>", or "".
std::string person_text(const std::optional<Person>& who);
// "added to the desired state; joined group G" (the label's reasons).
std::string label_reasons_text(const LabelDetail& label);
// "1a2b3c4d5e6f 2026-01-02 Jo Dev", or why there is none ("last change not
// found within the history walked", …); "" for drift.
std::string label_commit_text(const LabelDetail& label);
// "compared with main at 1a2b3c4d5e6f: 5 from this change, 1 drift", or "".
std::string base_line(const Plan& plan);

} // namespace alignctl
