// TA and client UUIDs, with the conversions between text, RFC 4122 octets and the
// native TEE_UUID struct layout (optee-abi.md §2.5, §6.8).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace swemu {

struct Uuid {
  // RFC 4122 octet order: the order of the text form and of optee_msg meta params.
  std::array<uint8_t, 16> octets{};

  static std::optional<Uuid> parse(std::string_view text);
  static Uuid from_octets(const uint8_t* p);
  // TEE_UUID struct in memory: little-endian timeLow, timeMid, timeHiAndVersion.
  static Uuid from_tee_uuid_bytes(const uint8_t* p);
  void to_tee_uuid_bytes(uint8_t* p) const;

  // RFC 4122 §4.3 name-based UUID (version 5, SHA-1) of `name` in namespace `ns`.
  static Uuid v5(const Uuid& ns, std::string_view name);
  // The Linux TEE core's client identities (optee-abi.md §1.4): a UUIDv5 of `name` (e.g.
  // "uid=3e8") in namespace 58ac9ca0-2086-4683-a1b8-ec4bc08e01b6.
  static Uuid tee_client(std::string_view name);

  std::string str() const;
  bool is_nil() const;
  auto operator<=>(const Uuid&) const = default;
};

} // namespace swemu
