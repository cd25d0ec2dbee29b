#include "state/directory/entra_config.hpp"

#include "state/directory/directory_config.hpp"
#include "state/jira/base_url.hpp"

#include <fmt/core.h>

namespace alignctl {

Result<void> finalize_entra_config(DirectoryConfig& c) {
  const std::string where = c.loaded_from.empty() ? "" : c.loaded_from + ": ";
  const std::map<std::string, std::string> defaults = {
      {"externalId", "onPremisesSamAccountName"},
      {"firstName", "givenName"},
      {"lastName", "surname"},
      {"email", "mail"},
      {"title", "jobTitle"},
      {"region", ""},
  };
  apply_default_attributes(c, defaults);
  if (c.key == MatchKey::Email && !c.lowercase_key) {
    c.lowercase_key = true;
  }
  if (c.page_size == 0) {
    c.page_size = k_graph_max_page;
  }
  if (c.page_size > k_graph_max_page) {
    return make_error(ErrorKind::Config,
                      fmt::format("{}directory.page_size {}: Microsoft Graph pages hold at most {} "
                                  "objects",
                                  where, c.page_size, k_graph_max_page));
  }
  auto need = [&](const std::string& value, const char* key, const char* flag) -> Result<void> {
    if (value.empty()) {
      return make_error(
          ErrorKind::Config,
          fmt::format("no {0}: give {1} or directory.{0} in the policy file", key, flag));
    }
    return {};
  };
  for (auto r : {need(c.tenant_id, "tenant_id", "--tenant-id"),
                 need(c.client_id, "client_id", "--client-id")}) {
    if (!r) {
      return r;
    }
  }
  if (c.groups.empty()) {
    return make_error(ErrorKind::Config,
                      "no groups: give --group or directory.groups in the policy file (object "
                      "ids or display names)");
  }
  for (auto [key, url] : {std::pair<const char*, std::string*>{"authority", &c.authority},
                          {"graph_url", &c.graph_url}}) {
    auto normalized = normalize_base_url(*url);
    if (!normalized) {
      return make_error(ErrorKind::Config,
                        fmt::format("{}directory.{}: {}", where, key, normalized.error().message));
    }
    *url = *normalized;
  }
  const bool certificate = !c.client_certificate.empty();
  if (certificate && (!c.client_secret_env.empty() || !c.client_secret_file.empty())) {
    return make_error(ErrorKind::Config, "give a client certificate or a client secret, not both");
  }
  if (!certificate && c.client_secret_file.empty() && c.client_secret_env.empty()) {
    c.client_secret_env = "ALIGNCTL_ENTRA_CLIENT_SECRET";
  }
  if (certificate && c.client_key.empty()) {
    c.client_key = c.client_certificate; // one PEM file holding both
  }
  return {};
}

} // namespace alignctl
