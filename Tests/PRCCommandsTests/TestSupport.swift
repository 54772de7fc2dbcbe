import Foundation
import Testing
@testable import PRCCommands
import PRCCore

/// A fresh temporary folder for one test.
func makeTempDir(_ tag: String = "cmd") -> String {
    let d = NSTemporaryDirectory() + "prc-\(tag)-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
}

/// The package root (two levels above this file's folder).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The real MNIST copy shared with the project (tests only; the product never reads it):
/// `$PRC_TEST_MNIST`, else `../shared/data/mnist` beside the package.
let sharedMNIST = ProcessInfo.processInfo.environment["PRC_TEST_MNIST"] ?? packageRoot + "/../shared/data/mnist"

/// True when that copy exists — or in CI (`CI` set), where its absence must fail the tests, not skip them.
let mnistAvailable = FileManager.default.fileExists(atPath: sharedMNIST + "/t10k-labels-idx1-ubyte.gz")
    || ProcessInfo.processInfo.environment["CI"] != nil

/// Folder holding the built `prc` and `prc-data` executables.
let binDir: String = {
    if let env = ProcessInfo.processInfo.environment["PRC_BIN_DIR"], FileManager.default.fileExists(atPath: env + "/prc") { return env }
    for config in ["debug", "release"] {
        let d = packageRoot + "/.build/\(config)"
        if FileManager.default.fileExists(atPath: d + "/prc") { return d }
    }
    return packageRoot + "/.build/debug"
}()

/// Result of running an executable.
struct ProcessResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs one of the built executables with arguments and waits for it.
func runBinary(_ name: String, _ args: [String], environment: [String: String] = [:], cwd: String? = nil) throws -> ProcessResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: binDir + "/" + name)
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    p.environment = env
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return ProcessResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// Runs a python3 snippet; returns nil (and records why) when numpy/Pillow are unavailable and not required.
func runPython(_ script: String, args: [String] = []) throws -> ProcessResult? {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    probe.arguments = ["python3", "-c", "import numpy, PIL"]
    probe.standardError = Pipe(); probe.standardOutput = Pipe()
    try probe.run(); probe.waitUntilExit()
    if probe.terminationStatus != 0 {
        if ProcessInfo.processInfo.environment["PRC_REQUIRE_PYTHON"] == "1" {
            Issue.record("python3 with numpy and Pillow is required (PRC_REQUIRE_PYTHON=1) but missing")
        } else {
            print("skipping python interop check: numpy/Pillow not installed")
        }
        return nil
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script] + args
    let out = Pipe(), err = Pipe()
    p.standardOutput = out; p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return ProcessResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}
