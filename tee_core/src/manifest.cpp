#include "manifest.h"

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace swemu::core {
namespace {

using namespace swemu::abi;
using nlohmann::json;
namespace fs = std::filesystem;

constexpr uint64_t kMaxStack = 64ull << 20;
constexpr uint64_t kMaxHeap = 256ull << 20;
constexpr uint64_t kMaxStorageQuota = 1ull << 40;
constexpr uint64_t kMaxTimeLimitMs = 24ull * 3600 * 1000;

struct LoginName {
  const char* name;
  uint32_t login;
};
constexpr LoginName kLogins[] = {
    {"public", TEE_LOGIN_PUBLIC},
    {"user", TEE_LOGIN_USER},
    {"group", TEE_LOGIN_GROUP},
    {"application", TEE_LOGIN_APPLICATION},
    {"application_user", TEE_LOGIN_APPLICATION_USER},
    {"application_group", TEE_LOGIN_APPLICATION_GROUP},
    {"ree_kernel", TEE_LOGIN_REE_KERNEL},
    {"trusted_app", TEE_LOGIN_TRUSTED_APP},
};

class FieldError {
public:
  explicit FieldError(const fs::path& file) : file_(file) {}
  Error operator()(const std::string& field, const std::string& what) const {
    return make_error(TEE_ERROR_BAD_FORMAT,
                      fmt::format("{}: field '{}': {}", file_.string(), field, what));
  }

private:
  const fs::path& file_;
};

Result<uint64_t> size_field(const json& j, const std::string& field, uint64_t max,
                            const FieldError& err) {
  if (!j.is_number_unsigned())
    return err(field, "must be a non-negative integer");
  uint64_t v = j.get<uint64_t>();
  if (v == 0 || v > max)
    return err(field, fmt::format("must be between 1 and {}", max));
  return v;
}

Result<ClientRule> parse_client(const json& j, const std::string& field, const FieldError& err) {
  if (!j.is_object())
    return err(field, "must be an object");
  ClientRule rule;
  for (const auto& [key, value] : j.items()) {
    if (key == "login") {
      if (!value.is_string())
        return err(field + ".login", "must be a string");
      auto login = login_from_name(value.get<std::string>());
      if (!login)
        return err(field + ".login", fmt::format("unknown login '{}'", value.get<std::string>()));
      rule.login = *login;
    } else if (key == "uuid") {
      auto u = value.is_string() ? Uuid::parse(value.get<std::string>()) : std::nullopt;
      if (!u)
        return err(field + ".uuid", "must be a UUID string");
      rule.uuid = *u;
    } else {
      return err(field + "." + key, "unknown field");
    }
  }
  if (!j.contains("login"))
    return err(field + ".login", "missing");
  return rule;
}

fs::path resolve_binary(const std::string& name, const fs::path& manifest,
                        const std::vector<fs::path>& ta_dirs) {
  fs::path p(name);
  if (p.is_absolute())
    return p;
  for (const auto& dir : ta_dirs) {
    std::error_code ec;
    if (fs::exists(dir / p, ec))
      return dir / p;
  }
  return manifest.parent_path() / p;
}

} // namespace

std::optional<uint32_t> login_from_name(const std::string& name) {
  for (const auto& l : kLogins)
    if (name == l.name)
      return l.login;
  return std::nullopt;
}

std::string login_name(uint32_t login) {
  for (const auto& l : kLogins)
    if (login == l.login)
      return l.name;
  return fmt::format("{:#x}", login);
}

bool Manifest::allows(uint32_t login, const Uuid& client) const {
  if (clients.empty())
    return true;
  return std::any_of(clients.begin(), clients.end(), [&](const ClientRule& r) {
    return r.login == login && (!r.uuid || *r.uuid == client);
  });
}

Result<Manifest> parse_manifest(const std::string& text, const fs::path& file,
                                const std::vector<fs::path>& ta_dirs) {
  FieldError err(file);
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return make_error(TEE_ERROR_BAD_FORMAT, fmt::format("{}: not valid JSON", file.string()));
  if (!j.is_object())
    return make_error(TEE_ERROR_BAD_FORMAT,
                      fmt::format("{}: top level must be an object", file.string()));

  Manifest m;
  m.file = file;
  if (!j.contains("uuid"))
    return err("uuid", "missing");

  for (const auto& [key, value] : j.items()) {
    if (key == "$schema" || key == "description") {
      continue;
    } else if (key == "name") {
      if (!value.is_string() || value.get<std::string>().empty())
        return err(key, "must be a non-empty string");
      m.name = value.get<std::string>();
    } else if (key == "uuid") {
      auto u = value.is_string() ? Uuid::parse(value.get<std::string>()) : std::nullopt;
      if (!u)
        return err(key, "must be a UUID string like 8aaaf200-2450-11e4-abe2-0002a5d5c51b");
      m.uuid = *u;
    } else if (key == "binary") {
      if (!value.is_string() || value.get<std::string>().empty())
        return err(key, "must be a non-empty path string");
      m.binary = resolve_binary(value.get<std::string>(), file, ta_dirs);
    } else if (key == "stack_size") {
      m.stack_size = static_cast<uint32_t>(SWEMU_TRY(size_field(value, key, kMaxStack, err)));
    } else if (key == "heap_size") {
      m.heap_size = SWEMU_TRY(size_field(value, key, kMaxHeap, err));
    } else if (key == "storage_quota") {
      m.storage_quota = SWEMU_TRY(size_field(value, key, kMaxStorageQuota, err));
    } else if (key == "time_limit_ms") {
      if (!value.is_number_unsigned() || value.get<uint64_t>() > kMaxTimeLimitMs)
        return err(key, fmt::format("must be an integer from 0 (no limit) to {}", kMaxTimeLimitMs));
      m.time_limit_ms = value.get<uint32_t>();
    } else if (key == "clients") {
      if (!value.is_array() || value.empty())
        return err(key, "must be a non-empty array of {\"login\": ..., \"uuid\": ...}");
      for (size_t i = 0; i < value.size(); ++i)
        m.clients.push_back(SWEMU_TRY(parse_client(value[i], fmt::format("clients[{}]", i), err)));
    } else {
      return err(key, "unknown field");
    }
  }
  if (m.name.empty())
    m.name = m.binary.empty() ? m.uuid.str() : m.binary.stem().string();
  return m;
}

ManifestSet load_manifests(const std::vector<fs::path>& dirs,
                           const std::vector<fs::path>& ta_dirs) {
  ManifestSet set;
  for (const auto& dir : dirs) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      std::string fname = p.filename().string();
      if (p.extension() == ".json" && !fname.ends_with(".schema.json"))
        files.push_back(p);
    }
    if (ec) {
      set.errors.push_back(
          make_error(TEE_ERROR_ITEM_NOT_FOUND, fmt::format("{}: cannot read manifest directory: {}",
                                                           dir.string(), ec.message())));
      continue;
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      if (!in) {
        set.errors.push_back(
            make_error(TEE_ERROR_ITEM_NOT_FOUND, fmt::format("{}: cannot read", f.string())));
        continue;
      }
      auto m = parse_manifest(ss.str(), f, ta_dirs);
      if (!m) {
        set.errors.push_back(m.take_error());
        continue;
      }
      auto dup = std::find_if(set.manifests.begin(), set.manifests.end(),
                              [&](const Manifest& o) { return o.uuid == m->uuid; });
      if (dup != set.manifests.end()) {
        set.errors.push_back(make_error(
            TEE_ERROR_BAD_FORMAT, fmt::format("{}: field 'uuid': {} is already declared by {}",
                                              f.string(), m->uuid.str(), dup->file.string())));
        continue;
      }
      set.manifests.push_back(std::move(m.value()));
    }
  }
  return set;
}

} // namespace swemu::core
