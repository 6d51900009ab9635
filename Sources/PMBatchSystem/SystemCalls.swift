#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The POSIX calls pmbatch makes, one Swift function each (in the manner of swift-system's
// `Internals/Syscalls.swift`): nothing else in the package calls these C functions, so their error and
// retry handling lives in one place, `FileDescriptor`. Each returns the C result as is (-1 and `errno` on
// failure).

/// `open(2)` with a mode (used when `flags` holds `O_CREAT`).
func system_open(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}

/// `read(2)`.
func system_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// `write(2)`.
func system_write(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// `pwrite(2)`.
func system_pwrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int, _ offset: off_t) -> Int {
    pwrite(fd, buffer, count, offset)
}

/// `ftruncate(2)`.
func system_ftruncate(_ fd: Int32, _ length: off_t) -> Int32 {
    ftruncate(fd, length)
}

/// `flock(2)`.
func system_flock(_ fd: Int32, _ operation: Int32) -> Int32 {
    flock(fd, operation)
}

/// `close(2)`.
func system_close(_ fd: Int32) -> Int32 {
    close(fd)
}
