import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for download tests: each request path gets a scripted answer.
final class TestHTTPServer: @unchecked Sendable {
    /// A scripted answer.
    enum Reply: Sendable {
        /// 200 with this body.
        case ok([UInt8])
        /// This status with a short HTML body.
        case status(Int)
        /// 200 with Content-Length `declared` but only `body` sent, then the connection closes.
        case truncated(body: [UInt8], declared: Int)
        /// Accepts, reads the request and never answers.
        case hang
        /// 200 with this body sent in `pieces` parts, `pause` seconds apart (slow but never stalled).
        case drip(body: [UInt8], pieces: Int, pause: Double)
        /// This redirect status (301, 302, 307, …) with `Location: location` (a path on this server or a URL).
        case redirect(Int, to: String)
    }

    let port: UInt16
    private let listener: Int32
    private let routes: [String: Reply]
    private let stopped = Atomic<Bool>(false)
    private let served = Mutex<[String]>([])

    /// Starts listening on an ephemeral port; `routes` maps request paths to replies (others get 404).
    init(routes: [String: Reply]) throws {
        self.routes = routes
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = UInt16(bigEndian: addr.sin_port)
        listener = fd
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Base URL of the server, e.g. "http://127.0.0.1:PORT/".
    var base: String { "http://127.0.0.1:\(port)/" }

    /// Paths requested so far.
    var requests: [String] { served.withLock { $0 } }

    /// Stops accepting and releases hanging connections.
    func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .sequentiallyConsistent) {
            let client = accept(listener, nil, nil)
            if client < 0 { if errno == EINTR { continue }; return }
            Thread.detachNewThread { [self] in handle(client) }
        }
    }

    private func handle(_ fd: Int32) {
        defer { close(fd) }
        var request = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 4096)
        while !request.containsHeaderEnd {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return }
            request += buf[0..<n]
        }
        let line = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self)
        let parts = line.split(separator: " ")
        let path = parts.count > 1 ? String(parts[1]) : "/"
        served.withLock { $0.append(path) }
        switch routes[path] ?? .status(404) {
        case .ok(let body):
            send(fd, head(200, length: body.count) + body)
        case .status(let code):
            let body = Array("<html><body>\(code)</body></html>".utf8)
            send(fd, head(code, length: body.count, type: "text/html") + body)
        case .truncated(let body, let declared):
            send(fd, head(200, length: declared) + body)
        case .drip(let body, let pieces, let pause):
            send(fd, head(200, length: body.count))
            let size = max(1, (body.count + pieces - 1) / max(1, pieces))
            for start in stride(from: 0, to: body.count, by: size) {
                usleep(UInt32(pause * 1_000_000))
                send(fd, Array(body[start..<min(start + size, body.count)]))
            }
        case .redirect(let code, let location):
            let body = Array("<html><body>moved</body></html>".utf8)
            let target = location.hasPrefix("/") ? "http://127.0.0.1:\(port)\(location)" : location
            send(fd, head(code, length: body.count, type: "text/html", extra: "Location: \(target)\r\n") + body)
        case .hang:
            while !stopped.load(ordering: .sequentiallyConsistent) { usleep(20_000) }
        }
    }

    private func head(_ code: Int, length: Int, type: String = "application/octet-stream", extra: String = "") -> [UInt8] {
        let reason = [200: "OK", 301: "Moved Permanently", 302: "Found", 307: "Temporary Redirect", 404: "Not Found",
                      403: "Forbidden", 500: "Internal Server Error"][code] ?? "Status"
        return Array("HTTP/1.1 \(code) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(length)\r\n\(extra)Connection: close\r\n\r\n".utf8)
    }

    private func send(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + off, raw.count - off, Int32(MSG_NOSIGNAL))
                if n <= 0 { return }
                off += n
            }
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate var containsHeaderEnd: Bool {
        guard count >= 4 else { return false }
        for i in 0...(count - 4) where self[i] == 13 && self[i + 1] == 10 && self[i + 2] == 13 && self[i + 3] == 10 { return true }
        return false
    }
}
