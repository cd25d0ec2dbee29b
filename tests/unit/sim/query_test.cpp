#include "sim_test_util.hpp"
#include "tests/sim/core/query.hpp"

#include <catch2/catch.hpp>

using namespace alignctl::sim;
using namespace alignctl::sim::testutil;

namespace {

ListQuery parse_ok(const QueryParams& p, QueryRules rules = {}) {
  auto q = parse_list_query(p, rules);
  REQUIRE(q.ok());
  return std::move(q.value());
}

std::string parse_err(const QueryParams& p, QueryRules rules = {}) {
  auto q = parse_list_query(p, rules);
  REQUIRE_FALSE(q.ok());
  CHECK(q.error().http_status == 400);
  return q.error().message;
}

std::vector<std::int64_t> ids(const std::vector<const User*>& page) {
  std::vector<std::int64_t> out;
  for (const auto* u : page) {
    out.push_back(u->id);
  }
  return out;
}

} // namespace

TEST_CASE("query: defaults are 100 per page from the start, id order") {
  auto q = parse_ok({});
  CHECK(q.top == 100);
  CHECK(q.skip == 0);
  CHECK(q.select.empty());
  CHECK_FALSE(q.descending);
  CHECK_FALSE(q.filter.has_value());
}

TEST_CASE("query: $top above 100 is capped, or 400 in strict mode") {
  CHECK(parse_ok({{"$top", "500"}}).top == 100);
  CHECK(parse_ok({{"$top", "100"}}, QueryRules{true, true}).top == 100);
  CHECK(parse_err({{"$top", "101"}}, QueryRules{true, true}) == "$top must not exceed 100.");
}

TEST_CASE("query: malformed $top and $skip are 400 with the value quoted") {
  CHECK(parse_err({{"$top", "abc"}}) == "Invalid value for $top: 'abc'.");
  CHECK(parse_err({{"$skip", "-1"}}) == "Invalid value for $skip: '-1'.");
}

TEST_CASE("query: option names match case-insensitively, unknown options are ignored") {
  auto q = parse_ok({{"$TOP", "5"}, {"$Skip", "10"}, {"$count", "true"}});
  CHECK(q.top == 5);
  CHECK(q.skip == 10);
}

TEST_CASE("query: $select resolves property names case-insensitively, keeps the order") {
  auto q = parse_ok({{"$select", "ID, externalid,IsLocked"}});
  REQUIRE(q.select.size() == 3);
  CHECK(q.select[0]->name == "id");
  CHECK(q.select[1]->name == "externalId");
  CHECK(q.select[2]->name == "isLocked");
  CHECK(parse_err({{"$select", "id,bogus"}}) == "Invalid $select: unknown property 'bogus'.");
}

TEST_CASE("query: $orderby accepts id asc/desc only") {
  CHECK(parse_ok({{"$orderby", "id"}}).descending == false);
  CHECK(parse_ok({{"$orderby", "Id desc"}}).descending == true);
  CHECK(parse_err({{"$orderby", "lastName"}}) ==
        "Unsupported $orderby: 'lastName' (the simulator orders by id only).");
}

TEST_CASE("query: reference endpoints ignore $select and $filter") {
  auto q =
      parse_ok({{"$select", "bogus"}, {"$filter", "(("}, {"$top", "2"}}, QueryRules{false, false});
  CHECK(q.top == 2);
}

TEST_CASE("query: pages of 250 users walk the id order without gaps or repeats") {
  UserStore store = store_with(250);
  std::vector<std::int64_t> seen;
  for (std::int64_t skip = 0;; skip += 100) {
    auto q = parse_ok({{"$skip", std::to_string(skip)}, {"$orderby", "id"}});
    auto page = ids(store.list(q, k_base, false));
    seen.insert(seen.end(), page.begin(), page.end());
    if (page.size() < 100) {
      CHECK(page.size() == 50);
      break;
    }
  }
  REQUIRE(seen.size() == 250);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    CHECK(seen[i] == static_cast<std::int64_t>(i + 1));
  }
}

TEST_CASE("query: $skip past the end gives an empty page — $top 0 gives none") {
  UserStore store = store_with(5);
  CHECK(store.list(parse_ok({{"$skip", "5"}}), k_base, false).empty());
  CHECK(store.list(parse_ok({{"$top", "0"}}), k_base, false).empty());
}

TEST_CASE("query: $orderby id desc pages from the highest id") {
  UserStore store = store_with(5);
  auto page = ids(store.list(parse_ok({{"$orderby", "id desc"}, {"$top", "2"}, {"$skip", "1"}}),
                             k_base, false));
  CHECK(page == std::vector<std::int64_t>{4, 3});
}

TEST_CASE("query: $select limits the JSON to the chosen fields") {
  UserStore store = store_with(1);
  auto q = parse_ok({{"$select", "id,externalId,status"}});
  auto j = user_to_json(*store.find(1), k_base, q.select);
  CHECK(j.dump() == R"({"id":1,"externalId":"u1","status":"Active"})");
}
