// The libldap session's read-ahead against a real slapd with forced paging:
// when a page ends with a cookie the next page is asked for at once, so these
// tests check that the pages still come exactly once and in order, that a
// search between two pages keeps its answers apart, and that a restarted
// search abandons its read-ahead.
#include "state/directory/ldap_connection.hpp"
#include "tests/support/slapd_fixture.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>
#include <set>

using namespace alignctl;
using namespace alignctl::test;

namespace {

void load_people(SlapdServer& s, int n) {
  std::string ldif;
  for (int i = 0; i < n; ++i) {
    ldif += fmt::format("dn: uid=p{0:04},ou=People,dc=example,dc=com\nobjectClass: inetOrgPerson\n"
                        "uid: p{0:04}\ncn: Person {0}\nsn: {0}\n\n",
                        i);
  }
  s.add(ldif);
}

std::unique_ptr<LdapSession> connect_reader(const SlapdServer& s) {
  DirectoryConfig c;
  c.bind = BindMethod::Simple;
  c.bind_dn = SlapdServer::reader_dn();
  auto session = connect_ldap(s.url(), c, Secret(SlapdServer::reader_password()));
  REQUIRE(session);
  return std::move(*session);
}

SearchRequest people(int page_size) {
  return SearchRequest{"ou=People,dc=example,dc=com",
                       SearchScope::OneLevel,
                       "(objectClass=inetOrgPerson)",
                       {"uid"},
                       page_size};
}

struct Pages {
  std::vector<std::size_t> sizes;
  std::vector<std::string> uids; // in the order received
};

// Reads every page of `request`, starting after `cookie`.
Pages read_all(LdapSession& session, const SearchRequest& request, std::string cookie = "") {
  Pages out;
  for (int guard = 0; guard < 100; ++guard) {
    auto page = session.search(request, cookie);
    REQUIRE(page);
    INFO("page size " << request.page_size << ", page " << out.sizes.size() + 1 << ": "
                      << page->result_text << " " << page->diagnostic);
    REQUIRE(page->result_code == k_ldap_success);
    out.sizes.push_back(page->entries.size());
    for (const DirectoryEntry& e : page->entries) {
      out.uids.push_back(e.first("uid"));
    }
    if (page->cookie.empty()) {
      return out;
    }
    cookie = page->cookie;
  }
  FAIL("more than 100 pages");
  return out;
}

std::set<std::string> distinct(const std::vector<std::string>& v) {
  return {v.begin(), v.end()};
}

} // namespace

TEST_CASE("slapd read-ahead: every page exactly once, in the server's order",
          "[integration][export][slapd]") {
  SlapdOptions options;
  options.forced_paging = true; // a search without paging stops at 1,000
  SlapdServer s(options);
  load_people(s, 1500);
  auto session = connect_reader(s);

  const Pages paged = read_all(*session, people(400));
  CHECK(paged.sizes == std::vector<std::size_t>{400, 400, 400, 300});
  CHECK(paged.uids.size() == 1500);
  CHECK(distinct(paged.uids).size() == 1500);
  CHECK(distinct(paged.uids).count("p0000") == 1);
  CHECK(distinct(paged.uids).count("p1499") == 1);

  // The same search again on the same connection gives the same sequence.
  CHECK(read_all(*session, people(400)).uids == paged.uids);
}

TEST_CASE("slapd read-ahead: a search in between keeps its answers apart, a restart is clean",
          "[integration][export][slapd]") {
  SlapdOptions options;
  options.forced_paging = true;
  SlapdServer s(options);
  load_people(s, 1500);
  auto session = connect_reader(s);
  auto uids_of = [](const SearchPage& page) {
    std::vector<std::string> uids;
    for (const DirectoryEntry& e : page.entries) {
      uids.push_back(e.first("uid"));
    }
    return uids;
  };

  auto first = session->search(people(400), "");
  REQUIRE(first);
  REQUIRE(first->entries.size() == 400);
  REQUIRE_FALSE(first->cookie.empty()); // page 2 is now on its way

  // A base search of one entry between two pages: its answer, not page 2's entries.
  SearchRequest one{"uid=p0777,ou=People,dc=example,dc=com",
                    SearchScope::Base,
                    "(objectClass=*)",
                    {"uid", "cn"},
                    0};
  auto single = session->search(one, "");
  REQUIRE(single);
  CHECK(single->result_code == k_ldap_success);
  REQUIRE(single->entries.size() == 1);
  CHECK(single->entries[0].first("uid") == "p0777");
  CHECK(single->entries[0].first("cn") == "Person 777");

  // The first search resumes where it was: pages 2 to 4, nothing twice, nothing lost.
  const Pages rest = read_all(*session, people(400), first->cookie);
  CHECK(rest.sizes == std::vector<std::size_t>{400, 400, 300});
  std::set<std::string> all = distinct(uids_of(*first));
  all.insert(rest.uids.begin(), rest.uids.end());
  CHECK(all.size() == 1500);

  // Another paged search after it (page size 700) is complete on its own. (slapd
  // keeps one paged-results state per connection: two paged searches cannot
  // interleave there, with or without read-ahead, and the reader never does.)
  const Pages other = read_all(*session, people(700));
  CHECK(other.sizes == std::vector<std::size_t>{700, 700, 100});
  CHECK(distinct(other.uids).size() == 1500);

  // Asking for page 1 again while page 2's read-ahead is on its way: page 1,
  // not the read-ahead's page 2 — and the restarted search is complete.
  auto again = session->search(people(400), "");
  REQUIRE(again);
  REQUIRE_FALSE(again->cookie.empty());
  auto restarted = session->search(people(400), "");
  REQUIRE(restarted);
  CHECK(uids_of(*restarted) == uids_of(*first));
  const Pages tail = read_all(*session, people(400), restarted->cookie);
  CHECK(tail.sizes == std::vector<std::size_t>{400, 400, 300});
  std::set<std::string> all_again = distinct(uids_of(*restarted));
  all_again.insert(tail.uids.begin(), tail.uids.end());
  CHECK(all_again.size() == 1500);
}
