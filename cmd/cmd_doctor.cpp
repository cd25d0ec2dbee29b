// alignctl doctor: the first command a new site runs. Read-only — it sends
// only GETs and writes no file. It probes the instance with the policy's
// connection and reports, one line each, what alignctl assumes and what it
// found, with a verdict and the policy line to change (docs/doctor.md).
// Exit 0 when alignctl can run as configured, 1 when it cannot.
#include "applier/iso_time.hpp"
#include "cmd/commands.hpp"
#include "cmd/connection_options.hpp"
#include "cmd/doctor_probes.hpp"
#include "cmd/plan_inputs.hpp"
#include "cmd/reference_fetch.hpp"
#include "planner/doctor/doctor_render.hpp"
#include "planner/doctor/live_census.hpp"
#include "planner/doctor/match_findings.hpp"
#include "planner/exception_expiry.hpp"
#include "planner/policy_ids.hpp"
#include "planner/policy_loader.hpp"
#include "state/util/fatal.hpp"
#include "state/util/input_limits.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fmt/core.h>
#include <memory>
#include <unistd.h>

namespace alignctl {

namespace {

struct DoctorOptions {
  ConnectionOptions connection;
  std::string policy;
  std::string desired;
  std::string format = "text";
};

Finding policy_ids_finding(const Policy& policy, JiraAlign& client) {
  ReferenceData reference = fetch_reference(client);
  Diagnostics problems = check_policy_ids(policy, reference);
  const std::string assumes = "every id in the policy exists (Regions, Cities, CostCenters, "
                              "Divisions)";
  if (!problems.empty()) {
    std::string found;
    for (const Diagnostic& d : problems) {
      found += (found.empty() ? "" : "; ") + d.to_string();
    }
    return {"policy-ids", Verdict::Block, assumes, found,
            "change each id named to one the instance has (`alignctl validate` shows the same)"};
  }
  if (!reference.divisions) {
    return {"policy-ids", Verdict::Note, assumes,
            "regions, cities and cost centers exist; this site has no /Divisions endpoint, so "
            "division ids were not checked",
            ""};
  }
  return {"policy-ids", Verdict::Ok, assumes,
          fmt::format("every id exists ({} regions, {} cities, {} cost centers, {} divisions "
                      "on the instance)",
                      reference.regions.size(), reference.cities.size(),
                      reference.cost_centers.size(), reference.divisions->size()),
          ""};
}

// The policy (and, with --desired, the desired state): any problem in them
// ends doctor before a request is sent.
PlanInputs load_inputs(const DoctorOptions& o) {
  if (o.desired.empty()) {
    PlanInputs in;
    in.policy = read_policy_file(o.policy, "`alignctl validate` lists them");
    return in;
  }
  PlanInputs in = load_plan_inputs(o.policy, o.desired);
  if (!in.diagnostics.empty()) {
    print_diagnostics(in.diagnostics);
    throw Fatal(fmt::format("{} problem(s) in {} and {}; `alignctl validate` lists them",
                            in.diagnostics.size(), o.policy, o.desired));
  }
  return in;
}

int run_doctor(const DoctorOptions& o) {
  if (o.format != "text" && o.format != "json") {
    throw Fatal(fmt::format("--format must be text or json, not '{}'", o.format), k_exit_usage);
  }
  PlanInputs in = load_inputs(o);
  const Policy& policy = in.policy;
  ClientConfig config = resolve_connection(o.connection, &policy);
  auto client = connect_jira_align(config);

  DoctorReport report;
  report.target = config.base_url;
  auto add = [&](Finding f) { report.findings.push_back(std::move(f)); };
  for (Finding& f : probe_auth_and_orderby(*client, config)) {
    add(std::move(f));
  }
  if (report.ready()) {
    auto users = list_live_users(*client, isatty(STDERR_FILENO) == 1);
    if (!users) {
      add({"list", Verdict::Block, "GET /Users lists every user exactly", users.error().message,
           "see docs/client.md for what each listing error means"});
    } else {
      add(probe_page_cap_finding(*client, users->size()));
      for (Finding& f : census_findings(take_census(*users, policy), policy)) {
        add(std::move(f));
      }
      add(external_id_shape_finding(*users, policy));
      if (!o.desired.empty()) {
        add(match_finding(in.desired, *users, policy));
      }
    }
    add(policy_ids_finding(policy, *client));
  }
  for (std::string& w :
       exception_warnings(policy, format_iso8601_utc(std::chrono::system_clock::now()))) {
    add({"exception-until", Verdict::Note,
         "protected and ignored entries apply until their 'until' day", std::move(w),
         "renew the entry's 'until' in the reviewed policy, or remove the entry"});
  }

  fmt::print("{}", o.format == "json" ? render_doctor_json(report) : render_doctor_text(report));
  flush_stdout("report");
  return report.ready() ? k_exit_ok : k_exit_error;
}

void add_doctor_options(CLI::App& app, DoctorOptions& o) {
  app.add_option("--policy", o.policy, "Policy file (alignctl.yaml)")->required();
  app.add_option("--desired", o.desired,
                 "Desired-state file (users.yaml) or git:REF:PATH: also check how many "
                 "desired users match a live one");
  app.add_option("--format", o.format, "text or json")->capture_default_str();
  add_connection_options(app, o.connection);
}

} // namespace

Command make_doctor_command() {
  return make_command<DoctorOptions>(
      "doctor",
      "Probe a Jira Align instance and say whether alignctl can run against it as configured "
      "(read-only)",
      add_doctor_options, run_doctor);
}

} // namespace alignctl
