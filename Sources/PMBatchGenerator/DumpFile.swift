import Foundation

/// A file being written through a large reused byte buffer, plain or zstd-compressed.
///
/// Hot loops call `reserve(_:)` once per row and then the unchecked `put` methods.
final class DumpFile {
    let path: String
    private let handle: FileHandle
    private let encoder: ZstdEncoder?
    private let capacity: Int
    private let buffer: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var closed = false
    /// Bytes written before compression.
    private(set) var rawBytes: Int64 = 0

    /// Creates (or truncates) `path`; `zstdLevel` nil writes plain bytes.
    init(path: String, zstdLevel: Int?, capacity: Int = 1 << 22) throws(GeneratorError) {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw .cannotWrite(path: path, reason: "cannot create the file") }
        self.handle = handle
        if let zstdLevel {
            do { encoder = try ZstdEncoder(fileHandle: handle, displayName: path, level: zstdLevel, workers: 1) }
            catch { throw .compression(error) }
        } else {
            encoder = nil
        }
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        if !closed { try? handle.close() }
    }

    /// Makes room for `bytes` more bytes (flushing when needed).
    @inline(__always)
    func reserve(_ bytes: Int) throws(GeneratorError) {
        if count + bytes > capacity { try flush() }
    }

    /// Appends one byte; the caller reserved room.
    @inline(__always)
    func put(_ byte: UInt8) {
        buffer[count] = byte
        count += 1
    }

    /// Appends bytes; the caller reserved room.
    @inline(__always)
    func put(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
        (buffer + count).update(from: bytes, count: length)
        count += length
    }

    /// Appends a non-negative integer as exactly `width` zero-padded digits; the caller reserved room.
    @inline(__always)
    func putDigits(_ value: Int, width: Int) {
        var v = value
        var i = count + width - 1
        while i >= count {
            buffer[i] = UInt8(truncatingIfNeeded: 48 + v % 10)
            v /= 10
            i -= 1
        }
        count += width
    }

    /// Appends a non-negative integer without padding; the caller reserved room.
    @inline(__always)
    func putInt(_ value: Int) {
        var digits = 1
        var limit = 10
        while value >= limit && digits < 19 { digits += 1; limit &*= 10 }
        putDigits(value, width: digits)
    }

    /// Appends a string, reserving room (not for hot loops).
    func write(_ text: String) throws(GeneratorError) {
        var text = text
        let bytes = text.withUTF8 { Array($0) }
        var offset = 0
        while offset < bytes.count {
            if count == capacity { try flush() }
            let n = min(capacity - count, bytes.count - offset)
            bytes.withUnsafeBufferPointer { put($0.baseAddress! + offset, n) }
            offset += n
        }
    }

    /// Writes the buffered bytes out.
    func flush() throws(GeneratorError) {
        guard count > 0 else { return }
        let raw = UnsafeRawBufferPointer(start: buffer, count: count)
        if let encoder {
            do { try encoder.write(raw) } catch { throw .compression(error) }
        } else {
            do { try handle.write(contentsOf: Data(raw)) } catch {
                throw .cannotWrite(path: path, reason: String(describing: error))
            }
        }
        rawBytes += Int64(count)
        count = 0
    }

    /// Flushes, ends the zstd frame and closes the file; returns the file's size.
    @discardableResult
    func close() throws(GeneratorError) -> Int64 {
        try flush()
        if let encoder {
            do { try encoder.finish() } catch { throw .compression(error) }
        }
        let size: UInt64
        do { size = try handle.offset() } catch { throw .cannotWrite(path: path, reason: String(describing: error)) }
        closed = true
        try? handle.close()
        return Int64(size)
    }
}
