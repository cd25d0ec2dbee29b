// ListingMode: what a Jira Align server does with $orderby=id on its list
// endpoints, and so how alignctl lists a collection exactly (docs/client.md).
// The contract (../shared/docs/jira-align-api.md §2) leaves it unknown: the
// client finds out per run, on its first listing or through
// JiraAlign::probe_listing_mode().
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace alignctl {

enum class ListingMode {
  Honoured, // rows sorted by id: one pass of pages overlapping by one record
  Ignored,  // rows in the server's own order: pages without $orderby, verified by a second pass
  Rejected, // $orderby answered 400: as Ignored
};

// "honoured", "ignored", "rejected" (as recorded in a plan's provenance).
std::string_view to_string(ListingMode mode);
std::optional<ListingMode> listing_mode_from_name(std::string_view name);

// One line for people: what the server did and how alignctl lists, e.g.
// "$orderby=id ignored: listed in the server's order, verified by a second pass".
std::string describe_listing_mode(ListingMode mode);

} // namespace alignctl
