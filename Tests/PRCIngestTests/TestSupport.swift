import Foundation
import PRCCore
import Testing
@testable import PRCIngest

/// A fresh empty folder under /tmp for one test.
func makeTempDir(_ label: String = "t") -> String {
    let path = "/tmp/prc-ingest-tests/\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? makeDirectories(path)
    return path
}

/// Removes a test folder.
func removeTree(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

/// Package root, from this file's path.
let packageRoot: String = {
    var p = #filePath
    for _ in 0..<3 { p = parentDirectory(of: p) }
    return p
}()

/// The MNIST copy the tests read: `$PRC_TEST_MNIST`, else `../shared/data/mnist` beside the package.
let sharedMNIST = ProcessInfo.processInfo.environment["PRC_TEST_MNIST"] ?? joinPath(parentDirectory(of: packageRoot), "shared/data/mnist")

/// True when that copy exists — or in CI (`CI` set), where its absence must fail the tests, not skip them.
let mnistAvailable = FileManager.default.fileExists(atPath: joinPath(sharedMNIST, "t10k-labels-idx1-ubyte.gz"))
    || ProcessInfo.processInfo.environment["CI"] != nil

/// Skip reason shown by tests that need the MNIST copy.
let mnistMissing: Comment = "needs the MNIST files at ../shared/data/mnist (or set PRC_TEST_MNIST=DIR)"

/// Writes bytes to a file (test fixture, not atomic).
func writeFixture(_ path: String, _ bytes: [UInt8]) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

/// Files in a folder, hidden ones included.
func folderContents(_ path: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
}

/// Runs python3 with a script and arguments; returns exit status and combined output.
func runPython(_ script: String, _ args: [String] = []) -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script] + args
    let pipe = Pipe()
    p.standardOutput = pipe; p.standardError = pipe
    do { try p.run() } catch { return (127, "cannot run python3: \(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// True when python3 with numpy is available.
let numpyAvailable: Bool = runPython("import numpy").status == 0

/// True when the environment demands the Python interop tests run (PRC_REQUIRE_PYTHON=1).
let pythonRequired: Bool = ProcessInfo.processInfo.environment["PRC_REQUIRE_PYTHON"] == "1"

/// Loads the real MNIST test split from the shared copy (labels and images).
func sharedTestSplit() throws -> DigitImages {
    let images = try IDX.read(joinPath(sharedMNIST, "t10k-images-idx3-ubyte.gz"))
    let labels = try IDX.read(joinPath(sharedMNIST, "t10k-labels-idx1-ubyte.gz"))
    return try DigitImages(images: images, labels: labels, path: sharedMNIST)
}

/// Small synthetic digit images: `count` images of rows×cols, image i filled with value `fill(i)`.
func syntheticDigits(count: Int, rows: Int = 28, cols: Int = 28, fill: (Int) -> UInt8) throws -> DigitImages {
    var bytes = try IDX.header(type: .uint8, shape: [count, rows, cols])
    for i in 0..<count { bytes += [UInt8](repeating: fill(i), count: rows * cols) }
    let labels = try IDX.header(type: .uint8, shape: [count]) + (0..<count).map { UInt8($0 % 10) }
    return try DigitImages(images: IDX.decode(bytes, path: "synthetic"), labels: IDX.decode(labels, path: "synthetic-labels"), path: "synthetic")
}
