import PRCCore
import PRCIngest

/// `prc-data build moving-mnist|sequential-mnist|binary --name NAME [options]`: one dataset with chosen parameters.
let dataBuildCommand = Subcommand(
    spec: CommandSpec(
        name: "prc-data build",
        summary: "Build one dataset: moving-mnist, sequential-mnist or binary, with chosen parameters.",
        positionals: ["moving-mnist|sequential-mnist|binary"], positionalCount: 1...1,
        options: [
            .value("--name", "NAME", "dataset name (folder under DATA/datasets)"),
            .value("--data-dir", "DIR", "data folder (default $PRC_DATA_DIR, else ./data)"),
            .value("--from", "DIR", "MNIST files from DIR instead of the cache"),
            .flag("--offline", "MNIST from the embedded 1,000-image sample (test split)"),
            .value("--count", "N", "number of sequences"),
            .value("--length", "T", "frames per sequence (moving-mnist, binary; sequential-mnist cycles --order)"),
            .value("--size", "S", "moving-mnist: frame side in pixels (default 64)"),
            .value("--digits", "D", "moving-mnist: digits per sequence (default 2)"),
            .value("--step", "X", "moving-mnist: step per frame (default 0.1)"),
            .value("--bounce", "original|reflect", "moving-mnist: trajectory rule (default original)"),
            .value("--compose", "max|sum", "moving-mnist: how digits combine (default max)"),
            .value("--split", "train|test", "MNIST split (default train)"),
            .value("--seed", "S", "random seed (default 0)"),
            .value("--threads", "N", "moving-mnist: worker threads (default: all cores)"),
            .value("--order", "DIGITS", "sequential-mnist: class order (default 0123456789), cycled to --length; 'random' draws each frame's class"),
            .value("--pick", "first|random", "sequential-mnist: which image of each class (default first)"),
            .value("--pattern", "onehot|random", "binary: pattern (default onehot)"),
            .value("--width", "W", "binary: bits per frame (default 4)"),
            .value("--density", "P", "binary random: probability of a 1 (default 0.5)"),
        ]),
    run: { args in try runDataBuild(args) })

private func runDataBuild(_ args: ParsedArguments) throws {
    let kind = args.positionals[0]
    guard let name = args.string("--name") else { throw UsageError("prc-data build: --name NAME is required") }
    do { try DatasetStore.checkName(name) } catch { throw UsageError("prc-data build: --name: \(describeForUser(error))") }
    let dataDir = DataDirectory(flag: args.string("--data-dir"))
    let start = monotonicSeconds()
    let seed = UInt64(try args.int("--seed", in: 0...Int.max) ?? 0)
    let split = try args.choice("--split", ["train", "test"]) ?? "train"
    // Options are all checked before the data directory is locked (and created).
    func locked<R>(_ body: () throws -> R) throws -> R { try DataDirectoryLock.withLock(dataDir, quiet: args.quiet, body) }
    func mnist() throws -> MNISTData {
        try MNISTSource.loadForBuild(dataDir: dataDir, from: args.string("--from"), offline: args.flag("--offline"), quiet: args.quiet)
    }
    let result: DatasetBuilder.Result
    switch kind {
    case "moving-mnist":
        var p = MovingMNISTParameters()
        p.count = try args.int("--count", in: 1...10_000_000) ?? p.count
        p.length = try args.int("--length", in: 1...100_000) ?? p.length
        p.size = try args.int("--size", in: 1...4096) ?? p.size
        p.digits = try args.int("--digits", in: 1...100) ?? p.digits
        p.step = try args.double("--step", in: 1e-9...1e9) ?? p.step
        p.bounce = BounceRule(rawValue: try args.choice("--bounce", ["original", "reflect"]) ?? "original") ?? .original
        p.compose = Composition(rawValue: try args.choice("--compose", ["max", "sum"]) ?? "max") ?? .max
        p.split = split; p.seed = seed
        let threads = try args.int("--threads", in: 1...1024) ?? processorCount()
        result = try locked {
            let data = try mnist()
            return try DatasetBuilder.movingMNIST(name: name, p, images: try data.split(split), mnist: data.provenance,
                                                  dataDir: dataDir, threads: threads, quiet: args.quiet)
        }
    case "sequential-mnist":
        var p = SequentialMNISTParameters()
        if let order = args.string("--order") {
            do { p.order = try SequentialMNISTParameters.parseOrder(order) } catch { throw UsageError("prc-data build: \(describeForUser(error))") }
        }
        p.count = try args.int("--count", in: 1...10_000_000) ?? p.count
        p.length = try args.int("--length", in: 1...1_000_000)
        p.pick = try args.choice("--pick", ["first", "random"]) ?? "first"
        p.split = split; p.seed = seed
        result = try locked {
            let data = try mnist()
            return try DatasetBuilder.sequentialMNIST(name: name, p, images: try data.split(split), mnist: data.provenance, dataDir: dataDir)
        }
    case "binary":
        var p = BinaryParameters()
        p.pattern = try args.choice("--pattern", ["onehot", "random"]) ?? "onehot"
        p.width = try args.int("--width", in: 1...1_000_000) ?? p.width
        p.length = try args.int("--length", in: 1...1_000_000)
        p.count = try args.int("--count", in: 1...10_000_000) ?? p.count
        p.density = try args.double("--density", in: 0...1) ?? p.density
        p.seed = seed
        result = try locked { try DatasetBuilder.binary(name: name, p, dataDir: dataDir) }
    default:
        throw UsageError("prc-data build: unknown kind '\(kind)' (moving-mnist, sequential-mnist or binary)")
    }
    let m = result.manifest
    let source = m.mnist.map { $0.usedSample ? ", MNIST: embedded sample" : ", MNIST: \($0.source)" } ?? ""
    Console.out("\(result.built ? "built" : "up to date (cached)") \(m.name): \(dataShapeText(m.shape)) \(m.dtype), \(formatBytes(m.framesBytes))\(source), in \(formatDuration(monotonicSeconds() - start))")
    Console.out("  \(dataDir.dataset(name))")
}
