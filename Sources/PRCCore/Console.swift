#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Messages to the user: results on stdout, notices and warnings on stderr.
public enum Console {
    /// When true (within `Console.$muted.withValue(true) { … }`), `out` prints nothing: used when
    /// one command runs others in-process and prints its own summary instead.
    @TaskLocal public static var muted = false

    /// Writes a line to standard output.
    public static func out(_ line: String) {
        if muted { return }
        writeToDescriptor(1, line + "\n")
    }

    /// Writes a line to standard error.
    public static func err(_ line: String) {
        writeToDescriptor(2, line + "\n")
    }

    /// Writes a warning line ("warning: …") to standard error.
    public static func warn(_ message: String) { err("warning: \(message)") }

    /// Writes a notice to standard error unless `quiet`.
    public static func note(_ message: String, quiet: Bool) { if !quiet { err(message) } }

    /// True when standard error is a terminal (progress bars only draw there).
    public static var stderrIsTerminal: Bool { isatty(2) != 0 }
}

/// Writes all of `text` to a file descriptor (1 = stdout, 2 = stderr), retrying short writes.
public func writeToDescriptor(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buf in
        guard var p = buf.baseAddress else { return }
        var left = buf.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 { if errno == EINTR { continue }; return }
            p += n; left -= n
        }
    }
}
