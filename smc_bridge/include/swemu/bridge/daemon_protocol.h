// The wire protocol between `swemu serve` and its clients (SocketTransport), over a
// SOCK_SEQPACKET Unix socket: one message is one record, so a short or long record is
// seen as such and refused. Only these control records cross the socket; non-secure shared
// memory is a memfd that the client creates and passes with SCM_RIGHTS, mapped by both
// processes (DESIGN.md, docs/normal-world.md "The daemon"), and the SMC registers travel
// through a doorbell page shared the same way.
//
// A client process opens one control connection: Hello{kNewClient, shm_size} with the
// memfd; the daemon answers Welcome{client_id, token, shm_pa}. The control connection
// carries nothing more; it stays open for the life of the process, and its end tells the
// daemon that the client is gone. SMCs go over call connections, one per concurrently
// calling thread: Hello{kAttach, client_id, token} with the connection's doorbell page (a
// one-page memfd sealed against shrinking, WireDoorbell below), Welcome, and from then on
// nothing more on the socket: each SMC is registers written into the page and a sequence
// number bumped, its answer the same the other way. The socket stays open as the sign of
// life of both ends (its close, seen by the other side's poll, is the end of the
// connection). Version 2; version 1 carried WireRegs over the socket.
//
// Supplicant requests (LOAD_TA, FS, ..., SHM_ALLOC/FREE of type APPL) may be served by a
// tee-supplicant in another client process, as on Linux, where one supplicant serves every
// process. Its process says Hello{kSupplicant, client_id, token} when its /dev/teepriv0
// attaches (one at a time; a second is refused) and keeps that connection while it serves:
// the daemon sends it WireSupplicantCall requests, each with a memfd holding the bytes of
// its memrefs, and it answers each with a WireSupplicantCall of the same id. A client
// process sends its own requests over Hello{kSupplicantRequest} connections: one
// WireSupplicantCall whose memrefs name bytes of its region by PA, one answer (status
// kWireServed, or kWireNoSupplicant when none is attached: the client's built-in
// supplicant serves then); the daemon copies the bytes between the two processes. A
// request with func OPTEE_RPC_CMD_NOTIFICATION (one VALUE_INPUT param: WAIT or SEND, the
// key, WAIT's timeout in ms) the daemon serves itself, from one table for all its clients,
// so that a SEND in one process wakes a WAIT in another.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace swemu::bridge {

inline constexpr uint32_t kWireMagic = 0x554d5753; // "SWMU" little-endian
inline constexpr uint16_t kWireVersion = 2;

enum WireHelloKind : uint16_t {
  kWireNewClient = 1,         // control connection; the memfd rides along (SCM_RIGHTS)
  kWireAttach = 2,            // call connection of a client that said kWireNewClient; its
                              // doorbell page rides along (SCM_RIGHTS)
  kWireSupplicant = 3,        // that client's /dev/teepriv0 serves the supplicant requests
  kWireSupplicantRequest = 4, // a connection for that client's supplicant requests
};

struct WireHello {
  uint32_t magic = kWireMagic;
  uint16_t version = kWireVersion;
  uint16_t kind = 0;
  uint64_t shm_size = 0;  // kWireNewClient: bytes of the memfd to map (whole pages)
  uint64_t client_id = 0; // kWireAttach
  uint8_t token[16] = {}; // kWireAttach: the token the Welcome gave
};

enum WireStatus : uint16_t {
  kWireOk = 0,
  kWireRefused = 1, // reason says why; the daemon closes the connection
};

struct WireWelcome {
  uint32_t magic = kWireMagic;
  uint16_t version = kWireVersion;
  uint16_t status = kWireOk;
  uint64_t shm_pa = 0; // the "physical" address of the client's region's first byte
  uint64_t shm_size = 0;
  uint64_t client_id = 0;
  uint8_t token[16] = {};
  char reason[96] = {}; // NUL-terminated when status is kWireRefused
};

struct WireRegs {
  uint64_t a[8] = {};
};

// One supplicant request or its answer: the params as tee_ioctl_param (attr a b c, with
// TEE_IOCTL_PARAM_ATTR_TYPE_* attrs) and, for memrefs, where their bytes are: from a
// client, the PA of data_size bytes in its region; to and from the supplicant, an offset
// in the memfd that comes with the request.
inline constexpr uint32_t kWireSupplicantMaxParams = 8;

enum WireSupplicantStatus : uint32_t {
  kWireServed = 0,         // ret is the supplicant's answer
  kWireNoSupplicant = 1,   // none attached: nothing was asked
  kWireSupplicantGone = 2, // it went away, or the request was malformed: ret is an error
};

struct WireSupplicantParam {
  uint64_t attr = 0;
  uint64_t a = 0;
  uint64_t b = 0;
  uint64_t c = 0;
  uint64_t data = 0;      // PA (client) or memfd offset (supplicant)
  uint64_t data_size = 0; // memrefs: bytes at data; 0 for none (a NULL memref)
};

struct WireSupplicantCall {
  uint64_t id = 0; // the daemon's number for the request, repeated in the answer
  uint32_t func = 0;
  uint32_t num_params = 0;
  uint32_t ret = 0;    // answers
  uint32_t status = 0; // answers to a client: WireSupplicantStatus
  WireSupplicantParam params[kWireSupplicantMaxParams];
};

static_assert(sizeof(WireHello) == 40);
static_assert(sizeof(WireSupplicantCall) == 24 + 48 * kWireSupplicantMaxParams);
static_assert(sizeof(WireWelcome) == 144);
static_assert(sizeof(WireRegs) == 64);

// The largest region a client may hand over, and the "physical" window each gets: client
// n (a slot, reused after the client leaves) starts at kDaemonShmPaBase + n * that size,
// so regions never overlap and every PA stays below 4 GiB (SMC32 conventions).
inline constexpr uint64_t kDaemonMaxClientShm = uint64_t{16} * 1024 * 1024;
inline constexpr uint64_t kDaemonShmPaBase = 0x42000000;
inline constexpr uint32_t kDaemonMaxClients = 128;

// Where `swemu serve` listens and `swemu run --connect` looks without a path:
// $XDG_RUNTIME_DIR/swemu.sock when XDG_RUNTIME_DIR is set, else /tmp/swemu-<uid>.sock.
std::string default_daemon_socket_path();

// The doorbell page of a call connection: the client writes an SMC's registers into
// `request` and then stores request_seq + 1 into request_seq; the daemon, seeing it change,
// reads the registers, makes the SMC, writes `answer` and stores that sequence number into
// answer_seq. Both sides spin on the page for a while before they sleep; a side going to
// sleep sets its `*_sleeping` word and sleeps on its `*_bell` (a shared futex), and the
// other side, after its store, bumps that bell and wakes it when the word is set
// (doorbell.h). The daemon sets `closed` when the connection ends. The fields are
// lock-free atomics, so both processes may touch them at once; the daemon trusts nothing
// in the page beyond reading the registers of a call (a client that scribbles on it only
// confuses its own calls).
struct WireDoorbell {
  std::atomic<uint32_t> request_seq{0};     // written by the client
  std::atomic<uint32_t> answer_seq{0};      // written by the daemon
  std::atomic<uint32_t> daemon_sleeping{0}; // the daemon's thread sleeps on daemon_bell
  std::atomic<uint32_t> client_sleeping{0}; // the client's thread sleeps on client_bell
  std::atomic<uint32_t> daemon_bell{0};     // futex word the daemon's thread sleeps on
  std::atomic<uint32_t> client_bell{0};     // futex word the client's thread sleeps on
  std::atomic<uint32_t> closed{0};          // set by the daemon when the connection ends
  uint32_t reserved = 0;
  std::atomic<uint64_t> request[8] = {};
  std::atomic<uint64_t> answer[8] = {};
};

// Shared between processes: the atomics must be the plain words themselves (lock-free,
// hence address-free), and a 32-bit futex word each.
static_assert(std::atomic<uint32_t>::is_always_lock_free);
static_assert(std::atomic<uint64_t>::is_always_lock_free);
static_assert(sizeof(std::atomic<uint32_t>) == 4 && sizeof(std::atomic<uint64_t>) == 8);
static_assert(sizeof(WireDoorbell) == 160);

} // namespace swemu::bridge
