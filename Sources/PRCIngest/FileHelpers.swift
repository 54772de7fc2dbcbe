#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import PRCCore

/// Size in bytes of a regular file, or nil when it cannot be stat'ed or is not a regular file.
public func fileSize(_ path: String) -> Int? {
    var st = stat()
    guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(st.st_size)
}

/// Names in a folder (without "." and ".."), sorted; empty when it cannot be read.
public func listDirectory(_ path: String) -> [String] {
    (try? listDirectoryOrThrow(path)) ?? []
}

/// Names in a folder (without "." and ".."), sorted; throws naming the folder when it cannot be opened.
public func listDirectoryOrThrow(_ path: String) throws -> [String] {
    guard let dir = opendir(path) else {
        if errno == ENOENT { throw FileError.notFound(path: path) }
        throw FileError.unreadable(path: path, reason: errnoDescription(errno))
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
            let bytes = raw.bindMemory(to: CChar.self)
            return String(cString: bytes.baseAddress!)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}

/// Removes a file if it exists (errors other than "not there" are reported).
public func removeFileIfPresent(_ path: String) throws {
    if unlink(path) != 0 && errno != ENOENT {
        throw FileError.unwritable(path: path, reason: errnoDescription(errno))
    }
}

/// Value of an environment variable, or nil when unset or empty.
public func environmentValue(_ name: String) -> String? {
    guard let v = getenv(name), let s = String(validatingCString: v), !s.isEmpty else { return nil }
    return s
}

/// Multiplies sizes, returning nil on overflow or a negative factor.
func checkedProduct(_ values: [Int]) -> Int? {
    var total = 1
    for v in values {
        guard v >= 0 else { return nil }
        let (p, o) = total.multipliedReportingOverflow(by: v)
        if o { return nil }
        total = p
    }
    return total
}

/// The version recorded in manifests.
public let prcToolVersion = "0.1.0"
