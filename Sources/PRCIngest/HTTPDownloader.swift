import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PRCCore

/// A failed HTTP request, with a one-line reason ("HTTP 404", "timed out after 30 s", …).
public struct HTTPFailure: Error, Sendable {
    /// Why the request failed.
    public let reason: String
    /// Creates a failure.
    public init(_ reason: String) { self.reason = reason }
}

/// The single network seam: fetch the body of a URL (status 200 only). Tests and fault injection replace it.
public protocol HTTPTransport: Sendable {
    /// GETs `url`, giving up when no byte arrives for `timeout` seconds; returns the body of a 200 answer.
    func get(_ url: String, timeout: Double) throws(HTTPFailure) -> [UInt8]
}

/// The stall timeout in seconds: `$PRC_HTTP_TIMEOUT` if set and positive, else 30.
public func defaultHTTPTimeout() -> Double {
    if let s = environmentValue("PRC_HTTP_TIMEOUT"), let v = Double(s), v > 0, v.isFinite { return v }
    return 30
}

/// `HTTPTransport` over FoundationNetworking's URLSession (libcurl on Linux).
public struct URLSessionTransport: HTTPTransport {
    /// Creates the transport.
    public init() {}

    private final class Outcome: @unchecked Sendable {
        var data: Data?
        var response: URLResponse?
        var error: Error?
    }

    /// GETs `url` with `timeout` as the idle (stall) timeout; redirects are followed.
    public func get(_ url: String, timeout: Double) throws(HTTPFailure) -> [UInt8] {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw HTTPFailure("not an http(s) URL")
        }
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = max(timeout * 40, 600)
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: config)
        defer { session.finishTasksAndInvalidate() }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: u) { data, response, error in
            outcome.data = data; outcome.response = response; outcome.error = error
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + config.timeoutIntervalForResource + 5) == .timedOut {
            task.cancel()
            throw HTTPFailure("no complete answer within \(Int(config.timeoutIntervalForResource)) s")
        }
        if let error = outcome.error {
            let ns = error as NSError
            if ns.code == NSURLErrorTimedOut { throw HTTPFailure("stalled: no data for \(formatSeconds(timeout)) s (timed out)") }
            if ns.code == NSURLErrorNetworkConnectionLost { throw HTTPFailure("connection closed before the whole body arrived (truncated)") }
            let text = ns.localizedDescription
            if text.contains("transfer closed") || text.contains("Content-Length") { throw HTTPFailure("truncated body: \(text)") }
            throw HTTPFailure("\(text) (error \(ns.code))")
        }
        guard let http = outcome.response as? HTTPURLResponse else { throw HTTPFailure("no HTTP response") }
        guard http.statusCode == 200 else { throw HTTPFailure("HTTP \(http.statusCode) (expected 200)") }
        let body = [UInt8](outcome.data ?? Data())
        if http.expectedContentLength > 0, Int64(body.count) != http.expectedContentLength {
            throw HTTPFailure("truncated: Content-Length \(http.expectedContentLength), received \(body.count) bytes")
        }
        return body
    }
}

/// "30" or "0.5" style seconds.
func formatSeconds(_ s: Double) -> String { s == s.rounded() ? "\(Int(s))" : "\(s)" }

/// Downloads MNIST files from a list of mirrors through an `HTTPTransport`, verifying before keeping anything.
public struct MNISTDownloader: Sendable {
    /// Base URLs tried in order (file name + ".gz" is appended).
    public let mirrors: [String]
    /// The network seam.
    public let transport: HTTPTransport
    /// Stall timeout in seconds.
    public let timeout: Double

    /// Creates a downloader.
    public init(mirrors: [String], transport: HTTPTransport = URLSessionTransport(), timeout: Double = defaultHTTPTimeout()) {
        self.mirrors = mirrors; self.transport = transport; self.timeout = timeout
    }

    /// The URL of `spec` on `mirror`.
    public static func url(mirror: String, spec: MNISTFileSpec) -> String {
        (mirror.hasSuffix("/") ? mirror : mirror + "/") + spec.name + ".gz"
    }

    /// Fetches `spec` into `cacheDir/NAME.gz`: body written under a temporary name, renamed only after
    /// the payload hash verifies. Each failure prints one warning line; all failing throws listing every URL.
    public func fetch(_ spec: MNISTFileSpec, into cacheDir: String) throws -> (file: IDXFile, url: String) {
        var attempts: [DownloadAttempt] = []
        for (k, mirror) in mirrors.enumerated() {
            let url = MNISTDownloader.url(mirror: mirror, spec: spec)
            do {
                let body: [UInt8]
                do { body = try transport.get(url, timeout: timeout) } catch { throw DownloadProblem(reason: error.reason) }
                let writer = try AtomicFileWriter(path: joinPath(cacheDir, spec.name + ".gz"))
                try writer.write(body)
                let file = try IDX.decode(body, path: url)
                try verify(file, spec, path: url)
                try writer.commit()
                return (file, url)
            } catch {
                let reason = shortReason(error, url: url)
                attempts.append(DownloadAttempt(url: url, reason: reason))
                Console.warn("\(url): \(reason)\(k + 1 < mirrors.count ? "; trying the next mirror" : "")")
            }
        }
        throw IngestError.downloadFailed(file: spec.name + ".gz", attempts: attempts)
    }

    private struct DownloadProblem: Error { let reason: String }

    private func shortReason(_ error: Error, url: String) -> String {
        if let p = error as? DownloadProblem { return p.reason }
        let text = describeForUser(error)
        return text.hasPrefix(url + ": ") ? String(text.dropFirst(url.count + 2)) : text
    }
}
