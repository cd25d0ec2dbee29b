// The simulator's one way to refuse a request: ErrorKind::BadRequest with the
// message the 400 body carries.
#pragma once

#include "state/util/result.hpp"

#include <string>
#include <utility>

namespace alignctl::sim {

inline Error bad_request(std::string message) {
  return make_error(ErrorKind::BadRequest, std::move(message), 400);
}

} // namespace alignctl::sim
