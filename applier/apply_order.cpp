#include "applier/apply_order.hpp"

namespace alignctl {

int apply_rank(ActionOp op) {
  switch (op) {
  case ActionOp::Repair:
    return 0;
  case ActionOp::Deactivate:
    return 1;
  case ActionOp::Reactivate:
    return 2;
  case ActionOp::Create:
    return 3;
  case ActionOp::Link:
    return 4;
  case ActionOp::Update:
    return 5;
  }
  return 6;
}

} // namespace alignctl
