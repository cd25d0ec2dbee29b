#include "state/jira/page_check.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

TEST_CASE("pages overlap by one record", "[paging]") {
  CHECK(page_skip(0, 100) == 0);
  CHECK(page_skip(1, 100) == 99);
  CHECK(page_skip(10, 100) == 990);
}

TEST_CASE("page problems: duplicates, disorder, oversize", "[paging]") {
  CHECK_FALSE(page_problem({1, 2, 5, 9}, 100).has_value());
  CHECK_FALSE(page_problem({}, 100).has_value());
  CHECK(page_problem({1, 2, 2, 3}, 100) ==
        std::optional<std::string>("id 2 appears twice in the page"));
  CHECK(page_problem({1, 3, 2}, 100) ==
        std::optional<std::string>(
            "ids are not in increasing order (3 before 2): the server did not apply $orderby=id"));
  CHECK(page_problem({1, 2, 3}, 2) ==
        std::optional<std::string>("the page has 3 records, more than $top=2"));
}

TEST_CASE("seams: consecutive pages must share their boundary record", "[paging]") {
  // 3 records per page: [1 2 3] [3 4 5] [5 6]
  std::vector<PageSummary> ok = {{3, 1, 3}, {3, 3, 5}, {2, 5, 6}};
  CHECK_FALSE(first_bad_seam(ok, 3).has_value());
  CHECK_FALSE(first_bad_seam({{0, 0, 0}}, 3).has_value()); // no users at all
  CHECK_FALSE(first_bad_seam({{3, 1, 3}, {1, 3, 3}}, 3).has_value());

  SECTION("a record inserted before a page shifts it: a duplicate is seen") {
    auto p = ok;
    p[1] = {3, 2, 4}; // served after an insert: starts one earlier
    auto s = first_bad_seam(p, 3);
    REQUIRE(s);
    CHECK(s->page == 1);
    CHECK(s->what == "page 1 starts at id 2 but page 0 ends at id 3");
  }
  SECTION("a record removed before a page shifts it: a record would be skipped") {
    auto p = ok;
    p[2] = {1, 6, 6};
    auto s = first_bad_seam(p, 3);
    REQUIRE(s);
    CHECK(s->page == 2);
  }
  SECTION("a short page that is not the last") {
    std::vector<PageSummary> p = {{2, 1, 2}, {2, 2, 3}};
    auto s = first_bad_seam(p, 3);
    REQUIRE(s);
    CHECK(s->what == "page 0 is short but not the last");
  }
  SECTION("a full last page: the list grew at the end") {
    std::vector<PageSummary> p = {{3, 1, 3}, {3, 3, 5}};
    auto s = first_bad_seam(p, 3);
    REQUIRE(s);
    CHECK(s->page == 2);
  }
  SECTION("an empty page after the first") {
    std::vector<PageSummary> p = {{3, 1, 3}, {0, 0, 0}};
    auto s = first_bad_seam(p, 3);
    REQUIRE(s);
    CHECK(s->what == "page 1 is empty: records disappeared");
  }
}

TEST_CASE("the server's own order: pages side by side, checked for repeats", "[paging]") {
  CHECK(plain_page_skip(0, 100) == 0);
  CHECK(plain_page_skip(3, 100) == 300);
  CHECK(order_not_applied({5, 3, 9}));
  CHECK_FALSE(order_not_applied({3, 5, 9}));
  CHECK_FALSE(order_not_applied({5, 3, 5})); // a repeat is a torn page, not an order
  CHECK_FALSE(unordered_page_problem({9, 1, 5}, 3).has_value());
  CHECK(unordered_page_problem({9, 1, 9}, 3) ==
        std::optional<std::string>("id 9 appears twice in the page"));
  CHECK(unordered_page_problem({9, 1, 5}, 2) ==
        std::optional<std::string>("the page has 3 records, more than $top=2"));
  CHECK(first_repeated_id({1, 2, 3}) == std::nullopt);
  CHECK(first_repeated_id({1, 2, 2, 3, 3}) == 2);
  CHECK_FALSE(id_sets_differ({1, 2, 3}, {1, 2, 3}).has_value());
  CHECK(id_sets_differ({1, 2, 3, 4}, {2, 3, 5}) ==
        std::optional<std::string>(
            "2 ids only in the first pass (e.g. 1), 1 id only in the second pass (e.g. 5)"));
  CHECK(id_sets_differ({1}, {1, 7}) ==
        std::optional<std::string>("0 ids only in the first pass, 1 id only in the second pass "
                                   "(e.g. 7)"));
}
