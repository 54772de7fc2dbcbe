#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// An advisory exclusive lock on `DATA/.lock` (`flock`), held while a process writes a data directory,
/// so two `prc-data` processes never build the same datasets at once: the second waits, with a notice.
/// Re-entrant within one process (nested holders of the same directory share the lock).
public enum DataDirectoryLock {
    /// File name of the lock inside the data directory.
    public static let fileName = ".lock"

    private static let held = Mutex<[String: (fd: Int32, depth: Int)]>([:])

    /// Runs `body` while holding the lock of `dataDir`, waiting (after a one-line notice) if another process holds it.
    public static func withLock<R>(_ dataDir: DataDirectory, quiet: Bool, _ body: () throws -> R) throws -> R {
        let key = try acquire(dataDir, quiet: quiet)
        defer { release(key) }
        return try body()
    }

    private static func acquire(_ dataDir: DataDirectory, quiet: Bool) throws -> String {
        try makeDirectories(dataDir.root)
        let path = joinPath(dataDir.root, fileName)
        var key = path
        if let resolved = realpath(dataDir.root, nil) {
            key = String(cString: resolved)
            free(resolved)
        }
        let nested = held.withLock { table -> Bool in
            guard let entry = table[key] else { return false }
            table[key] = (entry.fd, entry.depth + 1)
            return true
        }
        if nested { return key }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError.unwritable(path: path, reason: errnoDescription(errno)) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let first = errno
            guard first == EWOULDBLOCK || first == EINTR else {
                close(fd)
                throw FileError.unwritable(path: path, reason: "cannot lock: \(errnoDescription(first))")
            }
            Console.note("notice: waiting for another prc-data process using \(dataDir.root) (lock \(path)) …", quiet: quiet)
            while flock(fd, LOCK_EX) != 0 {
                let e = errno
                if e == EINTR { continue }
                close(fd)
                throw FileError.unwritable(path: path, reason: "cannot lock: \(errnoDescription(e))")
            }
        }
        held.withLock { table in
            if let entry = table[key] { table[key] = (entry.fd, entry.depth + 1); close(fd) } else { table[key] = (fd, 1) }
        }
        return key
    }

    private static func release(_ key: String) {
        held.withLock { table in
            guard let entry = table[key] else { return }
            if entry.depth > 1 { table[key] = (entry.fd, entry.depth - 1); return }
            table[key] = nil
            close(entry.fd)  // closing the last descriptor releases the flock
        }
    }
}
