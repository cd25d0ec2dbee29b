// GraphDirectory: the tenant the Microsoft Graph simulator (graph-sim) serves —
// users, groups with their direct members (users, groups, devices, service
// principals, contacts; cycles allowed), read from a JSON file or generated.
// Transitive membership is flattened here, once per group, with cycles cut.
#pragma once

#include "state/util/result.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace alignctl::sim {

// One directory object as Graph returns it: its properties as JSON (id,
// displayName, accountEnabled, userPrincipalName, …) and its OData type
// ("#microsoft.graph.user", "#microsoft.graph.group", "#microsoft.graph.device",
// "#microsoft.graph.servicePrincipal", "#microsoft.graph.orgContact").
struct GraphObject {
  std::string id;
  std::string odata_type;
  nlohmann::json properties;        // without @odata.type
  std::vector<std::string> members; // groups only: direct members' ids
};

class GraphDirectory {
public:
  // {"users":[{...}], "groups":[{"id","displayName","members":[ids]}],
  //  "objects":[{"id","@odata.type","displayName"}]}: ids unique, members known.
  static Result<GraphDirectory> from_json(const nlohmann::json& j);
  static Result<GraphDirectory> load(const std::string& path);

  // A group `root_name` whose `users` members sit in `subgroups` nested
  // groups "<root_name>-NN" (round robin), a group "<root_name>-loop" that
  // holds the root (a cycle), and in the root itself a disabled user, a
  // guest (#EXT#), a device, a service principal and a contact.
  static GraphDirectory generate_nested(const std::string& root_name, std::size_t users,
                                        std::size_t subgroups);

  const GraphObject* find(const std::string& id) const;
  std::vector<const GraphObject*> groups_named(const std::string& display_name) const;
  // Every object reachable from the group (users, others, nested groups),
  // each once, in a stable order; computed on first use and kept.
  const std::vector<const GraphObject*>& transitive_members(const GraphObject& group) const;
  std::size_t size() const { return m_objects.size(); }

  GraphDirectory() = default;
  GraphDirectory(GraphDirectory&&) = default;
  GraphDirectory& operator=(GraphDirectory&&) = default;

private:
  void add(GraphObject o);
  std::vector<GraphObject> m_objects;
  std::map<std::string, std::size_t> m_by_id;
  mutable std::unique_ptr<std::mutex> m_mutex = std::make_unique<std::mutex>();
  mutable std::map<std::string, std::vector<const GraphObject*>> m_flat;
};

} // namespace alignctl::sim
