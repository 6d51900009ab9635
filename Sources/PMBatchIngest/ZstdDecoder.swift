import CZstd

/// Streaming zstd decompression: many frames, concatenated files and skippable frames.
///
/// Owns a `ZSTD_DCtx` (freed in `deinit`); the only type that calls `ZSTD_d*` functions.
final class ZstdDecoder {
    /// Why decompression failed.
    enum Failure: Error, Sendable, Equatable {
        /// Corrupt data at compressed `offset`; `message` is `ZSTD_getErrorName`.
        case corrupt(offset: Int64, message: String)
        /// Input ended inside a frame at compressed `offset`.
        case truncated(offset: Int64)
    }

    private let context: OpaquePointer
    /// Compressed bytes consumed so far.
    private(set) var consumed: Int64 = 0
    /// True when the last byte consumed ended a frame (or nothing was consumed yet).
    private(set) var atFrameBoundary = true
    /// The content size the current frame's header declares, when known (checked at the frame's end).
    private var declaredFrameSize: UInt64?
    /// Bytes the current frame has produced so far.
    private var frameProduced: UInt64 = 0

    /// Creates a decompression context (`ZSTD_createDCtx`).
    init() {
        guard let ctx = ZSTD_createDCtx() else { fatalError("ZSTD_createDCtx failed: out of memory") }
        context = ctx
    }

    deinit { ZSTD_freeDCtx(context) }

    /// Decompresses from `input[inputPosition...]` into `output[outputPosition...]`, advancing both
    /// positions (`ZSTD_decompressStream`). Returns when the input is used up or the output is full.
    func decompress(_ input: UnsafeRawBufferPointer, inputPosition: inout Int,
                           into output: UnsafeMutableRawBufferPointer, outputPosition: inout Int) throws(Failure) {
        var inBuf = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: inputPosition)
        var outBuf = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: outputPosition)
        while outBuf.pos < outBuf.size {
            if inBuf.pos == inBuf.size && atFrameBoundary { break }
            if atFrameBoundary { startFrame(inBuf) }
            let beforeIn = inBuf.pos
            let beforeOut = outBuf.pos
            let result = ZSTD_decompressStream(context, &outBuf, &inBuf)
            if ZSTD_isError(result) != 0 {
                let message = String(cString: ZSTD_getErrorName(result))
                throw .corrupt(offset: consumed + Int64(inBuf.pos - beforeIn), message: message)
            }
            consumed += Int64(inBuf.pos - beforeIn)
            atFrameBoundary = result == 0
            frameProduced += UInt64(outBuf.pos - beforeOut)
            // libzstd checks the declared content size only when it decodes a frame straight into a large
            // enough output buffer; with a smaller one (a buffered stream) a frame that declares more than
            // its blocks hold ends "successfully". Check it here so the outcome does not depend on the chunk size.
            if atFrameBoundary, let declared = declaredFrameSize, declared != frameProduced {
                throw .corrupt(offset: consumed, message: "Frame content size mismatch: the frame header declares "
                               + "\(declared) bytes, its blocks hold \(frameProduced)")
            }
            // No progress: zstd needs more input.
            if inBuf.pos == beforeIn && outBuf.pos == beforeOut { break }
        }
        inputPosition = inBuf.pos
        outputPosition = outBuf.pos
    }

    /// Notes the content size the frame starting at `input.pos` declares (`ZSTD_getFrameContentSize`;
    /// unknown when the header is incomplete in this input or invalid — zstd reports the latter itself).
    private func startFrame(_ input: ZSTD_inBuffer) {
        frameProduced = 0
        let size = ZSTD_getFrameContentSize(input.src.map { $0 + input.pos }, input.size - input.pos)
        // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are the two largest values.
        declaredFrameSize = size >= UInt64.max - 1 ? nil : UInt64(size)
    }

    /// Throws `.truncated` unless the data consumed so far ended on a frame boundary.
    func finish() throws(Failure) {
        if !atFrameBoundary { throw .truncated(offset: consumed) }
    }

    /// True when `bytes` starts with a zstd frame magic (`28 B5 2F FD`) or a skippable-frame magic
    /// (`0x184D2A50`…`0x184D2A5F`, little-endian).
    static func looksCompressed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 4 else { return false }
        let magic = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        return magic == 0xFD2F_B528 || (magic & 0xFFFF_FFF0) == 0x184D_2A50
    }
}
