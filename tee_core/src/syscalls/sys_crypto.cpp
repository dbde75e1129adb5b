// The cryptographic syscalls (15-32, 34-40, 54; optee-abi.md §5.2), as OP-TEE's
// core/tee/tee_svc_cryp.c serves them: objects and operation states are kept per TA
// instance and named by handles; every TA buffer is checked and copied in before the
// engine (crypto/) sees it, and outputs are copied out only after they are known to fit.
//
// Output lengths are uint64_t in/out: the TA passes its capacity, gets the bytes written
// — or, with TEE_ERROR_SHORT_BUFFER, the bytes needed, and then nothing has changed.
// Unknown object handles answer TEE_ERROR_BAD_STATE and unknown state handles
// TEE_ERROR_BAD_PARAMETERS, as in OP-TEE; libutee turns most errors into panics.
#include <fmt/format.h>

#include <cstring>
#include <limits>

#include "crypto/crypto.h"
#include "storage/secure_storage.h"
#include "swemu/core/tee_abi.h"
#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::core {

uint32_t syscall_status(TaInstance& ta, const char* call, const Result<void>& r) {
  if (r.ok())
    return abi::TEE_SUCCESS;
  ta.logger().debug("{}: {}", call, r.error().message);
  return r.error().code;
}

CryptoTables::CryptoTables() = default;
CryptoTables::~CryptoTables() {
  for (auto& [handle, p] : persistent)
    storage->close(std::move(p));
}

uint32_t CryptoTables::take_handle() {
  if (next_ == 0)
    return 0;
  return next_++;
}

namespace {

using namespace swemu::abi;
using crypto::Attribute;
using crypto::Bytes;
using crypto::ByteView;
using crypto::Object;
using crypto::Operation;

// Bounds on what one syscall may ask the host to hold: far above any real use, low enough
// that a hostile TA cannot make the host allocate without limit.
constexpr uint64_t kMaxBuffer = 64ULL << 20;
constexpr uint64_t kMaxAttributes = 64;
constexpr size_t kMaxStatesPerInstance = 4096;

// struct utee_attribute (optee-abi.md §4.6): 24 bytes on both ABIs.
struct UteeAttribute {
  uint64_t a;
  uint64_t b;
  uint32_t attribute_id;
  uint32_t reserved;
};
static_assert(sizeof(UteeAttribute) == 24);

Result<void> check_length(uint64_t len) {
  if (len > kMaxBuffer)
    return make_error(TEE_ERROR_BAD_PARAMETERS,
                      fmt::format("buffer of {} bytes is too large", len));
  return {};
}

Result<Bytes> read_buffer(const TaInstance& ta, uint64_t va, uint64_t len) {
  SWEMU_TRY_VOID(check_length(len));
  Bytes b(len);
  SWEMU_TRY_VOID(ta.copy_from_ta(va, b.data(), len));
  return b;
}

// Bulk data (digest chunks, cipher and AE payload, asymmetric input) is not copied when it
// is a memref parameter: the engine reads it in place. Anything else is copied into the
// thread's scratch buffer, which keeps its pages from one call to the next.
thread_local Bytes t_input;
thread_local Bytes t_output;

Result<ByteView> read_input(const TaInstance& ta, uint64_t va, uint64_t len) {
  SWEMU_TRY_VOID(check_length(len));
  if (len == 0)
    return ByteView{};
  // param_host only answers for a range inside one of the entry's (readable) parameters.
  if (const uint8_t* host = ta.param_host(va, len))
    return ByteView(host, len);
  SWEMU_TRY_VOID(ta.check_access(va, len, false)); // before the scratch buffer grows
  t_input.resize(len);
  SWEMU_TRY_VOID(ta.copy_from_ta(va, t_input.data(), len));
  return ByteView(t_input);
}

// The thread's output buffer for one call, wiped (not freed) when the call is done.
class ScratchOutput {
public:
  ScratchOutput() { t_output.clear(); }
  ~ScratchOutput() {
    crypto::wipe(t_output.data(), t_output.size());
    t_output.clear();
    crypto::wipe(t_input.data(), t_input.size());
    t_input.clear();
  }
  ScratchOutput(const ScratchOutput&) = delete;
  ScratchOutput& operator=(const ScratchOutput&) = delete;
  Bytes& get() { return t_output; }
};

Result<uint64_t> read_u64(const TaInstance& ta, uint64_t va) {
  uint64_t v = 0;
  SWEMU_TRY_VOID(ta.copy_from_ta(va, &v, sizeof v));
  return v;
}

Result<void> write_u64(TaInstance& ta, uint64_t va, uint64_t v) {
  return ta.copy_to_ta(va, &v, sizeof v);
}

Result<void> write_u32(TaInstance& ta, uint64_t va, uint32_t v) {
  return ta.copy_to_ta(va, &v, sizeof v);
}

// A TA's attribute array, copied in: buffer attributes with their bytes, value
// attributes with a and b (the low 32 bits of the two fields).
Result<std::vector<Attribute>> read_attributes(const TaInstance& ta, uint64_t va, uint64_t count) {
  if (count > kMaxAttributes)
    return make_error(TEE_ERROR_BAD_PARAMETERS, fmt::format("{} attributes is too many", count));
  std::vector<UteeAttribute> raw(count);
  SWEMU_TRY_VOID(ta.copy_from_ta(va, raw.data(), count * sizeof(UteeAttribute)));
  std::vector<Attribute> attrs;
  attrs.reserve(count);
  for (const UteeAttribute& r : raw) {
    Attribute a;
    a.id = r.attribute_id;
    if (crypto::is_value_attribute(a.id)) {
      a.a = static_cast<uint32_t>(r.a);
      a.b = static_cast<uint32_t>(r.b);
    } else {
      a.ref = SWEMU_TRY(read_buffer(ta, r.a, r.b));
    }
    attrs.push_back(std::move(a));
  }
  return attrs;
}

Result<Object*> find_object(TaInstance& ta, uint64_t handle) {
  auto& objects = ta.crypto().objects;
  auto it = handle > std::numeric_limits<uint32_t>::max()
                ? objects.end()
                : objects.find(static_cast<uint32_t>(handle));
  if (it == objects.end())
    return make_error(TEE_ERROR_BAD_STATE, fmt::format("no object with handle {:#x}", handle));
  return it->second.get();
}

Result<CryptoTables::State*> find_state(TaInstance& ta, uint64_t handle) {
  auto& states = ta.crypto().states;
  auto it = handle > std::numeric_limits<uint32_t>::max()
                ? states.end()
                : states.find(static_cast<uint32_t>(handle));
  if (it == states.end())
    return make_error(TEE_ERROR_BAD_PARAMETERS,
                      fmt::format("no operation state with handle {:#x}", handle));
  return &it->second;
}

// The state's key objects as they are now (the TA may have changed them since
// CRYP_STATE_ALLOC: libutee copies the key in at TEE_SetOperationKey). Null for none.
Result<const Object*> state_key(TaInstance& ta, uint32_t handle) {
  if (handle == 0)
    return static_cast<const Object*>(nullptr);
  return static_cast<const Object*>(SWEMU_TRY(find_object(ta, handle)));
}

Result<const Object*> required_key(TaInstance& ta, const CryptoTables::State& st) {
  const Object* key = SWEMU_TRY(state_key(ta, st.key1));
  if (key == nullptr || !key->initialized())
    return make_error(TEE_ERROR_BAD_STATE, "the operation has no key");
  return key;
}

// Copies `out` to the TA's dest/dest_len pair: SHORT_BUFFER (with the size needed) when
// it does not fit.
Result<void> write_output(TaInstance& ta, uint64_t dest, uint64_t dest_len_va, const Bytes& out) {
  const uint64_t cap = SWEMU_TRY(read_u64(ta, dest_len_va));
  if (cap < out.size()) {
    SWEMU_TRY_VOID(write_u64(ta, dest_len_va, out.size()));
    return make_error(TEE_ERROR_SHORT_BUFFER,
                      fmt::format("output needs {} bytes, buffer has {}", out.size(), cap));
  }
  SWEMU_TRY_VOID(ta.copy_to_ta(dest, out.data(), out.size()));
  return write_u64(ta, dest_len_va, out.size());
}

// Before a state-changing call that will write `needed` bytes: the TA's buffer must hold
// them (SHORT_BUFFER with the size otherwise) and be writable.
Result<void> check_output(TaInstance& ta, uint64_t dest, uint64_t dest_len_va, uint64_t needed) {
  const uint64_t cap = SWEMU_TRY(read_u64(ta, dest_len_va));
  if (cap < needed) {
    SWEMU_TRY_VOID(write_u64(ta, dest_len_va, needed));
    return make_error(TEE_ERROR_SHORT_BUFFER,
                      fmt::format("output needs {} bytes, buffer has {}", needed, cap));
  }
  SWEMU_TRY_VOID(ta.check_access(dest_len_va, sizeof(uint64_t), true));
  return ta.check_access(dest, needed, true);
}

uint32_t run(TaInstance& ta, const char* call, const Result<void>& r) {
  return syscall_status(ta, call, r);
}

// --- objects ---------------------------------------------------------------------------

Result<void> obj_get_info(TaInstance& ta, const SyscallArgs& args) {
  const Object* o = SWEMU_TRY(find_object(ta, args.a[0]));
  UteeObjectInfo info{o->type, o->key_size, o->max_size, o->usage, 0, 0, o->handle_flags};
  CryptoTables& t = ta.crypto();
  if (auto p = t.persistent.find(static_cast<uint32_t>(args.a[0])); p != t.persistent.end()) {
    info.data_size = t.storage->data_size(*p->second);
    info.data_pos = static_cast<uint32_t>(p->second->position);
  }
  return ta.copy_to_ta(args.a[1], &info, sizeof info);
}

Result<void> obj_restrict_usage(TaInstance& ta, const SyscallArgs& args) {
  Object* o = SWEMU_TRY(find_object(ta, args.a[0]));
  o->usage &= static_cast<uint32_t>(args.a[1]);
  return {};
}

Result<void> obj_get_attr(TaInstance& ta, const SyscallArgs& args) {
  const Object* o = SWEMU_TRY(find_object(ta, args.a[0]));
  if (args.a[1] > std::numeric_limits<uint32_t>::max())
    return make_error(TEE_ERROR_BAD_PARAMETERS, "attribute id wider than 32 bits");
  const Attribute* a = SWEMU_TRY(crypto::get_attribute(*o, static_cast<uint32_t>(args.a[1])));
  if (crypto::is_value_attribute(a->id)) {
    Bytes value(2 * sizeof(uint32_t));
    std::memcpy(value.data(), &a->a, sizeof a->a);
    std::memcpy(value.data() + sizeof a->a, &a->b, sizeof a->b);
    return write_output(ta, args.a[2], args.a[3], value);
  }
  return write_output(ta, args.a[2], args.a[3], a->ref);
}

Result<void> obj_alloc(TaInstance& ta, const SyscallArgs& args) {
  if (args.a[0] > std::numeric_limits<uint32_t>::max() ||
      args.a[1] > std::numeric_limits<uint32_t>::max())
    return make_error(TEE_ERROR_NOT_SUPPORTED, "object type or size wider than 32 bits");
  CryptoTables& t = ta.crypto();
  if (t.objects.size() >= CryptoTables::kMaxObjects)
    return make_error(TEE_ERROR_OUT_OF_MEMORY, "too many objects in this instance");
  Object o = SWEMU_TRY(
      crypto::allocate_object(static_cast<uint32_t>(args.a[0]), static_cast<uint32_t>(args.a[1])));
  SWEMU_TRY_VOID(ta.check_access(args.a[2], sizeof(uint32_t), true));
  const uint32_t h = t.take_handle();
  if (h == 0)
    return make_error(TEE_ERROR_OUT_OF_MEMORY, "object handles exhausted");
  t.objects.emplace(h, std::make_unique<Object>(std::move(o)));
  return write_u32(ta, args.a[2], h);
}

Result<void> obj_close(TaInstance& ta, const SyscallArgs& args) {
  SWEMU_TRY(find_object(ta, args.a[0]));
  CryptoTables& t = ta.crypto();
  const auto handle = static_cast<uint32_t>(args.a[0]);
  if (auto p = t.persistent.find(handle); p != t.persistent.end()) {
    t.storage->close(std::move(p->second));
    t.persistent.erase(p);
  }
  t.objects.erase(handle);
  return {};
}

Result<void> obj_reset(TaInstance& ta, const SyscallArgs& args) {
  Object* o = SWEMU_TRY(find_object(ta, args.a[0]));
  if (o->handle_flags & crypto::kHandleFlagPersistent)
    return make_error(TEE_ERROR_BAD_PARAMETERS, "a persistent object cannot be reset");
  crypto::reset_object(*o);
  return {};
}

Result<void> obj_populate(TaInstance& ta, const SyscallArgs& args) {
  Object* o = SWEMU_TRY(find_object(ta, args.a[0]));
  std::vector<Attribute> attrs = SWEMU_TRY(read_attributes(ta, args.a[1], args.a[2]));
  return crypto::populate_object(*o, std::move(attrs));
}

Result<void> obj_copy(TaInstance& ta, const SyscallArgs& args) {
  Object* dst = SWEMU_TRY(find_object(ta, args.a[0]));
  const Object* src = SWEMU_TRY(find_object(ta, args.a[1]));
  if (dst == src)
    return make_error(TEE_ERROR_BAD_PARAMETERS, "copying an object onto itself");
  return crypto::copy_object(*dst, *src);
}

Result<void> obj_generate_key(TaInstance& ta, const SyscallArgs& args) {
  Object* o = SWEMU_TRY(find_object(ta, args.a[0]));
  if (args.a[1] > std::numeric_limits<uint32_t>::max())
    return make_error(TEE_ERROR_BAD_PARAMETERS, "key size wider than 32 bits");
  std::vector<Attribute> params = SWEMU_TRY(read_attributes(ta, args.a[2], args.a[3]));
  return crypto::generate_key(*o, static_cast<uint32_t>(args.a[1]), params, ta.rng());
}

// --- operation states ---------------------------------------------------------------------

Result<void> state_alloc(TaInstance& ta, const SyscallArgs& args) {
  if (args.a[0] > std::numeric_limits<uint32_t>::max() ||
      args.a[1] > std::numeric_limits<uint32_t>::max())
    return make_error(TEE_ERROR_NOT_SUPPORTED, "algorithm or mode wider than 32 bits");
  CryptoTables& t = ta.crypto();
  if (t.states.size() >= kMaxStatesPerInstance)
    return make_error(TEE_ERROR_OUT_OF_MEMORY, "too many operations in this instance");
  CryptoTables::State st;
  st.op = SWEMU_TRY(
      crypto::create_operation(static_cast<uint32_t>(args.a[0]), static_cast<uint32_t>(args.a[1])));
  // Key objects must exist now; their contents are read when the operation starts.
  for (uint64_t key : {args.a[2], args.a[3]})
    if (key != 0)
      SWEMU_TRY(find_object(ta, key));
  st.key1 = static_cast<uint32_t>(args.a[2]);
  st.key2 = static_cast<uint32_t>(args.a[3]);
  SWEMU_TRY_VOID(ta.check_access(args.a[4], sizeof(uint32_t), true));
  const uint32_t h = t.take_handle();
  if (h == 0)
    return make_error(TEE_ERROR_OUT_OF_MEMORY, "state handles exhausted");
  t.states.emplace(h, std::move(st));
  return write_u32(ta, args.a[4], h);
}

Result<void> state_copy(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::State* dst = SWEMU_TRY(find_state(ta, args.a[0]));
  const CryptoTables::State* src = SWEMU_TRY(find_state(ta, args.a[1]));
  if (dst->op->algorithm() != src->op->algorithm() || dst->op->mode() != src->op->mode())
    return make_error(TEE_ERROR_BAD_PARAMETERS, "copying between different operations");
  if (dst == src)
    return {};
  // The key objects stay the destination's own: libutee copies the keys itself.
  dst->op = SWEMU_TRY(src->op->clone());
  return {};
}

Result<void> state_free(TaInstance& ta, const SyscallArgs& args) {
  SWEMU_TRY(find_state(ta, args.a[0]));
  ta.crypto().states.erase(static_cast<uint32_t>(args.a[0]));
  return {};
}

// --- digests and MACs --------------------------------------------------------------------

Result<void> hash_init(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::State* st = SWEMU_TRY(find_state(ta, args.a[0]));
  const Bytes iv = SWEMU_TRY(read_buffer(ta, args.a[1], args.a[2]));
  const Object* key = SWEMU_TRY(state_key(ta, st->key1));
  return st->op->hash_init(key, iv);
}

Result<void> hash_update(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::State* st = SWEMU_TRY(find_state(ta, args.a[0]));
  ScratchOutput scratch;
  const ByteView chunk = SWEMU_TRY(read_input(ta, args.a[1], args.a[2]));
  return st->op->hash_update(chunk);
}

Result<void> hash_final(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::State* st = SWEMU_TRY(find_state(ta, args.a[0]));
  ScratchOutput scratch;
  const ByteView chunk = SWEMU_TRY(read_input(ta, args.a[1], args.a[2]));
  SWEMU_TRY_VOID(check_output(ta, args.a[3], args.a[4], st->op->hash_size()));
  Bytes& out = scratch.get();
  SWEMU_TRY_VOID(st->op->hash_final(chunk, out));
  return write_output(ta, args.a[3], args.a[4], out);
}

// --- ciphers -------------------------------------------------------------------------------

Result<void> cipher_init(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::State* st = SWEMU_TRY(find_state(ta, args.a[0]));
  const Bytes iv = SWEMU_TRY(read_buffer(ta, args.a[1], args.a[2]));
  const Object* key1 = SWEMU_TRY(state_key(ta, st->key1));
  const Object* key2 = SWEMU_TRY(state_key(ta, st->key2));
  return st->op->cipher_init(key1, key2, iv);
}

Result<void> cipher_update(TaInstance& ta, const SyscallArgs& args, bool last) {
  CryptoTables::State* st = SWEMU_TRY(find_state(ta, args.a[0]));
  ScratchOutput scratch;
  const ByteView src = SWEMU_TRY(read_input(ta, args.a[1], args.a[2]));
  const size_t needed = last ? SWEMU_TRY(st->op->cipher_final_size(src.size()))
                             : st->op->cipher_update_size(src.size());
  SWEMU_TRY_VOID(check_output(ta, args.a[3], args.a[4], needed));
  Bytes& out = scratch.get();
  if (last)
    SWEMU_TRY_VOID(st->op->cipher_final(src, out));
  else
    SWEMU_TRY_VOID(st->op->cipher_update(src, out));
  return write_output(ta, args.a[3], args.a[4], out);
}

// --- authenticated encryption ----------------------------------------------------------------

Result<void> authenc_init(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::State* st = SWEMU_TRY(find_state(ta, args.a[0]));
  const Bytes nonce = SWEMU_TRY(read_buffer(ta, args.a[1], args.a[2]));
  const Object* key = SWEMU_TRY(state_key(ta, st->key1));
  return st->op->ae_init(key, nonce, args.a[3], args.a[4], args.a[5]);
}

Result<void> authenc_update_aad(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::State* st = SWEMU_TRY(find_state(ta, args.a[0]));
  ScratchOutput scratch;
  const ByteView aad = SWEMU_TRY(read_input(ta, args.a[1], args.a[2]));
  return st->op->ae_update_aad(aad);
}

Result<void> authenc_update_payload(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::State* st = SWEMU_TRY(find_state(ta, args.a[0]));
  ScratchOutput scratch;
  const ByteView src = SWEMU_TRY(read_input(ta, args.a[1], args.a[2]));
  SWEMU_TRY_VOID(check_output(ta, args.a[3], args.a[4], st->op->ae_update_size(src.size())));
  Bytes& out = scratch.get();
  SWEMU_TRY_VOID(st->op->ae_update(src, out));
  return write_output(ta, args.a[3], args.a[4], out);
}

Result<void> authenc_enc_final(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::State* st = SWEMU_TRY(find_state(ta, args.a[0]));
  ScratchOutput scratch;
  const ByteView src = SWEMU_TRY(read_input(ta, args.a[1], args.a[2]));
  // Both outputs are checked before the operation finishes, so a short tag buffer can be
  // retried like a short data buffer.
  auto data_fits = check_output(ta, args.a[3], args.a[4], st->op->ae_final_size(src.size()));
  auto tag_fits = check_output(ta, args.a[5], args.a[6], st->op->ae_tag_size());
  SWEMU_TRY_VOID(std::move(data_fits));
  SWEMU_TRY_VOID(std::move(tag_fits));
  Bytes& out = scratch.get();
  Bytes tag;
  SWEMU_TRY_VOID(st->op->ae_enc_final(src, out, tag));
  SWEMU_TRY_VOID(write_output(ta, args.a[3], args.a[4], out));
  return write_output(ta, args.a[5], args.a[6], tag);
}

Result<void> authenc_dec_final(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::State* st = SWEMU_TRY(find_state(ta, args.a[0]));
  ScratchOutput scratch;
  const ByteView src = SWEMU_TRY(read_input(ta, args.a[1], args.a[2]));
  const Bytes tag = SWEMU_TRY(read_buffer(ta, args.a[5], args.a[6]));
  SWEMU_TRY_VOID(check_output(ta, args.a[3], args.a[4], st->op->ae_final_size(src.size())));
  Bytes& out = scratch.get();
  SWEMU_TRY_VOID(st->op->ae_dec_final(src, tag, out));
  return write_output(ta, args.a[3], args.a[4], out);
}

// --- asymmetric and key derivation ----------------------------------------------------------

Result<void> asymm_operate(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::State* st = SWEMU_TRY(find_state(ta, args.a[0]));
  const Object* key = SWEMU_TRY(required_key(ta, *st));
  const std::vector<Attribute> params = SWEMU_TRY(read_attributes(ta, args.a[1], args.a[2]));
  const Bytes src = SWEMU_TRY(read_buffer(ta, args.a[3], args.a[4]));
  // Read (and check) the capacity first, so a bad pointer fails before the work is done.
  SWEMU_TRY(read_u64(ta, args.a[6]));
  Bytes out;
  SWEMU_TRY_VOID(st->op->asym_operate(*key, params, src, out, ta.rng()));
  return write_output(ta, args.a[5], args.a[6], out);
}

Result<void> asymm_verify(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::State* st = SWEMU_TRY(find_state(ta, args.a[0]));
  const Object* key = SWEMU_TRY(required_key(ta, *st));
  const std::vector<Attribute> params = SWEMU_TRY(read_attributes(ta, args.a[1], args.a[2]));
  const Bytes data = SWEMU_TRY(read_buffer(ta, args.a[3], args.a[4]));
  const Bytes sig = SWEMU_TRY(read_buffer(ta, args.a[5], args.a[6]));
  return st->op->asym_verify(*key, params, data, sig);
}

Result<void> derive_key(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::State* st = SWEMU_TRY(find_state(ta, args.a[0]));
  const Object* key = SWEMU_TRY(required_key(ta, *st));
  const std::vector<Attribute> params = SWEMU_TRY(read_attributes(ta, args.a[1], args.a[2]));
  Object* derived = SWEMU_TRY(find_object(ta, args.a[3]));
  if (derived == key)
    return make_error(TEE_ERROR_BAD_PARAMETERS, "deriving a key into the operation's own key");
  if (derived->initialized())
    return make_error(TEE_ERROR_BAD_STATE, "the derived-key object is already initialized");
  // The engine fills a scratch object, so a failure leaves the TA's object untouched.
  Object out = *derived;
  SWEMU_TRY_VOID(st->op->derive(*key, params, out, ta.rng()));
  *derived = std::move(out);
  return {};
}

} // namespace

uint32_t sys_cryp_obj_get_info(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CRYP_OBJ_GET_INFO", obj_get_info(ta, args));
}
uint32_t sys_cryp_obj_restrict_usage(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CRYP_OBJ_RESTRICT_USAGE", obj_restrict_usage(ta, args));
}
uint32_t sys_cryp_obj_get_attr(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CRYP_OBJ_GET_ATTR", obj_get_attr(ta, args));
}
uint32_t sys_cryp_obj_alloc(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CRYP_OBJ_ALLOC", obj_alloc(ta, args));
}
uint32_t sys_cryp_obj_close(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CRYP_OBJ_CLOSE", obj_close(ta, args));
}
uint32_t sys_cryp_obj_reset(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CRYP_OBJ_RESET", obj_reset(ta, args));
}
uint32_t sys_cryp_obj_populate(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CRYP_OBJ_POPULATE", obj_populate(ta, args));
}
uint32_t sys_cryp_obj_copy(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CRYP_OBJ_COPY", obj_copy(ta, args));
}
uint32_t sys_cryp_obj_generate_key(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CRYP_OBJ_GENERATE_KEY", obj_generate_key(ta, args));
}
uint32_t sys_cryp_state_alloc(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CRYP_STATE_ALLOC", state_alloc(ta, args));
}
uint32_t sys_cryp_state_copy(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CRYP_STATE_COPY", state_copy(ta, args));
}
uint32_t sys_cryp_state_free(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CRYP_STATE_FREE", state_free(ta, args));
}
uint32_t sys_hash_init(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "HASH_INIT", hash_init(ta, args));
}
uint32_t sys_hash_update(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "HASH_UPDATE", hash_update(ta, args));
}
uint32_t sys_hash_final(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "HASH_FINAL", hash_final(ta, args));
}
uint32_t sys_cipher_init(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CIPHER_INIT", cipher_init(ta, args));
}
uint32_t sys_cipher_update(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CIPHER_UPDATE", cipher_update(ta, args, false));
}
uint32_t sys_cipher_final(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CIPHER_FINAL", cipher_update(ta, args, true));
}
uint32_t sys_authenc_init(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "AUTHENC_INIT", authenc_init(ta, args));
}
uint32_t sys_authenc_update_aad(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "AUTHENC_UPDATE_AAD", authenc_update_aad(ta, args));
}
uint32_t sys_authenc_update_payload(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "AUTHENC_UPDATE_PAYLOAD", authenc_update_payload(ta, args));
}
uint32_t sys_authenc_enc_final(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "AUTHENC_ENC_FINAL", authenc_enc_final(ta, args));
}
uint32_t sys_authenc_dec_final(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "AUTHENC_DEC_FINAL", authenc_dec_final(ta, args));
}
uint32_t sys_asymm_operate(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "ASYMM_OPERATE", asymm_operate(ta, args));
}
uint32_t sys_asymm_verify(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "ASYMM_VERIFY", asymm_verify(ta, args));
}
uint32_t sys_cryp_derive_key(TaInstance& ta, const SyscallArgs& args) {
  return run(ta, "CRYP_DERIVE_KEY", derive_key(ta, args));
}

} // namespace swemu::core
