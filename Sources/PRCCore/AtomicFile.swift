#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Writes a file under a temporary name in the destination's folder and renames it into place only
/// when `commit()` succeeds, so readers never see a half-written file. Dropped uncommitted, it
/// removes the temporary file. All product file writes go through this type (the one I/O seam).
public final class AtomicFileWriter {
    /// Final path of the file.
    public let path: String
    /// Temporary path written until commit.
    public let temporaryPath: String
    private var fd: Int32
    private var committed = false

    /// Test seam simulating a full disk: writes to files whose path starts with this prefix fail
    /// with ENOSPC after `faultAfterBytes` bytes of that file. Nil (the default) disables it.
    /// Tests of whole processes set it through `$PRC_TEST_FULL_DISK_PREFIX` (read once, at first use).
    nonisolated(unsafe) public static var faultPathPrefix: String? = faultEnvironment("PRC_TEST_FULL_DISK_PREFIX")
    /// Bytes a file under `faultPathPrefix` may take before writes fail (`$PRC_TEST_FULL_DISK_BYTES`, else 0).
    nonisolated(unsafe) public static var faultAfterBytes = faultEnvironment("PRC_TEST_FULL_DISK_BYTES").flatMap { Int($0) } ?? 0
    private var written = 0

    /// Opens a temporary file next to `path`; creates missing parent folders when asked.
    public init(path: String, createParents: Bool = true) throws {
        self.path = path
        let dir = parentDirectory(of: path)
        if createParents { try makeDirectories(dir) }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        temporaryPath = (dir == "." && !path.hasPrefix("./") ? "" : dir + "/") + ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError.unwritable(path: path, reason: errnoDescription(errno)) }
    }

    /// Appends bytes; throws naming the final path on any failure (e.g. disk full).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            if let prefix = AtomicFileWriter.faultPathPrefix, path.hasPrefix(prefix), written + left > AtomicFileWriter.faultAfterBytes {
                throw FileError.unwritable(path: path, reason: errnoDescription(ENOSPC))
            }
            let n = Glibc.write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError.unwritable(path: path, reason: errnoDescription(errno))
            }
            written += n
            p += n; left -= n
        }
    }

    /// Appends an array of bytes.
    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    /// Appends a UTF-8 string.
    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Flushes to disk and renames the temporary file to the final path.
    public func commit() throws {
        guard !committed else { return }
        if fsync(fd) != 0, errno != EINVAL {
            throw FileError.unwritable(path: path, reason: errnoDescription(errno))
        }
        close(fd); fd = -1
        guard rename(temporaryPath, path) == 0 else {
            let reason = errnoDescription(errno)
            unlink(temporaryPath)
            throw FileError.unwritable(path: path, reason: reason)
        }
        committed = true
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed { unlink(temporaryPath) }
    }
}

/// A non-empty environment variable of the full-disk test seam, or nil.
private func faultEnvironment(_ name: String) -> String? {
    guard let v = getenv(name), let s = String(validatingCString: v), !s.isEmpty else { return nil }
    return s
}

/// Writes `bytes` to `path` atomically (temporary name, then rename).
public func writeFileAtomically(_ path: String, bytes: [UInt8]) throws {
    let w = try AtomicFileWriter(path: path)
    try w.write(bytes)
    try w.commit()
}

/// Writes UTF-8 `text` to `path` atomically.
public func writeFileAtomically(_ path: String, text: String) throws {
    try writeFileAtomically(path, bytes: Array(text.utf8))
}

/// Reads a whole file into memory, refusing files larger than `limit` bytes.
public func readWholeFile(_ path: String, limit: Int = 1 << 34) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
        if errno == ENOENT { throw FileError.notFound(path: path) }
        throw FileError.unreadable(path: path, reason: errnoDescription(errno))
    }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw FileError.unreadable(path: path, reason: errnoDescription(errno)) }
    if (st.st_mode & S_IFMT) == S_IFDIR { throw FileError.unreadable(path: path, reason: "is a directory") }
    let size = Int(st.st_size)
    guard size <= limit else {
        throw FileError.invalid(path: path, expected: "at most \(limit) bytes", found: "\(size) bytes")
    }
    var out = [UInt8](repeating: 0, count: size)
    var got = 0
    while got < size {
        let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, size - got) }
        if n < 0 {
            if errno == EINTR { continue }
            throw FileError.unreadable(path: path, reason: errnoDescription(errno))
        }
        if n == 0 { break }
        got += n
    }
    if got < size { out.removeLast(size - got) }
    return out
}

/// The folder part of a path ("." when there is none).
public func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
}

/// Creates a folder and its missing parents; an existing folder is fine, a file in the way is not.
public func makeDirectories(_ path: String) throws {
    if path.isEmpty || path == "." || path == "/" { return }
    var st = stat()
    if stat(path, &st) == 0 {
        if (st.st_mode & S_IFMT) == S_IFDIR { return }
        throw FileError.unwritable(path: path, reason: "exists and is not a directory")
    }
    try makeDirectories(parentDirectory(of: path))
    if mkdir(path, 0o755) != 0 && errno != EEXIST {
        throw FileError.unwritable(path: path, reason: errnoDescription(errno))
    }
}

/// True when a file or folder exists at `path`.
public func fileExists(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0
}

/// True when a folder exists at `path`.
public func directoryExists(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
}

/// Joins path components with "/".
public func joinPath(_ parts: String...) -> String {
    parts.filter { !$0.isEmpty }.reduce("") { acc, p in
        acc.isEmpty ? p : (acc.hasSuffix("/") ? acc + p : acc + "/" + p)
    }
}
