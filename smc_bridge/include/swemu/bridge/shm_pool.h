// A thread-safe allocator over the reserved non-secure shared memory. Blocks are handed out
// first-fit in 64-byte granules, aligned by physical address, and coalesced on free.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>

#include "swemu/core/result.h"
#include "swemu/core/smc.h"

namespace swemu::bridge {

struct ShmBlock {
  uint8_t* host = nullptr;
  uint64_t pa = 0;
  uint64_t size = 0; // usable bytes: the request rounded up to the granule
};

class ShmPool {
public:
  static constexpr uint64_t kGranule = 64;

  // region.host must map region.size bytes for the pool's lifetime.
  explicit ShmPool(core::NsShm region);

  // A zero-filled block of at least `size` bytes (0 counts as one granule) whose PA is a
  // multiple of `align` (a power of two; raised to the granule). Exhaustion is
  // TEE_ERROR_OUT_OF_MEMORY, a bad alignment TEE_ERROR_BAD_PARAMETERS.
  Result<ShmBlock> alloc(uint64_t size, uint64_t align = kGranule);

  // Returns a block by the host pointer alloc() gave. Unknown pointers are refused (false)
  // and change nothing.
  bool free(const void* host);

  // The PA of [host, host + size) if that range lies inside one live block (size 0 allows
  // the one-past-the-end pointer).
  std::optional<uint64_t> pa_of(const void* host, uint64_t size) const;

  // The host address of [pa, pa + size) if that range lies inside one live block.
  uint8_t* host_of(uint64_t pa, uint64_t size) const;

  core::NsShm region() const { return region_; }
  uint64_t bytes_free() const;
  size_t live_blocks() const;

private:
  // Caller holds mutex_. The live block containing [offset, offset + size), if any.
  std::map<uint64_t, uint64_t>::const_iterator find_live(uint64_t offset, uint64_t size) const;

  core::NsShm region_;
  mutable std::mutex mutex_;
  std::map<uint64_t, uint64_t> free_; // offset -> length, never adjacent (coalesced)
  std::map<uint64_t, uint64_t> live_; // offset -> length
};

// Owns one block and returns it to its pool on destruction. The pool must outlive it.
class ShmBuffer {
public:
  ShmBuffer() = default;
  static Result<ShmBuffer> allocate(ShmPool& pool, uint64_t size,
                                    uint64_t align = ShmPool::kGranule);

  ShmBuffer(ShmBuffer&& other) noexcept;
  ShmBuffer& operator=(ShmBuffer&& other) noexcept;
  ShmBuffer(const ShmBuffer&) = delete;
  ShmBuffer& operator=(const ShmBuffer&) = delete;
  ~ShmBuffer() { reset(); }

  void reset();
  explicit operator bool() const { return pool_ != nullptr; }
  [[nodiscard]] uint8_t* host() const { return block_.host; }
  [[nodiscard]] uint64_t pa() const { return block_.pa; }
  [[nodiscard]] uint64_t size() const { return block_.size; }

private:
  ShmBuffer(ShmPool* pool, ShmBlock block) : pool_(pool), block_(block) {}

  ShmPool* pool_ = nullptr;
  ShmBlock block_;
};

} // namespace swemu::bridge
