#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file descriptor and the operations pmbatch performs on one, each over one of the wrappers in
/// `SystemCalls.swift`: a failure throws the call's `Errno`, an interrupted call (`EINTR`) is retried.
///
/// A plain value: whoever opens a descriptor closes it (`close()`), usually in a `deinit` or `defer`.
package struct FileDescriptor: Hashable, Sendable {
    /// The C descriptor.
    package let rawValue: Int32

    /// Wraps a descriptor opened elsewhere (e.g. `FileHandle.fileDescriptor`); the caller keeps closing it.
    package init(rawValue: Int32) { self.rawValue = rawValue }

    /// How a file is opened: `O_RDONLY`, `O_WRONLY` or `O_RDWR`.
    package enum AccessMode: Sendable {
        case readOnly, writeOnly, readWrite
    }

    /// `open` flags beyond the access mode.
    package struct OpenOptions: OptionSet, Sendable {
        package let rawValue: Int32
        package init(rawValue: Int32) { self.rawValue = rawValue }
        /// `O_CREAT`: create the file when it does not exist (with the given permissions).
        package static let create = OpenOptions(rawValue: O_CREAT)
        /// `O_TRUNC`: empty the file on opening.
        package static let truncate = OpenOptions(rawValue: O_TRUNC)
        /// `O_CLOEXEC`: not inherited by child processes.
        package static let closeOnExec = OpenOptions(rawValue: O_CLOEXEC)
    }

    /// Opens `path` (`open(2)`).
    /// - Parameter permissions: the mode bits of a file `.create` creates (before the umask).
    package static func open(_ path: String, _ mode: AccessMode, options: OpenOptions = [],
                             permissions: UInt16 = 0o644) throws(Errno) -> FileDescriptor
    {
        let access = switch mode {
        case .readOnly: O_RDONLY
        case .writeOnly: O_WRONLY
        case .readWrite: O_RDWR
        }
        let fd = try retryingOnInterrupt { system_open(path, access | options.rawValue, mode_t(permissions)) }
        return FileDescriptor(rawValue: fd)
    }

    /// Reads up to `buffer.count` bytes into `buffer` (`read(2)`); returns how many, 0 at the end of the file.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try retryingOnInterrupt { system_read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Writes all of `bytes` (`write(2)`, repeated after a partial write).
    package func writeAll(_ bytes: UnsafeRawBufferPointer) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            offset += try retryingOnInterrupt {
                system_write(rawValue, bytes.baseAddress! + offset, bytes.count - offset)
            }
        }
    }

    /// Writes all of `bytes` at file offset `position` without moving the file offset (`pwrite(2)`).
    package func writeAll(_ bytes: UnsafeRawBufferPointer, atOffset position: Int64) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            offset += try retryingOnInterrupt {
                system_pwrite(rawValue, bytes.baseAddress! + offset, bytes.count - offset,
                              off_t(position) + off_t(offset))
            }
        }
    }

    /// Cuts or extends the file to `size` bytes (`ftruncate(2)`).
    package func truncate(toSize size: Int64) throws(Errno) {
        _ = try retryingOnInterrupt { system_ftruncate(rawValue, off_t(size)) }
    }

    /// Takes an exclusive advisory lock on the open file (`flock(2)` with `LOCK_EX`, and `LOCK_NB` unless
    /// `wait`). The kernel releases it when the descriptor is closed or the process dies.
    /// - Throws: `Errno.wouldBlock` when another open file holds the lock and `wait` is false.
    package func lockExclusive(wait: Bool) throws(Errno) {
        _ = try retryingOnInterrupt { system_flock(rawValue, LOCK_EX | (wait ? 0 : LOCK_NB)) }
    }

    /// Releases a lock `lockExclusive(wait:)` took (`flock(2)` with `LOCK_UN`).
    package func unlock() throws(Errno) {
        _ = try retryingOnInterrupt { system_flock(rawValue, LOCK_UN) }
    }

    /// Closes the descriptor (`close(2)`). Not retried on `EINTR`: Linux has released the descriptor by
    /// then, and a retry could close one another thread just opened.
    package func close() throws(Errno) {
        if system_close(rawValue) < 0 { throw Errno.current }
    }
}

/// Runs `call` again while it fails with `EINTR`; a negative result throws `errno`.
private func retryingOnInterrupt<Result: BinaryInteger>(_ call: () -> Result) throws(Errno) -> Result {
    while true {
        let result = call()
        if result >= 0 { return result }
        let error = Errno.current
        if error != .interrupted { throw error }
    }
}
