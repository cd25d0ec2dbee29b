#include "state/jira/listing_mode.hpp"

#include "state/util/enum_names.hpp"

namespace alignctl {

namespace {

constexpr EnumName<ListingMode> k_names[] = {{ListingMode::Honoured, "honoured"},
                                             {ListingMode::Ignored, "ignored"},
                                             {ListingMode::Rejected, "rejected"}};
static_assert(lists_every_value(k_names, ListingMode::Rejected), "every ListingMode needs a name");

constexpr EnumName<ListingMode> k_descriptions[] = {
    {ListingMode::Honoured, "$orderby=id honoured: listed in id order in one pass"},
    {ListingMode::Ignored,
     "$orderby=id ignored: listed in the server's own order, verified by a second pass"},
    {ListingMode::Rejected, "$orderby=id rejected (HTTP 400): listed without it in the server's "
                            "own order, verified by a second pass"}};
static_assert(lists_every_value(k_descriptions, ListingMode::Rejected),
              "every ListingMode needs a description");

} // namespace

std::string_view to_string(ListingMode mode) {
  return name_of(k_names, mode, "honoured");
}

std::optional<ListingMode> listing_mode_from_name(std::string_view name) {
  return from_name(k_names, name);
}

std::string describe_listing_mode(ListingMode mode) {
  return std::string(name_of(k_descriptions, mode));
}

} // namespace alignctl
