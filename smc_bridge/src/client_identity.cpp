// Client identities for OPEN_SESSION, derived the way the Linux TEE core derives them
// before it hands a request to the OP-TEE driver (optee-abi.md §1.4).
#include <algorithm>
#include <climits>
#include <cstring>
#include <vector>

#include <fmt/format.h>
#include <sys/types.h>
#include <unistd.h>

#include "swemu/bridge/driver.h"

namespace swemu::bridge {

using abi::TEE_ERROR_BAD_PARAMETERS;
using abi::TEE_ERROR_GENERIC;
using abi::TEE_ORIGIN_COMMS;

namespace {

bool caller_in_group(gid_t gid) {
  if (gid == getegid())
    return true;
  int n = getgroups(0, nullptr);
  if (n <= 0)
    return false;
  std::vector<gid_t> groups(static_cast<size_t>(n));
  n = getgroups(n, groups.data());
  if (n <= 0)
    return false;
  groups.resize(static_cast<size_t>(n));
  return std::find(groups.begin(), groups.end(), gid) != groups.end();
}

// This program's executable, as the APPLICATION logins name it.
Result<std::string> executable() {
  char path[PATH_MAX] = {};
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0)
    return make_error(TEE_ERROR_GENERIC, "APPLICATION login: /proc/self/exe is not readable",
                      TEE_ORIGIN_COMMS);
  return std::string(path, static_cast<size_t>(n));
}

} // namespace

Uuid tee_client_uuid_v5(std::string_view name) {
  return Uuid::tee_client(name);
}

Result<Uuid> client_uuid_for_login(uint32_t login, const std::array<uint8_t, 16>& client_data) {
  switch (login) {
  case abi::TEE_LOGIN_PUBLIC:
    return Uuid{};
  case abi::TEE_LOGIN_USER:
    return tee_client_uuid_v5(fmt::format("uid={:x}", static_cast<uint32_t>(geteuid())));
  case abi::TEE_LOGIN_GROUP:
  case abi::TEE_LOGIN_APPLICATION_GROUP: {
    gid_t gid = 0;
    static_assert(sizeof gid == 4, "tee.h carries a 4-byte gid in clnt_uuid");
    std::memcpy(&gid, client_data.data(), sizeof gid);
    if (!caller_in_group(gid))
      return make_error(TEE_ERROR_GENERIC,
                        fmt::format("GROUP login for gid {} the caller is not in", gid),
                        TEE_ORIGIN_COMMS);
    const std::string name = fmt::format("gid={:x}", static_cast<uint32_t>(gid));
    if (login == abi::TEE_LOGIN_GROUP)
      return tee_client_uuid_v5(name);
    return tee_client_uuid_v5(name + ":app=" + SWEMU_TRY(executable()));
  }
  // The application-based logins as the Linux patch "tee: add support for application-
  // based session login methods" (and OP-TEE's xtest applogin suite) define them: the
  // executable's path, alone or after the user or group.
  case abi::TEE_LOGIN_APPLICATION:
    return tee_client_uuid_v5("app=" + SWEMU_TRY(executable()));
  case abi::TEE_LOGIN_APPLICATION_USER:
    return tee_client_uuid_v5(
        fmt::format("uid={:x}:app={}", static_cast<uint32_t>(geteuid()), SWEMU_TRY(executable())));
  default:
    // The REE_KERNEL range is for in-kernel clients only.
    return make_error(TEE_ERROR_BAD_PARAMETERS,
                      fmt::format("login method {:#x} is not available to clients", login),
                      TEE_ORIGIN_COMMS);
  }
}

} // namespace swemu::bridge
