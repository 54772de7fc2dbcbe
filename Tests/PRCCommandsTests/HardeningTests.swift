import Foundation
import Testing
import PRCCore
import PRCModel
#if canImport(Glibc)
import Glibc
#endif

/// Bad command lines of every subcommand of both executables: exit 2, exactly one stderr line, no crash,
/// and nothing created in the working directory.
@Suite struct BadArgumentTests {
    static let cases: [(String, [String])] = [
        ("prc", ["bogus"]),
        ("prc", ["train", "--bogus"]), ("prc", ["train", "--dataset"]), ("prc", ["train", "extra"]),
        ("prc", ["train", "--dataset", "x", "--epochs", "abc"]), ("prc", ["train", "--dataset", "x", "--epochs", "1e3"]),
        ("prc", ["train", "--dataset", "x", "--epochs", "99999999999999999999"]), ("prc", ["train", "--dataset", "x", "--epochs", "-1"]),
        ("prc", ["train", "--dataset", "x", "--lr", "nan"]), ("prc", ["train", "--dataset", "x", "--lr", "inf"]),
        ("prc", ["train", "--dataset", "x", "--lr", "1,5"]), ("prc", ["train", "--dataset", "x", "--hidden", "0"]),
        ("prc", ["train", "--dataset", "x", "--seed", "-1"]), ("prc", ["train", "--dataset", "x", "--batch", "0"]),
        ("prc", ["train", "--dataset", "x", "--limit", "0"]), ("prc", ["train", "--dataset", "x", "--lambda-v", "2"]),
        ("prc", ["train", "--dataset", "x", "--schedule", "two-phase:x"]), ("prc", ["train", "--dataset", "x", "--model", "rnn"]),
        ("prc", ["train", "--dataset", "x", "--no-bias=1"]), ("prc", ["train", "--dataset", "x", "--init", "-1"]),
        ("prc", ["train", "--dataset", "x", "--hidden-activation", "relu"]), ("prc", ["train", "--resume"]),
        ("prc", ["train", "--resume", "r", "--hidden", "3"]), ("prc", ["train", "--resume", "r", "--epochs", "x"]),
        ("prc", ["replay", "--run"]), ("prc", ["replay", "--bogus"]), ("prc", ["replay", "--run", "r", "--length", "x"]),
        ("prc", ["replay", "--run", "r", "--length", "0"]), ("prc", ["replay", "--run", "r", "--seed", "-2"]),
        ("prc", ["replay", "--run", "r", "--cue", "noise:x"]), ("prc", ["replay", "--run", "r", "--cue", "mask:2"]),
        ("prc", ["replay", "--run", "r", "--cue", "bogus"]),
        ("prc", ["render", "--bogus"]), ("prc", ["render", "--run", "r", "--scale", "0"]), ("prc", ["render", "--run", "r", "--fps", "x"]),
        ("prc", ["render", "--run", "r", "--sequences", "a,b"]), ("prc", ["render", "--run", "r", "--sequences", "5:2"]),
        ("prc", ["render", "--run", "r", "--sequences", "0:99999999999999"]), ("prc", ["render", "--run", "r", "--range", "a:b"]),
        ("prc", ["compare", "--bogus"]), ("prc", ["compare", "--runs", "a,b", "--labels", "x", "--out", "f.png"]),
        ("prc", ["compare", "--runs", "r", "--frames", "0", "--out", "f.png"]), ("prc", ["compare", "--runs", "r", "--out", "f"]),
        ("prc", ["demo", "--bogus"]), ("prc", ["demo", "--out"]), ("prc", ["experiment"]), ("prc", ["experiment", "--bogus"]),
        ("prc-data", ["bogus"]), ("prc-data", ["fetch-and-build", "--bogus"]), ("prc-data", ["fetch-and-build", "--from"]),
        ("prc-data", ["fetch-and-build", "--offline", "--from", "x"]), ("prc-data", ["fetch-and-build", "--mirror"]),
        ("prc-data", ["build"]), ("prc-data", ["build", "binary"]), ("prc-data", ["build", "wrong", "--name", "x"]),
        ("prc-data", ["build", "binary", "--name", "x", "--count", "0"]), ("prc-data", ["build", "binary", "--name", "x", "--count", "abc"]),
        ("prc-data", ["build", "binary", "--name", "x", "--width", "1e2"]), ("prc-data", ["build", "binary", "--name", "x", "--density", "2"]),
        ("prc-data", ["build", "binary", "--name", "x", "--pattern", "zigzag"]), ("prc-data", ["build", "binary", "--name", "x", "--seed", "-1"]),
        ("prc-data", ["build", "moving-mnist", "--name", "x", "--size", "0"]), ("prc-data", ["build", "moving-mnist", "--name", "x", "--step", "nan"]),
        ("prc-data", ["build", "moving-mnist", "--name", "x", "--threads", "0"]), ("prc-data", ["build", "moving-mnist", "--name", "x", "--bounce", "up"]),
        ("prc-data", ["build", "sequential-mnist", "--name", "x", "--order", "0x"]), ("prc-data", ["build", "sequential-mnist", "--name", "x", "--pick", "best"]),
        ("prc-data", ["build", "binary", "--name", "../x"]), ("prc-data", ["build", "binary", "--name", ".x"]),
        ("prc-data", ["list", "--bogus"]), ("prc-data", ["list", "extra"]), ("prc-data", ["inspect"]),
        ("prc-data", ["inspect", "--json=1", "x"]), ("prc-data", ["export"]), ("prc-data", ["export", "x", "--format", "png"]),
        ("prc-data", ["export", "x", "--out"]),
    ]

    @Test func everyBadCommandLineIsOneLineAndExitTwo() throws {
        let cwd = makeTempDir("badargs"); defer { try? FileManager.default.removeItem(atPath: cwd) }
        for (tool, args) in Self.cases {
            let r = try runBinary(tool, args, environment: ["PRC_DATA_DIR": ""], cwd: cwd)
            let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            #expect(r.status == 2, "\(tool) \(args): exit \(r.status): \(r.stderr)")
            #expect(lines.count == 1, "\(tool) \(args): \(r.stderr)")
            #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump") && !r.stderr.contains("backtrace"),
                    "\(tool) \(args): \(r.stderr)")
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cwd)) ?? ["?"]).isEmpty, "bad command lines created files")
    }
}

/// Numbers in JSON files that do not fit the integer they configure: one line naming the file, exit 1, no trap.
@Suite struct HugeJSONNumberTests {
    @Test(arguments: ["\"limit\": 1e300", "\"limit\": 2.5", "\"limit\": -4"])
    func trainConfigLimit(_ field: String) throws {
        let dir = makeTempDir("hugejson"); defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/c.json"
        try "{\"dataset\": \"x\", \(field)}".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try runBinary("prc", ["train", "--config", file, "--data-dir", dir])
        #expect(r.status == 1 && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains(file) && r.stderr.contains("limit") && !r.stderr.contains("Fatal error"), "\(r.stderr)")
    }

    @Test func runConfigLimitAndExperimentSeeds() throws {
        let dir = makeTempDir("hugejson"); defer { try? FileManager.default.removeItem(atPath: dir) }
        // A run folder whose config.json was edited to an impossible limit.
        let run = dir + "/run"
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        try "{\"dataset\": \"x\", \"limit\": 1e300}".write(toFile: run + "/config.json", atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: run + "/model.safetensors", contents: Data())
        let r = try runBinary("prc", ["replay", "--run", run, "--data-dir", dir])
        #expect(r.status == 1 && r.stderr.contains("config.json") && r.stderr.contains("limit"), "\(r.stderr)")
        // An experiment file with a seed beyond any integer.
        let exp = dir + "/e.json"
        try "{\"dataset\": \"x\", \"seeds\": [1, 1e30]}".write(toFile: exp, atomically: true, encoding: .utf8)
        let e = try runBinary("prc", ["experiment", exp, "--data-dir", dir, "--out", dir + "/out"])
        #expect(e.status == 1 && e.stderr.split(separator: "\n").count == 1 && e.stderr.contains("seeds"), "\(e.stderr)")
        #expect(!e.stderr.contains("Fatal error"))
    }
}

/// SIGINT/SIGTERM during `prc train` saves the last finished epoch; `--resume` ends bit-identical to an
/// uninterrupted run; unwritable and full output locations fail cleanly.
@Suite(.serialized) struct TrainInterruptionTests {
    /// A small random dataset: 40 sequences of 20 frames of 64 bits.
    func makeDataset(_ root: String) throws -> String {
        let data = root + "/data"
        let r = try runBinary("prc-data", ["build", "binary", "--name", "r", "--pattern", "random", "--count", "40", "--length", "20",
                                           "--width", "64", "--data-dir", data, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        return data
    }

    func trainArgs(_ data: String, out: String) -> [String] {
        ["train", "--dataset", "r", "--data-dir", data, "--hidden", "48", "--epochs", "150", "--shuffle", "--seed", "5", "--out", out]
    }

    /// Starts `prc train`, waits for its "training …" notice (the handlers are installed by then), sends `signal`.
    func interruptedRun(_ args: [String], signal: Int32) throws -> ProcessResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binDir + "/prc")
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        var errText = ""
        let deadline = Date().addingTimeInterval(120)
        while !errText.contains("training prc on") && Date() < deadline {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            errText += String(decoding: chunk, as: UTF8.self)
        }
        kill(p.processIdentifier, signal)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        errText += String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return ProcessResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: errText)
    }

    @Test func interruptThenResumeEqualsUninterrupted() throws {
        let root = makeTempDir("sig"); defer { try? FileManager.default.removeItem(atPath: root) }
        let data = try makeDataset(root)
        let full = try runBinary("prc", trainArgs(data, out: root + "/full") + ["--quiet"])
        #expect(full.status == 0, "\(full.stderr)")
        let reference = try Checkpoint.read(root + "/full/model.safetensors")
        for (signal, name, code) in [(SIGINT, "SIGINT", Int32(130)), (SIGTERM, "SIGTERM", Int32(143))] {
            let out = root + "/part-\(name)"
            // Planned for far more epochs than the reference, so the signal always lands mid-run; the resume
            // below then ends at the reference's 150 (the epoch total changes nothing inside an epoch).
            let r = try interruptedRun(trainArgs(data, out: out) + ["--epochs", "1000000"], signal: signal)
            #expect(r.status == code, "\(name): \(r.stderr)")
            #expect(r.stderr.contains("interrupted by \(name)") && r.stderr.contains("prc train --resume \(out)"), "\(r.stderr)")
            #expect(!r.stderr.contains("Fatal error"))
            // Saved: a readable checkpoint with its epoch count, a log with exactly that many rows, no temporary files.
            let meta = try Safetensors.read(out + "/model.safetensors").metadata
            let done = Int(meta["epochs_done"] ?? "") ?? -1
            #expect(done >= 0 && done < 150, "\(name): epochs_done \(meta["epochs_done"] ?? "none") (signal too late?)")
            let log = try String(contentsOfFile: out + "/train-log.csv", encoding: .utf8)
            #expect(log.split(separator: "\n").count == done + 1)
            let files = try FileManager.default.contentsOfDirectory(atPath: out)
            #expect(Set(files) == ["config.json", "model.safetensors", "train-log.csv"], "\(files)")

            let resumed = try runBinary("prc", ["train", "--resume", out, "--epochs", "150", "--data-dir", data, "--quiet"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let final = try Checkpoint.read(out + "/model.safetensors")
            #expect(final.tensors == reference.tensors, "\(name): resumed weights differ from the uninterrupted run")
            let fullLog = try String(contentsOfFile: out + "/train-log.csv", encoding: .utf8).split(separator: "\n")
            #expect(fullLog.count == 151 && fullLog.last?.hasPrefix("150,") == true)
            // Resuming a finished run does nothing and says so.
            let again = try runBinary("prc", ["train", "--resume", out, "--data-dir", data])
            #expect(again.status == 0 && again.stdout.contains("nothing to do"), "\(again.stdout)")
        }
    }

    @Test func outputUnderARegularFileIsAClearError() throws {
        let root = makeTempDir("unwritable"); defer { try? FileManager.default.removeItem(atPath: root) }
        let data = try makeDataset(root)
        _ = FileManager.default.createFile(atPath: root + "/file", contents: Data("x".utf8))
        let r = try runBinary("prc", trainArgs(data, out: root + "/file/run") + ["--epochs", "2", "--quiet"])
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(root + "/file"), "\(r.stderr)")
        #expect(try String(contentsOfFile: root + "/file", encoding: .utf8) == "x")
    }

    @Test(arguments: [0, 1500])
    func fullDiskLeavesNoPartialFile(_ allowed: Int) throws {
        let root = makeTempDir("full"); defer { try? FileManager.default.removeItem(atPath: root) }
        let data = try makeDataset(root)
        let out = root + "/run"
        let r = try runBinary("prc", trainArgs(data, out: out) + ["--epochs", "3", "--quiet"],
                              environment: ["PRC_TEST_FULL_DISK_PREFIX": out, "PRC_TEST_FULL_DISK_BYTES": "\(allowed)"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("No space left on device"), "\(r.stderr)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        #expect(!files.contains { $0.contains(".tmp") }, "temporary files left: \(files)")
        #expect(!files.contains("model.safetensors"), "\(files)")
        if allowed == 0 {
            #expect(r.stderr.contains("config.json") && files.isEmpty, "\(r.stderr) \(files)")
        } else {
            // config.json (small) fits; the checkpoint does not, and says so.
            #expect(r.stderr.contains("model.safetensors") && files.contains("config.json"), "\(r.stderr) \(files)")
        }
    }
}

/// A full disk under `prc-data build`, `prc replay` and `prc render`: exit 1 with one line naming the file,
/// no temporary or half-written file, and nothing that looks complete (no manifest, no metrics).
@Suite struct FullDiskTests {
    func noTemporaryFiles(_ root: String) -> [String] {
        FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.filter { $0.contains(".tmp-") } ?? []
    }

    @Test func everyWriterFailsCleanly() throws {
        let root = makeTempDir("fulldisk"); defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data"
        func full(_ prefix: String, bytes: Int = 200) -> [String: String] {
            ["PRC_TEST_FULL_DISK_PREFIX": prefix, "PRC_TEST_FULL_DISK_BYTES": "\(bytes)"]
        }
        // prc-data build: frames.npy cannot be finished; the dataset is not listed.
        let b = try runBinary("prc-data", ["build", "binary", "--name", "r", "--pattern", "random", "--count", "40", "--length", "20",
                                           "--width", "64", "--data-dir", data, "--quiet"], environment: full(data + "/datasets/r"))
        #expect(b.status == 1 && b.stderr.split(separator: "\n").count == 1 && b.stderr.contains("No space left on device"), "\(b.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data + "/datasets/r/manifest.json"))
        let list = try runBinary("prc-data", ["list", "--data-dir", data])
        #expect(!list.stdout.contains("r "), "\(list.stdout)")
        #expect(noTemporaryFiles(root).isEmpty, "\(noTemporaryFiles(root))")

        // With room: build, train, replay; then replay and render again on a full disk.
        #expect(try runBinary("prc-data", ["build", "binary", "--name", "r", "--pattern", "random", "--count", "40", "--length", "20",
                                           "--width", "64", "--data-dir", data, "--quiet"]).status == 0)
        let run = root + "/run"
        #expect(try runBinary("prc", ["train", "--dataset", "r", "--data-dir", data, "--hidden", "16", "--epochs", "2", "--out", run, "--quiet"]).status == 0)
        let r = try runBinary("prc", ["replay", "--run", run, "--data-dir", data, "--quiet"], environment: full(run + "/replay"))
        #expect(r.status == 1 && r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("No space left on device"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run + "/replay/metrics.json"))
        #expect(noTemporaryFiles(root).isEmpty, "\(noTemporaryFiles(root))")
        #expect(try runBinary("prc", ["replay", "--run", run, "--data-dir", data, "--quiet"]).status == 0)
        let out = root + "/report"
        let g = try runBinary("prc", ["render", "--run", run, "--data-dir", data, "--out", out, "--quiet"], environment: full(out))
        #expect(g.status == 1 && g.stderr.split(separator: "\n").count == 1 && g.stderr.contains("No space left on device"), "\(g.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/index.html"))
        #expect(noTemporaryFiles(root).isEmpty, "\(noTemporaryFiles(root))")
    }
}

/// Two `prc-data fetch-and-build` processes on one data directory: one waits for the other, both succeed,
/// the datasets are built exactly once and load intact.
@Suite struct ConcurrentFetchTests {
    @Test(.enabled(if: mnistAvailable, "needs the MNIST files at ../shared/data/mnist (or set PRC_TEST_MNIST=DIR)"))
    func secondProcessWaitsAndFindsEverythingBuilt() throws {
        let root = makeTempDir("lock"); defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        // Hold the lock ourselves so both processes are certain to overlap, then let them race.
        let fd = open(data + "/.lock", O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0 && flock(fd, LOCK_EX) == 0)
        func start() throws -> (Process, Pipe, Pipe) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binDir + "/prc-data")
            p.arguments = ["fetch-and-build", "--from", sharedMNIST, "--data-dir", data]
            let out = Pipe(), err = Pipe()
            p.standardOutput = out; p.standardError = err
            try p.run()
            return (p, out, err)
        }
        let a = try start(), b = try start()
        // Both report that they wait (bounded: give up after 60 s rather than hang).
        var seen = ["", ""]
        let deadline = Date().addingTimeInterval(60)
        for (k, proc) in [a, b].enumerated() {
            while !seen[k].contains("waiting for another prc-data") && Date() < deadline {
                let chunk = proc.2.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen[k] += String(decoding: chunk, as: UTF8.self)
            }
        }
        flock(fd, LOCK_UN); close(fd)
        var outs: [String] = []
        for (k, proc) in [a, b].enumerated() {
            let o = proc.1.fileHandleForReading.readDataToEndOfFile()
            seen[k] += String(decoding: proc.2.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            proc.0.waitUntilExit()
            #expect(proc.0.terminationStatus == 0, "\(seen[k])")
            #expect(seen[k].contains("waiting for another prc-data process using \(data)"), "\(seen[k])")
            outs.append(String(decoding: o, as: UTF8.self))
        }
        // Exactly one of them built the datasets; the other found them up to date.
        let builders = outs.filter { $0.contains("  built") }
        let cached = outs.filter { !$0.contains("  built") && $0.contains("up to date (cached)") }
        #expect(builders.count == 1 && cached.count == 1, "\(outs)")
        for name in ["sequential-mnist", "moving-mnist", "moving-mnist-1digit", "onehot-4", "onehot-8"] {
            let r = try runBinary("prc-data", ["inspect", name, "--data-dir", data])
            #expect(r.status == 0, "\(name): \(r.stderr)")
        }
        let leftovers = FileManager.default.enumerator(atPath: data)?.compactMap { $0 as? String }.filter { $0.contains(".tmp") } ?? []
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
