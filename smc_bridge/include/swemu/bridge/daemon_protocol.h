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
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace swemu::bridge {

inline constexpr uint32_t kWireMagic = 0x554d5753; // "SWMU" little-endian
inline constexpr uint16_t kWireVersion = 2;

enum WireHelloKind : uint16_t {
  kWireNewClient = 1, // control connection; the memfd rides along (SCM_RIGHTS)
  kWireAttach = 2,    // call connection of a client that said kWireNewClient; its
                      // doorbell page rides along (SCM_RIGHTS)
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

static_assert(sizeof(WireHello) == 40);
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
