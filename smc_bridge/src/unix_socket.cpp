#include "unix_socket.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace swemu::bridge {

int send_record(int sock, const void* data, size_t size, int fd_to_pass) {
  iovec iov{const_cast<void*>(data), size};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  if (fd_to_pass >= 0) {
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &fd_to_pass, sizeof(int));
  }
  for (;;) {
    const ssize_t n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    if (n >= 0)
      return static_cast<size_t>(n) == size ? 0 : EMSGSIZE;
    if (errno != EINTR)
      return errno;
  }
}

namespace {

RecvStatus receive(int sock, void* buf, size_t capacity, size_t* size, int* fd,
                   std::string* error_message) {
  if (fd != nullptr)
    *fd = -1;
  iovec iov{buf, capacity};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  // Room for a few descriptors, so that a peer sending more than one is seen doing so
  // and every one of them is closed.
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 8)] = {};
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  do {
    n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    *error_message = fmt::format("receive failed: {}", std::strerror(errno));
    return RecvStatus::kError;
  }

  int received[8];
  size_t count = 0;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
      continue;
    const size_t fds = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < fds && count < 8; ++i)
      std::memcpy(&received[count++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
  }
  auto close_all = [&] {
    for (size_t i = 0; i < count; ++i)
      close(received[i]);
  };
  if ((msg.msg_flags & MSG_CTRUNC) != 0) {
    close_all();
    *error_message = "too many descriptors in one record";
    return RecvStatus::kError;
  }
  if ((msg.msg_flags & MSG_TRUNC) != 0) {
    close_all();
    *error_message = fmt::format("record longer than {} bytes", capacity);
    return RecvStatus::kError;
  }
  if (count > 1 || (count == 1 && fd == nullptr)) {
    close_all();
    *error_message = fmt::format("{} unexpected descriptor(s) in a record", count);
    return RecvStatus::kError;
  }
  if (n == 0 && count == 0)
    return RecvStatus::kClosed;
  if (count == 1)
    *fd = received[0];
  *size = static_cast<size_t>(n);
  return RecvStatus::kRecord;
}

} // namespace

RecvStatus recv_record(int sock, void* buf, size_t capacity, size_t* size, int* fd,
                       std::string* error_message) {
  return receive(sock, buf, capacity, size, fd, error_message);
}

PeerState peer_state(int sock) {
  pollfd p{sock, POLLIN, 0};
  int n;
  do {
    n = poll(&p, 1, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0 || (p.revents & (POLLERR | POLLNVAL)) != 0)
    return PeerState::kClosed;
  if (n == 0)
    return PeerState::kOpen;
  // Readable: an end of file (also after this side's shutdown(SHUT_RD)) or a record.
  char byte;
  const ssize_t got = recv(sock, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (got > 0)
    return PeerState::kTraffic;
  if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return (p.revents & POLLHUP) != 0 ? PeerState::kClosed : PeerState::kOpen;
  return PeerState::kClosed;
}

std::optional<std::string> unmappable_memfd(int fd, uint64_t size) {
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<uint64_t>(st.st_size) < size)
    return fmt::format("not a file of at least {:#x} bytes", size);
  const int seals = fcntl(fd, F_GET_SEALS);
  if (seals < 0 || (seals & F_SEAL_SHRINK) == 0)
    return std::string("not a memfd sealed against shrinking");
  return std::nullopt;
}

} // namespace swemu::bridge
