// `alignctl export`: directory group membership (LDAP/AD, CSV or LDIF) to the
// canonical desired-state file, optionally committed with libgit2. Nothing is
// written unless the whole read succeeded and the safety checks passed.
#include "cmd/commands.hpp"
#include "cmd/plan_inputs.hpp"
#include "planner/policy_loader.hpp"
#include "state/directory/directory_config.hpp"
#include "state/directory/directory_entry.hpp"
#include "state/directory/directory_reader.hpp"
#include "state/directory/entra_reader.hpp"
#include "state/directory/entra_token.hpp"
#include "state/directory/export_change.hpp"
#include "state/directory/export_warnings.hpp"
#include "state/directory/file_source.hpp"
#include "state/directory/ldap_connection.hpp"
#include "state/directory/ldap_url.hpp"
#include "state/directory/user_mapping.hpp"
#include "state/git/git_commit.hpp"
#include "state/model/desired_state_reader.hpp"
#include "state/model/desired_state_writer.hpp"
#include "state/util/fatal.hpp"
#include "state/util/file_io.hpp"
#include "state/util/secret.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fmt/core.h>
#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <sstream>
#include <sys/stat.h>

namespace alignctl {
namespace {

struct ExportOptions {
  std::string policy;
  std::string source = "ldap";
  std::string input;
  std::string out = "users.yaml";
  std::string type;
  std::string url;
  std::string bind;
  std::string bind_dn;
  std::string password_env;
  std::string password_file;
  std::string base_dn;
  std::vector<std::string> groups;
  std::string nested;
  std::string page_size;
  std::string range_size;
  std::string ca_file;
  bool starttls = false;
  bool insecure = false;
  std::string connect_timeout;
  std::string search_timeout;
  std::string referrals;
  std::string user_filter;
  std::string disabled_filter;
  std::string region_attribute;
  std::string key;
  std::string missing_email;
  std::string email_fallback;
  std::string max_shrink;
  // Entra ID (--source entra)
  std::string tenant_id;
  std::string client_id;
  std::string client_secret_env;
  std::string client_secret_file;
  std::string client_certificate;
  std::string client_key;
  std::string authority;
  std::string graph_url;
  std::string guests;
  std::string concurrency;
  bool allow_empty = false;
  bool allow_shrink = false;
  bool check = false;
  bool commit = false;
  std::string branch;
  std::string author_name;
  std::string author_email;
  bool quiet = false;
};

[[noreturn]] void fail(const Error& e) {
  throw Fatal(e.message);
}

// The `directory:` section of the policy file, read by the one policy loader;
// every problem in the file is listed (file:line:col) and nothing is exported.
DirectoryConfig load_config(const ExportOptions& o) {
  if (o.policy.empty()) {
    return DirectoryConfig{};
  }
  return std::move(read_policy_file(o.policy, "nothing exported", PolicyUse::Export).directory);
}

// Each flag that sets one option of the `directory:` section: the option's
// name there, and the flag's help. The flags are registered from this table,
// and a value goes through set_directory_option, the parse the policy file's
// value goes through.
struct FlagOption {
  const char* flag;
  const char* option;
  std::string ExportOptions::*value;
  const char* help;
  const char* cli_names = nullptr; // when the flag has aliases: all of them
};
const FlagOption k_flag_options[] = {
    {"--type", "type", &ExportOptions::type, "Directory type: ad (default), ldap or entra"},
    {"--url", "url", &ExportOptions::url, "ldap://host:389 or ldaps://host:636"},
    {"--bind", "bind", &ExportOptions::bind, "simple, gssapi or anonymous"},
    {"--bind-dn", "bind_dn", &ExportOptions::bind_dn, "DN (or user@domain) for a simple bind"},
    {"--base-dn", "base_dn", &ExportOptions::base_dn,
     "Where users (and groups named by cn) are searched"},
    {"--nested", "nested", &ExportOptions::nested,
     "in-chain (AD), recursive (client side) or none"},
    {"--page-size", "page_size", &ExportOptions::page_size,
     "Paged-results page size (default 500)"},
    {"--range-size", "range_size", &ExportOptions::range_size,
     "Values per member;range= request (0: do not ask; AD default 1500)"},
    {"--ca-file", "ca_file", &ExportOptions::ca_file, "CA certificates (PEM) to verify the server",
     "--ca-file,--ca-bundle"},
    {"--connect-timeout", "connect_timeout", &ExportOptions::connect_timeout,
     "Seconds (default 10)"},
    {"--search-timeout", "search_timeout", &ExportOptions::search_timeout,
     "Seconds per search page (default 120)"},
    {"--referrals", "referrals", &ExportOptions::referrals, "follow (default) or error"},
    {"--user-filter", "user_filter", &ExportOptions::user_filter,
     "LDAP filter selecting user entries"},
    {"--disabled-filter", "disabled_filter", &ExportOptions::disabled_filter,
     "LDAP filter of disabled accounts (excluded); 'none' to keep all"},
    {"--key", "key", &ExportOptions::key, "externalId (default) or email"},
    {"--missing-email", "missing_email", &ExportOptions::missing_email,
     "A user without an email: warn (default) or error"},
    {"--email-fallback", "email_fallback", &ExportOptions::email_fallback,
     "Attribute used when the email attribute is empty (e.g. userPrincipalName)"},
    {"--max-shrink", "max_shrink", &ExportOptions::max_shrink,
     "Share of users that may leave in one export (0.2)"},
    {"--tenant-id", "tenant_id", &ExportOptions::tenant_id, "Entra ID: the directory (tenant) id"},
    {"--client-id", "client_id", &ExportOptions::client_id,
     "Entra ID: the application (client) id"},
    {"--client-certificate", "client_certificate", &ExportOptions::client_certificate,
     "Entra ID: PEM certificate for a client assertion instead of a secret"},
    {"--client-key", "client_key", &ExportOptions::client_key,
     "Entra ID: PEM RSA key of the certificate (default: the certificate file)"},
    {"--authority", "authority", &ExportOptions::authority,
     "Entra ID: login URL (default https://login.microsoftonline.com)"},
    {"--graph-url", "graph_url", &ExportOptions::graph_url,
     "Entra ID: Microsoft Graph URL (default https://graph.microsoft.com)"},
    {"--guests", "guests", &ExportOptions::guests,
     "Entra ID: guests are exclude(d, default) or include(d)"},
    {"--concurrency", "concurrency", &ExportOptions::concurrency,
     "Entra ID: groups read at once (default 4)"},
};

void set_from_flag(DirectoryConfig& c, const char* flag, const char* option,
                   const std::string& value) {
  if (auto r = set_directory_option(c, option, value); !r) {
    throw Fatal(fmt::format("{}: {}", flag, r.error().message), k_exit_usage);
  }
}

// The flags given, applied over the policy file's `directory:` section.
void apply_flags(const ExportOptions& o, DirectoryConfig& c) {
  for (const FlagOption& f : k_flag_options) {
    if (!(o.*f.value).empty()) {
      set_from_flag(c, f.flag, f.option, o.*f.value);
    }
  }
  if (o.starttls) {
    set_from_flag(c, "--starttls", "starttls", "true");
  }
  if (o.insecure) {
    set_from_flag(c, "--insecure-skip-tls-verify", "tls_verify", "false");
  }
  // Either password flag replaces both of the file's: one source of the password.
  if (!o.password_env.empty() || !o.password_file.empty()) {
    c.password_env = o.password_env;
    c.password_file = o.password_file;
  }
  // Likewise the client secret's two sources.
  if (!o.client_secret_env.empty() || !o.client_secret_file.empty()) {
    c.client_secret_env = o.client_secret_env;
    c.client_secret_file = o.client_secret_file;
  }
  if (!o.groups.empty()) {
    c.groups = o.groups;
  }
  if (!o.region_attribute.empty()) {
    c.fields["region"] = FieldMapping{o.region_attribute, "", true};
  }
}

DirectoryConfig resolve_config(const ExportOptions& o) {
  DirectoryConfig c = load_config(o);
  apply_flags(o, c);
  if (o.source == "entra") {
    c.type = DirectoryType::Entra;
  }
  // A policy of type entra reads Entra ID without --source.
  const bool ldap = o.source == "ldap" && c.type != DirectoryType::Entra;
  if (o.source == "csv") {
    // Export-JiraAlignGroup.ps1 writes these columns.
    if (!c.fields["region"].set) {
      c.fields["region"] = FieldMapping{"region", "", true};
    }
  }
  auto r = finalize_directory_config(c, ldap);
  if (!r) {
    fail(r.error());
  }
  if (ldap) {
    // Before libldap sees it: its "Bad parameter to an ldap routine" says nothing useful.
    auto url = check_directory_url(c.url);
    if (!url) {
      throw Fatal(o.url.empty()
                      ? fmt::format("{}: directory.url: {}", c.loaded_from, url.error().message)
                      : "--url: " + url.error().message,
                  k_exit_usage);
    }
  }
  return c;
}

// The file header's "Source:": only what describes the content — the groups,
// sorted — so another DC behind the same name, ldap:// → ldaps:// or the
// groups listed in another order leave the file unchanged.
std::string header_source(const ExportOptions& o, const DirectoryConfig& c) {
  if (o.source == "csv" && c.groups.empty()) {
    return "groups listed in the CSV file";
  }
  std::vector<std::string> groups = c.groups;
  std::sort(groups.begin(), groups.end(), [](const std::string& a, const std::string& b) {
    const std::string la = fold_case(a);
    const std::string lb = fold_case(b);
    return la != lb ? la < lb : a < b;
  });
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  return fmt::format("groups {}", fmt::join(groups, "; "));
}

// Where this export read from, for the commit message (URL or input file, and groups).
std::string describe_source(const ExportOptions& o, const DirectoryConfig& c) {
  std::string groups = fmt::format("{}", fmt::join(c.groups, "; "));
  if (o.source == "entra") {
    return fmt::format("Entra ID tenant {} groups {}", c.tenant_id, groups);
  }
  if (o.source == "ldap") {
    return fmt::format("{} groups {}", c.url, groups);
  }
  return fmt::format("{} file {}{}", o.source, o.input, groups.empty() ? "" : " groups " + groups);
}

// A password file others may read is accepted (the export still works) but
// named: anyone with a shell on the machine can read the bind password.
void warn_if_world_readable(const std::string& path) {
  struct stat st {};
  if (path.empty() || ::stat(path.c_str(), &st) != 0 || (st.st_mode & S_IROTH) == 0) {
    return;
  }
  fmt::print(stderr,
             "alignctl: warning: the password file {} is readable by every user of this machine "
             "(mode {:04o}); restrict it: chmod 600 {}\n",
             path, st.st_mode & 07777, path);
}

// Entra ID through Microsoft Graph: a token from the client secret or certificate.
MembershipResult read_entra_membership(const DirectoryConfig& c) {
  EntraCredential credential;
  if (c.client_certificate.empty()) {
    warn_if_world_readable(c.client_secret_file);
    auto s = load_secret("Entra ID client secret", c.client_secret_env, c.client_secret_file);
    if (!s) {
      fail(s.error());
    }
    credential.client_secret = std::move(*s);
    credential.origin = c.client_secret_file.empty() ? "environment variable " + c.client_secret_env
                                                     : "file " + c.client_secret_file;
  } else {
    warn_if_world_readable(c.client_key);
    credential.certificate_file = c.client_certificate;
    credential.key_file = c.client_key;
    credential.origin = "certificate " + c.client_certificate;
  }
  if (!c.tls_verify) {
    fmt::print(stderr, "alignctl: WARNING: TLS certificate verification is OFF for {} and {}\n",
               c.authority, c.graph_url);
  }
  EntraTokenSource tokens(c, std::move(credential));
  EntraReader reader(c, tokens);
  auto r = reader.read_membership();
  if (!r) {
    fail(r.error());
  }
  return std::move(*r);
}

MembershipResult read_membership(const ExportOptions& o, const DirectoryConfig& c) {
  if (o.source == "entra") {
    return read_entra_membership(c);
  }
  if (o.source == "csv" || o.source == "ldif") {
    if (o.input.empty()) {
      throw Fatal(fmt::format("--source {} needs --input FILE", o.source), k_exit_usage);
    }
    auto r = o.source == "csv" ? read_csv_membership(o.input, c) : read_ldif_membership(o.input, c);
    if (!r) {
      fail(r.error());
    }
    return std::move(*r);
  }
  Secret password;
  if (c.bind == BindMethod::Simple) {
    warn_if_world_readable(c.password_file);
    auto s = load_secret("directory bind password", c.password_env, c.password_file);
    if (!s) {
      fail(s.error());
    }
    password = std::move(*s);
  }
  if (!c.tls_verify) {
    fmt::print(stderr,
               "alignctl: WARNING: TLS certificate verification is OFF for {} "
               "(--insecure-skip-tls-verify). Anyone on the network path can read the bind "
               "password and forge the directory's answers. Use --ca-file instead.\n",
               c.url);
  }
  auto session = connect_ldap(c.url, c, password);
  if (!session) {
    fail(session.error());
  }
  ReferralConnections referrals(**session, c, password);
  DirectoryReader reader(**session, c, referrals.opener());
  auto r = reader.read_membership();
  if (!r) {
    fail(r.error());
  }
  return std::move(*r);
}

std::optional<std::string> read_existing(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// The state in a desired-state file's bytes (nullopt = no file: no users).
DesiredState parse_existing(const std::optional<std::string>& text, const std::string& where,
                            const DirectoryConfig& config) {
  DesiredState state;
  state.key = config.key;
  if (!text) {
    return state;
  }
  auto parsed = read_desired_state(*text, where, config.key);
  if (!parsed.ok()) {
    throw Fatal(fmt::format("the existing {} is not a valid desired-state file ({}); fix or "
                            "remove it before exporting over it",
                            where, parsed.diagnostics.front().to_string()));
  }
  return std::move(parsed.state);
}

// Mapped attributes no member has, users without an email: warnings, or an
// error when directory.missing_email is error.
void report_data_problems(const ExportOptions& o, const DirectoryConfig& config,
                          const std::vector<MemberEntry>& members, const DesiredState& state) {
  // A CSV without a region column is common: the default mapping is no mistake.
  const bool csv_region_default = o.source == "csv" && o.region_attribute.empty() &&
                                  config.fields.at("region").attribute == "region";
  const std::vector<std::string> skip =
      csv_region_default ? std::vector<std::string>{"region"} : std::vector<std::string>{};
  for (const std::string& warning : unseen_attribute_warnings(members, config, skip)) {
    fmt::print(stderr, "alignctl: warning: {}\n", warning);
  }
  if (auto no_email = users_without_email(state); !no_email.empty()) {
    const std::string message = missing_email_message(no_email, config);
    if (config.missing_email == MissingEmail::Error) {
      throw Fatal(message + " (directory.missing_email: error)");
    }
    fmt::print(stderr, "alignctl: warning: {}\n", message);
  }
}

// How many names --check and the commit summary print per list.
constexpr std::size_t k_names_shown = 20;

// --check: 2 when users join, leave or change (naming them), else 0.
int report_check(const std::string& out, const ExportChange& change, bool content_changes,
                 bool header_differs) {
  if (content_changes) {
    fmt::print("{} would change: {}\n{}", out, export_change_summary(change),
               export_change_names(change, k_names_shown));
    return k_exit_changes;
  }
  fmt::print("{} is up to date ({} users{})\n", out, change.after,
             header_differs ? "; only its header differs, which is not rewritten" : "");
  return k_exit_ok;
}

CommitRequest commit_request(const ExportOptions& o) {
  CommitRequest req;
  req.file_path = o.out;
  req.branch = o.branch;
  if (!o.author_name.empty() || !o.author_email.empty()) {
    if (o.author_name.empty() || o.author_email.empty()) {
      throw Fatal("--author-name and --author-email go together", k_exit_usage);
    }
    req.author = GitIdentity{o.author_name, o.author_email};
  }
  return req;
}

int run_export(const ExportOptions& given) {
  ExportOptions o = given;
  if (o.source != "ldap" && o.source != "csv" && o.source != "ldif" && o.source != "entra") {
    throw Fatal("--source must be ldap, csv, ldif or entra", k_exit_usage);
  }
  if (o.check && o.commit) {
    throw Fatal("--check and --commit exclude each other", k_exit_usage);
  }
  DirectoryConfig config = resolve_config(o);
  if (config.type == DirectoryType::Entra && o.source == "ldap") {
    o.source = "entra";
  }
  // A commit that cannot happen (no repository, a bad branch, no identity)
  // must fail before anything is read or written.
  std::optional<CommitRequest> commit;
  std::optional<CommitBase> commit_base;
  if (o.commit) {
    commit = commit_request(o);
    auto base = prepare_commit(*commit);
    if (!base) {
      fail(base.error());
    }
    commit_base = std::move(*base);
  }
  MembershipResult membership = read_membership(o, config);
  if (!o.quiet) {
    for (const std::string& note : membership.notes) {
      fmt::print(stderr, "alignctl: note: {}\n", note);
    }
  }
  for (const std::string& warning : membership.warnings) {
    fmt::print(stderr, "alignctl: warning: {}\n", warning);
  }
  auto state = build_desired_state(membership.members, config, header_source(o, config));
  if (!state) {
    fail(state.error());
  }
  report_data_problems(o, config, membership.members, *state);
  const std::string text = render_desired_state(*state);

  // What the file on disk holds. Byte-identical to what this export renders:
  // reading it back gives this very state (the writer round-trips,
  // tests/fuzz), so it is neither parsed nor copied — the common case of a
  // scheduled --check over an unchanged directory.
  const auto existing = read_existing(o.out);
  DesiredState on_disk_parsed;
  const DesiredState* on_disk = &on_disk_parsed;
  if (existing && *existing == text) {
    on_disk = &*state;
  } else {
    on_disk_parsed = parse_existing(existing, o.out, config);
  }
  const ExportChange disk_change = compare_desired_states(*on_disk, *state);
  // What the export is measured against: with --commit the tip of the target
  // branch (the commit message describes the commit), else the file on disk.
  ExportChange change = disk_change;
  if (commit_base && commit_base->tip_content != existing) {
    const DesiredState tip =
        parse_existing(commit_base->tip_content,
                       fmt::format("{} at the tip of {}", o.out, commit_base->branch), config);
    change = compare_desired_states(tip, *state);
  }
  auto safe =
      check_export_safety(change, SafetyLimits{o.allow_empty, o.allow_shrink, config.max_shrink});
  if (!safe) {
    fail(safe.error());
  }
  // Only users are content: a file whose users are unchanged is neither
  // rewritten nor committed, whatever its header says.
  const bool content_changes = !existing || !disk_change.empty();
  if (o.check) {
    return report_check(o.out, disk_change, content_changes, existing && *existing != text);
  }
  if (content_changes) {
    auto w = write_file_atomically(o.out, text, 0644);
    if (!w) {
      fail(w.error());
    }
  }
  if (!o.quiet) {
    fmt::print(stderr, "alignctl: {} {}: {}\n", content_changes ? "wrote" : "unchanged", o.out,
               export_change_summary(disk_change));
  }
  if (commit) {
    if (commit_base->tip_content && change.empty()) {
      fmt::print("nothing to commit: the users in {} are unchanged on {}\n", o.out,
                 commit_base->branch);
      return k_exit_ok;
    }
    commit->message = export_commit_message(change, describe_source(o, config));
    auto committed = commit_file(*commit);
    if (!committed) {
      fail(committed.error());
    }
    if (committed->committed) {
      fmt::print("committed {} on {}: {}\n{}", committed->commit_id.substr(0, 12),
                 committed->branch, export_change_summary(change),
                 export_change_names(change, k_names_shown));
    } else {
      fmt::print("nothing to commit: {} is unchanged on {}\n", o.out, committed->branch);
    }
  }
  return k_exit_ok;
}

void add_export_options(CLI::App& app, ExportOptions& o) {
  app.add_option("--policy", o.policy,
                 "Policy file whose 'directory:' section configures the export");
  app.add_option("--source", o.source,
                 "ldap (default; entra when the policy's type is entra), entra, csv or ldif");
  app.add_option("--input", o.input, "The CSV or LDIF file (file sources)");
  app.add_option("--out,-o", o.out, "Desired-state file to write (default users.yaml)");
  for (const FlagOption& f : k_flag_options) {
    app.add_option(f.cli_names != nullptr ? f.cli_names : f.flag, o.*f.value, f.help);
  }
  app.add_option("--password-env", o.password_env,
                 "Environment variable holding the bind password (default ALIGNCTL_LDAP_PASSWORD)");
  app.add_option("--password-file", o.password_file, "File holding the bind password");
  app.add_option("--group", o.groups, "Group DN or cn (repeatable; members are the union)");
  app.add_flag("--starttls", o.starttls, "Upgrade ldap:// with StartTLS");
  app.add_flag("--insecure-skip-tls-verify", o.insecure, "Do not verify the server certificate");
  app.add_option("--region-attribute", o.region_attribute, "Attribute giving the region");
  app.add_option("--client-secret-env", o.client_secret_env,
                 "Entra ID: variable holding the client secret (default "
                 "ALIGNCTL_ENTRA_CLIENT_SECRET)");
  app.add_option("--client-secret-file", o.client_secret_file,
                 "Entra ID: file holding the client secret");
  app.add_flag("--allow-empty", o.allow_empty, "Write an export with no users");
  app.add_flag("--allow-shrink", o.allow_shrink, "Write even when more than max-shrink leave");
  app.add_flag("--check", o.check,
               "Write nothing; exit 2 when the file would change (0: up to date)");
  app.add_flag("--commit", o.commit, "Commit the file with git (libgit2)");
  app.add_option("--branch", o.branch, "Commit to this branch (created at HEAD when missing)");
  app.add_option("--author-name", o.author_name,
                 "Commit author (else GIT_AUTHOR_NAME / git config)");
  app.add_option("--author-email", o.author_email, "Commit author email");
  app.add_flag("--quiet,-q", o.quiet, "No notes or summary on stderr");
}

} // namespace

Command make_export_command() {
  return make_command<ExportOptions>(
      "export",
      "Export directory group membership (AD/LDAP, Entra ID, CSV, LDIF) to the desired-state file",
      add_export_options, run_export);
}

} // namespace alignctl
