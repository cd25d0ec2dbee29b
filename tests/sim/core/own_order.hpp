// OwnOrder: the order a server that ignores $orderby lists /Users in
// (jira-align-sim --orderby ignore): by a hash of the id — stable across
// requests, deterministic, and nothing like id order, so a new user lands at
// an arbitrary position and shifts every later row. Caches the ordered ids
// per store generation. Thread-safe; the caller holds the store's lock.
#pragma once

#include "tests/sim/core/user_store.hpp"

#include <cstdint>
#include <mutex>
#include <string_view>
#include <vector>

namespace alignctl::sim {

// The sort key of a user in the server's own order.
std::uint64_t own_order_key(std::int64_t id);

class OwnOrder {
public:
  // The page of users matching `q` (its $skip/$top/$filter; its direction is
  // ignored; `q` is changed during the call and restored) in the own order. `generation` changes
  // whenever users are added or removed, so the cached order is rebuilt.
  std::vector<const User*> page(const UserStore& store, ListQuery& q, std::string_view self_base,
                                bool case_sensitive, std::uint64_t generation);

private:
  std::mutex m_mutex;
  std::uint64_t m_generation = ~std::uint64_t{0};
  std::vector<std::int64_t> m_ids; // every id, in the own order
};

} // namespace alignctl::sim
