#include "tests/sim/core/graph_directory.hpp"

#include <fmt/core.h>
#include <fstream>
#include <set>

namespace alignctl::sim {

namespace {

std::string object_id(char kind, std::size_t n) {
  // GUID-shaped, as Entra's object ids are; the kind letter keeps them apart.
  return fmt::format("{:08x}-0000-4000-8000-{}{:011d}", n, kind == 'u' ? 'a' : 'b',
                     static_cast<unsigned long long>(kind) * 1000000ULL + n);
}

} // namespace

void GraphDirectory::add(GraphObject o) {
  m_by_id[o.id] = m_objects.size();
  m_objects.push_back(std::move(o));
}

Result<GraphDirectory> GraphDirectory::from_json(const nlohmann::json& j) {
  GraphDirectory d;
  if (!j.is_object()) {
    return make_error(ErrorKind::Input, "the Graph tenant file must hold a JSON object");
  }
  auto take = [&](const char* list, const char* type) -> Result<void> {
    if (!j.contains(list)) {
      return {};
    }
    if (!j[list].is_array()) {
      return make_error(ErrorKind::Input, fmt::format("'{}' must be an array", list));
    }
    for (const auto& item : j[list]) {
      if (!item.is_object() || !item.contains("id") || !item["id"].is_string()) {
        return make_error(ErrorKind::Input, fmt::format("every entry of '{}' needs an id", list));
      }
      GraphObject o;
      o.id = item["id"].get<std::string>();
      o.properties = item;
      o.odata_type = type != nullptr ? type : item.value("@odata.type", "");
      o.properties.erase("@odata.type");
      if (o.odata_type.empty()) {
        return make_error(ErrorKind::Input,
                          fmt::format("object '{}' in 'objects' needs an @odata.type", o.id));
      }
      if (item.contains("members")) {
        o.properties.erase("members");
        for (const auto& m : item["members"]) {
          o.members.push_back(m.get<std::string>());
        }
      }
      if (d.m_by_id.count(o.id) != 0) {
        return make_error(ErrorKind::Input, fmt::format("object id '{}' appears twice", o.id));
      }
      d.add(std::move(o));
    }
    return {};
  };
  try {
    for (auto r : {take("users", "#microsoft.graph.user"), take("groups", "#microsoft.graph.group"),
                   take("objects", nullptr)}) {
      if (!r) {
        return r.error();
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorKind::Input, std::string("Graph tenant file: ") + e.what());
  }
  for (const GraphObject& o : d.m_objects) {
    for (const std::string& m : o.members) {
      if (d.m_by_id.count(m) == 0) {
        return make_error(ErrorKind::Input,
                          fmt::format("group '{}' lists an unknown member '{}'", o.id, m));
      }
    }
  }
  return d;
}

Result<GraphDirectory> GraphDirectory::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorKind::Io, "cannot read " + path);
  }
  try {
    return from_json(nlohmann::json::parse(in));
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorKind::Input, path + ": " + e.what());
  }
}

GraphDirectory GraphDirectory::generate_nested(const std::string& root_name, std::size_t users,
                                               std::size_t subgroups) {
  static const char* k_offices[] = {"AMER", "EMEA", "APAC"};
  GraphDirectory d;
  subgroups = std::max<std::size_t>(subgroups, 1);
  GraphObject root{object_id('g', 0), "#microsoft.graph.group", {}, {}};
  root.properties = {{"id", root.id}, {"displayName", root_name}};
  std::vector<GraphObject> subs;
  for (std::size_t s = 0; s < subgroups; ++s) {
    GraphObject g{object_id('g', s + 1), "#microsoft.graph.group", {}, {}};
    g.properties = {{"id", g.id}, {"displayName", fmt::format("{}-{:02d}", root_name, s + 1)}};
    root.members.push_back(g.id);
    subs.push_back(std::move(g));
  }
  // A cycle: the root holds "<root>-loop", which holds the root.
  GraphObject loop{object_id('g', subgroups + 1), "#microsoft.graph.group", {}, {}};
  loop.properties = {{"id", loop.id}, {"displayName", root_name + "-loop"}};
  loop.members.push_back(root.id);
  root.members.push_back(loop.id);
  subs.push_back(std::move(loop));
  for (std::size_t i = 0; i < users; ++i) {
    GraphObject u{object_id('u', i + 1), "#microsoft.graph.user", {}, {}};
    const std::string sam = fmt::format("user{:06d}", i + 1);
    u.properties = {{"id", u.id},
                    {"displayName", fmt::format("User {:06d}", i + 1)},
                    {"givenName", "User"},
                    {"surname", fmt::format("N{:06d}", i + 1)},
                    {"mail", sam + "@contoso.example"},
                    {"userPrincipalName", sam + "@contoso.example"},
                    {"onPremisesSamAccountName", sam},
                    {"jobTitle", "Engineer"},
                    {"officeLocation", k_offices[i % 3]},
                    {"usageLocation", "US"},
                    {"accountEnabled", true},
                    {"userType", "Member"}};
    subs[i % subgroups].members.push_back(u.id);
    d.add(std::move(u));
  }
  // Members that are not enabled member users, in the root itself.
  GraphObject disabled{object_id('u', users + 1), "#microsoft.graph.user", {}, {}};
  disabled.properties = {{"id", disabled.id},
                         {"displayName", "Disabled Person"},
                         {"userPrincipalName", "disabled@contoso.example"},
                         {"onPremisesSamAccountName", "disabled"},
                         {"mail", "disabled@contoso.example"},
                         {"accountEnabled", false},
                         {"userType", "Member"}};
  GraphObject guest{object_id('u', users + 2), "#microsoft.graph.user", {}, {}};
  guest.properties = {{"id", guest.id},
                      {"displayName", "Guest Person"},
                      {"userPrincipalName", "guest_partner.example#EXT#@contoso.example"},
                      {"mail", "guest@partner.example"},
                      {"accountEnabled", true},
                      {"userType", "Guest"}};
  root.members.push_back(disabled.id);
  root.members.push_back(guest.id);
  d.add(std::move(disabled));
  d.add(std::move(guest));
  const std::pair<const char*, const char*> others[] = {
      {"#microsoft.graph.device", "Build Agent 7"},
      {"#microsoft.graph.servicePrincipal", "Deploy Bot"},
      {"#microsoft.graph.orgContact", "External Contact"}};
  std::size_t n = 900000;
  for (const auto& [type, name] : others) {
    GraphObject o{object_id('o', ++n), type, {}, {}};
    o.properties = {{"id", o.id}, {"displayName", name}};
    root.members.push_back(o.id);
    d.add(std::move(o));
  }
  d.add(std::move(root));
  for (GraphObject& g : subs) {
    d.add(std::move(g));
  }
  return d;
}

const GraphObject* GraphDirectory::find(const std::string& id) const {
  auto it = m_by_id.find(id);
  return it == m_by_id.end() ? nullptr : &m_objects[it->second];
}

std::vector<const GraphObject*> GraphDirectory::groups_named(const std::string& name) const {
  std::vector<const GraphObject*> out;
  for (const GraphObject& o : m_objects) {
    if (o.odata_type == "#microsoft.graph.group" && o.properties.value("displayName", "") == name) {
      out.push_back(&o);
    }
  }
  return out;
}

const std::vector<const GraphObject*>&
GraphDirectory::transitive_members(const GraphObject& group) const {
  std::lock_guard<std::mutex> lock(*m_mutex);
  auto it = m_flat.find(group.id);
  if (it != m_flat.end()) {
    return it->second;
  }
  std::vector<const GraphObject*> out;
  std::set<std::string> seen{group.id};
  std::vector<const GraphObject*> queue{&group};
  for (std::size_t q = 0; q < queue.size(); ++q) {
    for (const std::string& id : queue[q]->members) {
      if (!seen.insert(id).second) {
        continue; // met before, or the group itself through a cycle
      }
      const GraphObject* m = find(id);
      out.push_back(m);
      if (!m->members.empty()) {
        queue.push_back(m);
      }
    }
  }
  return m_flat.emplace(group.id, std::move(out)).first->second;
}

} // namespace alignctl::sim
