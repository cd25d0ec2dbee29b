#include "state/model/reference.hpp"

namespace alignctl {

const char* ref_kind_path(RefKind kind) {
  switch (kind) {
  case RefKind::Regions:
    return "Regions";
  case RefKind::Cities:
    return "Cities";
  case RefKind::CostCenters:
    return "CostCenters";
  case RefKind::Divisions:
    return "Divisions";
  }
  return "";
}

} // namespace alignctl
