// Secure storage (tee_core/src/storage) against raw SQLite on the same machine, in one run:
// create+write+close of a 1 KiB object, a 1 MiB write to an open object and a cold 1 MiB
// read, each against a raw INSERT OR REPLACE or SELECT of a blob of the same size. The raw
// side uses the engine's pragmas (journal_mode=WAL, synchronous=FULL), one transaction per
// change and statements prepared once: the floor is the cheapest way SQLite stores the
// bytes, without encryption, directory or GP object rules. main() prints the ratios.
//
// Both sides fsync on every commit, so the figures depend on the disk under $TMPDIR.
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include "bench_support.h"
#include "storage/secure_storage.h"
#include "swemu/core/tee_abi.h"

namespace {

namespace fs = std::filesystem;
using namespace swemu;
using core::crypto::ByteView;
using core::storage::SecureStorage;
using core::storage::Space;

constexpr size_t kSmall = 1 << 10;
constexpr size_t kLarge = 1 << 20;
const Uuid kTa = *Uuid::parse("5b9e0e40-2636-11e1-ad9e-0002a5d5c51b");
const uint8_t kId[] = {'b', 'e', 'n', 'c', 'h'};

// A fresh directory under $TMPDIR, removed with everything in it.
class TempDir {
public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "swemu_storage_bench_XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr)
      path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty())
      fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  bool ok() const { return !path_.empty(); }
  const fs::path& path() const { return path_; }

private:
  fs::path path_;
};

// --- the engine ---

// A storage in a fresh state directory holding the bench object (of `size` bytes, closed).
struct Engine {
  TempDir dir;
  std::unique_ptr<SecureStorage> storage;
  std::vector<uint8_t> data;

  Engine(size_t size, benchmark::State& state) : data(size, 0x5a) {
    if (!dir.ok()) {
      state.SkipWithError("cannot make a temporary directory");
      return;
    }
    auto s = SecureStorage::open(dir.path());
    if (!s) {
      state.SkipWithError(s.error().message.c_str());
      return;
    }
    storage = std::move(s.value());
    auto h = storage->create_object(kTa, Space::kRee, kId, abi::TEE_DATA_FLAG_ACCESS_WRITE, nullptr,
                                    data, 0);
    if (!h) {
      state.SkipWithError(h.error().message.c_str());
      storage.reset();
      return;
    }
    storage->close(std::move(h.value()));
  }
  bool ok() const { return storage != nullptr; }
};

void BM_Storage_CreateWriteClose_1KiB(benchmark::State& state) {
  Engine e(kSmall, state);
  if (!e.ok())
    return;
  for (auto _ : state) {
    auto h = e.storage->create_object(
        kTa, Space::kRee, kId, abi::TEE_DATA_FLAG_ACCESS_WRITE | abi::TEE_DATA_FLAG_OVERWRITE,
        nullptr, e.data, 0);
    if (!h) {
      state.SkipWithError(h.error().message.c_str());
      break;
    }
    e.storage->close(std::move(h.value()));
  }
}

void BM_Storage_Write_1MiB(benchmark::State& state) {
  Engine e(kLarge, state);
  if (!e.ok())
    return;
  core::crypto::Object attrs;
  auto h = e.storage->open_object(kTa, Space::kRee, kId, abi::TEE_DATA_FLAG_ACCESS_WRITE, attrs);
  if (!h) {
    state.SkipWithError(h.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    auto sought = e.storage->seek(**h, 0, abi::TEE_DATA_SEEK_SET);
    auto written = e.storage->write(**h, e.data, 0);
    if (!sought || !written) {
      state.SkipWithError("seek or write failed");
      break;
    }
  }
  e.storage->close(std::move(h.value()));
}

void BM_Storage_OpenReadClose_1MiB(benchmark::State& state) {
  Engine e(kLarge, state);
  if (!e.ok())
    return;
  std::vector<uint8_t> out(kLarge);
  for (auto _ : state) {
    // Cold each time: with no handle open, opening reads and decrypts the row again.
    core::crypto::Object attrs;
    auto h = e.storage->open_object(kTa, Space::kRee, kId, abi::TEE_DATA_FLAG_ACCESS_READ, attrs);
    if (!h) {
      state.SkipWithError(h.error().message.c_str());
      break;
    }
    auto n = e.storage->read(**h, out.data(), out.size());
    e.storage->close(std::move(h.value()));
    if (!n || *n != kLarge) {
      state.SkipWithError("short read");
      break;
    }
    benchmark::DoNotOptimize(out.data());
  }
}

// --- the floor: raw SQLite ---

class RawDb {
public:
  explicit RawDb(benchmark::State& state) {
    if (!dir_.ok() || sqlite3_open((dir_.path() / "raw.db").c_str(), &db_) != SQLITE_OK ||
        !exec("PRAGMA journal_mode=WAL") || !exec("PRAGMA synchronous=FULL") ||
        !exec("CREATE TABLE kv(k INTEGER PRIMARY KEY, v BLOB NOT NULL)") ||
        sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO kv(k, v) VALUES(1, ?1)", -1, &insert_,
                           nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db_, "SELECT v FROM kv WHERE k = 1", -1, &select_, nullptr) !=
            SQLITE_OK) {
      state.SkipWithError(db_ ? sqlite3_errmsg(db_) : "cannot open the raw database");
      ok_ = false;
    }
  }
  ~RawDb() {
    sqlite3_finalize(insert_);
    sqlite3_finalize(select_);
    sqlite3_close(db_);
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  bool ok() const { return ok_; }

  // One transaction, as the engine makes one per change.
  bool put(ByteView blob) {
    if (!exec("BEGIN IMMEDIATE"))
      return false;
    sqlite3_bind_blob64(insert_, 1, blob.data(), blob.size(), SQLITE_STATIC);
    const bool stepped = sqlite3_step(insert_) == SQLITE_DONE;
    sqlite3_reset(insert_);
    return exec(stepped ? "COMMIT" : "ROLLBACK") && stepped;
  }
  bool get(std::vector<uint8_t>& out) {
    bool found = sqlite3_step(select_) == SQLITE_ROW;
    if (found) {
      const size_t n = static_cast<size_t>(sqlite3_column_bytes(select_, 0));
      out.resize(n);
      std::memcpy(out.data(), sqlite3_column_blob(select_, 0), n);
    }
    sqlite3_reset(select_);
    return found;
  }

private:
  bool exec(const char* sql) {
    return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }

  TempDir dir_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* select_ = nullptr;
  bool ok_ = true;
};

void raw_put(benchmark::State& state, size_t size) {
  RawDb db(state);
  std::vector<uint8_t> data(size, 0x5a);
  if (!db.ok() || !db.put(data))
    return;
  for (auto _ : state)
    if (!db.put(data)) {
      state.SkipWithError("INSERT failed");
      break;
    }
}

void BM_Sqlite_Insert_1KiB(benchmark::State& state) {
  raw_put(state, kSmall);
}
void BM_Sqlite_Insert_1MiB(benchmark::State& state) {
  raw_put(state, kLarge);
}

void BM_Sqlite_Select_1MiB(benchmark::State& state) {
  RawDb db(state);
  std::vector<uint8_t> data(kLarge, 0x5a);
  if (!db.ok() || !db.put(data))
    return;
  std::vector<uint8_t> out;
  for (auto _ : state) {
    if (!db.get(out) || out.size() != kLarge) {
      state.SkipWithError("SELECT failed");
      break;
    }
    benchmark::DoNotOptimize(out.data());
  }
}

BENCHMARK(BM_Sqlite_Insert_1KiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Storage_CreateWriteClose_1KiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sqlite_Insert_1MiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Storage_Write_1MiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sqlite_Select_1MiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Storage_OpenReadClose_1MiB)->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char** argv) {
  // fsync times drift with the disk's load, so by default every benchmark runs three times,
  // interleaved at random, and the ratios use medians (as crypto_bench does, with fewer
  // repetitions: each pass here waits on the disk).
  std::vector<char*> args(argv, argv + argc);
  const bool own_repetitions = std::any_of(args.begin(), args.end(), [](const char* a) {
    return std::string_view(a).starts_with("--benchmark_repetitions");
  });
  std::string repetitions = "--benchmark_repetitions=3";
  std::string interleave = "--benchmark_enable_random_interleaving=true";
  std::string aggregates = "--benchmark_report_aggregates_only=true";
  if (!own_repetitions)
    for (std::string* a : {&repetitions, &interleave, &aggregates})
      args.push_back(a->data());
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  swemu::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  struct Pair {
    const char* what;
    const char* storage;
    const char* raw;
  };
  const Pair pairs[] = {
      {"create+write+close of 1 KiB / raw INSERT", "BM_Storage_CreateWriteClose_1KiB",
       "BM_Sqlite_Insert_1KiB"},
      {"write of 1 MiB / raw INSERT", "BM_Storage_Write_1MiB", "BM_Sqlite_Insert_1MiB"},
      {"open+read+close of 1 MiB / raw SELECT", "BM_Storage_OpenReadClose_1MiB",
       "BM_Sqlite_Select_1MiB"},
  };
  std::printf("\n");
  for (const Pair& p : pairs) {
    const double storage = reporter.ns(p.storage);
    const double raw = reporter.ns(p.raw);
    if (storage > 0 && raw > 0)
      std::printf("secure storage %s = %.2fx\n", p.what, storage / raw);
  }
  benchmark::Shutdown();
  return 0;
}
