// ReferenceData: the tenant's Regions, Cities, CostCenters and Divisions
// (contract §6), which create and patch validate ids against.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace alignctl::sim {

struct RefEntry {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> region_id; // Cities only
};

enum class RefKind { Regions, Cities, CostCenters, Divisions };

// Seed-file key for a kind: "regions", "cities", "costCenters", "divisions".
const char* ref_kind_key(RefKind kind);

class ReferenceData {
public:
  // Entries are kept sorted by id.
  void set(RefKind kind, std::vector<RefEntry> entries);
  const std::vector<RefEntry>& list(RefKind kind) const;
  bool contains(RefKind kind, std::int64_t id) const;

  // {id, name} objects (Cities add regionId), sorted by id.
  nlohmann::ordered_json to_json(RefKind kind) const;

private:
  std::vector<RefEntry> m_entries[4];
  std::unordered_set<std::int64_t> m_ids[4];
};

// The default tenant: regions 1 AMER, 2 EMEA, 3 APAC; cities 11/21/31
// "<region> – Remote"; cost centers 100, 101; divisions 200, 201. The same data
// the test fixture's write_seed() writes.
ReferenceData default_reference_data();

// Reads one kind from its JSON array ([{id, name[, regionId]}]). Returns an
// empty string on success, else what is wrong.
std::string ref_entries_from_json(const nlohmann::json& j, RefKind kind,
                                  std::vector<RefEntry>& out);

} // namespace alignctl::sim
