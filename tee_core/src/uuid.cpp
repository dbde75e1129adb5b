#include "swemu/core/uuid.h"

#include <cstdio>

#include <mbedtls/sha1.h>

namespace swemu {

std::optional<Uuid> Uuid::parse(std::string_view text) {
  // 8-4-4-4-12 hex digits.
  if (text.size() != 36)
    return std::nullopt;
  Uuid u;
  size_t o = 0;
  for (size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-')
        return std::nullopt;
      ++i;
      continue;
    }
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9')
        return c - '0';
      if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
      if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
      return -1;
    };
    int hi = hex(text[i]);
    int lo = hex(text[i + 1]);
    if (hi < 0 || lo < 0)
      return std::nullopt;
    u.octets[o++] = static_cast<uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return u;
}

Uuid Uuid::from_octets(const uint8_t* p) {
  Uuid u;
  for (size_t i = 0; i < 16; ++i)
    u.octets[i] = p[i];
  return u;
}

Uuid Uuid::from_tee_uuid_bytes(const uint8_t* p) {
  Uuid u;
  // timeLow (LE u32), timeMid (LE u16), timeHiAndVersion (LE u16), then 8 bytes as-is.
  const uint8_t order[8] = {3, 2, 1, 0, 5, 4, 7, 6};
  for (size_t i = 0; i < 8; ++i)
    u.octets[i] = p[order[i]];
  for (size_t i = 8; i < 16; ++i)
    u.octets[i] = p[i];
  return u;
}

void Uuid::to_tee_uuid_bytes(uint8_t* p) const {
  const uint8_t order[8] = {3, 2, 1, 0, 5, 4, 7, 6};
  for (size_t i = 0; i < 8; ++i)
    p[order[i]] = octets[i];
  for (size_t i = 8; i < 16; ++i)
    p[i] = octets[i];
}

std::string Uuid::str() const {
  char buf[37];
  const auto& b = octets;
  std::snprintf(buf, sizeof buf,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return buf;
}

bool Uuid::is_nil() const {
  for (auto b : octets)
    if (b != 0)
      return false;
  return true;
}

Uuid Uuid::v5(const Uuid& ns, std::string_view name) {
  // SHA-1 over the namespace octets, then the name; the first 16 bytes of the digest with
  // the version (5) in the high nibble of octet 6 and the variant (10b) in octet 8.
  uint8_t digest[20] = {};
  mbedtls_sha1_context sha;
  mbedtls_sha1_init(&sha);
  mbedtls_sha1_starts(&sha);
  mbedtls_sha1_update(&sha, ns.octets.data(), ns.octets.size());
  mbedtls_sha1_update(&sha, reinterpret_cast<const unsigned char*>(name.data()), name.size());
  mbedtls_sha1_finish(&sha, digest);
  mbedtls_sha1_free(&sha);
  Uuid u = from_octets(digest);
  u.octets[6] = static_cast<uint8_t>((u.octets[6] & 0x0F) | 0x50);
  u.octets[8] = static_cast<uint8_t>((u.octets[8] & 0x3F) | 0x80);
  return u;
}

Uuid Uuid::tee_client(std::string_view name) {
  static constexpr uint8_t kTeeClientNamespace[16] = {0x58, 0xac, 0x9c, 0xa0, 0x20, 0x86,
                                                      0x46, 0x83, 0xa1, 0xb8, 0xec, 0x4b,
                                                      0xc0, 0x8e, 0x01, 0xb6};
  return v5(from_octets(kTeeClientNamespace), name);
}

} // namespace swemu
