// The TA syscall table, indexed by OP-TEE syscall number (optee-abi.md §5.2). One
// syscall group per file; each handler checks every TA buffer before touching it.
// The session state some groups keep (cancellation, TA persistent time) lives here too:
// the session manager owns it and hands it to each entry in its EntryContext.
#pragma once

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "swemu/core/result.h"
#include "swemu/core/uuid.h"

namespace swemu::core {

class TaInstance;
namespace crypto {
struct Object;
class Operation;
} // namespace crypto
namespace storage {
class SecureStorage;
struct Handle;
} // namespace storage

// One TA instance's cryptographic objects and operation states, by the handles the TA
// holds (sys_crypto.cpp). Handles are small non-zero numbers, never reused while the
// instance lives; everything is freed (and key material wiped) with the instance.
class CryptoTables {
public:
  struct State {
    std::unique_ptr<crypto::Operation> op;
    uint32_t key1 = 0; // object handles given at CRYP_STATE_ALLOC, 0 for none
    uint32_t key2 = 0;
  };

  CryptoTables();
  ~CryptoTables();
  CryptoTables(const CryptoTables&) = delete;
  CryptoTables& operator=(const CryptoTables&) = delete;

  std::map<uint32_t, std::unique_ptr<crypto::Object>> objects;
  std::map<uint32_t, State> states;
  // Transient and persistent objects together; past it allocation answers OUT_OF_MEMORY.
  static constexpr size_t kMaxObjects = 4096;

  // Persistent objects (sys_storage.cpp): each is also in `objects` (its type, sizes,
  // usage and attributes, TEE_HANDLE_FLAG_PERSISTENT set), under the same handle as its
  // open storage handle here. Closed with the instance.
  std::shared_ptr<storage::SecureStorage> storage; // null: no secure storage
  std::map<uint32_t, std::unique_ptr<storage::Handle>> persistent;
  // Persistent-object enumerators: started on a storage space (0 REE, 1 RPMB; -1: not
  // started), and the id of the object returned last.
  struct Enumerator {
    int space = -1;
    std::optional<std::vector<uint8_t>> last;
  };
  std::map<uint32_t, Enumerator> enums;
  // The next handle; 0 when handles ran out.
  uint32_t take_handle();

private:
  uint32_t next_ = 1;
};

// struct utee_object_info (optee-abi.md §4.6; 28 bytes on both ABIs): what CRYP_OBJ_GET_INFO
// and STORAGE_ENUM_NEXT write.
struct UteeObjectInfo {
  uint32_t obj_type;
  uint32_t obj_size;
  uint32_t max_obj_size;
  uint32_t obj_usage;
  uint32_t data_size;
  uint32_t data_pos;
  uint32_t handle_flags;
};
static_assert(sizeof(UteeObjectInfo) == 28);

struct SyscallArgs {
  uint64_t a[8] = {}; // x0..x7 (AArch64)
};

using SyscallHandler = uint32_t (*)(TaInstance& ta, const SyscallArgs& args);

// Never null: numbers without a handler answer TEE_ERROR_NOT_SUPPORTED.
SyscallHandler lookup_syscall(uint64_t number);
// OP-TEE's name of a syscall ("LOG", "CRYP_RANDOM_NUMBER_GENERATE"; "UNKNOWN") and how many
// arguments it takes, for traces.
std::string_view syscall_name(uint64_t number, unsigned* args);

// Handlers, by group.
// sys_base.cpp
uint32_t sys_return(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_log(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_panic(TaInstance& ta, const SyscallArgs& args);
// sys_random.cpp
uint32_t sys_random(TaInstance& ta, const SyscallArgs& args);
// sys_property.cpp
uint32_t sys_get_property(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_get_property_name_to_index(TaInstance& ta, const SyscallArgs& args);
// sys_memory.cpp
uint32_t sys_check_access_rights(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cache_operation(TaInstance& ta, const SyscallArgs& args);
// sys_cancel.cpp
uint32_t sys_get_cancellation_flag(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_unmask_cancellation(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_mask_cancellation(TaInstance& ta, const SyscallArgs& args);
// sys_time.cpp
uint32_t sys_wait(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_get_time(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_set_ta_time(TaInstance& ta, const SyscallArgs& args);
// sys_ta2ta.cpp
uint32_t sys_open_ta_session(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_close_ta_session(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_invoke_ta_command(TaInstance& ta, const SyscallArgs& args);
// sys_crypto.cpp
uint32_t sys_cryp_state_alloc(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cryp_state_copy(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cryp_state_free(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_hash_init(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_hash_update(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_hash_final(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cipher_init(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cipher_update(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cipher_final(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cryp_obj_get_info(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cryp_obj_restrict_usage(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cryp_obj_get_attr(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cryp_obj_alloc(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cryp_obj_close(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cryp_obj_reset(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cryp_obj_populate(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cryp_obj_copy(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cryp_derive_key(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_authenc_init(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_authenc_update_aad(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_authenc_update_payload(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_authenc_enc_final(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_authenc_dec_final(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_asymm_operate(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_asymm_verify(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_cryp_obj_generate_key(TaInstance& ta, const SyscallArgs& args);
// sys_storage.cpp
uint32_t sys_storage_obj_open(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_storage_obj_create(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_storage_obj_del(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_storage_obj_rename(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_storage_alloc_enum(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_storage_free_enum(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_storage_reset_enum(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_storage_start_enum(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_storage_next_enum(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_storage_obj_read(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_storage_obj_write(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_storage_obj_trunc(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_storage_obj_seek(TaInstance& ta, const SyscallArgs& args);
// syscall_table.cpp
uint32_t sys_not_supported(TaInstance& ta, const SyscallArgs& args);

// A handler's Result as its TEE_Result, the error logged at debug level as "<call>: ..."
// (sys_crypto.cpp; shared by the crypto and storage groups).
uint32_t syscall_status(TaInstance& ta, const char* call, const Result<void>& r);

// Checked copies for syscalls that OP-TEE restricts to TA-private memory
// (copy_{from,to}_user_private): a buffer in a parameter mapping is TEE_ERROR_ACCESS_DENIED.
Result<void> copy_from_ta_private(const TaInstance& ta, uint64_t va, void* dst, uint64_t len);
Result<void> copy_to_ta_private(TaInstance& ta, uint64_t va, const void* src, uint64_t len);

// gpd.tee.deviceID as TEE_UUID struct bytes: SHA-256 of "OPTEE" and swemu's die id,
// made a version-5 UUID (optee-abi.md §4.3). The same on every swemu install.
std::array<uint8_t, 16> tee_device_id();

// One session's cancellation state (GP TEE Internal Core API v1.3.1 §4.10). As in OP-TEE
// (tee_ta_manager.c, user_ta.c): OPTEE_MSG_CMD_CANCEL from the normal world sets the
// request, the request is dropped when an entry of the session returns (it was for that
// operation), and the mask is set when the session is created and keeps its value from
// one entry to the next.
//
// TA-to-TA calls (GP §4.9.3, §4.10): the caller's cancellationRequestTimeout becomes a
// request deadline of the callee's entry (OP-TEE's cancel_time), and while the call runs a
// request for the caller's operation is passed on to the callee.
class CancelState {
public:
  using Clock = std::chrono::steady_clock;

  // Any thread. Wakes a TEE_Wait in progress, and is passed on to the linked callee.
  void request();
  // The session manager, after each entry: drops the request and the deadline.
  void end_entry();
  // Requested (or past the request deadline) and not masked: what GET_CANCELLATION_FLAG
  // reports.
  bool cancelled() const;
  // Requested (or past the request deadline), whatever the mask.
  bool requested() const;
  // Returns the previous mask.
  bool set_mask(bool masked);
  // Blocks until `deadline` (nullopt: none) or until cancelled(). True if cancelled.
  bool wait_until(std::optional<Clock::time_point> deadline);
  // The running entry counts as cancelled from `when` on (nullopt: no deadline).
  void set_request_deadline(std::optional<Clock::time_point> when);
  // Passes requests on to `callee` (null: to nobody) while a TA-to-TA call runs; a request
  // already made is passed on at once. The callee must outlive the link.
  void link_callee(CancelState* callee);

private:
  bool cancelled_locked(Clock::time_point now) const;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool requested_ = false;
  bool masked_ = true;
  std::optional<Clock::time_point> deadline_;
  CancelState* callee_ = nullptr;
};

// TEE_Time (optee-abi.md §6.8).
struct TeeTime {
  uint32_t seconds = 0;
  uint32_t millis = 0;
};

// TA persistent time (GP TEE Internal Core API v1.3.1 §7.2), per TA UUID and shared by all
// of its instances. As in OP-TEE (tee_time_generic.c) the secure world keeps, per TA, an
// offset from the monotonic system time, so changes of the REE clock while it runs do not
// move TA time. With a state directory the offset is also written, relative to the REE
// clock, to <state_dir>/ta_time/<uuid>.json: after a restart TA time has moved on with the
// REE clock (gpd.tee.TAPersistentTime.protectionLevel 100, "REE-controlled real-time
// clock"). Without one, a restarted secure world starts with the time not set.
class TaTimeStore {
public:
  struct Clocks {
    std::function<int64_t()> system_ms; // monotonic
    std::function<int64_t()> ree_ms;    // wall clock, since the Unix epoch
  };
  static Clocks host_clocks();

  explicit TaTimeStore(std::filesystem::path state_dir, Clocks clocks = host_clocks());

  struct Reading {
    uint32_t result = 0; // TEE_Result
    TeeTime time;        // valid with TEE_SUCCESS and TEE_ERROR_OVERFLOW
  };
  // TEE_SUCCESS; TEE_ERROR_OVERFLOW when TA time passed 2^32 seconds (the wrapped value
  // is given); TEE_ERROR_TIME_NOT_SET; TEE_ERROR_TIME_NEEDS_RESET when the stored value
  // is unreadable or the REE clock went back to before the time was set.
  Reading get(const Uuid& ta);
  // TEE_SUCCESS; TEE_ERROR_BAD_PARAMETERS when millis >= 1000; TEE_ERROR_STORAGE_NO_SPACE
  // when the state file cannot be written (the previous value stays).
  uint32_t set(const Uuid& ta, const TeeTime& time);

private:
  struct Entry {
    bool needs_reset = false;
    int64_t offset_ms = 0; // TA time minus system time
  };
  Entry* load(const Uuid& ta); // under mu_; null: never set
  std::filesystem::path file_of(const Uuid& ta) const;

  std::filesystem::path dir_;
  Clocks clocks_;
  std::mutex mu_;
  std::map<Uuid, Entry> entries_;
};

} // namespace swemu::core
