// DirectoryReader against a fake LdapSession playing servers that behave the
// way real ones do when they are large or odd: AD answering `member` with
// `member;range=0-1499` unasked, a server stopping an unpaged search with
// sizeLimitExceeded, referrals, nested groups with a cycle.
#include "state/directory/directory_reader.hpp"
#include "state/directory/dn.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>
#include <functional>
#include <map>

using namespace alignctl;

namespace {

class FakeSession : public LdapSession {
public:
  using Handler = std::function<SearchPage(const SearchRequest&, const std::string& cookie)>;
  explicit FakeSession(Handler h, std::string url = "ldap://fake")
      : m_handler(std::move(h)), m_url(std::move(url)) {}
  Result<SearchPage> search(const SearchRequest& r, const std::string& cookie) override {
    requests.push_back(r);
    cookies.push_back(cookie);
    return m_handler(r, cookie);
  }
  std::string url() const override { return m_url; }
  std::vector<SearchRequest> requests;
  std::vector<std::string> cookies;

private:
  Handler m_handler;
  std::string m_url;
};

DirectoryEntry entry(std::string dn, std::map<std::string, std::vector<std::string>> attrs) {
  DirectoryEntry e;
  e.dn = std::move(dn);
  for (auto& [k, vs] : attrs) {
    for (auto& v : vs) {
      e.add(k, v);
    }
  }
  return e;
}

DirectoryConfig config(DirectoryType type) {
  DirectoryConfig c;
  c.type = type;
  c.url = "ldap://fake";
  c.base_dn = "dc=x";
  c.groups = {"cn=g,dc=x"};
  REQUIRE(finalize_directory_config(c, false).ok());
  return c;
}

std::vector<std::string> member_dns(int from, int to) {
  std::vector<std::string> v;
  for (int i = from; i <= to; ++i) {
    v.push_back(fmt::format("cn=u{},dc=x", i));
  }
  return v;
}

} // namespace

TEST_CASE("a member attribute returned as member range= unasked is read to the end",
          "[export][reader]") {
  DirectoryConfig c = config(DirectoryType::Generic);
  c.range_size = 0; // the client does not ask for ranges
  FakeSession s([](const SearchRequest& r, const std::string&) {
    SearchPage p;
    const std::string attr = r.attributes.at(0);
    if (attr == "member") {
      p.entries.push_back(
          entry("cn=g,dc=x", {{"member;range=0-1499", member_dns(0, 1499)}, {"member", {}}}));
    } else if (attr == "member;range=1500-*") {
      p.entries.push_back(entry("cn=g,dc=x", {{"member;range=1500-2999", member_dns(1500, 2999)}}));
    } else if (attr == "member;range=3000-*") {
      p.entries.push_back(entry("cn=g,dc=x", {{"member;range=3000-*", member_dns(3000, 3100)}}));
    }
    return p;
  });
  DirectoryReader reader(s, c);
  auto members = reader.read_members("cn=g,dc=x");
  REQUIRE(members.ok());
  CHECK(members->size() == 3101);
  CHECK(members->front() == "cn=u0,dc=x");
  CHECK(members->back() == "cn=u3100,dc=x");
  REQUIRE(s.requests.size() == 3);
  CHECK(s.requests[1].attributes.at(0) == "member;range=1500-*");
}

TEST_CASE("the client asks for ranges and falls back when the server ignores them",
          "[export][reader]") {
  DirectoryConfig c = config(DirectoryType::ActiveDirectory);
  REQUIRE(c.range_size == 1500);
  SECTION("AD-like: ranges honoured") {
    FakeSession s([](const SearchRequest& r, const std::string&) {
      SearchPage p;
      const std::string attr = r.attributes.at(0);
      if (attr == "member;range=0-1499") {
        p.entries.push_back(entry("cn=g,dc=x", {{"member;range=0-1499", member_dns(0, 1499)}}));
      } else if (attr == "member;range=1500-2999") {
        p.entries.push_back(entry("cn=g,dc=x", {{"member;range=1500-*", member_dns(1500, 1999)}}));
      }
      return p;
    });
    DirectoryReader reader(s, c);
    auto members = reader.read_members("cn=g,dc=x");
    REQUIRE(members.ok());
    CHECK(members->size() == 2000);
  }
  SECTION("OpenLDAP-like: a range request returns nothing, a plain read returns all") {
    FakeSession s([](const SearchRequest& r, const std::string&) {
      SearchPage p;
      if (r.attributes.at(0) == "member") {
        p.entries.push_back(entry("cn=g,dc=x", {{"member", member_dns(0, 9)}}));
      } else {
        p.entries.push_back(entry("cn=g,dc=x", {}));
      }
      return p;
    });
    DirectoryReader reader(s, c);
    auto members = reader.read_members("cn=g,dc=x");
    REQUIRE(members.ok());
    CHECK(members->size() == 10);
  }
  SECTION("a range that does not continue where asked is an error") {
    FakeSession s([](const SearchRequest& r, const std::string&) {
      SearchPage p;
      if (r.attributes.at(0) == "member;range=0-1499") {
        p.entries.push_back(entry("cn=g,dc=x", {{"member;range=0-1499", member_dns(0, 1499)}}));
      } else {
        p.entries.push_back(entry("cn=g,dc=x", {{"member;range=1400-*", member_dns(0, 1)}}));
      }
      return p;
    });
    DirectoryReader reader(s, c);
    auto members = reader.read_members("cn=g,dc=x");
    REQUIRE_FALSE(members.ok());
    CHECK(members.error().message == "reading the members of 'cn=g,dc=x': asked for values from "
                                     "1500 but the server returned 'member;range=1400-*'");
  }
}

TEST_CASE("sizeLimitExceeded without paging fails the whole read", "[export][reader]") {
  DirectoryConfig c = config(DirectoryType::ActiveDirectory);
  FakeSession s([](const SearchRequest& r, const std::string&) {
    SearchPage p;
    if (r.scope == SearchScope::Base) {
      p.entries.push_back(entry("cn=g,dc=x", {{"cn", {"g"}}}));
      return p;
    }
    for (int i = 0; i < 1000; ++i) {
      p.entries.push_back(
          entry(fmt::format("cn=u{},dc=x", i), {{"sAMAccountName", {fmt::format("u{}", i)}}}));
    }
    p.result_code = k_ldap_size_limit_exceeded;
    p.result_text = "Size limit exceeded";
    return p; // no paged-results control: the server ignored paging
  });
  DirectoryReader reader(s, c);
  auto r = reader.read_membership();
  REQUIRE_FALSE(r.ok());
  CHECK(
      r.error().message ==
      "reading the members of 'cn=g,dc=x': searching 'dc=x' (scope sub) for "
      "(&(&(objectCategory=person)(objectClass=user))(memberOf:1.2.840.113556.1.4.1941:=cn=g,dc=x)"
      "(!(userAccountControl:1.2.840.113556.1.4.803:=2))) on ldap://fake: Size limit exceeded (4) "
      "after 1000 entries — the result is incomplete; the server limits results below the page "
      "size: lower page_size");
}

TEST_CASE("paged results are read page by page with the cookie", "[export][reader]") {
  DirectoryConfig c = config(DirectoryType::ActiveDirectory);
  c.page_size = 2;
  FakeSession s([](const SearchRequest& r, const std::string& cookie) {
    SearchPage p;
    p.paged = true;
    if (r.scope == SearchScope::Base) {
      p.entries.push_back(entry("cn=g,dc=x", {{"cn", {"Jira Users"}}}));
      return p;
    }
    int start = cookie.empty() ? 0 : std::stoi(cookie);
    for (int i = start; i < start + 2 && i < 5; ++i) {
      p.entries.push_back(
          entry(fmt::format("cn=u{},dc=x", i), {{"sAMAccountName", {fmt::format("u{}", i)}}}));
    }
    if (start + 2 < 5) {
      p.cookie = std::to_string(start + 2);
    }
    return p;
  });
  DirectoryReader reader(s, c);
  auto r = reader.read_membership();
  REQUIRE(r.ok());
  CHECK(r->members.size() == 5);
  CHECK(r->members[4].groups == std::vector<std::string>{"Jira Users"});
  CHECK(s.cookies == std::vector<std::string>{"", "", "2", "4"});
  CHECK(s.requests[1].page_size == 2);
}

TEST_CASE("referrals are followed or refused, never dropped", "[export][reader]") {
  auto handler = [](const SearchRequest& r, const std::string&) {
    SearchPage p;
    if (r.scope == SearchScope::Base) {
      p.entries.push_back(entry("cn=g,dc=x", {{"cn", {"g"}}}));
      return p;
    }
    if (r.base == "dc=x") {
      p.entries.push_back(entry("cn=u1,dc=x", {{"sAMAccountName", {"u1"}}}));
      p.references.push_back("ldap://other.example.com/ou=far,dc=x");
    } else if (r.base == "ou=far,dc=x") {
      p.entries.push_back(entry("cn=u2,ou=far,dc=x", {{"sAMAccountName", {"u2"}}}));
    }
    return p;
  };
  SECTION("error mode") {
    DirectoryConfig c = config(DirectoryType::ActiveDirectory);
    c.referrals = ReferralMode::Error;
    FakeSession s(handler);
    DirectoryReader reader(s, c);
    auto r = reader.read_membership();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("the server returned a referral to "
                                 "ldap://other.example.com/ou=far,dc=x — refusing an incomplete "
                                 "result") != std::string::npos);
  }
  SECTION("follow mode") {
    DirectoryConfig c = config(DirectoryType::ActiveDirectory);
    FakeSession s(handler);
    FakeSession other(handler, "ldap://other.example.com");
    std::vector<std::string> opened;
    DirectoryReader reader(s, c, [&](const std::string& url) -> Result<LdapSession*> {
      opened.push_back(url);
      return &other;
    });
    auto r = reader.read_membership();
    REQUIRE(r.ok());
    REQUIRE(r->members.size() == 2);
    CHECK(r->members[1].entry.dn == "cn=u2,ou=far,dc=x");
    CHECK(opened == std::vector<std::string>{"ldap://other.example.com/ou=far,dc=x"});
    REQUIRE(other.requests.size() == 1);
    CHECK(other.requests[0].base == "ou=far,dc=x");
  }
}

TEST_CASE("client-side recursion expands nesting and survives a cycle", "[export][reader]") {
  DirectoryConfig c = config(DirectoryType::Generic);
  c.groups = {"cn=top,dc=x"};
  // top → {a, mid}; mid → {b, leaf}; leaf → {c, top (cycle)}; users a, b, c, d (d in no group)
  std::map<std::string, std::vector<std::string>> members = {
      {"cn=top,dc=x", {"uid=a,dc=x", "CN=Mid,DC=x"}},
      {"cn=mid,dc=x", {"uid=b,dc=x", "cn=leaf,dc=x"}},
      {"cn=leaf,dc=x", {"uid=c,dc=x", "cn=top,dc=x"}},
  };
  FakeSession s([&](const SearchRequest& r, const std::string&) {
    SearchPage p;
    if (r.scope == SearchScope::Base && r.attributes.at(0) == "cn") {
      p.entries.push_back(entry("cn=top,dc=x", {{"cn", {"top"}}}));
    } else if (r.scope == SearchScope::Base) {
      auto it = members.find(normalize_dn(r.base));
      p.entries.push_back(entry(r.base, {{"member", it->second}}));
    } else if (r.filter.find("groupOfNames") != std::string::npos) {
      for (const auto& [dn, m] : members) {
        p.entries.push_back(entry(dn, {}));
      }
    } else {
      for (const char* u : {"a", "b", "c", "d"}) {
        p.entries.push_back(entry(fmt::format("uid={},dc=x", u), {{"uid", {u}}}));
      }
    }
    return p;
  });
  DirectoryReader reader(s, c);
  auto r = reader.read_membership();
  REQUIRE(r.ok());
  std::vector<std::string> got;
  for (const auto& m : r->members) {
    got.push_back(m.entry.first("uid"));
    CHECK(m.groups == std::vector<std::string>{"top"});
  }
  CHECK(got == std::vector<std::string>{"a", "b", "c"});
  REQUIRE_FALSE(r->notes.empty());
  CHECK(r->notes.front() == "group cycle ignored: top → Mid → leaf → top");
}

TEST_CASE("client-side recursion refuses groups nested deeper than the limit", "[export][reader]") {
  DirectoryConfig c = config(DirectoryType::Generic);
  c.groups = {"cn=g0,dc=x"};
  // g0 → g1 → … → g150, a chain far deeper than any real directory's.
  const int depth = 150;
  FakeSession s([&](const SearchRequest& r, const std::string&) {
    SearchPage p;
    if (r.scope == SearchScope::Base && r.attributes.at(0) == "cn") {
      p.entries.push_back(entry("cn=g0,dc=x", {{"cn", {"g0"}}}));
    } else if (r.scope == SearchScope::Base) {
      const int n = std::stoi(r.base.substr(4, r.base.find(',') - 4));
      p.entries.push_back(entry(
          r.base, {{"member", {n < depth ? fmt::format("cn=g{},dc=x", n + 1) : "uid=a,dc=x"}}}));
    } else if (r.filter.find("groupOfNames") != std::string::npos) {
      for (int i = 0; i <= depth; ++i) {
        p.entries.push_back(entry(fmt::format("cn=g{},dc=x", i), {}));
      }
    }
    return p;
  });
  DirectoryReader reader(s, c);
  auto r = reader.read_membership();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("groups nested more than 100 deep under 'cn=g0,dc=x' (at "
                               "'cn=g100,dc=x'); refusing to expand further") != std::string::npos);
}
