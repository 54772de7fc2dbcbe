import Foundation
import PRCCore
import PRCIngest
import PRCModel

/// `prc replay`: recalls every sequence of the run's dataset from a cue and writes arrays and metrics.
let replayCommand = Subcommand(spec: CommandSpec(
    name: "prc replay", summary: "Recall each sequence from its cue; write replay/recall.npy, codes.npy and metrics.json.",
    options: [
        .value("--run", "DIR", "run folder written by 'prc train'"),
        .value("--dataset", "NAME", "replay another dataset of the same frame size"),
        .value("--data-dir", "DIR", "data directory (default $PRC_DATA_DIR or ./data)"),
        .value("--cue", "first|noise:SIGMA|mask:FRACTION|image:PATH", "what starts the recall (default first)"),
        .value("--length", "T", "frames to recall (default: each sequence's length)"),
        .value("--seed", "S", "seed for noisy and masked cues (default 0)"),
        .value("--out", "DIR", "where to write the arrays and metrics (default RUN/replay)"),
    ])) { args in
    guard let runPath = args.string("--run") else { throw UsageError("prc replay: --run is required") }
    // Every option is checked (usage errors, exit 2) before any file is read.
    let length = try args.int("--length", in: 1...100_000)
    let seedText = args.string("--seed") ?? "0"
    guard let seed = UInt64(seedText) else { throw UsageError("prc replay: --seed expects a whole number ≥ 0, got '\(seedText)'") }
    let cueText = args.string("--cue") ?? "first"
    if !cueText.hasPrefix("image:"), (try? Cue(parsing: cueText)) == nil {
        throw UsageError("prc replay: --cue must be first, noise:SIGMA (≥ 0), mask:FRACTION (0…1) or image:PATH, got '\(cueText)'")
    }
    let folder = RunFolder(path: runPath)
    try folder.requireTrained()
    let dataDir = DataDirectory(flag: args.string("--data-dir"))
    let (_, frames, info) = try loadRunDataset(folder, override: args.string("--dataset"), dataDir: dataDir)
    let checkpoint = try Checkpoint.read(folder.checkpointFile)
    let cue = try parseCue(cueText, frames: frames)

    if let v = checkpoint.visibleSize, v != frames.frameSize {
        let shape = "\(frames.height)×\(frames.width)" + (frames.channels == 3 ? "×3 (RGB)" : " (gray)")
        throw FileError.invalid(path: folder.path,
            expected: "frames of \(v) values, as when the run was trained (dataset '\(args.string("--dataset") ?? info.dataset)' was re-imported or rebuilt since, or --dataset names another frame size)",
            found: "frames of \(shape) = \(frames.frameSize) values")
    }
    if let trained = info.frameShape, trained != RunDataInfo.shape(of: frames) {
        func text(_ s: [Int]) -> String { "\(s[0])×\(s[1])" + (s[2] == 3 ? " RGB" : " gray") }
        throw FileError.invalid(path: folder.path,
            expected: "frames of \(text(trained)), as when the run was trained",
            found: "frames of \(text(RunDataInfo.shape(of: frames))) in dataset '\(args.string("--dataset") ?? info.dataset)' (as many values per frame, but another shape)")
    }
    let result = try Replay.run(checkpoint, data: frames, cue: cue, length: length, seed: seed)
    let metrics = RecallMetrics.compute(truth: frames, replay: result, threshold: checkpoint.config.threshold)
    var recallShape = [frames.count, result.recall.shape[1], frames.height, frames.width]
    if frames.channels > 1 { recallShape.append(frames.channels) }
    let outDir = args.string("--out") ?? folder.replayDir
    try makeDirectories(outDir)
    try NPY.write(FloatTensor(shape: recallShape, values: result.recall.values), to: joinPath(outDir, "recall.npy"))
    try NPY.write(result.codes, to: joinPath(outDir, "codes.npy"))
    var metricsJSON = try jsonObject(metrics)
    metricsJSON["cue"] = .string(args.string("--cue") ?? "first")
    metricsJSON["recall_lengths"] = .array(result.lengths.map { .number(Double($0)) })
    metricsJSON["dataset"] = .string(args.string("--dataset") ?? info.dataset)
    metricsJSON["frames_sha256"] = .string(framesDigest(frames))
    if args.has("--dataset") { metricsJSON["dataset_given"] = .bool(true) }
    try writeFileAtomically(joinPath(outDir, "metrics.json"), text: try jsonText(JSONValue.object(metricsJSON)))

    Console.out(metricsTable(metrics, sequences: frames.count))
    Console.out("wrote \(outDir)/recall.npy, codes.npy, metrics.json")
}

/// Parses a `--cue` value; `image:PATH` reads a PNG of the dataset's frame size (gray or RGB like the dataset).
func parseCue(_ text: String, frames: FrameSequences) throws -> Cue {
    if text.hasPrefix("image:") {
        let path = String(text.dropFirst(6))
        let img = try PNGReader.read(path, channels: frames.channels)
        guard img.width == frames.width, img.height == frames.height else {
            throw FileError.invalid(path: path, expected: "a \(frames.width)×\(frames.height) image (the dataset's frame size)",
                                    found: "\(img.width)×\(img.height)")
        }
        return .image(img.pixels.map { Float($0) / 255 })
    }
    do { return try Cue(parsing: text) } catch {
        throw UsageError("prc replay: --cue must be first, noise:SIGMA (≥ 0), mask:FRACTION (0…1) or image:PATH, got '\(text)'")
    }
}

/// The short metrics table printed by replay, demo and experiments.
func metricsTable(_ m: RecallMetrics, sequences: Int) -> String {
    var rows = [("sequences", "\(sequences)"), ("mean MSE (frames 2…T)", sci(m.meanMSE)), ("cue frame MSE", sci(m.cueMSE)),
                ("correct-frame rate", String(format: "%.3f", m.correctFrameRate)),
                ("nearest-frame accuracy", String(format: "%.3f", m.nearestFrameAccuracy))]
    rows.append(("exact recall", m.exactRecall.map { String(format: "%.3f", $0) } ?? "n/a (not binary)"))
    let w = rows.map(\.0.count).max() ?? 0
    return rows.map { $0.0.padding(w + 1) + " " + $0.1 }.joined(separator: "\n")
}
