// libFuzzer target: the client's readers of Jira Align answers (a /Users page,
// one user, a reference list, the answer to POST /Users) on arbitrary bytes;
// the first byte picks the reader. Properties: never crashes; every error is a
// Protocol error whose message starts with the request's label.
#include "state/jira/response_json.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

const std::string k_label = "GET /Users?$skip=0&$top=100";

template <class R> void check(const R& r) {
  if (!r && (r.error().kind != alignctl::ErrorKind::Protocol ||
             r.error().message.rfind(k_label, 0) != 0)) {
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 4) {
  case 0:
    check(alignctl::parse_users_page(body, k_label));
    break;
  case 1:
    check(alignctl::parse_user_answer(body, k_label));
    break;
  case 2:
    check(alignctl::parse_reference_page(body, k_label));
    break;
  default:
    (void)alignctl::parse_created_id(body);
    break;
  }
  return 0;
}
