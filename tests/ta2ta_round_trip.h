// TA2TA_CMD_ROUND_TRIP on an open ta2ta_test session: the TA invokes `target` (0: hello,
// 1: hello32) with a value and a heap memref of TA2TA_MAX_DATA bytes, and this checks what
// comes back (the value incremented, every check passed, the bytes reversed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "ta2ta_test_ta.h"
#include "tee_client_api.h"

namespace swemu::test {

inline void expect_ta2ta_round_trip(TEEC_Session& session, uint32_t target) {
  std::vector<uint8_t> data(TA2TA_MAX_DATA);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<uint8_t>(i * 7 + 3);
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_VALUE_OUTPUT, TEEC_MEMREF_TEMP_INOUT,
                                   TEEC_VALUE_INPUT);
  op.params[0].value.a = 41;
  op.params[2].tmpref.buffer = data.data();
  op.params[2].tmpref.size = data.size();
  op.params[3].value.a = target;
  uint32_t origin = 0;
  ASSERT_EQ(TEEC_InvokeCommand(&session, TA2TA_CMD_ROUND_TRIP, &op, &origin), TEEC_SUCCESS)
      << "target " << target << " checks " << op.params[1].value.a;
  EXPECT_EQ(op.params[0].value.a, 42u);
  EXPECT_EQ(op.params[1].value.a, static_cast<uint32_t>(TA2TA_ROUND_TRIP_CHECKS));
  EXPECT_EQ(op.params[1].value.b, TEEC_ORIGIN_TRUSTED_APP);
  ASSERT_EQ(op.params[2].tmpref.size, data.size());
  for (size_t i = 0; i < data.size(); ++i)
    ASSERT_EQ(data[i], static_cast<uint8_t>((data.size() - 1 - i) * 7 + 3)) << i;
}

} // namespace swemu::test
