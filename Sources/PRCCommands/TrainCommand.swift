import Foundation
import PRCCore
import PRCIngest
import PRCModel

/// `prc train`: trains PRC (or the direct RNN) on a dataset and writes a run folder.
let trainCommand = Subcommand(spec: CommandSpec(
    name: "prc train", summary: "Train a model on a dataset and write a run folder (checkpoint, config, training log).",
    options: [
        .value("--dataset", "NAME|DIR", "dataset name in the data directory, or a dataset folder"),
        .value("--data-dir", "DIR", "data directory (default $PRC_DATA_DIR or ./data)"),
        .value("--config", "FILE", "JSON file with the same fields (flags win)"),
        .value("--init-from", "FILE", "start from a checkpoint (model.safetensors)"),
        .value("--limit", "N", "train on the first N sequences only"),
        .value("--out", "DIR", "run folder (default outputs/<dataset>-<model>-<seed>)"),
    ] + modelFields.map(\.option))) { args in
    let dataDir = DataDirectory(flag: args.string("--data-dir"))
    var config = ModelConfig()
    var datasetName = args.string("--dataset")
    var limit = try args.int("--limit", in: 1...Int.max)
    if let file = args.string("--config") {
        let json = try readJSONObject(file)
        try applyJSON(json, from: file, to: &config, ignoring: RunDataInfo.keys)
        if datasetName == nil { datasetName = json["dataset"]?.string }
        if limit == nil, let l = json["limit"]?.number { limit = Int(l) }
    }
    try applyFlags(args, to: &config)
    guard let datasetName else { throw UsageError("prc train: --dataset is required (a name in \(dataDir.datasets) or a folder)") }
    try config.validate()
    let quiet = args.quiet

    let dataset = try DatasetStore.load(datasetName, dataDir: dataDir)
    var frames = dataset.frames
    if let limit, limit < frames.count { frames = try frames.subset(Array(0..<limit)) }
    let initial = try args.string("--init-from").map { try Checkpoint.read($0) }
    let folder = RunFolder(path: args.string("--out") ?? joinPath("outputs", "\(dataset.name)-\(config.model.rawValue)-\(config.seed)"))
    try makeDirectories(folder.path)
    try writeRunConfig(folder, model: config, data: RunDataInfo(dataset: datasetName, datasetPath: dataset.path, limit: limit))

    let trainer = try Trainer(config: config, data: frames, initial: initial)
    Console.note("training \(config.model.rawValue) on \(dataset.name): \(frames.count) sequences, V=\(frames.frameSize), H=\(config.hidden), \(config.epochs) epochs", quiet: quiet)
    let progress = Progress("train", total: config.epochs, unit: "epochs", quiet: quiet)
    var records: [EpochRecord] = []
    do {
        while trainer.epochsDone < config.epochs {
            let r = try trainer.runEpoch()
            records.append(r)
            var status = "recon \(sci(r.reconstructionMSE)) pred \(sci(r.predictionMSE))"
            if let m = r.recallMSE { status += " recall \(sci(m))" }
            progress.advance(status: status)
        }
    } catch {
        // Keep the last good weights and the log so far, then report.
        try trainer.checkpoint().write(to: folder.checkpointFile)
        try writeFileAtomically(folder.trainLogFile, text: TrainLog.csv(records))
        progress.finish()
        throw error
    }
    progress.finish()
    try trainer.checkpoint().write(to: folder.checkpointFile)
    try writeFileAtomically(folder.trainLogFile, text: TrainLog.csv(records))
    let last = records.last
    Console.out("trained \(config.model.rawValue) on \(dataset.name) for \(config.epochs) epochs in \(formatDuration(progress.elapsed))"
        + (last.map { ": reconstruction MSE \(sci($0.reconstructionMSE)), prediction MSE \(sci($0.predictionMSE))" } ?? ""))
    Console.out("run folder: \(folder.path)")
}

/// A number in short scientific form (3 significant digits).
func sci(_ x: Double) -> String { String(format: "%.3g", x) }
