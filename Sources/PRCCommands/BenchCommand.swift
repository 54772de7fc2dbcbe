import Foundation
import PRCCore
import PRCModel
import PRCRender

/// `prc bench`: training, data-building and rendering speed, optionally beside the PyTorch peer.
let benchCommand = Subcommand(spec: CommandSpec(
    name: "prc bench", summary: "Measure sgemm, the three training workloads, Moving MNIST 10k build and rendering.",
    options: [
        .flag("--json", "print one JSON object instead of a table"),
        .value("--threads", "N", "threads for our work and the peer's (default: all cores)"),
        .value("--only", "online|batched|small", "time only this training workload (skips the build and render)"),
        .flag("--reference", "time the unfused reference training path instead of the fast one"),
        .flag("--quick", "fewer epochs and a 1,000-sequence build (smoke test; figures are noisier)"),
        .value("--peer", "PATH", "also run the PyTorch peer prc_torch.py (python3) with the same threads"),
        .value("--tmp", "DIR", "scratch folder for the build and render (default /dev/shm: RAM, so the disk is not measured)"),
    ])) { args in
    let threads = try args.int("--threads", in: 1...1024) ?? processorCount()
    let quick = args.flag("--quick")
    setBLASThreads(threads)
    var fields: [(String, JSONValue)] = [("threads", .number(Double(threads))), ("blas_core", .string(blasCoreName()))]
    func note(_ s: String) { if !args.quiet && !args.flag("--json") { Console.err(s) } }

    note("sgemm 1024³ …")
    fields.append(("sgemm_gflops", .number(rounded(measureSgemmGFLOPS(threads: threads), 1))))
    let only = try args.choice("--only", TrainWorkload.peerWorkloads.map(\.name))
    for w in TrainWorkload.peerWorkloads where only == nil || only == w.name {
        note("train \(w.name) (V=\(w.visible) H=\(w.hidden) B=\(w.batch)) …")
        let us = try benchmarkTrainStep(quick ? w.quick() : w, fused: !args.flag("--reference"))
        fields.append(("train_\(w.name)_us_per_frame", .number(rounded(us, 2))))
        if w.batch > 1 { fields.append(("train_\(w.name)_gflops", .number(rounded(w.flopsPerFrameStep / us / 1e3, 1)))) }
    }
    if only != nil { Console.out(try jsonText(JSONValue.object(Dictionary(uniqueKeysWithValues: fields)))); return }
    let shm = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let tmp = (args.string("--tmp") ?? shm) + "/prc-bench-\(getpid())"
    fields.append(("scratch_dir", .string(args.string("--tmp") ?? shm)))
    defer { try? FileManager.default.removeItem(atPath: tmp) }
    let count = quick ? 1000 : 10_000
    note("moving-mnist build, \(count) sequences (child process) …")
    let build = try benchMovingMNISTBuild(count: count, threads: threads, dataDir: tmp + "/data")
    let key = quick ? "moving_mnist_1k" : "moving_mnist_10k"
    fields.append(("\(key)_seconds", .number(rounded(build.usage.seconds, 3))))
    fields.append(("\(key)_peak_rss_mb", .number(rounded(Double(build.usage.peakRSSBytes) / 1e6, 1))))
    fields.append(("\(key)_output_mb", .number(rounded(Double(build.outputBytes) / 1e6, 1))))
    note("render 100 sequences × 20 frames …")
    fields.append(("render_seconds", .number(rounded(try benchmarkRender(outDir: tmp + "/render"), 3))))

    var peer: [String: JSONValue]? = nil
    if let path = args.string("--peer") {
        note("peer \(path) …")
        peer = try runPeer(path, threads: threads, names: TrainWorkload.peerWorkloads.map(\.name))
        fields.append(("peer", .object(peer!)))
    }
    if args.flag("--json") {
        Console.out(try jsonText(JSONValue.object(Dictionary(uniqueKeysWithValues: fields))))
    } else {
        Console.out(benchTable(fields, peer: peer))
    }
}

/// Builds Moving MNIST (2 digits, 20 frames, 64×64, embedded MNIST sample) with `prc-data build` in a
/// child process, so the peak RSS is that of the build alone; returns its usage and the bytes written.
private func benchMovingMNISTBuild(count: Int, threads: Int, dataDir: String) throws -> (usage: ChildUsage, outputBytes: Int) {
    guard let me = currentExecutablePath() else { throw RuntimeFailure("cannot locate the prc executable (/proc/self/exe)") }
    let tool = (me as NSString).deletingLastPathComponent + "/prc-data"
    guard FileManager.default.isExecutableFile(atPath: tool) else {
        throw RuntimeFailure("prc bench needs prc-data next to prc (\(tool)); build both: swift build -c release")
    }
    let usage = try runChildMeasured(tool, ["build", "moving-mnist", "--name", "bench", "--data-dir", dataDir, "--offline",
                                            "--count", "\(count)", "--length", "20", "--digits", "2", "--size", "64",
                                            "--split", "test", "--threads", "\(threads)", "--quiet"], silent: true)
    guard usage.status == 0 else { throw RuntimeFailure("prc-data build moving-mnist failed with status \(usage.status)") }
    var bytes = 0
    let root = dataDir + "/datasets/bench"
    for f in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
        bytes += ((try? FileManager.default.attributesOfItem(atPath: root + "/" + f)[.size]) as? Int) ?? 0
    }
    return (usage, bytes)
}

/// Runs `python3 PATH <names> --threads N --json` and returns its JSON object.
private func runPeer(_ path: String, threads: Int, names: [String]) throws -> [String: JSONValue] {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", path] + names + ["--threads", "\(threads)", "--json"]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0,
          let line = String(data: data, encoding: .utf8)?.split(separator: "\n").last,
          let obj = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)),
          case .object(let fields) = obj else {
        throw RuntimeFailure("the peer \(path) failed (status \(p.terminationStatus)); it needs python3 with torch")
    }
    return fields
}

/// The human-readable table: our figure, the peer's and the speedup (peer time / ours) where both exist.
private func benchTable(_ fields: [(String, JSONValue)], peer: [String: JSONValue]?) -> String {
    var rows: [[String]] = [["measure", "prc", peer == nil ? "" : "peer", peer == nil ? "" : "speedup"]]
    for (k, v) in fields where k != "peer" {
        var row = [k, (v.scalarText ?? ""), "", ""]
        if let pv = peer?[k], case .number(let theirs) = pv, case .number(let ours) = v, ours > 0 {
            row[2] = (pv.scalarText ?? ""); row[3] = String(format: "%.2f×", theirs / ours)
        }
        rows.append(row)
    }
    let widths = (0..<4).map { c in rows.map { $0[c].count }.max() ?? 0 }
    return rows.map { r in (0..<4).map { r[$0].padding(widths[$0]) }.joined(separator: " ") }.joined(separator: "\n")
}

/// `x` rounded to `digits` decimals.
private func rounded(_ x: Double, _ digits: Int) -> Double {
    let f = pow(10.0, Double(digits))
    return (x * f).rounded() / f
}
