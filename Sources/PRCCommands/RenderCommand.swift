import Foundation
import PRCCore
import PRCIngest
import PRCModel
import PRCRender

/// `prc render`: turns a replayed run into pictures, plots and an HTML report.
let renderCommand = Subcommand(spec: CommandSpec(
    name: "prc render", summary: "Render a replayed run: strip.png, animated sheet.png, codes.png, SVG plots, index.html.",
    options: [
        .value("--run", "DIR", "run folder (after 'prc replay')"),
        .value("--out", "DIR", "output folder (default: the run folder)"),
        .value("--data-dir", "DIR", "data directory (default $PRC_DATA_DIR or ./data)"),
        .value("--scale", "K", "upscaling factor (default: a 28-pixel frame becomes at least 56 pixels)"),
        .value("--fps", "F", "animation frames per second of sheet.png (default 4)"),
        .value("--sequences", "LIST", "sequences to draw, e.g. 0,3,7 or 0:8 (default: the first ones)"),
        .value("--range", "LO:HI", "value range mapped to black…white (default 0:1; outside is clipped and counted)"),
        .flag("--normalize", "stretch each image to its own min…max instead (recorded in the report)"),
        .value("--replay", "DIR", "replay folder to draw (default RUN/replay)"),
    ])) { args in
    guard let runPath = args.string("--run") else { throw UsageError("prc render: --run is required") }
    // Every option is checked (usage errors, exit 2) before any file is read.
    var options = RenderOptions()
    options.scale = try args.int("--scale", in: 1...64)
    options.fps = try args.int("--fps", in: 1...100) ?? 4
    if let list = args.string("--sequences") { options.sequences = try parseIndexList(list, flag: "prc render: --sequences") }
    if args.flag("--normalize") {
        if args.has("--range") { throw UsageError("prc render: give either --range or --normalize, not both") }
        options.range = .normalize
    } else if let r = args.string("--range") {
        options.range = try parseValueRange(r, flag: "prc render: --range")
    }
    let folder = RunFolder(path: runPath)
    try folder.requireTrained()
    let replayDir = args.string("--replay") ?? folder.replayDir
    try folder.requireReplay(replayDir)
    let inputs = try reportInputs(folder, replayDir: replayDir, dataDir: DataDirectory(flag: args.string("--data-dir")))
    let out = args.string("--out") ?? folder.path
    let summary = try RunRenderer.renderAll(inputs, options: options, outDir: out)
    if summary.clippedValues > 0 {
        Console.warn("\(summary.clippedValues) values fell outside the display range and were clipped (see the report)")
    }
    for note in summary.notes { Console.note(note, quiet: args.quiet) }
    Console.out("wrote \(summary.files.map { joinPath(out, $0) }.joined(separator: ", "))")
}

/// Most sequences one `--sequences` range may select (a typo like 0:99999999999 must not allocate).
let maxIndexListCount = 100_000

/// Parses "0,3,7" or "0:8" (half-open) into indices.
func parseIndexList(_ text: String, flag: String) throws -> [Int] {
    if let colon = text.firstIndex(of: ":") {
        guard let lo = Int(text[..<colon]), let hi = Int(text[text.index(after: colon)...]), lo >= 0, hi > lo else {
            throw UsageError("\(flag) expects LO:HI or a comma-separated list, got '\(text)'")
        }
        guard hi - lo <= maxIndexListCount else {
            throw UsageError("\(flag) selects \(hi - lo) sequences, at most \(maxIndexListCount) can be drawn, got '\(text)'")
        }
        return Array(lo..<hi)
    }
    let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? -1) >= 0 }) else {
        throw UsageError("\(flag) expects LO:HI or a comma-separated list of indices, got '\(text)'")
    }
    return parts.compactMap { $0 }
}

/// Parses a display range "LO:HI" (finite, LO < HI); `flag` starts the usage error, e.g. "prc render: --range".
func parseValueRange(_ text: String, flag: String) throws -> ValueRange {
    let parts = text.split(separator: ":").map { Float(String($0)) }
    guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo.isFinite, hi.isFinite, hi > lo else {
        throw UsageError("\(flag) expects LO:HI with LO < HI, got '\(text)'")
    }
    return .fixed(lo: lo, hi: hi)
}

/// A replayed run as the pictures need it: its true frames and its recall, checked against each other.
struct ReplayedRun {
    /// The dataset the replay ran on: the run's own, or the one given to `prc replay --dataset`.
    let dataset: Dataset
    /// Its frames, limited to the run's sequences.
    let frames: FrameSequences
    /// The dataset fields of config.json.
    let info: RunDataInfo
    /// Recalled frames, N×T×V.
    let recall: FloatTensor
    /// The replay's metrics.json.
    let metrics: [String: JSONValue]
    /// Frames recalled per sequence when sequences differ in length (nil: all T).
    let recallLengths: [Int]?
}

/// Loads a run's frames, `replayDir/recall.npy` and `metrics.json`; the recall must hold N × T frames of the frame size.
func loadReplayedRun(_ folder: RunFolder, replayDir: String, dataDir: DataDirectory) throws -> ReplayedRun {
    let recallFile = joinPath(replayDir, "recall.npy"), metricsFile = joinPath(replayDir, "metrics.json")
    let metrics = try readJSONObject(metricsFile)
    // The true frames are those the replay ran on: the run's dataset, or the one given to 'prc replay --dataset'.
    let trainedOn = try RunDataInfo(json: readJSONObject(folder.configFile), file: folder.configFile).dataset
    let given = metrics["dataset_given"] == .bool(true)
    let replayedOn = metrics["dataset"]?.string.flatMap { given || $0 != trainedOn ? $0 : nil }
    let (dataset, frames, info) = try loadRunDataset(folder, override: replayedOn, dataDir: dataDir)
    if let replayed = try validDigest(metrics["frames_sha256"], key: "frames_sha256", file: metricsFile) {
        // The run's own frames were just checked against config.json's digest; other data is hashed here.
        let now = replayedOn == nil ? (info.framesSHA256 ?? framesDigest(frames)) : framesDigest(frames)
        guard replayed == now else {
            throw FileError.invalid(path: replayDir,
                expected: "a replay of the frames dataset '\(replayedOn ?? trainedOn)' holds now (SHA-256 \(now.prefix(12))…)",
                found: "a replay of other frames (SHA-256 \(replayed.prefix(12))…): the dataset changed after the replay; run 'prc replay' again" + (replayedOn.map { " with --dataset \($0)" } ?? ""))
        }
    }
    let recallRaw = try NPY.readFloat32(recallFile)
    let frameShape = frames.channels == 3 ? [frames.height, frames.width, 3] : [frames.height, frames.width]
    guard recallRaw.shape.count >= 4, recallRaw.shape[0] == frames.count, Array(recallRaw.shape.dropFirst(2)) == frameShape else {
        throw FileError.invalid(path: recallFile, expected: "shape (\(frames.count), T, \(frameShape.map(String.init).joined(separator: ", ")))", found: "\(recallRaw.shape)")
    }
    let t = recallRaw.shape[1]
    let recall = FloatTensor(shape: [frames.count, t, frames.frameSize], values: recallRaw.values)
    // Sequences of different lengths: draw only the frames each one recalled, not the zero padding.
    let lengths = (metrics["recall_lengths"]?.array ?? []).compactMap(\.wholeNumber)
    return ReplayedRun(dataset: dataset, frames: frames, info: info, recall: recall, metrics: metrics,
                       recallLengths: lengths.count == frames.count ? lengths : nil)
}

/// Gathers everything the renderer needs from a run folder (arrays and numbers only).
func reportInputs(_ folder: RunFolder, replayDir: String, dataDir: DataDirectory) throws -> ReportInputs {
    let run = try loadReplayedRun(folder, replayDir: replayDir, dataDir: dataDir)
    let (dataset, frames, info, recall, metricsObj) = (run.dataset, run.frames, run.info, run.recall, run.metrics)
    let codes = try NPY.readFloat32(joinPath(replayDir, "codes.npy"))
    let msePerFrame = (metricsObj["mse_per_frame"]?.array ?? []).map { ($0.array ?? []).compactMap(\.number) }
    let configText = String(decoding: try readWholeFile(folder.configFile), as: UTF8.self)
    let log = fileExists(folder.trainLogFile) ? try readTrainLog(folder.trainLogFile) : []
    var metricRows: [KeyValue] = []
    for key in ["mean_mse", "cue_mse", "correct_frame_rate", "nearest_frame_accuracy", "exact_recall", "threshold", "cue"] {
        guard let v = metricsObj[key] else { continue }
        metricRows.append(KeyValue(key, v.number.map { sci($0) } ?? v.string ?? (v == .null ? "n/a" : "\(v)")))
    }
    let m = dataset.manifest
    let dataRows: [KeyValue] = [
        KeyValue("name", dataset.name), KeyValue("kind", m.kind), KeyValue("path", dataset.path),
        KeyValue("sequences", "\(frames.count)" + (info.limit.map { " (first \($0))" } ?? "")),
        KeyValue("frames per sequence", frames.lengths.min() == frames.lengths.max() ? "\(frames.maxLength)" : "\(frames.lengths.min() ?? 0)…\(frames.maxLength)"),
        KeyValue("frame size", "\(frames.height)×\(frames.width)" + (frames.channels == 3 ? " RGB" : "")),
    ]
    var inputs = ReportInputs(
        title: (folder.path as NSString).lastPathComponent, configJSON: configText,
        datasetSummary: dataRows, metrics: metricRows,
        trainLog: log,
        msePerFrame: msePerFrame, truth: frames, recall: recall, codes: codes, notes: [])
    inputs.recallLengths = run.recallLengths
    return inputs
}
