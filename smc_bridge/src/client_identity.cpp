// Client identities for OPEN_SESSION, derived the way the Linux TEE core derives them
// before it hands a request to the OP-TEE driver (optee-abi.md §1.4).
#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>
#include <mbedtls/sha1.h>
#include <sys/types.h>
#include <unistd.h>

#include "swemu/bridge/driver.h"

namespace swemu::bridge {

using abi::TEE_ERROR_BAD_PARAMETERS;
using abi::TEE_ERROR_GENERIC;
using abi::TEE_ORIGIN_COMMS;

namespace {

// 58ac9ca0-2086-4683-a1b8-ec4bc08e01b6, in RFC 4122 octet order.
constexpr uint8_t kTeeClientNamespace[16] = {0x58, 0xac, 0x9c, 0xa0, 0x20, 0x86, 0x46, 0x83,
                                             0xa1, 0xb8, 0xec, 0x4b, 0xc0, 0x8e, 0x01, 0xb6};

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

} // namespace

Uuid tee_client_uuid_v5(std::string_view name) {
  // RFC 4122 §4.3: SHA-1 over namespace octets then name; the first 16 bytes of the digest
  // with the version (5) in the high nibble of octet 6 and the variant (10b) in octet 8.
  uint8_t digest[20] = {};
  mbedtls_sha1_context sha;
  mbedtls_sha1_init(&sha);
  mbedtls_sha1_starts(&sha);
  mbedtls_sha1_update(&sha, kTeeClientNamespace, sizeof kTeeClientNamespace);
  mbedtls_sha1_update(&sha, reinterpret_cast<const unsigned char*>(name.data()), name.size());
  mbedtls_sha1_finish(&sha, digest);
  mbedtls_sha1_free(&sha);

  Uuid u = Uuid::from_octets(digest);
  u.octets[6] = static_cast<uint8_t>((u.octets[6] & 0x0F) | 0x50);
  u.octets[8] = static_cast<uint8_t>((u.octets[8] & 0x3F) | 0x80);
  return u;
}

Result<Uuid> client_uuid_for_login(uint32_t login, const std::array<uint8_t, 16>& client_data) {
  switch (login) {
  case abi::TEE_LOGIN_PUBLIC:
    return Uuid{};
  case abi::TEE_LOGIN_USER:
    return tee_client_uuid_v5(fmt::format("uid={:x}", static_cast<uint32_t>(geteuid())));
  case abi::TEE_LOGIN_GROUP: {
    gid_t gid = 0;
    static_assert(sizeof gid == 4, "tee.h carries a 4-byte gid in clnt_uuid");
    std::memcpy(&gid, client_data.data(), sizeof gid);
    if (!caller_in_group(gid))
      return make_error(TEE_ERROR_GENERIC,
                        fmt::format("GROUP login for gid {} the caller is not in", gid),
                        TEE_ORIGIN_COMMS);
    return tee_client_uuid_v5(fmt::format("gid={:x}", static_cast<uint32_t>(gid)));
  }
  default:
    // APPLICATION* logins have no agreed identity and upstream Linux refuses them; the
    // REE_KERNEL range is for in-kernel clients only.
    return make_error(TEE_ERROR_BAD_PARAMETERS,
                      fmt::format("login method {:#x} is not available to clients", login),
                      TEE_ORIGIN_COMMS);
  }
}

} // namespace swemu::bridge
