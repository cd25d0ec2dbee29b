#include "state/util/diagnostic.hpp"

#include <catch2/catch.hpp>

using namespace alignctl;

TEST_CASE("diagnostic: file:line:col prefix, parts omitted when unknown", "[diagnostic]") {
  CHECK(Diagnostic{"users.yaml", 12, 5, "bad"}.to_string() == "users.yaml:12:5: error: bad");
  CHECK(Diagnostic{"users.yaml", 12, 0, "bad"}.to_string() == "users.yaml:12: error: bad");
  CHECK(Diagnostic{"users.yaml", 0, 0, "bad"}.to_string() == "users.yaml: error: bad");
  CHECK(Diagnostic{"", 0, 0, "bad"}.to_string() == "error: bad");
}
