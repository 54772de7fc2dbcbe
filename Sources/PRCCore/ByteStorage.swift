#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// An immutable block of bytes owned either by the heap or by a read-only memory mapping of a file.
public final class ByteStorage: @unchecked Sendable {
    /// Start of the bytes (valid while this object lives).
    public let base: UnsafeRawPointer
    /// Number of bytes.
    public let count: Int
    private let release: () -> Void

    /// Copies `bytes` into a new heap block.
    public init(copying bytes: UnsafeRawBufferPointer) {
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
        if let src = bytes.baseAddress, bytes.count > 0 { p.copyMemory(from: src, byteCount: bytes.count) }
        base = UnsafeRawPointer(p)
        count = bytes.count
        release = { p.deallocate() }
    }

    /// Copies an array of bytes into a new heap block.
    public convenience init(_ bytes: [UInt8]) {
        // Copy inside the closure: a pointer returned out of withUnsafeBytes may outlive the array.
        self.init(count: bytes.count) { dst in bytes.withUnsafeBytes { dst.copyMemory(from: $0) } }
    }

    /// Takes ownership of a heap block filled by `fill`, of `count` bytes.
    public init(count: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
        do { try fill(UnsafeMutableRawBufferPointer(start: p, count: count)) } catch {
            p.deallocate()
            throw error
        }
        base = UnsafeRawPointer(p)
        self.count = count
        release = { p.deallocate() }
    }

    /// Maps `length` bytes of the file at `path` starting at `offset`, read-only.
    /// The caller has already checked that the file holds that many bytes.
    public init(mapping path: String, offset: Int, length: Int) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileError.unreadable(path: path, reason: errnoDescription(errno)) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError.unreadable(path: path, reason: errnoDescription(errno)) }
        guard Int(st.st_size) >= offset + length else {
            throw FileError.invalid(path: path, expected: "\(offset + length) bytes", found: "\(st.st_size) bytes")
        }
        if length == 0 {
            let p = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 64)
            base = UnsafeRawPointer(p); count = 0; release = { p.deallocate() }
            return
        }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let aligned = offset / page * page
        let skip = offset - aligned
        let mapped = mmap(nil, length + skip, PROT_READ, MAP_PRIVATE, fd, off_t(aligned))
        guard let m = mapped, m != MAP_FAILED else {
            throw FileError.unreadable(path: path, reason: "mmap failed: \(errnoDescription(errno))")
        }
        base = UnsafeRawPointer(m + skip)
        count = length
        let total = length + skip
        release = { munmap(m, total) }
    }

    deinit { release() }

    /// The bytes as a buffer (valid while this object lives).
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
