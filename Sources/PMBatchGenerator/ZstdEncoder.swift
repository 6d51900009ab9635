import CZstd
import Foundation
import PMBatchSystem

/// Why zstd compression, or writing its output, failed.
public enum ZstdEncoderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `ZSTD_createCCtx` returned nothing (out of memory).
    case cannotCreateContext(file: String)
    /// A compression parameter was refused (e.g. a level outside the library's range).
    case badParameter(file: String, name: String, value: Int, reason: String)
    /// `ZSTD_compressStream2` reported an error.
    case compressionFailed(file: String, reason: String)
    /// The compressed bytes could not be written.
    case writeFailed(file: String, errno: Errno)
    /// `write` or `finish` was called after `finish`.
    case alreadyFinished(file: String)

    /// One sentence naming the file and what went wrong.
    public var description: String {
        switch self {
        case .cannotCreateContext(let file):
            "cannot compress \(file): zstd could not allocate a compression context"
        case .badParameter(let file, let name, let value, let reason):
            "cannot compress \(file): zstd refused \(name) = \(value) (\(reason))"
        case .compressionFailed(let file, let reason):
            "cannot compress \(file): zstd failed (\(reason))"
        case .writeFailed(let file, let error):
            "cannot write \(file): \(error)"
        case .alreadyFinished(let file):
            "cannot write \(file): the zstd frame was already finished"
        }
    }
}

/// Streaming zstd compression into an open file: owns a `ZSTD_CCtx` (freed in `deinit`) and
/// wraps `ZSTD_compressStream2`. The only place in pmbatch that calls the `ZSTD_c*` functions: only the
/// generator writes zstd (reading it is `PMBatchIngest.ZstdDecoder`'s job).
///
/// Input of any size is fed through `write(_:)`; compressed output is written to the file
/// descriptor as soon as the output buffer fills; `finish()` ends the frame. With `workers` ≥ 1
/// (`ZSTD_c_nbWorkers`) libzstd compresses on its own thread(s) while the caller keeps producing.
package final class ZstdEncoder {
    private let context: OpaquePointer
    private let descriptor: FileDescriptor
    private let displayName: String
    private let output: UnsafeMutableRawBufferPointer
    private var finished = false

    /// Uncompressed bytes accepted so far.
    package private(set) var bytesIn: Int64 = 0
    /// Compressed bytes written so far.
    package private(set) var bytesOut: Int64 = 0

    /// Starts a frame written to `fileHandle` (which the caller keeps and closes).
    /// - Parameters:
    ///   - displayName: the file's name in error messages.
    ///   - level: the zstd compression level (1 = fastest; 3 = zstd's default).
    ///   - workers: `ZSTD_c_nbWorkers`; 0 compresses on the calling thread. Ignored (single
    ///     thread) when libzstd was built without multithreading.
    package init(fileHandle: FileHandle, displayName: String, level: Int = 3, workers: Int = 0)
        throws(ZstdEncoderError)
    {
        guard let context = ZSTD_createCCtx() else { throw .cannotCreateContext(file: displayName) }
        self.context = context
        self.descriptor = FileDescriptor(rawValue: fileHandle.fileDescriptor)
        self.displayName = displayName
        self.output = UnsafeMutableRawBufferPointer.allocate(byteCount: ZSTD_CStreamOutSize(), alignment: 16)
        let levelResult = ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(clamping: level))
        if ZSTD_isError(levelResult) != 0 {
            throw .badParameter(file: displayName, name: "compression level", value: level,
                                reason: String(cString: ZSTD_getErrorName(levelResult)))
        }
        if workers > 0 {
            // Unsupported (single-threaded libzstd) → stay on the calling thread.
            _ = ZSTD_CCtx_setParameter(context, ZSTD_c_nbWorkers, Int32(clamping: workers))
        }
    }

    deinit {
        ZSTD_freeCCtx(context)
        output.deallocate()
    }

    /// Compresses `bytes`, writing whatever compressed output is ready.
    package func write(_ bytes: UnsafeRawBufferPointer) throws(ZstdEncoderError) {
        guard !finished else { throw .alreadyFinished(file: displayName) }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var input = ZSTD_inBuffer(src: base, size: bytes.count, pos: 0)
        while input.pos < input.size {
            _ = try step(&input, ZSTD_e_continue)
        }
        bytesIn += Int64(bytes.count)
    }

    /// Compresses the bytes of `array`.
    package func write(_ array: [UInt8]) throws(ZstdEncoderError) {
        let result: Result<Void, ZstdEncoderError> = array.withUnsafeBytes { raw in
            do throws(ZstdEncoderError) { try write(raw); return .success(()) } catch { return .failure(error) }
        }
        try result.get()
    }

    /// Ends the frame and writes the rest of the compressed output. The file is not closed.
    package func finish() throws(ZstdEncoderError) {
        guard !finished else { throw .alreadyFinished(file: displayName) }
        var input = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
        while try step(&input, ZSTD_e_end) != 0 {}
        finished = true
    }

    /// One `ZSTD_compressStream2` call; writes the produced output. Returns zstd's "bytes left to flush".
    private func step(_ input: inout ZSTD_inBuffer, _ directive: ZSTD_EndDirective) throws(ZstdEncoderError) -> Int {
        var out = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        let remaining = ZSTD_compressStream2(context, &out, &input, directive)
        if ZSTD_isError(remaining) != 0 {
            throw .compressionFailed(file: displayName, reason: String(cString: ZSTD_getErrorName(remaining)))
        }
        if out.pos > 0 { try writeAll(UnsafeRawBufferPointer(rebasing: output[0..<out.pos])) }
        return remaining
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(ZstdEncoderError) {
        do throws(Errno) { try descriptor.writeAll(bytes) } catch {
            throw .writeFailed(file: displayName, errno: error)
        }
        bytesOut += Int64(bytes.count)
    }
}
