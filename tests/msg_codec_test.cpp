#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "msg.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;

constexpr uint64_t kPa = 0x42000000;

// A fake shared-memory region with helpers to write optee_msg_arg frames into it.
class MsgCodec : public ::testing::Test {
protected:
  MsgCodec() : buf_(4 * 4096 + 4096), mem_(shm()) {}

  NsShm shm() {
    auto base = reinterpret_cast<uintptr_t>(buf_.data());
    auto aligned = (base + 4095) & ~uintptr_t{4095};
    return NsShm{reinterpret_cast<uint8_t*>(aligned), kPa, 4 * 4096};
  }
  uint8_t* at(uint64_t off) { return mem_.shm().host + off; }
  template <class T> void put(uint64_t off, T v) { std::memcpy(at(off), &v, sizeof v); }
  template <class T> T get(uint64_t off) {
    T v;
    std::memcpy(&v, at(off), sizeof v);
    return v;
  }
  void header(uint64_t off, uint32_t cmd, uint32_t num_params, uint32_t session = 0) {
    put<uint32_t>(off + 0, cmd);
    put<uint32_t>(off + 8, session);
    put<uint32_t>(off + 28, num_params);
  }
  void param(uint64_t off, uint32_t i, uint64_t attr, uint64_t a, uint64_t b, uint64_t c = 0) {
    uint64_t p = off + 32 + 32 * i;
    put(p, attr);
    put(p + 8, a);
    put(p + 16, b);
    put(p + 24, c);
  }
  Result<MsgFrame> decode_at(uint64_t off) {
    auto loc = locate_msg_arg(mem_, kPa + off);
    if (!loc)
      return loc.take_error();
    return decode_msg_arg(mem_, *loc);
  }

  std::vector<uint8_t> buf_;
  NsMemory mem_;
};

TEST_F(MsgCodec, DecodesOpenSessionMetaParams) {
  header(0, OPTEE_MSG_CMD_OPEN_SESSION, 3);
  // 8aaaf200-2450-11e4-abe2-0002a5d5c51b as the worked example of optee-abi.md §2.5.
  param(0, 0, OPTEE_MSG_ATTR_META | OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 0xe411502400f2aa8aull,
        0x1bc5d5a50200e2abull);
  param(0, 1, OPTEE_MSG_ATTR_META | OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 0x1111111111111111ull,
        0x2222222222222222ull, TEE_LOGIN_USER);
  param(0, 2, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, 7, 8, 9);
  auto f = decode_at(0);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->ta_uuid.str(), "8aaaf200-2450-11e4-abe2-0002a5d5c51b");
  EXPECT_EQ(f->client_uuid.str(), "11111111-1111-1111-2222-222222222222");
  EXPECT_EQ(f->login, TEE_LOGIN_USER);
  EXPECT_EQ(f->params[0].type, TEE_PARAM_TYPE_VALUE_INOUT);
  EXPECT_EQ(f->params[0].a, 7u);
  EXPECT_EQ(f->params[0].b, 8u);
  EXPECT_EQ(f->params[1].type, TEE_PARAM_TYPE_NONE);
}

TEST_F(MsgCodec, PublicLoginForcesNilClientUuid) {
  header(0, OPTEE_MSG_CMD_OPEN_SESSION, 2);
  param(0, 0, 0x101, 1, 2);
  param(0, 1, 0x101, 3, 4, TEE_LOGIN_PUBLIC);
  auto f = decode_at(0);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->client_uuid.is_nil());
}

TEST_F(MsgCodec, RejectsOpenSessionWithoutMetaParams) {
  header(0, OPTEE_MSG_CMD_OPEN_SESSION, 2);
  param(0, 0, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 1, 2);
  param(0, 1, 0x101, 3, 4);
  auto f = decode_at(0);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST_F(MsgCodec, RejectsUnknownLogin) {
  header(0, OPTEE_MSG_CMD_OPEN_SESSION, 2);
  param(0, 0, 0x101, 1, 2);
  param(0, 1, 0x101, 3, 4, 3);
  EXPECT_EQ(decode_at(0).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST_F(MsgCodec, TranslatesTmemInsideSharedMemory) {
  header(0, OPTEE_MSG_CMD_INVOKE_COMMAND, 1, 5);
  param(0, 0, OPTEE_MSG_ATTR_TYPE_TMEM_INOUT, kPa + 4096 + 12, 100);
  auto f = decode_at(0);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->session, 5u);
  EXPECT_EQ(f->params[0].type, TEE_PARAM_TYPE_MEMREF_INOUT);
  EXPECT_EQ(f->params[0].host, at(4096 + 12));
  EXPECT_EQ(f->params[0].size, 100u);
}

TEST_F(MsgCodec, NullTmemIsNullMemref) {
  header(0, OPTEE_MSG_CMD_INVOKE_COMMAND, 1);
  param(0, 0, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, 0, 0);
  auto f = decode_at(0);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->params[0].type, TEE_PARAM_TYPE_MEMREF_OUTPUT);
  EXPECT_EQ(f->params[0].host, nullptr);
}

TEST_F(MsgCodec, RejectsTmemOutsideSharedMemory) {
  header(0, OPTEE_MSG_CMD_INVOKE_COMMAND, 1);
  param(0, 0, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, kPa + 4 * 4096 - 10, 11);
  EXPECT_EQ(decode_at(0).error().code, TEE_ERROR_BAD_PARAMETERS);
  param(0, 0, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, kPa - 1, 1);
  EXPECT_EQ(decode_at(0).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST_F(MsgCodec, RejectsTmemSizeThatOverflows) {
  header(0, OPTEE_MSG_CMD_INVOKE_COMMAND, 1);
  param(0, 0, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, kPa + 16, ~uint64_t{0} - 8);
  EXPECT_EQ(decode_at(0).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST_F(MsgCodec, RejectsUnknownAttributes) {
  header(0, OPTEE_MSG_CMD_INVOKE_COMMAND, 1);
  for (uint64_t attr :
       {uint64_t{4}, uint64_t{8}, uint64_t{0xC}, uint64_t{0xFF}, uint64_t{0x401}, uint64_t{1} << 40,
        OPTEE_MSG_ATTR_NONCONTIG | 9, OPTEE_MSG_ATTR_TYPE_RMEM_INPUT}) {
    param(0, 0, attr, kPa, 8);
    auto f = decode_at(0);
    ASSERT_FALSE(f) << "attr " << attr;
    EXPECT_EQ(f.error().code, TEE_ERROR_BAD_PARAMETERS) << "attr " << attr;
  }
}

TEST_F(MsgCodec, RejectsMetaOnInvokeParams) {
  header(0, OPTEE_MSG_CMD_INVOKE_COMMAND, 1);
  param(0, 0, 0x101, 1, 2);
  EXPECT_EQ(decode_at(0).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST_F(MsgCodec, RejectsMoreThanFourTaParams) {
  header(0, OPTEE_MSG_CMD_INVOKE_COMMAND, 5);
  EXPECT_EQ(decode_at(0).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST_F(MsgCodec, RejectsCloseWithParams) {
  header(0, OPTEE_MSG_CMD_CLOSE_SESSION, 1);
  EXPECT_EQ(decode_at(0).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST_F(MsgCodec, UnknownCommandIsNotImplemented) {
  header(0, 99, 0);
  EXPECT_EQ(decode_at(0).error().code, TEE_ERROR_NOT_IMPLEMENTED);
}

TEST_F(MsgCodec, RejectsParamsPastArgEnd) {
  // A frame near the end of the region that announces params beyond it.
  uint64_t off = 4 * 4096 - 64;
  header(off, OPTEE_MSG_CMD_INVOKE_COMMAND, 2);
  EXPECT_FALSE(locate_msg_arg(mem_, kPa + off));
}

TEST_F(MsgCodec, RejectsFramesThatCrossAPage) {
  uint64_t off = 4096 - 64;
  header(off, OPTEE_MSG_CMD_INVOKE_COMMAND, 2);
  EXPECT_FALSE(locate_msg_arg(mem_, kPa + off));
  header(off, OPTEE_MSG_CMD_INVOKE_COMMAND, 1);
  EXPECT_TRUE(locate_msg_arg(mem_, kPa + off));
}

TEST_F(MsgCodec, RejectsHugeParamCounts) {
  header(0, OPTEE_MSG_CMD_INVOKE_COMMAND, 0xFFFFFFFF);
  EXPECT_FALSE(locate_msg_arg(mem_, kPa));
  header(0, OPTEE_MSG_CMD_INVOKE_COMMAND, OPTEE_MSG_MAX_NUM_PARAMS + 1);
  EXPECT_FALSE(locate_msg_arg(mem_, kPa));
}

TEST_F(MsgCodec, RejectsMisalignedAndOutsideAddresses) {
  EXPECT_FALSE(locate_msg_arg(mem_, kPa + 4));
  EXPECT_FALSE(locate_msg_arg(mem_, kPa - 32));
  EXPECT_FALSE(locate_msg_arg(mem_, kPa + 4 * 4096));
  EXPECT_FALSE(locate_msg_arg(mem_, 0));
  EXPECT_FALSE(locate_msg_arg(mem_, ~uint64_t{0} - 7));
}

TEST_F(MsgCodec, EncodesOutputsOnly) {
  header(0, OPTEE_MSG_CMD_INVOKE_COMMAND, 3, 9);
  param(0, 0, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 1, 2, 3);
  param(0, 1, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, 4, 5, 6);
  param(0, 2, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, kPa + 1024, 64, 77);
  auto loc = locate_msg_arg(mem_, kPa);
  ASSERT_TRUE(loc);
  auto f = decode_msg_arg(mem_, *loc);
  ASSERT_TRUE(f);
  f->params[0].a = 100;
  f->params[1].a = 40;
  f->params[1].b = 50;
  f->params[2].size = 128;
  encode_msg_result(*loc, *f, TEE_ERROR_SHORT_BUFFER, TEE_ORIGIN_TRUSTED_APP);
  EXPECT_EQ(get<uint32_t>(20), TEE_ERROR_SHORT_BUFFER);
  EXPECT_EQ(get<uint32_t>(24), TEE_ORIGIN_TRUSTED_APP);
  EXPECT_EQ(get<uint64_t>(32 + 8), 1u); // input value untouched
  EXPECT_EQ(get<uint64_t>(64 + 8), 40u);
  EXPECT_EQ(get<uint64_t>(64 + 16), 50u);
  EXPECT_EQ(get<uint64_t>(96 + 8), kPa + 1024); // buf_ptr untouched
  EXPECT_EQ(get<uint64_t>(96 + 16), 128u);
  EXPECT_EQ(get<uint64_t>(96 + 24), 77u); // shm_ref untouched
}

TEST_F(MsgCodec, RandomFramesNeverCrash) {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int iter = 0; iter < 20000; ++iter) {
    for (int i = 0; i < 8 * 32 / 8; ++i) {
      uint64_t v = next();
      if (i == 3) // keep num_params small most of the time
        v = (v & 0xFFFFFFFF00000000ull) | (v % 8);
      std::memcpy(at(i * 8), &v, 8);
    }
    // Bias attrs and addresses towards meaningful values.
    put<uint32_t>(0, next() % 5);
    for (uint32_t p = 0; p < 6; ++p) {
      put<uint64_t>(32 + 32 * p, next() % 0x210);
      put<uint64_t>(32 + 32 * p + 8, kPa + next() % (5 * 4096));
      put<uint64_t>(32 + 32 * p + 16, next() % 8192);
    }
    auto loc = locate_msg_arg(mem_, kPa + (next() % 2) * 8);
    if (!loc)
      continue;
    auto f = decode_msg_arg(mem_, *loc);
    if (f) {
      for (const auto& p : f->params)
        if (p.host != nullptr) {
          ASSERT_GE(p.host, at(0));
          ASSERT_LE(p.host + p.size, at(4 * 4096));
        }
    }
  }
}

} // namespace
} // namespace swemu::core
