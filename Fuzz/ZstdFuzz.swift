// libFuzzer target: the zstd byte source (content detection, streaming decompression, frame boundaries,
// truncation and corruption reporting) as the readers open it: from a file.
//
// Half of the inputs get a zstd magic number prepended so the fuzzer spends its time in the decoder.
// Oracle: reading with tiny chunks and with one large chunk ends with the same kind of error (or none: zstd's
// own message may differ, e.g. "Destination buffer is too small" against "Data corruption detected"); without an
// error both yield the same bytes, with one the bytes delivered before it (which depend on the chunk size,
// and which the readers discard with the file) agree as far as both go.
@testable import PMBatchIngest
import PMBatchCore
#if canImport(Glibc)
import Glibc
#endif

struct SourceOutcome: Equatable {
    var bytes: [UInt8] = []
    var error: IngestError?
}

func drain(path: String, chunkSize: Int, background: Bool) -> SourceOutcome {
    var outcome = SourceOutcome()
    do throws(IngestError) {
        let source = try ByteSources.open(path: path, displayName: "fuzz.zst", chunkSize: chunkSize,
                                          background: background)
        while let chunk = try source.nextChunk() {
            outcome.bytes += chunk
            // Bound the output (a tiny frame can declare a large content).
            if outcome.bytes.count > 1 << 22 { break }
        }
    } catch {
        outcome.error = error
    }
    return outcome
}

/// The error's case without its message and offset.
func errorKind(_ error: IngestError?) -> String {
    guard let error else { return "none" }
    switch error {
    case .zstdCorrupt: return "corrupt"
    case .zstdTruncated: return "truncated"
    default: return "\(error)"
    }
}

let fuzzPath: String = {
    let dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    return "\(dir)/pmbatch-zstd-fuzz-\(getpid()).bin"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func zstdFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = Array(UnsafeBufferPointer(start: data, count: size))
    if size > 0 && data[0] & 1 == 1 { input = [0x28, 0xB5, 0x2F, 0xFD] + input.dropFirst() }
    let fd = open(fuzzPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { fuzzFail("cannot write \(fuzzPath)") }
    _ = input.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    let small = drain(path: fuzzPath, chunkSize: size % 13 + 1, background: false)
    let large = drain(path: fuzzPath, chunkSize: 1 << 16, background: size % 5 == 0)
    let bounded = small.bytes.count <= 1 << 22 && large.bytes.count <= 1 << 22
    let common = min(small.bytes.count, large.bytes.count)
    let agree = errorKind(small.error) == errorKind(large.error) && small.bytes.prefix(common) == large.bytes.prefix(common)
        && (small.error != nil || small.bytes.count == large.bytes.count)
    if bounded && !agree {
        fuzzFail("chunk size changes the result: small \(small.bytes.count) bytes \(String(describing: small.error)), "
                 + "large \(large.bytes.count) bytes \(String(describing: large.error))")
    }
    return 0
}
