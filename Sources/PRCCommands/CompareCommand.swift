import Foundation
import PRCCore
import PRCIngest
import PRCModel
import PRCRender

/// `prc compare`: one figure of several replayed runs on the same sequence, one recall row per run.
let compareCommand = Subcommand(spec: CommandSpec(
    name: "prc compare", summary: "One figure comparing replayed runs on one sequence: the true frames, then a recall row per run.",
    options: [
        .value("--runs", "R1,R2,...", "run folders, one row each, top to bottom (after 'prc replay')"),
        .value("--labels", "A,B,...", "row labels, one per run (default: the model and its size from config.json, e.g. PRC H256)"),
        .value("--replay", "NAME", "replay folder inside each run (default replay)"),
        .value("--sequence", "N", "sequence to show (default 0)"),
        .value("--frames", "N", "show only the first N frames (default all)"),
        .value("--scale", "K", "upscaling factor (default: a 28-pixel frame becomes at least 56 pixels)"),
        .value("--range", "LO:HI", "value range mapped to black…white (default 0:1; outside is clipped and counted)"),
        .value("--data-dir", "DIR", "data directory (default $PRC_DATA_DIR or ./data)"),
        .value("--out", "FILE.png", "picture to write"),
    ])) { args in
    // Every option is checked (usage errors, exit 2) before any file is read.
    guard let runsText = args.string("--runs") else { throw UsageError("prc compare: --runs R1,R2,... is required") }
    guard let out = args.string("--out") else { throw UsageError("prc compare: --out FILE.png is required") }
    guard out.lowercased().hasSuffix(".png"), !out.hasSuffix("/") else {
        throw UsageError("prc compare: --out names the PNG file to write (ending in .png), got '\(out)'")
    }
    let runPaths = runsText.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard runPaths.allSatisfy({ !$0.isEmpty }) else {
        throw UsageError("prc compare: --runs expects comma-separated run folders, got '\(runsText)'")
    }
    var labels: [String]? = nil
    if let text = args.string("--labels") {
        let given = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard given.count == runPaths.count else {
            throw UsageError("prc compare: --labels gives \(given.count) label\(given.count == 1 ? "" : "s") for \(runPaths.count) run\(runPaths.count == 1 ? "" : "s") (one per run, comma-separated)")
        }
        labels = given
    }
    let replayName = args.string("--replay") ?? "replay"
    guard !replayName.isEmpty, !replayName.hasPrefix("/") else {
        throw UsageError("prc compare: --replay names the replay folder inside each run (e.g. replay-noisy), got '\(replayName)'")
    }
    let sequence = try args.int("--sequence", in: 0...Int.max) ?? 0
    let frameLimit = try args.int("--frames", in: 1...Int.max)
    let scaleFlag = try args.int("--scale", in: 1...64)
    let range = try args.string("--range").map { try parseValueRange($0, flag: "prc compare: --range") } ?? .fixed(lo: 0, hi: 1)
    let dataDir = DataDirectory(flag: args.string("--data-dir"))

    let folders = runPaths.map { RunFolder(path: $0) }
    for folder in folders {   // cheap checks first, so a missing replay is named before any array is loaded
        try folder.requireTrained()
        try folder.requireReplay(joinPath(folder.path, replayName))
    }
    // One run at a time: keep only the chosen sequence's frames and recall.
    var truth: (folder: RunFolder, dataset: String, frames: FrameSequences)? = nil
    var runs: [ComparisonLayout.Run] = []
    for (i, folder) in folders.enumerated() {
        let run = try loadReplayedRun(folder, replayDir: joinPath(folder.path, replayName), dataDir: dataDir)
        guard sequence < run.frames.count else {
            throw RuntimeFailure("prc compare: sequence \(sequence) does not exist in \(folder.path) (its data has \(run.frames.count) sequence\(run.frames.count == 1 ? "" : "s"), 0…\(run.frames.count - 1))")
        }
        let frames = try run.frames.subset([sequence])
        if let first = truth {
            try requireSameSequence(frames, of: folder, dataset: run.dataset.path, as: first.frames, of: first.folder,
                                    dataset: first.dataset, sequence: sequence)
        } else {
            truth = (folder, run.dataset.path, frames)
        }
        let t = run.recall.shape[1], v = run.frames.frameSize
        let recall = FloatTensor(shape: [1, t, v], values: Array(run.recall.values[(sequence * t * v)..<((sequence + 1) * t * v)]))
        let label = try labels?[i] ?? defaultRunLabel(readJSONObject(folder.configFile))
        if !BitmapFont.canDraw(label) {
            Console.warn("label '\(label)' has characters the picture font lacks (it has A–Z, 0–9 and a little punctuation); they are drawn as ?")
        }
        runs.append(ComparisonLayout.Run(label: label, recall: recall, recallLengths: run.recallLengths.map { [$0[sequence]] }))
    }
    guard let truth else { throw UsageError("prc compare: --runs names no run") }
    let scale = scaleFlag ?? StripLayout.defaultScale(height: truth.frames.height, width: truth.frames.width)
    let layout = try ComparisonLayout(truth: truth.frames, runs: runs, range: range, sequence: 0, frames: frameLimit, scale: scale)
    let (image, clipped) = try layout.render()
    if clipped > 0 { Console.warn("\(clipped) values fell outside the display range and were clipped") }
    try makeDirectories(parentDirectory(of: out))
    try PNGWriter.write(image, to: out)
    Console.out("wrote \(out)")
}

/// The default row label of a run from its config.json: the model in capitals, then its hidden size
/// for the models that have one ("PRC H256", "TPC2 H480") or the separation of mahn ("MAHN SOFTMAX:5").
func defaultRunLabel(_ config: [String: JSONValue]) -> String {
    let model = config["model"]?.string ?? ModelKind.prc.rawValue
    let kind = ModelKind(rawValue: model)
    var label = model.uppercased()
    if kind?.isVisibleSpace != true, let h = config["hidden"]?.wholeNumber { label += " H\(h)" }
    if kind == .mahn, let s = config["separation"]?.string { label += " " + s.uppercased() }
    return label
}

/// Checks that sequence `sequence` of two runs' data is the same: frame size, length and every byte.
func requireSameSequence(_ frames: FrameSequences, of folder: RunFolder, dataset: String,
                         as reference: FrameSequences, of first: RunFolder, dataset firstDataset: String, sequence: Int) throws {
    func size(_ f: FrameSequences) -> String { "\(f.height)×\(f.width)" + (f.channels == 3 ? " RGB" : "") }
    let intro = "prc compare: \(folder.path) and \(first.path) must show the same true sequence, but"
    guard frames.height == reference.height, frames.width == reference.width, frames.channels == reference.channels else {
        throw RuntimeFailure("\(intro) their frames are \(size(frames)) and \(size(reference)) (datasets \(dataset) and \(firstDataset))")
    }
    let (a, b) = (frames.lengths[0], reference.lengths[0])
    guard a == b else {
        throw RuntimeFailure("\(intro) sequence \(sequence) has \(a) frames in \(dataset) and \(b) in \(firstDataset)")
    }
    for t in 0..<a where !frames.frame(0, t).elementsEqual(reference.frame(0, t)) {
        throw RuntimeFailure("\(intro) frame \(t + 1) of sequence \(sequence) differs between their datasets \(dataset) and \(firstDataset)")
    }
}
