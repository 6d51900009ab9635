import PMBatchSystem

/// A fast content fingerprint for the ingest manifest: 64 bits over the file's bytes as stored
/// (compressed bytes for a `.zst`), so a changed file under the same path is noticed. Not a
/// cryptographic hash: it guards against change, not against an adversary.
public enum FileHasher {
    /// 16 lowercase hex digits fingerprinting the file at `path`, read in 1 MiB blocks into one reused
    /// buffer (no allocation, hence no page faults, per block).
    public static func contentHash(path: String) throws(IngestError) -> String {
        let fd: FileDescriptor
        do throws(Errno) { fd = try .open(path, .readOnly) } catch {
            throw IngestError.cannotOpen(file: path, reason: error.description)
        }
        defer { try? fd.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var state = Fingerprint()
        while true {
            let n: Int
            do throws(Errno) { n = try fd.read(into: buffer) } catch {
                throw IngestError.cannotOpen(file: path, reason: "read failed: \(error)")
            }
            if n == 0 { break }
            state.absorb(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return state.hexDigest
    }
}

/// Four independent multiply-rotate lanes over 8-byte words (in the spirit of xxHash64), so the
/// loop runs at memory speed; the tail and total length are folded in at the end.
struct Fingerprint {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (prime1 &+ prime2, prime2, 0, 0 &- prime1)
    private var length: UInt64 = 0
    private var pending: [UInt8] = []

    private static func round(_ acc: UInt64, _ word: UInt64) -> UInt64 {
        var a = acc &+ word &* prime2
        a = (a << 31) | (a >> 33)
        return a &* prime1
    }

    mutating func absorb(_ buffer: UnsafeRawBufferPointer) {
        length &+= UInt64(buffer.count)
        var start = 0
        if !pending.isEmpty {
            let need = 32 - pending.count
            let take = min(need, buffer.count)
            pending.append(contentsOf: buffer[0..<take])
            start = take
            if pending.count < 32 { return }
            pending.withUnsafeBytes { mix32($0, 0) }
            pending.removeAll(keepingCapacity: true)
        }
        var offset = start
        while offset + 32 <= buffer.count {
            mix32(buffer, offset)
            offset += 32
        }
        if offset < buffer.count { pending.append(contentsOf: buffer[offset...]) }
    }

    private mutating func mix32(_ buffer: UnsafeRawBufferPointer, _ offset: Int) {
        lanes.0 = Self.round(lanes.0, buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        lanes.1 = Self.round(lanes.1, buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        lanes.2 = Self.round(lanes.2, buffer.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
        lanes.3 = Self.round(lanes.3, buffer.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
    }

    var hexDigest: String {
        var h = lanes.0 ^ (lanes.1 &* 3) ^ (lanes.2 &* 7) ^ (lanes.3 &* 11) ^ length
        for byte in pending { h = (h ^ UInt64(byte)) &* Self.prime3 }
        h ^= h >> 33
        h = h &* Self.prime2
        h ^= h >> 29
        h = h &* Self.prime3
        h ^= h >> 32
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
