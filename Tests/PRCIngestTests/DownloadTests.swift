import Foundation
import PRCCore
import Testing
@testable import PRCIngest

/// Downloads against a local server: every failure warns, moves on, and leaves no partial file.
@Suite(.enabled(if: mnistAvailable, mnistMissing)) struct DownloadTests {
    let spec = MNISTFileSpec.all[3]  // t10k-labels-idx1-ubyte: 10,008 bytes uncompressed
    var goodBody: [UInt8] { (try? readWholeFile(joinPath(sharedMNIST, "t10k-labels-idx1-ubyte.gz"))) ?? [] }

    /// Valid IDX labels (10,000 of them) whose payload hash is not MNIST's.
    var wrongHashBody: [UInt8] {
        let idx = ((try? IDX.header(type: .uint8, shape: [10000])) ?? []) + [UInt8](repeating: 3, count: 10000)
        return (try? Gzip.compress(idx)) ?? []
    }

    func fetch(_ routes: [String: TestHTTPServer.Reply], mirrors: (String) -> [String], timeout: Double = 5)
        throws -> (result: Result<String, IngestError>, cache: [String], requests: [String]) {
        let server = try TestHTTPServer(routes: routes)
        defer { server.stop() }
        let cache = makeTempDir("dl")
        defer { removeTree(cache) }
        let d = MNISTDownloader(mirrors: mirrors(server.base), timeout: timeout)
        let result: Result<String, IngestError>
        do {
            let (file, url) = try d.fetch(spec, into: cache)
            #expect(file.payloadSHA256 == spec.sha256)
            result = .success(url)
        } catch let e as IngestError {
            result = .failure(e)
        }
        return (result, folderContents(cache), server.requests)
    }

    @Test func success() throws {
        let name = "/a/\(spec.name).gz"
        let (result, cache, _) = try fetch([name: .ok(goodBody)]) { [$0 + "a/"] }
        #expect(try result.get().hasSuffix(name))
        #expect(cache == [spec.name + ".gz"])
    }

    @Test func notFoundThenSecondMirror() throws {
        let (result, cache, requests) = try fetch(["/b/\(spec.name).gz": .ok(goodBody)]) { [$0 + "a", $0 + "b/"] }
        #expect(try result.get().hasSuffix("/b/\(spec.name).gz"))
        #expect(requests == ["/a/\(spec.name).gz", "/b/\(spec.name).gz"])
        #expect(cache == [spec.name + ".gz"])
    }

    @Test(arguments: ["html", "truncated", "hash", "404", "403", "500", "redirect-to-404"])
    func failureLeavesNoFile(_ kind: String) throws {
        let path = "/m/\(spec.name).gz"
        let reply: TestHTTPServer.Reply
        switch kind {
        case "html": reply = .ok(Array("<!DOCTYPE html><html><body>Access denied</body></html>".utf8))
        case "truncated": reply = .truncated(body: Array(goodBody.prefix(1000)), declared: goodBody.count)
        case "hash": reply = .ok(wrongHashBody)
        case "403": reply = .status(403)
        case "500": reply = .status(500)
        case "redirect-to-404": reply = .redirect(302, to: "/gone/\(spec.name).gz")
        default: reply = .status(404)
        }
        let (result, cache, _) = try fetch([path: reply]) { [$0 + "m/"] }
        guard case .failure(let error) = result, case .downloadFailed(_, let attempts) = error else {
            Issue.record("\(kind): expected a download failure, got \(result)"); return
        }
        #expect(attempts.count == 1 && attempts[0].url.hasSuffix(path))
        let reason = attempts[0].reason
        switch kind {
        case "html": #expect(reason.contains("HTML"), "\(reason)")
        case "truncated": #expect(reason.contains("truncated") || reason.contains("cut short") || reason.contains("closed"), "\(reason)")
        case "hash": #expect(reason.contains("SHA-256") && reason.contains(spec.sha256), "\(reason)")
        case "403": #expect(reason.contains("HTTP 403"), "\(reason)")
        case "500": #expect(reason.contains("HTTP 500"), "\(reason)")
        default: #expect(reason.contains("404"), "\(reason)")
        }
        #expect(error.description.contains("--offline") && error.description.contains("--from"))
        #expect(cache.isEmpty, "partial files left: \(cache)")
    }

    @Test(arguments: [301, 302, 307])
    func redirectIsFollowedToTheGoodFile(_ code: Int) throws {
        let (result, cache, requests) = try fetch(["/old/\(spec.name).gz": .redirect(code, to: "/new/\(spec.name).gz"),
                                                   "/new/\(spec.name).gz": .ok(goodBody)]) { [$0 + "old/"] }
        #expect(try result.get().hasSuffix("/old/\(spec.name).gz"))
        #expect(requests == ["/old/\(spec.name).gz", "/new/\(spec.name).gz"])
        #expect(cache == [spec.name + ".gz"])
    }

    @Test func serverErrorsThenNextMirror() throws {
        let (result, cache, requests) = try fetch(["/a/\(spec.name).gz": .status(403), "/b/\(spec.name).gz": .status(500),
                                                   "/c/\(spec.name).gz": .ok(goodBody)]) { [$0 + "a/", $0 + "b/", $0 + "c/"] }
        #expect(try result.get().hasSuffix("/c/\(spec.name).gz"))
        #expect(requests == ["/a/\(spec.name).gz", "/b/\(spec.name).gz", "/c/\(spec.name).gz"])
        #expect(cache == [spec.name + ".gz"])
    }

    @Test func stalledServerTimesOutThenNextMirror() throws {
        let start = monotonicSeconds()
        let (result, cache, _) = try fetch(["/slow/\(spec.name).gz": .hang, "/ok/\(spec.name).gz": .ok(goodBody)],
                                           mirrors: { [$0 + "slow/", $0 + "ok/"] }, timeout: 1)
        #expect(try result.get().hasSuffix("/ok/\(spec.name).gz"))
        #expect(monotonicSeconds() - start < 15)
        #expect(cache == [spec.name + ".gz"])
    }

    @Test func slowButSteadyDownloadIsNotAStall() throws {
        // 2.4 s in total, but never 1 s without data: the stall timeout (1 s) must not fire.
        let (result, cache, _) = try fetch(["/drip/\(spec.name).gz": .drip(body: goodBody, pieces: 6, pause: 0.4)],
                                           mirrors: { [$0 + "drip/"] }, timeout: 1)
        #expect(try result.get().hasSuffix("/drip/\(spec.name).gz"))
        #expect(cache == [spec.name + ".gz"])
    }

    @Test func allMirrorsFailListsEveryURL() throws {
        let (result, cache, _) = try fetch([:]) { [$0 + "x/", $0 + "y/"] }
        guard case .failure(let error) = result else { Issue.record("expected failure"); return }
        #expect(error.description.contains("/x/\(spec.name).gz: HTTP 404"))
        #expect(error.description.contains("/y/\(spec.name).gz: HTTP 404"))
        #expect(cache.isEmpty)
    }

    @Test func unreachableHostFailsQuickly() throws {
        let cache = makeTempDir("dl"); defer { removeTree(cache) }
        let d = MNISTDownloader(mirrors: ["http://127.0.0.1:1/"], timeout: 5)
        #expect(throws: IngestError.self) { try d.fetch(spec, into: cache) }
        #expect(folderContents(cache).isEmpty)
    }
}
