import PMBatchSystem

/// Reads a file and fills caller buffers with its content, decompressing when it starts with a zstd magic.
///
/// Used by one thread at a time (handed to a background thread by `BackgroundByteSource`).
final class FileFiller: @unchecked Sendable {
    let displayName: String
    let isCompressed: Bool
    private let fd: FileDescriptor
    private let decoder: ZstdDecoder?
    private let input: UnsafeMutableRawBufferPointer
    private var inputStart = 0
    private var inputEnd = 0
    private var endOfFile = false
    private var finished = false
    /// The fingerprint of the bytes read from the file so far (`FileHasher`'s function).
    private var fingerprint = Fingerprint()
    /// The fingerprint of the bytes read so far: the file's content hash (`FileHasher.contentHash`) once
    /// the content has been delivered to its end. Every file is hashed as it is read, so it is read once.
    var contentHash: String { fingerprint.hexDigest }

    init(path: String, displayName: String) throws(IngestError) {
        self.displayName = displayName
        let fd: FileDescriptor
        do throws(Errno) { fd = try .open(path, .readOnly) } catch {
            throw .cannotOpen(file: displayName, reason: error.description)
        }
        self.fd = fd
        input = .allocate(byteCount: 1 << 20, alignment: 16)
        // Read at least 4 bytes (or to EOF) to see the magic number.
        var got = 0
        while got < 4 {
            let n: Int
            do throws(Errno) { n = try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: input[got...])) } catch {
                try? fd.close()
                input.deallocate()
                throw .readFailed(file: displayName, reason: error.description)
            }
            if n == 0 { endOfFile = true; break }
            got += n
        }
        inputEnd = got
        fingerprint.absorb(UnsafeRawBufferPointer(rebasing: input[0..<got]))
        isCompressed = ZstdDecoder.looksCompressed(UnsafeRawBufferPointer(rebasing: input[0..<got]))
        decoder = isCompressed ? ZstdDecoder() : nil
    }

    deinit {
        try? fd.close()
        input.deallocate()
    }

    /// Reads straight into `buffer` (no copy) and fingerprints what came.
    private func readSome(into buffer: UnsafeMutableRawPointer, count: Int) throws(IngestError) -> Int {
        let n: Int
        do throws(Errno) { n = try fd.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: count)) } catch {
            throw .readFailed(file: displayName, reason: error.description)
        }
        if n > 0 { fingerprint.absorb(UnsafeRawBufferPointer(start: buffer, count: n)) }
        return n
    }

    /// Fills `out` as far as possible; returns the byte count, 0 only at the end of the content.
    func fill(_ out: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        guard let decoder else { return try fillPlain(out) }
        var pos = 0
        while pos < out.count && !finished {
            if inputStart == inputEnd && !endOfFile {
                let n = try readSome(into: input.baseAddress!, count: input.count)
                inputStart = 0
                inputEnd = n
                if n == 0 { endOfFile = true }
            }
            let before = pos
            do {
                try decoder.decompress(UnsafeRawBufferPointer(rebasing: input[0..<inputEnd]),
                                       inputPosition: &inputStart, into: out, outputPosition: &pos)
                if inputStart == inputEnd && endOfFile && pos == before {
                    finished = true
                    try decoder.finish()
                }
            } catch {
                finished = true
                switch error {
                case .corrupt(let offset, let message):
                    throw .zstdCorrupt(file: displayName, offset: offset, message: message)
                case .truncated(let offset):
                    throw .zstdTruncated(file: displayName, offset: offset)
                }
            }
        }
        return pos
    }

    private func fillPlain(_ out: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        var pos = 0
        if inputStart < inputEnd {
            let n = min(inputEnd - inputStart, out.count)
            out.baseAddress!.copyMemory(from: input.baseAddress! + inputStart, byteCount: n)
            inputStart += n
            pos = n
        }
        while pos < out.count && !endOfFile {
            let n = try readSome(into: out.baseAddress! + pos, count: out.count - pos)
            if n == 0 { endOfFile = true }
            pos += n
        }
        return pos
    }
}
