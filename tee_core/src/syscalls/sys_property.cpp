// GET_PROPERTY (3) and GET_PROPERTY_NAME_TO_INDEX (4): the properties the kernel serves,
// by set and index (optee-abi.md §4.3, §5.2; GP TEE Internal Core API v1.3.1 §4.4).
// The TA's own gpd.ta.* properties and a few gpd.tee.* ones are served inside the TA by
// the SDK from its tables, as libutee does; the SDK numbers its entries before these.
#include <mbedtls/sha256.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "swemu/core/tee_abi.h"
#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;

// Property set pseudo-handles (optee-abi.md §6.3), compared as the full register value
// the way OP-TEE compares TEE_PropSetHandle pointers.
constexpr uint64_t kPropsetTeeImplementation = 0xFFFFFFFD;
constexpr uint64_t kPropsetCurrentClient = 0xFFFFFFFE;
constexpr uint64_t kPropsetCurrentTa = 0xFFFFFFFF;

// enum user_ta_prop_type (optee-abi.md §4.3).
enum PropType : uint32_t {
  kTypeBool = 0,
  kTypeU32 = 1,
  kTypeUuid = 2,
  kTypeIdentity = 3,
  kTypeString = 4,
};

// swemu's TEE implementation properties. Where OP-TEE has a build-time default that says
// what the implementation can do (API version, description), it is kept, since TAs and
// tests written for OP-TEE compare against it; the manufacturer names swemu.
constexpr char kApiVersion[] = "GPD-1.1-dev";      // OP-TEE's CFG_TEE_API_VERSION default
constexpr char kDescription[] = "OPTEE";           // OP-TEE's CFG_TEE_IMPL_DESCR default
constexpr char kTrustedOsVersion[] = "4.10-swemu"; // the OP-TEE revision swemu reports
constexpr char kTrustedOsManufacturer[] = "swemu";
constexpr char kFirmwareVersion[] = "FW_IMPL_UNDEF"; // no firmware: OP-TEE's default text
constexpr char kFirmwareManufacturer[] = "FW_MAN_UNDEF";
constexpr uint32_t kBinaryVersion = 0;
// System time is the host's monotonic clock, which the REE controls: level 100.
constexpr uint32_t kSystemTimeProtectionLevel = 100;
// TA persistent time follows the REE clock across restarts (sys_time.cpp): level 100.
constexpr uint32_t kTaPersistentTimeProtectionLevel = 100;
constexpr bool kCryptographyEcc = true;
// No rollback protection hardware (OP-TEE reports 0 without an RPMB file system).
constexpr uint32_t kAntiRollbackProtectionLevel = 0;

// swemu's die id: a fixed 16-byte constant, so gpd.tee.deviceID is the same on every
// install (there is no hardware to tell installs apart).
constexpr char kSwemuDieId[] = "swemu-die-id-001";
constexpr size_t kDieIdSize = sizeof(kSwemuDieId) - 1;

// Longest property name we look for; every name we serve is much shorter.
constexpr uint64_t kMaxNameLen = 256;

struct Property {
  std::string_view name;
  uint32_t type = 0;
  std::vector<uint8_t> value;
};

std::vector<uint8_t> u32_value(uint32_t v) {
  std::vector<uint8_t> out(sizeof v);
  std::memcpy(out.data(), &v, sizeof v); // the TA is little endian, as is the host
  return out;
}

std::vector<uint8_t> bool_value(bool v) {
  return {static_cast<uint8_t>(v ? 1 : 0)}; // a C bool: one byte
}

std::vector<uint8_t> string_value(std::string_view s) {
  std::vector<uint8_t> out(s.begin(), s.end());
  out.push_back(0);
  return out;
}

std::vector<uint8_t> uuid_value(const Uuid& u) {
  std::vector<uint8_t> out(16);
  u.to_tee_uuid_bytes(out.data());
  return out;
}

// TEE_Identity: u32 login, then the TEE_UUID struct (optee-abi.md §6.8).
std::vector<uint8_t> identity_value(uint32_t login, const Uuid& u) {
  std::vector<uint8_t> out = u32_value(login);
  const std::vector<uint8_t> uuid = uuid_value(u);
  out.insert(out.end(), uuid.begin(), uuid.end());
  return out;
}

// The set a handle names, in index order; nullopt for anything else.
std::optional<std::vector<Property>> property_set(uint64_t handle, const TaInstance& ta) {
  std::vector<Property> set;
  switch (handle) {
  case kPropsetCurrentTa:
    set.push_back({"gpd.ta.appID", kTypeUuid, uuid_value(ta.image().head.uuid)});
    break;
  case kPropsetCurrentClient: {
    const EntryContext& c = ta.entry_context();
    set.push_back(
        {"gpd.client.identity", kTypeIdentity, identity_value(c.client_login, c.client_uuid)});
    set.push_back({"gpd.client.endian", kTypeU32, u32_value(0)}); // little endian
    break;
  }
  case kPropsetTeeImplementation: {
    const std::array<uint8_t, 16> id = tee_device_id();
    set.push_back({"gpd.tee.apiversion", kTypeString, string_value(kApiVersion)});
    set.push_back({"gpd.tee.description", kTypeString, string_value(kDescription)});
    set.push_back({"gpd.tee.deviceID", kTypeUuid, {id.begin(), id.end()}});
    set.push_back(
        {"gpd.tee.systemTime.protectionLevel", kTypeU32, u32_value(kSystemTimeProtectionLevel)});
    set.push_back({"gpd.tee.TAPersistentTime.protectionLevel", kTypeU32,
                   u32_value(kTaPersistentTimeProtectionLevel)});
    set.push_back({"gpd.tee.cryptography.ecc", kTypeBool, bool_value(kCryptographyEcc)});
    set.push_back({"gpd.tee.trustedStorage.antiRollback.protectionLevel", kTypeU32,
                   u32_value(kAntiRollbackProtectionLevel)});
    set.push_back(
        {"gpd.tee.trustedos.implementation.version", kTypeString, string_value(kTrustedOsVersion)});
    set.push_back(
        {"gpd.tee.trustedos.implementation.binaryversion", kTypeU32, u32_value(kBinaryVersion)});
    set.push_back(
        {"gpd.tee.trustedos.manufacturer", kTypeString, string_value(kTrustedOsManufacturer)});
    set.push_back(
        {"gpd.tee.firmware.implementation.version", kTypeString, string_value(kFirmwareVersion)});
    set.push_back(
        {"gpd.tee.firmware.implementation.binaryversion", kTypeU32, u32_value(kBinaryVersion)});
    set.push_back(
        {"gpd.tee.firmware.manufacturer", kTypeString, string_value(kFirmwareManufacturer)});
    break;
  }
  default:
    return std::nullopt;
  }
  return set;
}

uint32_t code_of(const Result<void>& r) {
  return r ? TEE_SUCCESS : r.error().code;
}

// The in/out length protocol of GET_PROPERTY: *len_va holds the buffer size on the way
// in and the size needed on the way out, whether or not the bytes fit.
uint32_t copy_out_sized(TaInstance& ta, uint64_t buf_va, uint64_t len_va,
                        const std::vector<uint8_t>& bytes) {
  uint32_t room = 0;
  if (auto r = ta.copy_from_ta(len_va, &room, sizeof room); !r)
    return r.error().code;
  const uint32_t res = room < bytes.size()
                           ? TEE_ERROR_SHORT_BUFFER
                           : code_of(ta.copy_to_ta(buf_va, bytes.data(), bytes.size()));
  const auto needed = static_cast<uint32_t>(bytes.size());
  if (uint32_t res2 = code_of(ta.copy_to_ta(len_va, &needed, sizeof needed)); res2 != TEE_SUCCESS)
    return res2;
  return res;
}

} // namespace

std::array<uint8_t, 16> tee_device_id() {
  uint8_t input[5 + kDieIdSize] = {'O', 'P', 'T', 'E', 'E'};
  std::memcpy(input + 5, kSwemuDieId, kDieIdSize);
  uint8_t digest[32];
  mbedtls_sha256(input, sizeof input, digest, 0);
  std::array<uint8_t, 16> id{};
  std::memcpy(id.data(), digest, id.size());
  // A version-5 UUID (RFC 4122), in TEE_UUID struct layout: timeHiAndVersion is the
  // little-endian u16 at offset 6, clock_seq_hi_and_reserved the byte at offset 8.
  id[7] = static_cast<uint8_t>((id[7] & 0x0F) | 0x50);
  id[8] = static_cast<uint8_t>((id[8] & 0x3F) | 0x80);
  return id;
}

// (unsigned long prop_set, unsigned long index, void *name, uint32_t *name_len, void *buf,
//  uint32_t *blen, uint32_t *prop_type). Each output is optional (NULL skips it); the
// order of the checks and results follows OP-TEE.
uint32_t sys_get_property(TaInstance& ta, const SyscallArgs& args) {
  const uint64_t name_va = args.a[2];
  const uint64_t name_len_va = args.a[3];
  const uint64_t buf_va = args.a[4];
  const uint64_t blen_va = args.a[5];
  const uint64_t type_va = args.a[6];

  const auto set = property_set(args.a[0], ta);
  if (!set || args.a[1] >= set->size())
    return TEE_ERROR_ITEM_NOT_FOUND;
  const Property& prop = (*set)[args.a[1]];

  if (type_va != 0)
    if (auto r = ta.copy_to_ta(type_va, &prop.type, sizeof prop.type); !r)
      return r.error().code;
  if (buf_va != 0 && blen_va != 0)
    if (uint32_t res = copy_out_sized(ta, buf_va, blen_va, prop.value); res != TEE_SUCCESS)
      return res;
  if (name_va != 0 && name_len_va != 0)
    if (uint32_t res = copy_out_sized(ta, name_va, name_len_va, string_value(prop.name));
        res != TEE_SUCCESS)
      return res;
  return TEE_SUCCESS;
}

// (unsigned long prop_set, const void *name, unsigned long name_len, uint32_t *index).
// name_len counts the terminating NUL; the last byte is taken as NUL whatever it holds.
uint32_t sys_get_property_name_to_index(TaInstance& ta, const SyscallArgs& args) {
  const uint64_t name_va = args.a[1];
  const uint64_t name_len = args.a[2];
  const uint64_t index_va = args.a[3];

  const auto set = property_set(args.a[0], ta);
  if (!set)
    return TEE_ERROR_ITEM_NOT_FOUND;
  if (name_va == 0 || name_len == 0)
    return TEE_ERROR_BAD_PARAMETERS;
  if (auto r = ta.check_access(name_va, name_len, false); !r)
    return r.error().code;

  const uint64_t text_len = std::min(name_len - 1, kMaxNameLen);
  std::vector<char> text(text_len);
  if (auto r = ta.copy_from_ta(name_va, text.data(), text_len); !r)
    return r.error().code;
  const auto nul = std::find(text.begin(), text.end(), '\0');
  if (nul == text.end() && name_len - 1 > kMaxNameLen)
    return TEE_ERROR_ITEM_NOT_FOUND; // longer than any name we serve
  const std::string_view name(text.data(), static_cast<size_t>(nul - text.begin()));

  for (uint32_t i = 0; i < set->size(); ++i)
    if ((*set)[i].name == name)
      return code_of(ta.copy_to_ta(index_va, &i, sizeof i));
  return TEE_ERROR_ITEM_NOT_FOUND;
}

} // namespace swemu::core
