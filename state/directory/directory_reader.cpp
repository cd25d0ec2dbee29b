#include "state/directory/directory_reader.hpp"

#include "state/directory/dn.hpp"
#include "state/directory/ldap_filter.hpp"
#include "state/directory/ldap_url.hpp"
#include "state/util/enum_names.hpp"
#include "state/util/input_limits.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace alignctl {
namespace {

constexpr EnumName<SearchScope> k_scope_names[] = {
    {SearchScope::Base, "base"}, {SearchScope::OneLevel, "one"}, {SearchScope::Subtree, "sub"}};
static_assert(lists_every_value(k_scope_names, SearchScope::Subtree),
              "every SearchScope needs a name");

std::string_view scope_name(SearchScope s) {
  return name_of(k_scope_names, s, "sub");
}

std::string describe(const SearchRequest& r, const std::string& url) {
  return fmt::format("searching '{}' (scope {}) for {} on {}", r.base, scope_name(r.scope),
                     r.filter, url);
}

Error wrap(const Error& e, const std::string& context) {
  return make_error(e.kind, context + ": " + e.message);
}

constexpr int k_max_referral_depth = 5;

} // namespace

DirectoryReader::DirectoryReader(LdapSession& session, const DirectoryConfig& config,
                                 ReferralOpener opener)
    : m_session(session), m_config(config), m_opener(std::move(opener)) {}

std::vector<std::string> DirectoryReader::user_attributes() const {
  std::vector<std::string> attrs;
  for (const std::string& field : k_desired_fields) {
    auto it = m_config.fields.find(field);
    if (it == m_config.fields.end() || it->second.attribute.empty()) {
      continue;
    }
    if (std::find(attrs.begin(), attrs.end(), it->second.attribute) == attrs.end()) {
      attrs.push_back(it->second.attribute);
    }
  }
  const std::string& fallback = m_config.email_fallback;
  if (!fallback.empty() && std::find(attrs.begin(), attrs.end(), fallback) == attrs.end()) {
    attrs.push_back(fallback);
  }
  if (attrs.empty()) {
    attrs.push_back("1.1");
  }
  return attrs;
}

Result<void>
DirectoryReader::search_one_server(LdapSession& session, const SearchRequest& request,
                                   const std::function<void(DirectoryEntry&&)>& on_entry, int depth,
                                   std::vector<std::string>& pending) {
  std::string cookie;
  std::size_t count = 0;
  int pages = 0;
  while (true) {
    auto page = session.search(request, cookie);
    if (!page) {
      return wrap(page.error(), describe(request, session.url()) +
                                    (pages > 0 ? fmt::format(" (page {})", pages + 1) : ""));
    }
    ++pages;
    for (DirectoryEntry& e : page->entries) {
      on_entry(std::move(e));
      ++count;
    }
    for (std::string& r : page->references) {
      pending.push_back(std::move(r));
    }
    const std::string diag = page->diagnostic.empty() ? "" : ": " + page->diagnostic;
    if (page->result_code == k_ldap_referral) {
      if (page->referrals.empty()) {
        return make_error(ErrorKind::Protocol,
                          fmt::format("{}: the server answered with a referral (10) but gave no "
                                      "URL{}",
                                      describe(request, session.url()), diag));
      }
      for (std::string& r : page->referrals) {
        pending.push_back(std::move(r));
      }
      break;
    }
    if (page->result_code == k_ldap_size_limit_exceeded) {
      return make_error(
          ErrorKind::Protocol,
          fmt::format("{}: {} ({}) after {} entries{} — the result is incomplete; {}",
                      describe(request, session.url()), page->result_text, page->result_code, count,
                      diag,
                      request.page_size > 0
                          ? "the server limits results below the page size: lower page_size"
                          : "the server stopped an unpaged search: set a page_size"));
    }
    if (page->result_code != k_ldap_success) {
      return make_error(ErrorKind::Protocol,
                        fmt::format("{}: {} ({}){}", describe(request, session.url()),
                                    page->result_text, page->result_code, diag));
    }
    if (request.page_size > 0 && !page->cookie.empty()) {
      cookie = page->cookie;
      continue;
    }
    break;
  }
  (void)depth;
  return {};
}

Result<void>
DirectoryReader::follow_references(const SearchRequest& request, std::vector<std::string> urls,
                                   const std::function<void(DirectoryEntry&&)>& on_entry,
                                   int depth) {
  if (urls.empty()) {
    return {};
  }
  if (m_config.referrals != ReferralMode::Follow) {
    return make_error(
        ErrorKind::Protocol,
        fmt::format("{}: the server returned a referral to {}{} — refusing an "
                    "incomplete result (directory.referrals is 'error'; set it to "
                    "'follow', or narrow base_dn)",
                    describe(request, m_session.url()), urls.front(),
                    urls.size() > 1 ? fmt::format(" and {} more", urls.size() - 1) : ""));
  }
  if (depth >= k_max_referral_depth) {
    return make_error(ErrorKind::Protocol,
                      fmt::format("{}: referrals nested more than {} deep (last: {}) — a referral "
                                  "loop?",
                                  describe(request, m_session.url()), k_max_referral_depth,
                                  urls.front()));
  }
  std::sort(urls.begin(), urls.end());
  urls.erase(std::unique(urls.begin(), urls.end()), urls.end());
  for (const std::string& url : urls) {
    auto parsed = parse_ldap_url(url);
    if (!parsed) {
      return wrap(parsed.error(),
                  "following a referral returned while " + describe(request, m_session.url()));
    }
    if (!m_opener) {
      return make_error(ErrorKind::Protocol,
                        fmt::format("{}: the server returned a referral to {} and no way to follow "
                                    "it is configured",
                                    describe(request, m_session.url()), url));
    }
    auto session = m_opener(url);
    if (!session) {
      return wrap(session.error(), "following the referral to " + url);
    }
    SearchRequest next = request;
    if (!parsed->dn.empty()) {
      next.base = parsed->dn;
    }
    std::vector<std::string> more;
    auto r = search_one_server(**session, next, on_entry, depth + 1, more);
    if (!r) {
      return wrap(r.error(), "following the referral to " + url);
    }
    m_notes.push_back(fmt::format("followed referral to {}", url));
    auto f = follow_references(next, std::move(more), on_entry, depth + 1);
    if (!f) {
      return f;
    }
  }
  return {};
}

Result<void> DirectoryReader::search_all(const SearchRequest& request,
                                         const std::function<void(DirectoryEntry&&)>& on_entry) {
  std::vector<std::string> pending;
  auto r = search_one_server(m_session, request, on_entry, 0, pending);
  if (!r) {
    return r;
  }
  return follow_references(request, std::move(pending), on_entry, 0);
}

Result<std::vector<std::string>> DirectoryReader::read_members(const std::string& dn) {
  std::vector<std::string> values;
  const int step = m_config.range_size;
  bool asking_ranges = step > 0;
  long low = 0;
  std::string attr = asking_ranges ? fmt::format("member;range=0-{}", step - 1) : "member";
  const std::string context = fmt::format("reading the members of '{}'", dn);
  int ranges = 0; // answers that came as member;range=
  for (int round = 0;; ++round) {
    SearchRequest req{dn, SearchScope::Base, "(objectClass=*)", {attr}, 0};
    std::vector<DirectoryEntry> got;
    auto r = search_all(req, [&](DirectoryEntry&& e) { got.push_back(std::move(e)); });
    if (!r) {
      return wrap(r.error(), context);
    }
    if (got.empty()) {
      return make_error(ErrorKind::Protocol,
                        fmt::format("{}: the server returned no entry for it", context));
    }
    DirectoryEntry& e = got.front();
    const std::vector<std::string>* ranged = nullptr;
    std::string spec;
    for (const auto& [name, vals] : e.attributes) {
      if (name.rfind("member;range=", 0) == 0) {
        ranged = &vals;
        spec = name.substr(13);
      }
    }
    if (ranged != nullptr) {
      std::size_t dash = spec.find('-');
      long lo = -1;
      long hi = -1;
      bool last = false;
      try {
        lo = std::stol(spec.substr(0, dash));
        std::string h = dash == std::string::npos ? "" : spec.substr(dash + 1);
        last = h == "*";
        hi = last ? -1 : std::stol(h);
      } catch (const std::exception&) {
        return make_error(ErrorKind::Protocol,
                          fmt::format("{}: cannot parse the range 'member;range={}' the server "
                                      "returned",
                                      context, spec));
      }
      if (lo != low || (!last && hi < lo)) {
        return make_error(ErrorKind::Protocol,
                          fmt::format("{}: asked for values from {} but the server returned "
                                      "'member;range={}'",
                                      context, low, spec));
      }
      values.insert(values.end(), ranged->begin(), ranged->end());
      ++ranges;
      if (last) {
        break;
      }
      low = hi + 1;
      attr = asking_ranges ? fmt::format("member;range={}-{}", low, low + step - 1)
                           : fmt::format("member;range={}-*", low);
      continue;
    }
    if (e.has("member")) {
      if (low != 0) {
        return make_error(ErrorKind::Protocol,
                          fmt::format("{}: the server switched from ranged to plain values after "
                                      "{} values",
                                      context, low));
      }
      const auto& v = e.values("member");
      values.insert(values.end(), v.begin(), v.end());
      break;
    }
    if (low > 0) {
      return make_error(ErrorKind::Protocol,
                        fmt::format("{}: range retrieval stopped after {} values without a final "
                                    "range ('*')",
                                    context, low));
    }
    if (asking_ranges && round == 0) {
      // No value at all for a range request: either an empty group or a
      // server without range retrieval (OpenLDAP answers such requests with
      // nothing). A plain read tells them apart.
      asking_ranges = false;
      attr = "member";
      continue;
    }
    break; // an empty group
  }
  if (ranges > 1) {
    m_notes.push_back(fmt::format("read the {} members of '{}' in {} ranges (member;range=)",
                                  values.size(), dn, ranges));
  }
  return values;
}

Result<DirectoryReader::Group> DirectoryReader::resolve_group(const std::string& configured) {
  std::vector<DirectoryEntry> found;
  auto collect = [&](DirectoryEntry&& e) { found.push_back(std::move(e)); };
  if (configured.find('=') != std::string::npos) {
    auto parsed = parse_dn(configured);
    if (!parsed) {
      return make_error(ErrorKind::Config,
                        fmt::format("configured group: {}", parsed.error().message));
    }
    SearchRequest req{configured, SearchScope::Base, "(objectClass=*)", {"cn"}, 0};
    auto r = search_all(req, collect);
    if (!r) {
      return wrap(r.error(), fmt::format("reading the configured group '{}'", configured));
    }
    if (found.empty()) {
      return make_error(
          ErrorKind::Config,
          fmt::format("the configured group '{}' was not returned by the server", configured));
    }
    std::string name = trim(found.front().first("cn"));
    return Group{found.front().dn.empty() ? configured : found.front().dn,
                 name.empty() ? dn_leaf_value(configured) : name};
  }
  const std::string filter =
      filter_and({m_config.group_filter, "(cn=" + escape_filter_value(configured) + ")"});
  SearchRequest req{m_config.base_dn, SearchScope::Subtree, filter, {"cn"}, m_config.page_size};
  auto r = search_all(req, collect);
  if (!r) {
    return wrap(r.error(), fmt::format("looking up the group named '{}'", configured));
  }
  if (found.empty()) {
    return make_error(ErrorKind::Config, fmt::format("no group named '{}' under '{}' (filter {})",
                                                     configured, m_config.base_dn, filter));
  }
  if (found.size() > 1) {
    return make_error(ErrorKind::Config,
                      fmt::format("{} groups are named '{}' under '{}' ({} and {}): configure the "
                                  "group by its DN",
                                  found.size(), configured, m_config.base_dn, found[0].dn,
                                  found[1].dn));
  }
  std::string name = trim(found.front().first("cn"));
  return Group{found.front().dn, name.empty() ? configured : name};
}

std::string DirectoryReader::enabled_users_filter(const std::string& membership_filter) const {
  std::string not_disabled;
  if (!m_config.disabled_filter.empty() && m_config.disabled_filter != "none") {
    not_disabled = "(!" + m_config.disabled_filter + ")";
  }
  return filter_and({m_config.user_filter, membership_filter, not_disabled});
}

Result<std::vector<std::string>>
DirectoryReader::expand_recursive(const Group& group, std::vector<std::string>& notes) {
  std::unordered_set<std::string> group_dns;
  SearchRequest groups_req{
      m_config.base_dn, SearchScope::Subtree, m_config.group_filter, {"1.1"}, m_config.page_size};
  auto r =
      search_all(groups_req, [&](DirectoryEntry&& e) { group_dns.insert(normalize_dn(e.dn)); });
  if (!r) {
    return wrap(r.error(), "listing groups to expand nested membership");
  }
  group_dns.insert(normalize_dn(group.dn));

  std::vector<std::string> users;
  std::unordered_set<std::string> seen_users;
  std::set<std::string> done;
  std::vector<std::string> path;     // normalised DNs on the current path
  std::vector<std::string> path_raw; // as written, for messages
  std::function<Result<void>(const std::string&)> visit =
      [&](const std::string& dn) -> Result<void> {
    const std::string n = normalize_dn(dn);
    auto on_path = std::find(path.begin(), path.end(), n);
    if (on_path != path.end()) {
      std::string cycle;
      for (auto it = path_raw.begin() + (on_path - path.begin()); it != path_raw.end(); ++it) {
        cycle += dn_leaf_value(*it) + " → ";
      }
      notes.push_back(fmt::format("group cycle ignored: {}{}", cycle, dn_leaf_value(dn)));
      return {};
    }
    if (done.count(n) != 0) {
      return {};
    }
    if (path.size() >= k_max_group_nesting) { // bounded recursion, and a sign of a broken tree
      return make_error(ErrorKind::Protocol,
                        fmt::format("groups nested more than {} deep under '{}' (at '{}'); "
                                    "refusing to expand further",
                                    k_max_group_nesting, group.dn, dn));
    }
    path.push_back(n);
    path_raw.push_back(dn);
    auto members = read_members(dn);
    if (!members) {
      return members.error();
    }
    for (const std::string& m : *members) {
      const std::string nm = normalize_dn(m);
      if (group_dns.count(nm) != 0) {
        auto v = visit(m);
        if (!v) {
          return v;
        }
      } else if (seen_users.insert(nm).second) {
        users.push_back(nm);
      }
    }
    path.pop_back();
    path_raw.pop_back();
    done.insert(n);
    return {};
  };
  auto v = visit(group.dn);
  if (!v) {
    return v.error();
  }
  return users;
}

std::string empty_group_warning(const std::string& group, bool active_directory) {
  std::string w = fmt::format("group '{}' gave no users", group);
  if (active_directory) {
    w += "; Active Directory does not list a user in the `member` attribute of the user's "
         "primary group (primaryGroupID, e.g. Domain Users), so such a group looks empty over "
         "LDAP: export a group that has its users as members";
  }
  return w;
}

Result<MembershipResult> DirectoryReader::read_membership() {
  MembershipResult result;
  std::unordered_map<std::string, std::size_t> by_dn;
  for (const std::string& configured : m_config.groups) {
    auto group = resolve_group(configured);
    if (!group) {
      return group.error();
    }
    const std::string group_name = group->name;
    std::size_t added = 0;
    auto add = [&](DirectoryEntry&& e) {
      ++added;
      // Entries come from the servers' own answers, which spell an entry's DN
      // the same way every time: folding case is enough to spot one entry met
      // through two groups (full DN parsing here cost 5 % of a large export).
      std::string n = fold_case(e.dn);
      auto it = by_dn.find(n);
      if (it == by_dn.end()) {
        by_dn.emplace(std::move(n), result.members.size());
        result.members.push_back(MemberEntry{std::move(e), {group_name}});
      } else {
        auto& groups = result.members[it->second].groups;
        if (std::find(groups.begin(), groups.end(), group_name) == groups.end()) {
          groups.push_back(group_name);
        }
      }
    };
    const std::string escaped_dn = escape_filter_value(group->dn);
    if (m_config.nested == NestedMode::InChain || m_config.nested == NestedMode::None) {
      const std::string membership = m_config.nested == NestedMode::InChain
                                         ? "(memberOf:1.2.840.113556.1.4.1941:=" + escaped_dn + ")"
                                         : "(memberOf=" + escaped_dn + ")";
      SearchRequest req{m_config.base_dn, SearchScope::Subtree, enabled_users_filter(membership),
                        user_attributes(), m_config.page_size};
      auto r = search_all(req, add);
      if (!r) {
        return wrap(r.error(), fmt::format("reading the members of '{}'", group->dn));
      }
      if (added == 0) {
        result.warnings.push_back(
            empty_group_warning(group->dn, m_config.type == DirectoryType::ActiveDirectory));
      }
      continue;
    }
    auto dns = expand_recursive(*group, result.notes);
    if (!dns) {
      return dns.error();
    }
    std::unordered_set<std::string> wanted(dns->begin(), dns->end());
    std::size_t matched = 0;
    SearchRequest req{m_config.base_dn, SearchScope::Subtree, enabled_users_filter(""),
                      user_attributes(), m_config.page_size};
    auto r = search_all(req, [&](DirectoryEntry&& e) {
      if (wanted.count(normalize_dn(e.dn)) != 0) {
        ++matched;
        add(std::move(e));
      }
    });
    if (!r) {
      return wrap(r.error(), fmt::format("reading the members of '{}'", group->dn));
    }
    if (matched < wanted.size()) {
      result.notes.push_back(fmt::format(
          "{}: {} of {} member entries are not enabled users under '{}' (disabled, not users, or "
          "elsewhere) and were left out",
          group_name, wanted.size() - matched, wanted.size(), m_config.base_dn));
    }
    if (added == 0) {
      result.warnings.push_back(
          empty_group_warning(group->dn, m_config.type == DirectoryType::ActiveDirectory));
    }
  }
  for (const std::string& note : m_notes) { // each referral once, however many searches met it
    if (std::find(result.notes.begin(), result.notes.end(), note) == result.notes.end()) {
      result.notes.push_back(note);
    }
  }
  return result;
}

} // namespace alignctl
