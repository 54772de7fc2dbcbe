import Foundation
import Testing

/// Runs the built `prc-data` (from $PRC_BIN_DIR, else beside the test runner) and captures its output.
private func prcData(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
    let env = ProcessInfo.processInfo.environment
    var dir = env["PRC_BIN_DIR"] ?? ""
    if dir.isEmpty {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        dir = URL(fileURLWithPath: exe).deletingLastPathComponent().path
        if dir.hasSuffix(".xctest") || dir.hasSuffix("MacOS") { dir = URL(fileURLWithPath: dir).deletingLastPathComponent().path }
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: dir + "/prc-data")
    p.arguments = args
    var environment = env
    environment["PRC_DATA_DIR"] = nil
    p.environment = environment
    let out = Pipe(), err = Pipe()
    p.standardOutput = out; p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

private func tempDir() -> String {
    let path = "/tmp/prc-data-cli-tests/\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct DataCommandsTests {
    @Test func buildInspectExportList() throws {
        let d = tempDir(); defer { try? FileManager.default.removeItem(atPath: d) }
        let b = try prcData(["build", "moving-mnist", "--name", "m", "--offline", "--count", "5", "--bounce", "reflect",
                             "--compose", "sum", "--split", "test", "--seed", "3", "--data-dir", d, "--quiet"])
        #expect(b.status == 0, "\(b.err)")
        #expect(b.out.contains("built m: (5, 20, 64, 64) uint8") && b.out.contains("embedded sample"))
        let i = try prcData(["inspect", "m", "--json", "--data-dir", d])
        #expect(i.status == 0, "\(i.err)")
        let json = try JSONSerialization.jsonObject(with: Data(i.out.utf8)) as? [String: Any]
        #expect(json?["shape"] as? [Int] == [5, 20, 64, 64])
        #expect(json?["dtype"] as? String == "uint8" && json?["max"] as? Double == 255 && json?["min"] as? Double == 0)
        let sha = json?["sha256"] as? String
        #expect(sha?.count == 64)
        let e = try prcData(["export", "m", "--format", "npy", "--out", d + "/m.npy", "--data-dir", d])
        #expect(e.status == 0, "\(e.err)")
        let ei = try prcData(["inspect", d + "/m.npy", "--json"])
        #expect(ei.out.contains(sha ?? "missing"))
        let x = try prcData(["export", "m", "--format", "idx", "--out", d + "/m-idx4-ubyte.gz", "--data-dir", d])
        #expect(x.status == 0, "\(x.err)")
        let xi = try prcData(["inspect", d + "/m-idx4-ubyte.gz"])
        #expect(xi.status == 0 && xi.out.contains("(5, 20, 64, 64) uint8"))
        let bin = try prcData(["build", "binary", "--name", "bits", "--pattern", "random", "--width", "6", "--length", "3",
                               "--count", "2", "--density", "0.3", "--data-dir", d])
        #expect(bin.status == 0 && bin.out.contains("(2, 3, 1, 6)"))
        let l = try prcData(["list", "--data-dir", d])
        #expect(l.out.contains("bits") && l.out.contains("m ") && l.out.contains("moving-mnist"))
    }

    @Test func sequentialWithRandomClassesAndLength() throws {
        let d = tempDir(); defer { try? FileManager.default.removeItem(atPath: d) }
        let b = try prcData(["build", "sequential-mnist", "--name", "r", "--offline", "--split", "test", "--order", "random",
                             "--length", "24", "--pick", "random", "--seed", "2", "--data-dir", d, "--quiet"])
        #expect(b.status == 0, "\(b.err)")
        #expect(b.out.contains("(1, 24, 28, 28) uint8"))
        let i = try prcData(["inspect", d + "/datasets/r/labels.npy", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(i.out.utf8)) as? [String: Any]
        #expect(json?["shape"] as? [Int] == [1, 24])   // one class label per frame
    }

    @Test func badInputGivesOneLineAndExitCode() throws {
        let d = tempDir(); defer { try? FileManager.default.removeItem(atPath: d) }
        let bounce = try prcData(["build", "moving-mnist", "--name", "m", "--bounce", "sideways", "--data-dir", d])
        #expect(bounce.status == 2 && bounce.err.contains("--bounce must be one of original, reflect"))
        #expect(bounce.err.split(separator: "\n").count == 1)
        let unknown = try prcData(["inspect", "x", "--colour"])
        #expect(unknown.status == 2 && unknown.err.contains("unknown option '--colour'"))
        let missing = try prcData(["inspect", d + "/nothing.idx", "--data-dir", d])
        #expect(missing.status == 1 && missing.err.contains("nothing.idx"))
        let garbage = d + "/garbage-idx3-ubyte"
        _ = FileManager.default.createFile(atPath: garbage, contents: Data([0, 0, 8, 3, 0, 0, 0, 9, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2]))
        let g = try prcData(["inspect", garbage])
        #expect(g.status == 1 && g.err.contains("expected 7072 bytes, found 18 bytes"))
        let noCache = try prcData(["build", "moving-mnist", "--name", "m", "--data-dir", d])
        #expect(noCache.status == 1 && noCache.err.contains("fetch-and-build"))
    }

    @Test func fetchFailsLoudlyWhenNoMirrorAnswers() throws {
        let d = tempDir(); defer { try? FileManager.default.removeItem(atPath: d) }
        let r = try prcData(["fetch-and-build", "--mirror", "http://127.0.0.1:1/a/", "--mirror", "http://127.0.0.1:1/b/", "--data-dir", d])
        #expect(r.status == 1)
        #expect(r.err.contains("http://127.0.0.1:1/a/train-images-idx3-ubyte.gz") && r.err.contains("http://127.0.0.1:1/b/train-images-idx3-ubyte.gz"))
        #expect(r.err.contains("--offline") && r.err.contains("--from"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: d + "/mnist")) ?? []).isEmpty)
    }
}
