#include "state/jira/listing_mode.hpp"

namespace alignctl {

std::string_view to_string(ListingMode mode) {
  switch (mode) {
  case ListingMode::Honoured:
    return "honoured";
  case ListingMode::Ignored:
    return "ignored";
  case ListingMode::Rejected:
    return "rejected";
  }
  return "honoured";
}

std::optional<ListingMode> listing_mode_from_name(std::string_view name) {
  for (ListingMode m : {ListingMode::Honoured, ListingMode::Ignored, ListingMode::Rejected}) {
    if (name == to_string(m)) {
      return m;
    }
  }
  return std::nullopt;
}

std::string describe_listing_mode(ListingMode mode) {
  switch (mode) {
  case ListingMode::Honoured:
    return "$orderby=id honoured: listed in id order in one pass";
  case ListingMode::Ignored:
    return "$orderby=id ignored: listed in the server's own order, verified by a second pass";
  case ListingMode::Rejected:
    return "$orderby=id rejected (HTTP 400): listed without it in the server's own order, "
           "verified by a second pass";
  }
  return "";
}

} // namespace alignctl
