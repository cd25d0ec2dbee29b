// alignctl validate: checks the policy and the desired state and reports every
// problem with file:line:col; with a token, also every id in the policy against
// the live reference data (Regions, Cities, CostCenters, Divisions) and the
// desired keys against the shape of the live users' externalIds (the
// account-ID guard that `plan` applies too).
#include "applier/iso_time.hpp"
#include "cmd/commands.hpp"
#include "cmd/connection_options.hpp"
#include "cmd/plan_inputs.hpp"
#include "cmd/reference_fetch.hpp"
#include "planner/email_check.hpp"
#include "planner/exception_expiry.hpp"
#include "planner/external_id_shape.hpp"
#include "planner/policy_ids.hpp"
#include "planner/reconcile.hpp"
#include "state/util/fatal.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <fmt/core.h>
#include <memory>

namespace alignctl {

namespace {

struct ValidateOptions {
  ConnectionOptions connection;
  std::string policy;
  std::string desired;
  bool offline = false;
};

// Whether a token can be found without failing: --token-file, or a non-empty
// variable (--token-env, the policy's jira.token_env, else ALIGNCTL_TOKEN).
std::string token_source(const ValidateOptions& o, const Policy& policy) {
  if (!o.connection.token_file.empty()) {
    return o.connection.token_file;
  }
  std::string env = !o.connection.token_env.empty()  ? o.connection.token_env
                    : !policy.jira_token_env.empty() ? policy.jira_token_env
                                                     : "ALIGNCTL_TOKEN";
  const char* v = std::getenv(env.c_str());
  return v != nullptr && *v != '\0' ? env : std::string();
}

int run_validate(const ValidateOptions& o) {
  PlanInputs in = load_plan_inputs(o.policy, o.desired);
  Diagnostics diags = in.diagnostics;
  const bool policy_ok = std::none_of(diags.begin(), diags.end(),
                                      [&](const Diagnostic& d) { return d.file == o.policy; });
  if (policy_ok) {
    Diagnostics regions = check_desired_against_policy(in.desired, in.policy, o.desired);
    diags.insert(diags.end(), regions.begin(), regions.end());
    Diagnostics emails = check_desired_emails(in.desired, in.policy.match_key, o.desired);
    diags.insert(diags.end(), emails.begin(), emails.end());
  }
  bool checked_live = false;
  if (policy_ok && !o.offline) {
    std::string source = token_source(o, in.policy);
    const bool have_url = !o.connection.url.empty() || !in.policy.jira_url.empty();
    if (!source.empty() && have_url) {
      ClientConfig config = resolve_connection(o.connection, &in.policy);
      auto client = connect_jira_align(config);
      ReferenceData reference = fetch_reference(*client);
      if (!reference.divisions) {
        fmt::print(stderr, "alignctl: note: this site has no /Divisions endpoint; division ids "
                           "were not checked\n");
      }
      Diagnostics ids = check_policy_ids(in.policy, reference);
      diags.insert(diags.end(), ids.begin(), ids.end());
      if (in.diagnostics.empty()) {
        auto live = list_live_users(*client, false);
        if (!live) {
          throw Fatal("listing the live users to check the match key: " + live.error().message);
        }
        if (auto why = account_id_guard(in.desired, *live, in.policy)) {
          diags.push_back(Diagnostic{o.policy, 0, 0, std::move(*why)});
        }
      }
      checked_live = true;
    } else {
      fmt::print(stderr,
                 "alignctl: note: no {}; the policy's ids were not checked against Jira "
                 "Align\n",
                 have_url ? "token" : "Jira Align URL");
    }
  }
  if (policy_ok) {
    for (const std::string& w :
         exception_warnings(in.policy, format_iso8601_utc(std::chrono::system_clock::now()))) {
      fmt::print(stderr, "alignctl: warning: {}\n", w);
    }
  }
  if (!diags.empty()) {
    print_diagnostics(diags);
    throw Fatal(fmt::format("{} problem{} found", diags.size(), diags.size() == 1 ? "" : "s"));
  }
  fmt::print("{} and {} are valid ({} user{}{})\n", o.policy, o.desired, in.desired.users.size(),
             in.desired.users.size() == 1 ? "" : "s",
             checked_live ? "; every id exists in Jira Align, and the match key suits its users"
                          : "");
  return k_exit_ok;
}

void add_validate_options(CLI::App& app, ValidateOptions& o) {
  app.add_option("--policy", o.policy, "Policy file (alignctl.yaml)")->required();
  app.add_option("--desired", o.desired, "Desired-state file (users.yaml) or git:REF:PATH")
      ->required();
  app.add_flag("--offline", o.offline,
               "Do not check ids against Jira Align even when a token is set");
  add_connection_options(app, o.connection);
}

} // namespace

Command make_validate_command() {
  return make_command<ValidateOptions>(
      "validate", "Check the policy and the desired state (with a token: its ids and match key)",
      add_validate_options, run_validate);
}

} // namespace alignctl
