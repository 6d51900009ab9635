// Shared helpers for the libFuzzer targets (compiled into every target by Fuzz/run.sh).
@testable import PMBatchIngest
import PMBatchCore

/// Stops the fuzzer with a message (libFuzzer records the input as a crash).
func fuzzFail(_ message: String) -> Never {
    fatalError("fuzz oracle: " + message)
}

/// Feeds `bytes` to `consume` in chunks whose sizes cycle through `sizes` (all ≥ 1).
func forEachChunk(_ bytes: UnsafeRawBufferPointer, sizes: [Int],
                  _ consume: (UnsafeRawBufferPointer) throws(IngestError) -> Void) throws(IngestError) {
    var pos = 0
    var k = 0
    while pos < bytes.count {
        let n = min(max(sizes[k % sizes.count], 1), bytes.count - pos)
        // Copy each chunk into its own buffer so a parser that keeps a pointer past the call is caught by ASan.
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: n, alignment: 1)
        chunk.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[pos..<(pos + n)]))
        defer { chunk.deallocate() }
        try consume(UnsafeRawBufferPointer(chunk))
        pos += n
        k += 1
    }
}

/// Chunk sizes derived from the first bytes of the input (1…64), so the fuzzer explores chunk boundaries.
func chunkSizes(_ bytes: UnsafeRawBufferPointer) -> [Int] {
    let sizes = bytes.prefix(4).map { Int($0 % 64) + 1 }
    return sizes.isEmpty ? [1] : sizes
}

/// The zones the targets read naive timestamps in, picked by a byte.
let fuzzZones: [ZoneRules] = [
    .utc, ZoneRules(identifier: "Asia/Shanghai")!, ZoneRules(identifier: "America/New_York")!,
    ZoneRules(identifier: "Australia/Lord_Howe")!,
]
