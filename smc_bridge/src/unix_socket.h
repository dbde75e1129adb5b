// Record I/O on SOCK_SEQPACKET Unix sockets for the daemon protocol (daemon_protocol.h):
// one call sends or receives one whole record, optionally with one file descriptor
// (SCM_RIGHTS). Retries on EINTR.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace swemu::bridge {

// Sends the record (and fd_to_pass unless it is -1). Returns 0 or an errno value.
int send_record(int sock, const void* data, size_t size, int fd_to_pass = -1);

enum class RecvStatus {
  kRecord, // a record whose size is in *size
  kClosed, // the peer closed the connection
  kError,  // *error_message says why; the connection is unusable
};

// Receives one record into buf. A record longer than capacity, or one carrying more than
// one descriptor, is an error (the extra descriptors are closed). The received descriptor,
// if any, goes to *fd (which must then be closed by the caller), else *fd is -1; fd may be
// null when no descriptor is expected, and one that arrives anyway is closed and refused.
RecvStatus recv_record(int sock, void* buf, size_t capacity, size_t* size, int* fd,
                       std::string* error_message);

// What a connection that should stay silent (a call connection once attached: its
// registers go through the doorbell page) shows, looked at without blocking.
enum class PeerState {
  kOpen,    // nothing to read: the peer is there
  kClosed,  // the peer closed it (or this side shut it down for reading), or it failed
  kTraffic, // a record came that the protocol does not allow
};
PeerState peer_state(int sock);

// Why a memory descriptor a peer passed may not be mapped for `size` bytes, or nullopt when
// it may: it must be a regular file of at least `size` bytes, sealed against shrinking (a
// file shrunk under the mapping would fault this process when it touches the lost pages).
std::optional<std::string> unmappable_memfd(int fd, uint64_t size);

} // namespace swemu::bridge
