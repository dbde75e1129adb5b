// optee_msg codec: the one place where optee_msg_arg frames from the normal world are
// read and checked (optee-abi.md §2). Everything inside the secure world works on the
// validated MsgFrame copy, never on shared memory that the normal world can still change.
#pragma once

#include <cstdint>

#include "swemu/core/result.h"
#include "swemu/core/smc.h"
#include "swemu/core/uuid.h"
#include "ta_param.h"

namespace swemu::core {

// Non-secure shared memory seen from the secure world.
class NsMemory {
public:
  explicit NsMemory(NsShm shm) : shm_(shm) {}
  // Host pointer for [pa, pa + size), or nullptr when any byte lies outside the region.
  uint8_t* translate(uint64_t pa, uint64_t size) const;
  const NsShm& shm() const { return shm_; }

private:
  NsShm shm_;
};

struct MsgFrame {
  uint32_t cmd = 0;
  uint32_t func = 0;
  uint32_t session = 0;
  uint32_t cancel_id = 0;
  uint32_t num_params = 0; // as sent, meta params included
  // OPEN_SESSION only.
  Uuid ta_uuid;
  Uuid client_uuid;
  uint32_t login = 0;
  // TA parameters (meta params removed).
  TaParams params;
};

// Where the frame at `pa` lives. Fails (EBADADDR at the SMC level) when the header or
// the params it announces are not inside shared memory, the frame is misaligned, crosses
// a 4 KiB page, or announces more than OPTEE_MSG_MAX_NUM_PARAMS.
struct MsgLocation {
  uint8_t* arg = nullptr;
  uint32_t num_params = 0;
};
Result<MsgLocation> locate_msg_arg(const NsMemory& mem, uint64_t pa);

// Decodes and validates a located frame. An unknown command is TEE_ERROR_NOT_IMPLEMENTED
// (the monitor turns it into EBADCMD); a bad parameter is TEE_ERROR_BAD_PARAMETERS.
Result<MsgFrame> decode_msg_arg(const NsMemory& mem, const MsgLocation& loc);

// Writes ret, ret_origin, session and the output parts of the parameters back.
void encode_msg_result(const MsgLocation& loc, const MsgFrame& frame, uint32_t ret,
                       uint32_t origin);

// Writes only ret and ret_origin (for frames that failed to decode).
void encode_msg_error(const MsgLocation& loc, uint32_t ret, uint32_t origin);

} // namespace swemu::core
