// `swemu serve` and `swemu run --connect` end to end: the daemon in the background, real
// client processes (tests/clients/) against it, one killed mid-call, then SIGTERM. Every
// wait has a deadline; a child still running at the end is killed.
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <linux/tee.h>

#include "swemu/bridge/daemon_protocol.h"
#include "swemu/bridge/default_transport.h"
#include "swemu/bridge/socket_transport.h"
#include "swemu/bridge/transport.h"
#include "swemu/core/tee_abi.h"
// After tee_abi.h, whose names its TEE_ERROR_* macros would clash with.
#include "hello_ta.h"
#include "tee_client_api.h"

#include "daemon_fixture.h"

namespace swemu::bridge {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::connect_to;
using test::spawn;
using test::wait_exit;

// Sends one record, with up to two descriptors.
bool send_with_fds(int sock, const void* data, size_t size, std::vector<int> fds = {}) {
  iovec iov{const_cast<void*>(data), size};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(2 * sizeof(int))] = {};
  if (!fds.empty()) {
    msg.msg_control = control;
    msg.msg_controllen = CMSG_SPACE(fds.size() * sizeof(int));
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(fds.size() * sizeof(int));
    std::memcpy(CMSG_DATA(c), fds.data(), fds.size() * sizeof(int));
  }
  return sendmsg(sock, &msg, MSG_NOSIGNAL) == static_cast<ssize_t>(size);
}

// The daemon's answer to a hello within 10 s: a welcome, or nullopt when it closed.
std::optional<WireWelcome> read_welcome(int sock) {
  pollfd p{sock, POLLIN, 0};
  if (poll(&p, 1, 10000) != 1)
    return std::nullopt;
  WireWelcome w;
  const ssize_t n = recv(sock, &w, sizeof w, 0);
  if (n != sizeof w)
    return std::nullopt;
  return w;
}

// A memfd for a doorbell page: `size` bytes, sealed against shrinking and growing or not.
int doorbell_memfd(off_t size, bool sealed) {
  const int fd = memfd_create("test-doorbell", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0 || ftruncate(fd, size) != 0 ||
      (sealed && fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW) != 0))
    ADD_FAILURE() << "cannot make a doorbell memfd: " << std::strerror(errno);
  return fd;
}

// One SMC through a doorbell page by hand, as SocketTransport makes it; false when the
// answer does not come within 10 s.
bool call_by_hand(WireDoorbell& bell, uint32_t seq, WireRegs* regs) {
  for (size_t i = 0; i < 8; ++i)
    bell.request[i].store(regs->a[i]);
  bell.request_seq.store(seq);
  if (bell.daemon_sleeping.load() != 0) {
    bell.daemon_bell.fetch_add(1);
    syscall(SYS_futex, &bell.daemon_bell, FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
  }
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (bell.answer_seq.load() != seq) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(1ms);
  }
  for (size_t i = 0; i < 8; ++i)
    regs->a[i] = bell.answer[i].load();
  return true;
}

// The daemon's fixture (daemon_fixture.h) under the suite's name.
using Daemon = test::DaemonFixture;

TEST_F(Daemon, ServesConcurrentClientsAndReclaimsAKilledClientsSessions) {
  ASSERT_NO_FATAL_FAILURE(start_daemon());
  struct stat st {};
  ASSERT_EQ(stat(socket_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // Two unmodified clients at once, each with four threads calling at once.
  const pid_t a = start_client({SWEMU_TEE0_RAW_CLIENT});
  const pid_t b = start_client({SWEMU_TEE0_RAW_CLIENT});
  EXPECT_EQ(wait_exit(a, 120s), std::optional<int>(0));
  EXPECT_EQ(wait_exit(b, 120s), std::optional<int>(0));

  // A client that takes hello_single's only session and then waits in another TA.
  pid_t holder = 0;
  ASSERT_NO_FATAL_FAILURE(start_holder(&holder));

  // While its call runs, the daemon serves others, and hello_single is taken.
  EXPECT_EQ(run_client({SWEMU_TEE0_SINGLE_CLIENT, "open"}, 60s), std::optional<int>(3));

  // Killed mid-call: the daemon cancels the call, closes the client's sessions, and
  // hello_single can be opened again.
  ASSERT_NO_FATAL_FAILURE(kill_holder_and_expect_reclaim(holder));
  EXPECT_EQ(run_client({SWEMU_TEE0_RAW_CLIENT}), std::optional<int>(0));

  ASSERT_NO_FATAL_FAILURE(stop_daemon());
}

TEST_F(Daemon, RefusesBadPeersAndKeepsServing) {
  ASSERT_NO_FATAL_FAILURE(start_daemon());
  auto refused = [&](const void* data, size_t size, std::vector<int> fds = {}) {
    const int sock = connect_to(socket_);
    EXPECT_GE(sock, 0);
    EXPECT_TRUE(send_with_fds(sock, data, size, std::move(fds)));
    const auto w = read_welcome(sock);
    close(sock);
    // Either an explicit refusal or a closed connection; never a welcome.
    return !w || w->status == kWireRefused;
  };

  const char junk[3] = {1, 2, 3};
  EXPECT_TRUE(refused(junk, sizeof junk));
  WireHello hello;
  hello.magic = 0x12345678;
  EXPECT_TRUE(refused(&hello, sizeof hello));
  hello = WireHello{};
  hello.version = 99;
  hello.kind = kWireNewClient;
  EXPECT_TRUE(refused(&hello, sizeof hello));
  hello = WireHello{};
  hello.kind = 7;
  EXPECT_TRUE(refused(&hello, sizeof hello));

  auto region = SharedMemoryRegion::create(uint64_t{64} * 1024);
  ASSERT_TRUE(region) << region.error().message;
  hello = WireHello{};
  hello.kind = kWireNewClient;
  hello.shm_size = region->size();
  EXPECT_TRUE(refused(&hello, sizeof hello)); // no descriptor
  int pipe_fds[2];
  ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
  EXPECT_TRUE(refused(&hello, sizeof hello, {pipe_fds[0]}));               // not a file
  EXPECT_TRUE(refused(&hello, sizeof hello, {region->fd(), pipe_fds[0]})); // two
  close(pipe_fds[0]);
  close(pipe_fds[1]);
  const int unsealed = memfd_create("unsealed", MFD_CLOEXEC);
  ASSERT_GE(unsealed, 0);
  ASSERT_EQ(ftruncate(unsealed, static_cast<off_t>(region->size())), 0);
  EXPECT_TRUE(refused(&hello, sizeof hello, {unsealed})); // could shrink under the daemon
  close(unsealed);
  hello.shm_size = region->size() * 2;
  EXPECT_TRUE(refused(&hello, sizeof hello, {region->fd()})); // larger than the file
  hello.shm_size = 1000;
  EXPECT_TRUE(refused(&hello, sizeof hello, {region->fd()})); // not whole pages
  hello = WireHello{};
  hello.kind = kWireAttach;
  hello.client_id = 1;
  EXPECT_TRUE(refused(&hello, sizeof hello)); // no such client / wrong token

  // The protocol by hand: a client, a call connection, one fast call, then a bad record.
  hello = WireHello{};
  hello.kind = kWireNewClient;
  hello.shm_size = region->size();
  const int control = connect_to(socket_);
  ASSERT_TRUE(send_with_fds(control, &hello, sizeof hello, {region->fd()}));
  const auto welcome = read_welcome(control);
  ASSERT_TRUE(welcome);
  ASSERT_EQ(welcome->status, kWireOk) << welcome->reason;
  EXPECT_EQ(welcome->shm_size, region->size());
  EXPECT_GE(welcome->shm_pa, kDaemonShmPaBase);

  // The reason of an explicit refusal ("" when the daemon welcomed or closed instead).
  auto refusal = [&](const void* data, size_t size, std::vector<int> fds = {}) {
    const int sock = connect_to(socket_);
    EXPECT_GE(sock, 0);
    EXPECT_TRUE(send_with_fds(sock, data, size, std::move(fds)));
    const auto w = read_welcome(sock);
    close(sock);
    if (!w || w->status != kWireRefused)
      return std::string();
    return std::string(w->reason, strnlen(w->reason, sizeof w->reason));
  };

  WireHello attach;
  attach.kind = kWireAttach;
  attach.client_id = welcome->client_id;
  std::memcpy(attach.token, welcome->token, sizeof attach.token);
  const int page_fd = doorbell_memfd(static_cast<off_t>(kPageSize), true);
  attach.token[0] ^= 1;
  EXPECT_NE(refusal(&attach, sizeof attach, {page_fd}).find("token"), std::string::npos);
  attach.token[0] ^= 1;
  // A call connection needs its doorbell page, one page at least, sealed against shrinking.
  EXPECT_NE(refusal(&attach, sizeof attach).find("doorbell"), std::string::npos);
  const int small = doorbell_memfd(100, true);
  EXPECT_NE(refusal(&attach, sizeof attach, {small}).find("doorbell"), std::string::npos);
  close(small);
  const int loose = doorbell_memfd(static_cast<off_t>(kPageSize), false);
  EXPECT_NE(refusal(&attach, sizeof attach, {loose}).find("sealed"), std::string::npos);
  close(loose);
  ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
  EXPECT_NE(refusal(&attach, sizeof attach, {pipe_fds[0]}).find("doorbell"), std::string::npos);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
  EXPECT_TRUE(refused(&attach, sizeof attach, {page_fd, region->fd()})); // two

  const int calls = connect_to(socket_);
  ASSERT_TRUE(send_with_fds(calls, &attach, sizeof attach, {page_fd}));
  const auto attached = read_welcome(calls);
  ASSERT_TRUE(attached);
  ASSERT_EQ(attached->status, kWireOk) << attached->reason;
  void* mapped = mmap(nullptr, kPageSize, PROT_READ | PROT_WRITE, MAP_SHARED, page_fd, 0);
  ASSERT_NE(mapped, MAP_FAILED);
  close(page_fd);
  auto& bell = *static_cast<WireDoorbell*>(mapped);
  WireRegs regs;
  regs.a[0] = abi::OPTEE_SMC_GET_SHM_CONFIG;
  ASSERT_TRUE(call_by_hand(bell, 1, &regs));
  EXPECT_EQ(regs.a[0], abi::OPTEE_SMC_RETURN_OK);
  EXPECT_EQ(regs.a[1], welcome->shm_pa);
  EXPECT_EQ(regs.a[2], region->size());
  // Once the daemon's thread sleeps, the bell wakes it.
  std::this_thread::sleep_for(20ms);
  regs = WireRegs{};
  regs.a[0] = abi::OPTEE_SMC_CALLS_UID;
  ASSERT_TRUE(call_by_hand(bell, 2, &regs));
  EXPECT_EQ(regs.a[0], abi::kOpteeApiUid[0]);
  // A record on the call connection ends that connection, not the daemon.
  EXPECT_EQ(bell.closed.load(), 0u);
  ASSERT_TRUE(send_with_fds(calls, junk, sizeof junk));
  pollfd p{calls, POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 10000), 1);
  // The end of the connection (ECONNRESET: the daemon did not read the stray record).
  EXPECT_LE(recv(calls, &regs, sizeof regs, 0), 0);
  EXPECT_EQ(bell.closed.load(), 1u);
  munmap(mapped, kPageSize);
  close(calls);
  close(control);

  EXPECT_EQ(run_client({SWEMU_TEE0_RAW_CLIENT}), std::optional<int>(0));
  ASSERT_NO_FATAL_FAILURE(stop_daemon());
}

TEST_F(Daemon, ReplacesAStaleSocketAndRefusesASecondDaemon) {
  // A socket file nobody listens at, as a killed daemon leaves behind.
  {
    const int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socket_.c_str(), sizeof addr.sun_path - 1);
    ASSERT_EQ(bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
    close(fd);
  }
  ASSERT_NO_FATAL_FAILURE(start_daemon());
  EXPECT_EQ(wait_exit(spawn(serve_args(), -1, -1), 60s), std::optional<int>(1));
  EXPECT_TRUE(fs::exists(fs::symlink_status(socket_))); // the first daemon's, untouched
  EXPECT_EQ(run_client({SWEMU_TEE0_SINGLE_CLIENT, "open"}, 60s), std::optional<int>(0));

  // SIGTERM with a call in flight (a 60 s wait in the TA): the call is cancelled and
  // answered, the daemon exits 0 long before the wait would have ended.
  pid_t holder = 0;
  int holder_out = -1;
  ASSERT_NO_FATAL_FAILURE(start_holder(&holder, &holder_out));
  // "holding" comes just before the ioctl; give the SMC time to reach the daemon.
  std::this_thread::sleep_for(1s);
  ASSERT_NO_FATAL_FAILURE(stop_daemon());
  EXPECT_EQ(wait_exit(holder, 10s), std::optional<int>(1));
  std::string rest;
  char buf[256];
  for (ssize_t n; (n = read(holder_out, buf, sizeof buf)) > 0;)
    rest.append(buf, static_cast<size_t>(n));
  close(holder_out);
  EXPECT_NE(rest.find("WAIT returned 0xffff0002"), std::string::npos) << rest; // CANCEL

  // Something that is not a socket is never removed.
  { std::ofstream(socket_) << "not a socket"; }
  EXPECT_EQ(wait_exit(spawn(serve_args(), -1, -1), 60s), std::optional<int>(1));
  EXPECT_TRUE(fs::is_regular_file(socket_));
}

// The API UID query: a fast call that any daemon answers.
core::SmcRegs calls_uid() {
  core::SmcRegs regs;
  regs.a[0] = abi::OPTEE_SMC_CALLS_UID;
  return regs;
}

// Receives one record and the descriptor that came with it (-1: none) within 10 s.
ssize_t recv_with_fd(int sock, void* data, size_t size, int* fd) {
  *fd = -1;
  pollfd p{sock, POLLIN, 0};
  if (poll(&p, 1, 10000) != 1)
    return -1;
  iovec iov{data, size};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  const ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
  if (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr && c->cmsg_type == SCM_RIGHTS)
    std::memcpy(fd, CMSG_DATA(c), sizeof(int));
  return n;
}

// A new client by hand: its control connection (kept open by the caller) and welcome.
std::optional<WireWelcome> new_client(int control, const SharedMemoryRegion& region) {
  WireHello hello;
  hello.kind = kWireNewClient;
  hello.shm_size = region.size();
  if (!send_with_fds(control, &hello, sizeof hello, {region.fd()}))
    return std::nullopt;
  return read_welcome(control);
}

// The supplicant's side of the daemon by hand (client A), another client's requests
// through SocketTransport (client B): the relay, its checks, and a supplicant that goes.
TEST_F(Daemon, RelaysSupplicantRequestsBetweenClientsAndChecksThem) {
  ASSERT_NO_FATAL_FAILURE(start_daemon());
  auto region = SharedMemoryRegion::create(uint64_t{64} * 1024);
  ASSERT_TRUE(region) << region.error().message;
  const int control = connect_to(socket_);
  const auto welcome = new_client(control, *region);
  ASSERT_TRUE(welcome && welcome->status == kWireOk);
  auto connect_as = [&](uint16_t kind) {
    WireHello hello;
    hello.kind = kind;
    hello.client_id = welcome->client_id;
    std::memcpy(hello.token, welcome->token, sizeof hello.token);
    const int sock = connect_to(socket_);
    EXPECT_TRUE(send_with_fds(sock, &hello, sizeof hello));
    const auto w = read_welcome(sock);
    return std::make_pair(sock, w && w->status == kWireOk);
  };
  auto [supplicant, attached] = connect_as(kWireSupplicant);
  ASSERT_TRUE(attached);
  auto [second, second_attached] = connect_as(kWireSupplicant);
  EXPECT_FALSE(second_attached); // one supplicant at a time
  close(second);

  auto b = SocketTransport::connect(socket_);
  ASSERT_TRUE(b.ok()) << b.error().message;
  uint8_t* bytes = (*b)->shared_memory().host + 4096;
  std::memcpy(bytes, "ping", 5);
  std::vector<SupplicantParam> params(2);
  params[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT;
  params[0].a = 1;
  params[1].attr = TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
  params[1].b = 16;
  params[1].c = 7;
  params[1].data = bytes;
  params[1].data_size = 16;
  auto answered =
      std::async(std::launch::async, [&] { return (*b)->supplicant_request(42, params); });

  // The request as the supplicant sees it: the params, the bytes in a memfd of their own.
  WireSupplicantCall call;
  int memfd = -1;
  ASSERT_EQ(recv_with_fd(supplicant, &call, sizeof call, &memfd),
            static_cast<ssize_t>(sizeof call));
  ASSERT_GE(memfd, 0);
  EXPECT_EQ(call.func, 42u);
  ASSERT_EQ(call.num_params, 2u);
  EXPECT_EQ(call.params[0].a, 1u);
  EXPECT_EQ(call.params[1].c, 7u);
  ASSERT_EQ(call.params[1].data_size, 16u);
  void* mapped = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
  ASSERT_NE(mapped, MAP_FAILED);
  auto* request_bytes = static_cast<char*>(mapped) + call.params[1].data;
  EXPECT_STREQ(request_bytes, "ping");
  std::memcpy(request_bytes, "pong!", 6);
  munmap(mapped, 4096);
  close(memfd);
  WireSupplicantCall stray = call;
  stray.id += 100; // never asked: ignored
  ASSERT_TRUE(send_with_fds(supplicant, &stray, sizeof stray));
  call.params[0].a = 11;
  call.params[1].b = 6;
  call.ret = 0x1234;
  call.status = kWireServed;
  ASSERT_TRUE(send_with_fds(supplicant, &call, sizeof call));
  ASSERT_EQ(answered.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(answered.get(), std::optional<uint32_t>(0x1234));
  EXPECT_EQ(params[0].a, 11u);
  EXPECT_EQ(params[1].b, 6u);
  EXPECT_STREQ(reinterpret_cast<const char*>(bytes), "pong!");

  // Malformed requests are answered BAD_PARAMETERS without reaching the supplicant; a
  // client's own supplicant is not asked through the daemon.
  auto [requests, requests_ok] = connect_as(kWireSupplicantRequest);
  ASSERT_TRUE(requests_ok);
  auto ask = [&](const WireSupplicantCall& c) {
    WireSupplicantCall reply;
    EXPECT_TRUE(send_with_fds(requests, &c, sizeof c));
    int fd = -1;
    EXPECT_EQ(recv_with_fd(requests, &reply, sizeof reply, &fd),
              static_cast<ssize_t>(sizeof reply));
    EXPECT_EQ(fd, -1);
    return reply;
  };
  WireSupplicantCall bad;
  bad.num_params = kWireSupplicantMaxParams + 1;
  auto reply = ask(bad);
  EXPECT_EQ(reply.status, kWireSupplicantGone);
  EXPECT_EQ(reply.ret, abi::TEE_ERROR_BAD_PARAMETERS);
  bad.num_params = 1;
  bad.params[0].attr = 0x55;
  EXPECT_EQ(ask(bad).ret, abi::TEE_ERROR_BAD_PARAMETERS);
  bad.params[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT;
  bad.params[0].data = welcome->shm_pa + region->size() - 8;
  bad.params[0].data_size = 16; // past the end of its region
  EXPECT_EQ(ask(bad).ret, abi::TEE_ERROR_BAD_PARAMETERS);
  bad.params[0].data = ~uint64_t{0} - 4; // wraps
  EXPECT_EQ(ask(bad).ret, abi::TEE_ERROR_BAD_PARAMETERS);
  bad.params[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT;
  EXPECT_EQ(ask(bad).status, kWireNoSupplicant);
  // A short record ends that connection, not the daemon.
  const char junk[3] = {1, 2, 3};
  ASSERT_TRUE(send_with_fds(requests, junk, sizeof junk));
  pollfd p{requests, POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 10000), 1);
  EXPECT_EQ(recv(requests, &reply, sizeof reply, 0), 0);
  close(requests);

  // A client that goes has the supplicant memory it allocated and did not free freed for
  // it, as the secure world would have.
  {
    auto gone = SocketTransport::connect(socket_);
    ASSERT_TRUE(gone.ok()) << gone.error().message;
    std::vector<SupplicantParam> alloc(1);
    alloc[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT;
    alloc[0].a = abi::OPTEE_RPC_SHM_TYPE_APPL;
    alloc[0].b = 4096;
    auto allocated = std::async(std::launch::async, [&] {
      return (*gone)->supplicant_request(abi::OPTEE_RPC_CMD_SHM_ALLOC, alloc);
    });
    ASSERT_EQ(recv_with_fd(supplicant, &call, sizeof call, &memfd),
              static_cast<ssize_t>(sizeof call));
    EXPECT_EQ(memfd, -1);
    EXPECT_EQ(call.func, abi::OPTEE_RPC_CMD_SHM_ALLOC);
    call.params[0].c = 77;
    call.ret = 0;
    call.status = kWireServed;
    ASSERT_TRUE(send_with_fds(supplicant, &call, sizeof call));
    EXPECT_EQ(allocated.get(), std::optional<uint32_t>(0));
    EXPECT_EQ(alloc[0].c, 77u);
    gone->reset();
  }
  ASSERT_EQ(recv_with_fd(supplicant, &call, sizeof call, &memfd),
            static_cast<ssize_t>(sizeof call));
  EXPECT_EQ(call.func, abi::OPTEE_RPC_CMD_SHM_FREE);
  ASSERT_EQ(call.num_params, 1u);
  EXPECT_EQ(call.params[0].a, abi::OPTEE_RPC_SHM_TYPE_APPL);
  EXPECT_EQ(call.params[0].b, 77u);
  call.status = kWireServed;
  ASSERT_TRUE(send_with_fds(supplicant, &call, sizeof call)); // an answer nobody waits for

  // The supplicant goes with a request in service: that request fails, and afterwards
  // the client's own built-in supplicant serves (nullopt).
  auto failed =
      std::async(std::launch::async, [&] { return (*b)->supplicant_request(43, params); });
  ASSERT_EQ(recv_with_fd(supplicant, &call, sizeof call, &memfd),
            static_cast<ssize_t>(sizeof call));
  if (memfd >= 0)
    close(memfd);
  close(supplicant);
  ASSERT_EQ(failed.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(failed.get(), std::optional<uint32_t>(abi::TEE_ERROR_COMMUNICATION));
  std::optional<uint32_t> none = 0;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (none.has_value() && std::chrono::steady_clock::now() < deadline)
    none = (*b)->supplicant_request(44, params); // until the daemon saw the close
  EXPECT_EQ(none, std::nullopt);
  b->reset();
  close(control);
  ASSERT_NO_FATAL_FAILURE(stop_daemon());
}

// NOTIFICATION through a daemon: one table for all its clients, as Linux's one driver has,
// so that a SEND by one client wakes another's WAIT; a SEND before its WAIT is kept.
TEST_F(Daemon, NotificationsReachEveryClientOfTheDaemon) {
  ASSERT_NO_FATAL_FAILURE(start_daemon());
  auto waiter = SocketTransport::connect(socket_);
  auto sender = SocketTransport::connect(socket_);
  ASSERT_TRUE(waiter.ok() && sender.ok());
  constexpr uint64_t kWait = abi::OPTEE_RPC_NOTIFICATION_WAIT;
  constexpr uint64_t kSend = abi::OPTEE_RPC_NOTIFICATION_SEND;
  auto woken = std::async(std::launch::async, [&] { return (*waiter)->notification(kWait, 9, 0); });
  // However long the SEND takes to come, the WAIT (without a timeout) waits for it.
  EXPECT_EQ(woken.wait_for(50ms), std::future_status::timeout);
  EXPECT_EQ((*sender)->notification(kSend, 9, 0), std::optional<uint32_t>(abi::TEE_SUCCESS));
  ASSERT_EQ(woken.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(woken.get(), std::optional<uint32_t>(abi::TEE_SUCCESS));

  EXPECT_EQ((*sender)->notification(kSend, 10, 0), std::optional<uint32_t>(abi::TEE_SUCCESS));
  EXPECT_EQ((*waiter)->notification(kWait, 10, 0), std::optional<uint32_t>(abi::TEE_SUCCESS));
  // Taken once: the next WAIT runs out its time.
  EXPECT_EQ((*waiter)->notification(kWait, 10, 20),
            std::optional<uint32_t>(abi::TEE_ERROR_TIMEOUT));
  EXPECT_EQ((*waiter)->notification(7, 10, 20),
            std::optional<uint32_t>(abi::TEE_ERROR_BAD_PARAMETERS));

  // A WAIT in progress when the daemon stops is answered, not left hanging.
  auto stopped =
      std::async(std::launch::async, [&] { return (*waiter)->notification(kWait, 11, 0); });
  EXPECT_EQ(stopped.wait_for(50ms), std::future_status::timeout);
  ASSERT_NO_FATAL_FAILURE(stop_daemon());
  ASSERT_EQ(stopped.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(stopped.get(), std::optional<uint32_t>(abi::TEE_ERROR_COMMUNICATION));
}

// A connection belongs to the process that made it: a forked child's SMC through it fails
// (the child must open the device again) while the parent's keep working.
TEST_F(Daemon, AForkedChildCannotCallThroughItsParentsConnection) {
  ASSERT_NO_FATAL_FAILURE(start_daemon());
  auto transport = SocketTransport::connect(socket_);
  ASSERT_TRUE(transport.ok()) << transport.error().message;
  const core::SmcRegs uid = calls_uid();
  EXPECT_EQ((*transport)->call(uid).a[0], abi::kOpteeApiUid[0]);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0)
    _exit((*transport)->call(uid).a[0] == abi::OPTEE_SMC_RETURN_UNKNOWN_FUNCTION ? 0 : 1);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ((*transport)->call(uid).a[0], abi::kOpteeApiUid[0]);
  transport->reset();
  ASSERT_NO_FATAL_FAILURE(stop_daemon());
}

TEST_F(Daemon, OurLibteecReachesItThroughSwemuConnect) {
  ASSERT_NO_FATAL_FAILURE(start_daemon());
  set_default_transport_factory({});
  ASSERT_EQ(setenv("SWEMU_CONNECT", socket_.c_str(), 1), 0);
  TEEC_Context ctx;
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_SUCCESS);
  // Threads of one process calling at once, each on its own session.
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (uint32_t t = 0; t < 4; ++t)
    threads.emplace_back([&ctx, &good, t] {
      const TEEC_UUID hello = HELLO_TA_UUID;
      TEEC_Session session;
      if (TEEC_OpenSession(&ctx, &session, &hello, TEEC_LOGIN_PUBLIC, nullptr, nullptr, nullptr) !=
          TEEC_SUCCESS)
        return;
      bool ok = true;
      for (uint32_t i = 0; i < 20; ++i) {
        TEEC_Operation op{};
        op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
        op.params[0].value.a = t * 1000 + i;
        ok = ok &&
             TEEC_InvokeCommand(&session, HELLO_CMD_INC_VALUE, &op, nullptr) == TEEC_SUCCESS &&
             op.params[0].value.a == t * 1000 + i + 1;
      }
      TEEC_CloseSession(&session);
      if (ok)
        ++good;
    });
  for (auto& th : threads)
    th.join();
  TEEC_FinalizeContext(&ctx);
  unsetenv("SWEMU_CONNECT");
  EXPECT_EQ(good.load(), 4);
  ASSERT_NO_FATAL_FAILURE(stop_daemon());
  // It was the daemon that answered, with this process as its client.
  EXPECT_NE(daemon_log().find(fmt::format("client 1 (pid {} ", getpid())), std::string::npos);
}

// A client killed while it is between calls, so that the daemon's thread for its call
// connection sleeps on the doorbell page: the daemon still sees the end of the client at
// once (its control connection), and closes its session.
TEST_F(Daemon, ReclaimsAClientKilledWhileItsCallThreadSleeps) {
  ASSERT_NO_FATAL_FAILURE(start_daemon());
  int pipe_fds[2];
  ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    set_default_transport_factory({});
    setenv("SWEMU_CONNECT", socket_.c_str(), 1);
    TEEC_Context ctx;
    TEEC_Session session;
    const TEEC_UUID single = HELLO_SINGLE_TA_UUID;
    if (TEEC_InitializeContext(nullptr, &ctx) != TEEC_SUCCESS ||
        TEEC_OpenSession(&ctx, &session, &single, TEEC_LOGIN_PUBLIC, nullptr, nullptr, nullptr) !=
            TEEC_SUCCESS)
      _exit(1);
    const char said[] = "holding\n";
    if (write(pipe_fds[1], said, sizeof said - 1) != sizeof said - 1)
      _exit(1);
    for (;;)
      pause();
  }
  close(pipe_fds[1]);
  char said[16] = {};
  pollfd p{pipe_fds[0], POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 60000), 1);
  ASSERT_GT(read(pipe_fds[0], said, sizeof said - 1), 0);
  close(pipe_fds[0]);
  ASSERT_STREQ(said, "holding\n");
  // hello_single is taken, and the daemon's call thread has long gone to sleep.
  EXPECT_EQ(run_client({SWEMU_TEE0_SINGLE_CLIENT, "open"}, 60s), std::optional<int>(3));
  ASSERT_NO_FATAL_FAILURE(kill_holder_and_expect_reclaim(child));
  ASSERT_NO_FATAL_FAILURE(stop_daemon());
}

// A daemon that dies (SIGKILL: it rings no bell) leaves its clients errors, not hangs: a
// client between calls gets an error from its next one, a client in the middle of a call
// (waiting on its doorbell page) from that call, both within moments.
TEST_F(Daemon, AKilledDaemonFailsTheCallsOfItsClients) {
  ASSERT_NO_FATAL_FAILURE(start_daemon());
  auto transport = SocketTransport::connect(socket_);
  ASSERT_TRUE(transport.ok()) << transport.error().message;
  const core::SmcRegs uid = calls_uid();
  EXPECT_EQ((*transport)->call(uid).a[0], abi::kOpteeApiUid[0]);
  pid_t holder = 0;
  int holder_out = -1;
  ASSERT_NO_FATAL_FAILURE(start_holder(&holder, &holder_out));
  std::this_thread::sleep_for(500ms); // the holder's SMC reaches the daemon
  ASSERT_EQ(kill(daemon_, SIGKILL), 0);
  EXPECT_EQ(wait_exit(daemon_, 10s), std::optional<int>(128 + SIGKILL));
  daemon_ = 0;
  // A hang would show as the ctest timeout; the deadlines here are for hangs, not speed.
  EXPECT_EQ((*transport)->call(uid).a[0], abi::OPTEE_SMC_RETURN_UNKNOWN_FUNCTION);
  EXPECT_EQ(wait_exit(holder, 60s), std::optional<int>(1)); // its call failed
  close(holder_out);
  transport->reset();
}

// SIGTERM with a client idle between calls: the daemon does not wait for that client, and
// the client's next call is an error.
TEST_F(Daemon, StopsWithAnIdleClientWhoseNextCallFails) {
  ASSERT_NO_FATAL_FAILURE(start_daemon());
  auto transport = SocketTransport::connect(socket_);
  ASSERT_TRUE(transport.ok()) << transport.error().message;
  const core::SmcRegs uid = calls_uid();
  EXPECT_EQ((*transport)->call(uid).a[0], abi::kOpteeApiUid[0]);
  std::this_thread::sleep_for(20ms);      // the daemon's call thread sleeps
  ASSERT_NO_FATAL_FAILURE(stop_daemon()); // within its deadline: not held by the idle client
  EXPECT_EQ((*transport)->call(uid).a[0], abi::OPTEE_SMC_RETURN_UNKNOWN_FUNCTION);
  transport->reset();
}

TEST_F(Daemon, RunConnectExcludesTheInProcessOptions) {
  const pid_t pid = spawn({SWEMU_TOOL_PATH, "run", "--connect", socket_, "--manifests",
                           SWEMU_TEST_MANIFEST_DIR, "--", "/bin/true"});
  EXPECT_EQ(wait_exit(pid, 30s), std::optional<int>(2));
}

TEST_F(Daemon, RunConnectWithoutADaemonFailsCleanly) {
  // No daemon: the device cannot be opened (ENXIO), the client says so (exit 2).
  EXPECT_EQ(run_client({SWEMU_TEE0_SINGLE_CLIENT, "open"}, 60s), std::optional<int>(2));
}

} // namespace
} // namespace swemu::bridge
