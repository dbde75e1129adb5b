// Record I/O on SOCK_SEQPACKET Unix sockets for the daemon protocol (daemon_protocol.h):
// one call sends or receives one whole record, optionally with one file descriptor
// (SCM_RIGHTS). Retries on EINTR.
#pragma once

#include <cstddef>
#include <string>

namespace swemu::bridge {

// Polls `sock` without sleeping for up to `spin_us` microseconds, until a record (or the
// peer's close) is waiting. A blocking receive right after then does not sleep: on a
// machine with idle CPUs a wake-up from sleep can cost far more than the call itself.
void spin_until_readable(int sock, unsigned spin_us);

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

} // namespace swemu::bridge
