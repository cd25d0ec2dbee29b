#include "cmd/doctor_probes.hpp"

#include "cmd/connection_options.hpp"

#include <fmt/core.h>

namespace alignctl {

namespace {

std::string scheme_text(const ClientConfig& c) {
  return c.auth == AuthScheme::Basic ? "Basic (email:token)" : "Bearer";
}

std::string scheme_key(AuthScheme s) {
  return s == AuthScheme::Basic ? "basic" : "bearer";
}

Finding orderby_finding(ListingMode mode) {
  const std::string assumes = "GET /Users honours $orderby=id (one pass of id-sorted pages)";
  switch (mode) {
  case ListingMode::Honoured:
    return {"orderby", Verdict::Ok, assumes,
            "$orderby=id is honoured: alignctl lists in one pass of id-sorted pages", ""};
  case ListingMode::Ignored:
  case ListingMode::Rejected:
    return {"orderby", Verdict::Note, assumes,
            describe_listing_mode(mode) +
                " — exact, at about twice the requests of a sorted listing (docs/client.md)",
            ""};
  }
  return {"orderby", Verdict::Note, assumes, "unknown", ""};
}

// The other scheme with the same token, when it can be tried.
std::optional<ClientConfig> other_scheme(const ClientConfig& config) {
  ClientConfig other = config;
  if (config.auth == AuthScheme::Bearer) {
    if (config.basic_user.empty()) {
      return std::nullopt;
    }
    other.auth = AuthScheme::Basic;
  } else {
    other.auth = AuthScheme::Bearer;
  }
  return other;
}

} // namespace

std::vector<Finding> probe_auth_and_orderby(JiraAlign& client, const ClientConfig& config) {
  const std::string assumes = "the instance accepts the configured credentials (" +
                              scheme_text(config) + ") from " + config.token_origin;
  auto mode = client.probe_listing_mode();
  if (mode) {
    return {{"auth", Verdict::Ok, assumes,
             scheme_text(config) + " credentials accepted (GET /Users answered 200)", ""},
            orderby_finding(*mode)};
  }
  const Error& e = mode.error();
  if (e.kind == ErrorKind::Forbidden) {
    return {{"auth", Verdict::Block, assumes,
             "the credentials are valid but GET /Users answered 403: " + e.message,
             "use the API token of a Super Admin (provisioning needs that role)"}};
  }
  if (e.kind != ErrorKind::Auth) {
    return {{"auth", Verdict::Block, assumes, "GET /Users failed: " + e.message,
             "see docs/client.md for what this error means"}};
  }
  Finding f{"auth", Verdict::Block, assumes,
            scheme_text(config) + " credentials refused (HTTP 401)", ""};
  if (auto other = other_scheme(config)) {
    auto other_client = connect_jira_align(*other);
    if (auto m = other_client->probe_listing_mode()) {
      f.found += "; " + scheme_text(*other) + " with the same token is accepted";
      f.fix = "set `jira: {auth: " + scheme_key(other->auth) + "}` in the policy (or --auth " +
              scheme_key(other->auth) + ")";
      return {f, orderby_finding(*m)};
    }
    f.found += "; " + scheme_text(*other) + " with the same token is refused too";
  }
  f.fix = "check the token in " + config.token_origin +
          (config.auth == AuthScheme::Bearer && config.basic_user.empty()
               ? "; if it is an Atlassian API token (sites on Atlassian Guard), set `jira: {auth: "
                 "basic, user: <your email>}` in the policy"
               : "");
  return {f};
}

Finding probe_page_cap_finding(JiraAlign& client, std::size_t live_users) {
  const std::string assumes = "GET /Users answers at most 100 rows per call ($top over 100 is "
                              "capped or refused)";
  auto probe = client.probe_page_cap();
  if (!probe) {
    return {"page-cap", Verdict::Note, assumes,
            "GET /Users?$top=101 failed: " + probe.error().message, ""};
  }
  if (probe->rejected) {
    return {"page-cap", Verdict::Ok, assumes,
            "$top=101 is refused (HTTP 400); alignctl asks for 100 rows per page", ""};
  }
  if (probe->rows <= 100) {
    return {"page-cap", Verdict::Ok, assumes,
            live_users > 100 ? fmt::format("$top=101 gave {} rows: capped at 100", probe->rows)
                             : fmt::format("$top=101 gave {} rows (the instance has no more "
                                           "users, so the cap was not seen)",
                                           probe->rows),
            ""};
  }
  return {"page-cap", Verdict::Note, assumes,
          fmt::format("$top=101 gave {} rows: this instance serves pages over 100; alignctl "
                      "still asks for 100 per page, which is exact either way",
                      probe->rows),
          ""};
}

} // namespace alignctl
