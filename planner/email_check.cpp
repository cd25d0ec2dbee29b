#include "planner/email_check.hpp"

#include "planner/text_util.hpp"

#include <fmt/core.h>
#include <unordered_map>

namespace alignctl {
namespace {

constexpr const char* k_how = "give the user a mail value in the directory (or map a fallback: "
                              "directory.email_fallback) and export again";

bool empty_string(const nlohmann::json& object, const char* field) {
  auto it = object.find(field);
  return it != object.end() && it->is_string() && it->get_ref<const std::string&>().empty();
}

} // namespace

std::vector<std::string> empty_email_errors(const Plan& plan, const DesiredState& desired) {
  std::vector<std::string> out;
  std::unordered_map<std::string, const DesiredUser*> by_key;
  const bool by_email = plan.match_key == MatchKey::Email;
  for (const DesiredUser& u : desired.users) {
    by_key.emplace(fold_case(by_email ? u.email : u.external_id), &u);
  }
  const std::string file = desired.source.empty() ? "desired state" : desired.source;
  for (const Action& a : plan.actions) {
    const bool create = a.op == ActionOp::Create && empty_string(a.request.body, "email");
    const bool clear = a.op == ActionOp::Update && empty_string(a.after, "email");
    if (!create && !clear) {
      continue;
    }
    auto it = by_key.find(fold_case(a.key));
    const int line = it == by_key.end() ? 0 : it->second->line;
    const std::string where = line > 0 ? fmt::format("{}:{}", file, line) : file;
    out.push_back(fmt::format(
        "{}: desired user '{}' has an empty email: {} (Jira Align answers 400 'Value for email is "
        "invalid'); {}",
        where, a.key,
        create
            ? "it would be created without one"
            : fmt::format("the update would clear the email of user id {}", a.user_id.value_or(0)),
        k_how));
  }
  return out;
}

Diagnostics check_desired_emails(const DesiredState& desired, MatchKey match_key,
                                 const std::string& desired_file) {
  Diagnostics out;
  if (match_key == MatchKey::Email) {
    return out;
  }
  for (const DesiredUser& u : desired.users) {
    if (u.email.empty()) {
      out.push_back(Diagnostic{
          desired_file, u.line, 0,
          fmt::format("user '{}' has an empty email: plan would create it without one or clear "
                      "its email, which Jira Align refuses; {}",
                      u.external_id, k_how)});
    }
  }
  return out;
}

} // namespace alignctl
