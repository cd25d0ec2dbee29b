#include "state/model/reference.hpp"

#include "state/util/enum_names.hpp"

namespace alignctl {

namespace {
constexpr EnumName<RefKind> k_paths[] = {{RefKind::Regions, "Regions"},
                                         {RefKind::Cities, "Cities"},
                                         {RefKind::CostCenters, "CostCenters"},
                                         {RefKind::Divisions, "Divisions"}};
static_assert(lists_every_value(k_paths, RefKind::Divisions), "every RefKind needs a path");
} // namespace

const char* ref_kind_path(RefKind kind) {
  return name_of(k_paths, kind).data();
}

} // namespace alignctl
