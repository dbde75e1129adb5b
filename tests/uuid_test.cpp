#include <cstring>

#include <gtest/gtest.h>

#include "swemu/core/uuid.h"

namespace swemu {
namespace {

TEST(Uuid, ParsesAndPrintsRoundTrip) {
  auto u = Uuid::parse("8AAAF200-2450-11e4-abe2-0002a5d5c51b");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->str(), "8aaaf200-2450-11e4-abe2-0002a5d5c51b");
  EXPECT_EQ(u->octets[0], 0x8a);
  EXPECT_EQ(u->octets[15], 0x1b);
}

TEST(Uuid, RejectsMalformedText) {
  for (const char* bad :
       {"", "8aaaf200245011e4abe20002a5d5c51b", "8aaaf200-2450-11e4-abe2-0002a5d5c51",
        "8aaaf200-2450-11e4-abe2-0002a5d5c51g", "8aaaf200+2450-11e4-abe2-0002a5d5c51b",
        "8aaaf200-2450-11e4-abe2-0002a5d5c51bb"})
    EXPECT_FALSE(Uuid::parse(bad)) << bad;
}

TEST(Uuid, ConvertsToAndFromTeeUuidStruct) {
  auto u = *Uuid::parse("8aaaf200-2450-11e4-abe2-0002a5d5c51b");
  uint8_t s[16];
  u.to_tee_uuid_bytes(s);
  // timeLow 0x8aaaf200 little-endian, timeMid 0x2450, timeHiAndVersion 0x11e4.
  const uint8_t expect[16] = {0x00, 0xf2, 0xaa, 0x8a, 0x50, 0x24, 0xe4, 0x11,
                              0xab, 0xe2, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b};
  EXPECT_EQ(0, memcmp(s, expect, 16));
  EXPECT_EQ(Uuid::from_tee_uuid_bytes(s), u);
}

TEST(Uuid, NilIsNil) {
  EXPECT_TRUE(Uuid{}.is_nil());
  EXPECT_FALSE(Uuid::parse("00000000-0000-0000-0000-000000000001")->is_nil());
}

} // namespace
} // namespace swemu
