#include "swemu/bridge/shm_pool.h"

#include <cstdint>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace swemu::bridge {

using abi::TEE_ERROR_BAD_PARAMETERS;
using abi::TEE_ERROR_OUT_OF_MEMORY;
using abi::TEE_ORIGIN_COMMS;

namespace {

bool is_power_of_two(uint64_t v) {
  return v != 0 && (v & (v - 1)) == 0;
}

// The offset of `host` from the region start if it lies in [start, start + size] (the end
// included, for empty ranges). Compared as integers: `host` may point anywhere.
std::optional<uint64_t> offset_in(const core::NsShm& region, const void* host) {
  const auto p = reinterpret_cast<uintptr_t>(host);
  const auto start = reinterpret_cast<uintptr_t>(region.host);
  if (host == nullptr || p < start || p - start > region.size)
    return std::nullopt;
  return p - start;
}

} // namespace

ShmPool::ShmPool(core::NsShm region) : region_(region) {
  if (region_.host != nullptr && region_.size != 0)
    free_.emplace(0, region_.size);
}

Result<ShmBlock> ShmPool::alloc(uint64_t size, uint64_t align) {
  if (!is_power_of_two(align))
    return make_error(TEE_ERROR_BAD_PARAMETERS,
                      fmt::format("shared memory alignment {} is not a power of two", align),
                      TEE_ORIGIN_COMMS);
  if (align < kGranule)
    align = kGranule;
  if (size == 0)
    size = kGranule;
  if (size > region_.size || align > region_.size)
    return make_error(
        TEE_ERROR_OUT_OF_MEMORY,
        fmt::format("{} bytes do not fit a {}-byte shared memory pool", size, region_.size),
        TEE_ORIGIN_COMMS);
  size = (size + kGranule - 1) & ~(kGranule - 1);

  std::lock_guard lock(mutex_);
  for (auto it = free_.begin(); it != free_.end(); ++it) {
    const uint64_t start = it->first;
    const uint64_t len = it->second;
    // Alignment is by physical address: that is what the secure world checks.
    const uint64_t pa = region_.pa + start;
    const uint64_t pad = (align - (pa & (align - 1))) & (align - 1);
    if (pad > len || len - pad < size)
      continue;

    const uint64_t offset = start + pad;
    const uint64_t tail = len - pad - size;
    free_.erase(it);
    if (pad != 0)
      free_.emplace(start, pad);
    if (tail != 0)
      free_.emplace(offset + size, tail);
    live_.emplace(offset, size);

    ShmBlock block{region_.host + offset, region_.pa + offset, size};
    // Nothing a previous user left in the pool may reach the next one.
    std::memset(block.host, 0, size);
    return block;
  }
  return make_error(TEE_ERROR_OUT_OF_MEMORY,
                    fmt::format("shared memory pool exhausted ({} bytes wanted)", size),
                    TEE_ORIGIN_COMMS);
}

bool ShmPool::free(const void* host) {
  const auto found = offset_in(region_, host);
  if (!found)
    return false;
  uint64_t offset = *found;

  std::lock_guard lock(mutex_);
  auto live = live_.find(offset);
  if (live == live_.end())
    return false;
  uint64_t len = live->second;
  live_.erase(live);

  // Merge with the free neighbours on both sides.
  auto next = free_.lower_bound(offset);
  if (next != free_.end() && next->first == offset + len) {
    len += next->second;
    next = free_.erase(next);
  }
  if (next != free_.begin()) {
    auto prev = std::prev(next);
    if (prev->first + prev->second == offset) {
      offset = prev->first;
      len += prev->second;
      free_.erase(prev);
    }
  }
  free_.emplace(offset, len);
  return true;
}

std::map<uint64_t, uint64_t>::const_iterator ShmPool::find_live(uint64_t offset,
                                                                uint64_t size) const {
  auto it = live_.upper_bound(offset);
  if (it == live_.begin())
    return live_.end();
  --it;
  // [offset, offset + size) within [it->first, it->first + it->second]; written so that
  // nothing can overflow: offset >= it->first here.
  const uint64_t into = offset - it->first;
  if (into > it->second || size > it->second - into)
    return live_.end();
  return it;
}

std::optional<uint64_t> ShmPool::pa_of(const void* host, uint64_t size) const {
  const auto offset = offset_in(region_, host);
  if (!offset)
    return std::nullopt;
  std::lock_guard lock(mutex_);
  if (find_live(*offset, size) == live_.end())
    return std::nullopt;
  return region_.pa + *offset;
}

uint8_t* ShmPool::host_of(uint64_t pa, uint64_t size) const {
  if (pa < region_.pa || pa - region_.pa > region_.size)
    return nullptr;
  const uint64_t offset = pa - region_.pa;
  std::lock_guard lock(mutex_);
  if (find_live(offset, size) == live_.end())
    return nullptr;
  return region_.host + offset;
}

uint64_t ShmPool::bytes_free() const {
  std::lock_guard lock(mutex_);
  uint64_t total = 0;
  for (const auto& [offset, len] : free_)
    total += len;
  return total;
}

size_t ShmPool::live_blocks() const {
  std::lock_guard lock(mutex_);
  return live_.size();
}

Result<ShmBuffer> ShmBuffer::allocate(ShmPool& pool, uint64_t size, uint64_t align) {
  ShmBlock block = SWEMU_TRY(pool.alloc(size, align));
  return ShmBuffer(&pool, block);
}

ShmBuffer::ShmBuffer(ShmBuffer&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), block_(std::exchange(other.block_, {})) {}

ShmBuffer& ShmBuffer::operator=(ShmBuffer&& other) noexcept {
  if (this != &other) {
    reset();
    pool_ = std::exchange(other.pool_, nullptr);
    block_ = std::exchange(other.block_, {});
  }
  return *this;
}

void ShmBuffer::reset() {
  if (pool_ != nullptr)
    pool_->free(block_.host);
  pool_ = nullptr;
  block_ = {};
}

} // namespace swemu::bridge
