// The normal world's shared-memory pool and region (smc_bridge/).
#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "swemu/bridge/shm_pool.h"
#include "swemu/bridge/transport.h"

namespace swemu::bridge {
namespace {

constexpr uint64_t kPa = 0x42000000;

class ShmPoolTest : public ::testing::Test {
protected:
  ShmPoolTest()
      : region_(SharedMemoryRegion::create(uint64_t{64} * 1024).value()),
        pool_(core::NsShm{region_.host(), kPa, region_.size()}) {}

  SharedMemoryRegion region_;
  ShmPool pool_;
};

TEST(SharedMemoryRegion, RoundsUpToWholePagesAndIsWritable) {
  auto region = SharedMemoryRegion::create(5000);
  ASSERT_TRUE(region.ok());
  EXPECT_EQ(region->size(), 8192u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(region->host()) % kPageSize, 0u);
  std::memset(region->host(), 0xAB, region->size());
  EXPECT_EQ(region->host()[8191], 0xAB);
}

TEST(SharedMemoryRegion, RefusesSizeZero) {
  auto region = SharedMemoryRegion::create(0);
  ASSERT_FALSE(region.ok());
  EXPECT_EQ(region.error().code, abi::TEE_ERROR_BAD_PARAMETERS);
}

TEST(SharedMemoryRegion, MoveLeavesTheSourceEmpty) {
  auto a = SharedMemoryRegion::create(4096).value();
  uint8_t* host = a.host();
  SharedMemoryRegion b = std::move(a);
  EXPECT_EQ(b.host(), host);
  EXPECT_EQ(a.host(), nullptr); // NOLINT(bugprone-use-after-move): checking the moved-from state
  EXPECT_EQ(a.size(), 0u);
}

TEST_F(ShmPoolTest, AllocatesZeroedBlocksWithPasInsideTheRegion) {
  auto first = pool_.alloc(100);
  ASSERT_TRUE(first.ok());
  std::memset(first->host, 0x5A, first->size);
  ASSERT_TRUE(pool_.free(first->host));

  auto block = pool_.alloc(100);
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(block->pa - kPa, static_cast<uint64_t>(block->host - region_.host()));
  EXPECT_GE(block->pa, kPa);
  EXPECT_LE(block->pa + block->size, kPa + region_.size());
  for (uint64_t i = 0; i < block->size; ++i)
    ASSERT_EQ(block->host[i], 0) << "byte " << i << " leaked from the previous user";
}

TEST_F(ShmPoolTest, RoundsSizesUpToTheGranule) {
  EXPECT_EQ(pool_.alloc(1)->size, ShmPool::kGranule);
  EXPECT_EQ(pool_.alloc(0)->size, ShmPool::kGranule);
  EXPECT_EQ(pool_.alloc(65)->size, 2 * ShmPool::kGranule);
}

TEST_F(ShmPoolTest, AlignsByPhysicalAddress) {
  ASSERT_TRUE(pool_.alloc(64).ok()); // make the next free offset unaligned to 4 KiB
  auto page = pool_.alloc(100, 4096);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->pa % 4096, 0u);
  auto small = pool_.alloc(8, 256);
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->pa % 256, 0u);
}

TEST_F(ShmPoolTest, RejectsAlignmentThatIsNotAPowerOfTwo) {
  auto block = pool_.alloc(64, 48);
  ASSERT_FALSE(block.ok());
  EXPECT_EQ(block.error().code, abi::TEE_ERROR_BAD_PARAMETERS);
  EXPECT_FALSE(pool_.alloc(64, 0).ok());
}

TEST_F(ShmPoolTest, ReportsExhaustionAsOutOfMemory) {
  auto too_big = pool_.alloc(region_.size() + 1);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().code, abi::TEE_ERROR_OUT_OF_MEMORY);

  auto all = pool_.alloc(region_.size());
  ASSERT_TRUE(all.ok());
  auto none = pool_.alloc(1);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, abi::TEE_ERROR_OUT_OF_MEMORY);
}

TEST_F(ShmPoolTest, HugeRequestsDoNotOverflow) {
  EXPECT_EQ(pool_.alloc(UINT64_MAX).error().code, abi::TEE_ERROR_OUT_OF_MEMORY);
  EXPECT_EQ(pool_.alloc(UINT64_MAX - 10).error().code, abi::TEE_ERROR_OUT_OF_MEMORY);
  EXPECT_EQ(pool_.alloc(64, uint64_t{1} << 63).error().code, abi::TEE_ERROR_OUT_OF_MEMORY);
  EXPECT_EQ(pool_.live_blocks(), 0u);
}

TEST_F(ShmPoolTest, CoalescesFreedNeighbours) {
  const uint64_t quarter = region_.size() / 4;
  std::vector<ShmBlock> blocks;
  blocks.reserve(4);
  for (int i = 0; i < 4; ++i)
    blocks.push_back(pool_.alloc(quarter).value());
  EXPECT_EQ(pool_.bytes_free(), 0u);

  // Free the two middle blocks in either order: they must merge into one hole.
  ASSERT_TRUE(pool_.free(blocks[2].host));
  ASSERT_TRUE(pool_.free(blocks[1].host));
  auto merged = pool_.alloc(2 * quarter);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->host, blocks[1].host);

  ASSERT_TRUE(pool_.free(merged->host));
  ASSERT_TRUE(pool_.free(blocks[0].host));
  ASSERT_TRUE(pool_.free(blocks[3].host));
  EXPECT_EQ(pool_.bytes_free(), region_.size());
  EXPECT_TRUE(pool_.alloc(region_.size()).ok()) << "the free space is one range again";
}

TEST_F(ShmPoolTest, RefusesToFreeWhatItDidNotAllocate) {
  auto block = pool_.alloc(256).value();
  uint8_t outside = 0;
  EXPECT_FALSE(pool_.free(nullptr));
  EXPECT_FALSE(pool_.free(&outside));
  EXPECT_FALSE(pool_.free(block.host + 64)); // inside a block, not its start
  EXPECT_TRUE(pool_.free(block.host));
  EXPECT_FALSE(pool_.free(block.host)); // twice
  EXPECT_EQ(pool_.bytes_free(), region_.size());
}

TEST_F(ShmPoolTest, TranslatesOnlyRangesInsideOneLiveBlock) {
  auto a = pool_.alloc(128).value();
  auto b = pool_.alloc(128).value();
  EXPECT_EQ(pool_.pa_of(a.host, 128), a.pa);
  EXPECT_EQ(pool_.pa_of(a.host + 10, 100), a.pa + 10);
  EXPECT_EQ(pool_.pa_of(a.host + 128, 0), a.pa + 128); // one past the end, empty
  EXPECT_FALSE(pool_.pa_of(a.host + 10, 128).has_value()) << "runs into the next block";
  EXPECT_FALSE(pool_.pa_of(a.host, UINT64_MAX).has_value());
  uint8_t stack = 0;
  EXPECT_FALSE(pool_.pa_of(&stack, 1).has_value());

  EXPECT_EQ(pool_.host_of(b.pa + 5, 10), b.host + 5);
  EXPECT_EQ(pool_.host_of(b.pa, 129), nullptr);
  EXPECT_EQ(pool_.host_of(kPa - 1, 1), nullptr);

  ASSERT_TRUE(pool_.free(a.host));
  EXPECT_FALSE(pool_.pa_of(a.host, 1).has_value()) << "freed memory is no longer shareable";
  EXPECT_EQ(pool_.host_of(a.pa, 1), nullptr);
}

TEST_F(ShmPoolTest, ShmBufferReturnsItsBlockWhenDestroyed) {
  {
    auto buffer = ShmBuffer::allocate(pool_, 1000);
    ASSERT_TRUE(buffer.ok());
    EXPECT_EQ(pool_.live_blocks(), 1u);
    ShmBuffer moved = std::move(buffer).value();
    EXPECT_TRUE(static_cast<bool>(moved));
    EXPECT_EQ(pool_.live_blocks(), 1u);
  }
  EXPECT_EQ(pool_.live_blocks(), 0u);
  EXPECT_EQ(pool_.bytes_free(), region_.size());
}

TEST_F(ShmPoolTest, StaysConsistentUnderConcurrentUse) {
  std::atomic<bool> overlap{false};
  auto worker = [&](uint8_t tag) {
    for (int i = 0; i < 500; ++i) {
      auto buffer = ShmBuffer::allocate(pool_, 64 + (i % 7) * 64);
      if (!buffer.ok())
        continue; // exhaustion is allowed, corruption is not
      std::memset(buffer->host(), tag, buffer->size());
      std::this_thread::yield();
      for (uint64_t j = 0; j < buffer->size(); ++j)
        if (buffer->host()[j] != tag)
          overlap = true;
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (uint8_t t = 1; t <= 4; ++t)
    threads.emplace_back(worker, t);
  for (auto& t : threads)
    t.join();
  EXPECT_FALSE(overlap.load()) << "two live blocks shared bytes";
  EXPECT_EQ(pool_.live_blocks(), 0u);
  EXPECT_EQ(pool_.bytes_free(), region_.size());
}

} // namespace
} // namespace swemu::bridge
