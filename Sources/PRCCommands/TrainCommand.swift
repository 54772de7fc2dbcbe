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
        .value("--resume", "DIR", "continue an interrupted run folder with its own settings (--epochs may raise the total)"),
    ] + modelFields.map(\.option))) { args in
    if let dir = args.string("--resume") { return try resumeTraining(RunFolder(path: dir), args) }
    let dataDir = DataDirectory(flag: args.string("--data-dir"))
    var config = ModelConfig()
    var datasetName = args.string("--dataset")
    var limit = try args.int("--limit", in: 1...Int.max)
    if let file = args.string("--config") {
        let json = try readJSONObject(file)
        try applyJSON(json, from: file, to: &config, ignoring: RunDataInfo.keys)
        if datasetName == nil { datasetName = json["dataset"]?.string }
        if limit == nil, let l = json["limit"], l != .null {
            guard let n = l.wholeNumber, n >= 1 else {
                throw FileError.invalid(path: file, expected: "'limit' as a whole number ≥ 1", found: "\(l)")
            }
            limit = n
        }
    }
    try applyFlags(args, to: &config)
    guard let datasetName else { throw UsageError("prc train: --dataset is required (a name in \(dataDir.datasets) or a folder)") }
    try config.validate()

    let dataset = try DatasetStore.load(datasetName, dataDir: dataDir)
    var frames = dataset.frames
    if let limit, limit < frames.count { frames = try frames.subset(Array(0..<limit)) }
    let initial = try args.string("--init-from").map { try Checkpoint.read($0) }
    let folder = RunFolder(path: args.string("--out") ?? joinPath("outputs", "\(dataset.name)-\(config.model.rawValue)-\(config.seed)"))
    try makeDirectories(folder.path)
    try writeRunConfig(folder, model: config, data: RunDataInfo(dataset: datasetName, datasetPath: dataset.path, limit: limit, frames: frames))

    let trainer = try Trainer(config: config, data: frames, initial: initial)
    try trainEpochs(trainer, folder: folder, datasetName: dataset.name, previousLog: [], quiet: args.quiet)
}

/// `prc train --resume DIR`: reloads the run's config, weights (with the epochs they hold) and log, then
/// trains the remaining epochs. Epoch k uses the same schedule and shuffle as in an uninterrupted run.
private func resumeTraining(_ folder: RunFolder, _ args: ParsedArguments) throws {
    let allowed: Set<String> = ["--resume", "--epochs", "--data-dir", "--quiet"]
    for option in trainCommand.spec.options.map(\.name) where args.has(option) && !allowed.contains(option) {
        throw UsageError("prc train: --resume continues a run with its own settings; \(option) cannot be combined with it (only --epochs and --data-dir)")
    }
    var epochs: Int? = nil
    if let e = args.string("--epochs") {
        guard let n = Int(e), n >= 0 else { throw UsageError("prc train: --epochs expects a whole number ≥ 0, got '\(e)'") }
        epochs = n
    }
    try folder.requireTrained()
    let json = try readJSONObject(folder.configFile)
    var config = ModelConfig()
    try applyJSON(json, from: folder.configFile, to: &config, ignoring: RunDataInfo.keys)
    if let epochs { config.epochs = epochs }
    try config.validate()
    let checkpoint = try Checkpoint.read(folder.checkpointFile)
    var stored = checkpoint.config
    stored.epochs = config.epochs
    guard stored == config else {
        throw CheckpointError.incompatible(path: folder.checkpointFile,
            reason: "its config differs from \(folder.configFile) (the run folder was changed by hand?)")
    }
    let metadata = try Safetensors.read(folder.checkpointFile).metadata
    guard let doneText = metadata["epochs_done"], let done = Int(doneText), done >= 0 else {
        throw FileError.invalid(path: folder.checkpointFile, expected: "an \"epochs_done\" entry (written by prc train)",
                                found: metadata["epochs_done"].map { "'\($0)'" } ?? "none")
    }
    let previous = try TrainLog.rows(ofFile: folder.trainLogFile, epochs: done)
    guard done < config.epochs else {
        Console.out("nothing to do: \(folder.path) already holds \(done) of \(config.epochs) epochs (give --epochs N with N > \(done) to train further)")
        return
    }
    let dataDir = DataDirectory(flag: args.string("--data-dir"))
    var (dataset, frames, info) = try loadRunDataset(folder, override: nil, dataDir: dataDir)
    // Runs made before the digest and frame shape were recorded get them now.
    if info.framesSHA256 == nil { info.framesSHA256 = framesDigest(frames) }
    if info.frameShape == nil { info.frameShape = RunDataInfo.shape(of: frames) }
    try writeRunConfig(folder, model: config, data: info)
    let trainer = try Trainer(config: config, data: frames, initial: checkpoint, startingEpoch: done)
    Console.note("resuming \(folder.path) after epoch \(done)", quiet: args.quiet)
    try trainEpochs(trainer, folder: folder, datasetName: dataset.name, previousLog: previous, quiet: args.quiet)
}

/// Trains the trainer's remaining epochs, saving after the last one, on divergence, and on SIGINT/SIGTERM
/// (checked between epochs: the current epoch finishes, then the run folder is saved and the command
/// stops with exit status 130/143 and a line saying how to continue).
private func trainEpochs(_ trainer: Trainer, folder: RunFolder, datasetName: String, previousLog: [String], quiet: Bool) throws {
    let config = trainer.config
    var records: [EpochRecord] = []
    // The log goes first, the checkpoint last: its "epochs_done" is what --resume trusts.
    func save() throws {
        try writeFileAtomically(folder.trainLogFile, text: TrainLog.csv(records, previous: previousLog))
        try trainer.checkpoint().write(to: folder.checkpointFile, extraMetadata: ["epochs_done": "\(trainer.epochsDone)"])
    }
    Interruption.install()
    let notice = InterruptNotice("finishing the current epoch, then saving (press Ctrl-C again to stop at once)")
    defer { notice.stop(); Interruption.uninstall() }
    Console.note("training \(config.model.rawValue) on \(datasetName): \(trainer.data.count) sequences, V=\(trainer.data.frameSize), H=\(config.hidden), \(config.epochs) epochs", quiet: quiet)
    if config.model.isStoreOnly {
        Console.note("\(config.model.rawValue) does not learn: epoch 1 stores every transition x(t-1) → x(t) as a key/value pair; "
            + "further epochs change nothing (the prediction MSE is the teacher-forced one-step lookup error)", quiet: quiet)
    }
    let progress = Progress("train", total: config.epochs - trainer.epochsDone, unit: "epochs", quiet: quiet)
    var signal: Int32? = nil
    do {
        while trainer.epochsDone < config.epochs {
            if let s = Interruption.pending { signal = s; break }
            let r = try trainer.runEpoch()
            records.append(r)
            var status = "recon \(sci(r.reconstructionMSE)) pred \(sci(r.predictionMSE))"
            if let m = r.recallMSE { status += " recall \(sci(m))" }
            progress.advance(status: status)
        }
    } catch {
        // Keep the last good weights and the log so far, then report.
        progress.finish()
        try save()
        throw error
    }
    progress.finish()
    try save()
    if let signal {
        throw InterruptedError(signal: signal, message:
            "interrupted by \(Interruption.name(signal)) after epoch \(trainer.epochsDone) of \(config.epochs); "
            + "\(folder.path) holds that epoch (model.safetensors, train-log.csv, config.json). "
            + "Continue with: prc train --resume \(folder.path)")
    }
    let last = records.last
    Console.out("trained \(config.model.rawValue) on \(datasetName) for \(config.epochs) epochs in \(formatDuration(progress.elapsed))"
        + (last.map { ": reconstruction MSE \(sci($0.reconstructionMSE)), prediction MSE \(sci($0.predictionMSE))" } ?? ""))
    Console.out("run folder: \(folder.path)")
}

/// A number with 3 significant digits, in scientific form below 0.01 (so MSE columns read alike).
func sci(_ x: Double) -> String { x != 0 && abs(x) < 0.01 ? String(format: "%.2e", x) : String(format: "%.3g", x) }
