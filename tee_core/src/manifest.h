// TA manifests: one JSON file per TA naming its UUID and binary, optional stack/heap
// overrides, and the clients allowed to open sessions. Parsed and checked once here;
// the schema is manifests/manifest.schema.json.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "swemu/core/result.h"
#include "swemu/core/uuid.h"

namespace swemu::core {

struct ClientRule {
  uint32_t login = 0;       // TEE_LOGIN_*
  std::optional<Uuid> uuid; // client identity; absent = any identity with this login
};

struct Manifest {
  std::filesystem::path file; // the manifest itself, for messages
  std::string name;
  Uuid uuid;
  std::filesystem::path binary;          // resolved path of the TA binary
  uint32_t stack_size = 0;               // 0 = from the TA
  uint64_t heap_size = 0;                // 0 = from the TA
  std::optional<uint32_t> time_limit_ms; // per entry; 0 = none; absent = the default
  uint64_t storage_quota = 0;            // bytes of secure storage; 0 = no limit
  std::vector<ClientRule> clients;       // empty = every client may open sessions

  bool allows(uint32_t login, const Uuid& client) const;
};

// Parses one manifest. `ta_dirs` are searched for a relative "binary" first, then the
// manifest's own directory. Errors name the file and the offending field.
Result<Manifest> parse_manifest(const std::string& text, const std::filesystem::path& file,
                                const std::vector<std::filesystem::path>& ta_dirs);

struct ManifestSet {
  std::vector<Manifest> manifests;
  std::vector<Error> errors; // one per broken manifest; the others still load
};

// Loads every *.json in `dirs` (not *.schema.json), sorted by name.
ManifestSet load_manifests(const std::vector<std::filesystem::path>& dirs,
                           const std::vector<std::filesystem::path>& ta_dirs);

// Login names used in manifests and on the command line ("public", "user", ...).
std::optional<uint32_t> login_from_name(const std::string& name);
std::string login_name(uint32_t login);

} // namespace swemu::core
