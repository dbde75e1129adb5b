// Record I/O on SOCK_SEQPACKET Unix sockets for the daemon protocol (daemon_protocol.h):
// one call sends or receives one whole record, optionally with one file descriptor
// (SCM_RIGHTS). Retries on EINTR.
#pragma once

#include <cstddef>
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

// recv_record without sleeping for up to `spin_us` microseconds (non-blocking receives
// until a record, or the peer's close, is there), then sleeping: on a machine with idle
// CPUs a wake-up from sleep can cost far more than the call itself. The record that ends
// the spin is the one received, so a quick answer costs one system call.
RecvStatus recv_record_spinning(int sock, void* buf, size_t capacity, size_t* size, int* fd,
                                std::string* error_message, unsigned spin_us);

} // namespace swemu::bridge
