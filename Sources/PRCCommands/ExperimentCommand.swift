import Foundation
import PRCCore
import PRCIngest
import PRCModel
import PRCRender

/// `prc experiment FILE.json`: every condition × seed through train and replay, then a summary.
let experimentCommand = Subcommand(spec: CommandSpec(
    name: "prc experiment",
    summary: "Run an experiment file (conditions × seeds through train and replay); write summary.json and results.md.",
    positionals: ["FILE.json"], positionalCount: 1...1,
    options: [
        .value("--data-dir", "DIR", "data directory (default $PRC_DATA_DIR or ./data)"),
        .value("--out", "DIR", "results folder (default outputs/experiments/<name>)"),
        .flag("--check", "check the file and list its conditions and runs, without training"),
    ])) { args in
    let started = monotonicSeconds()
    let spec = try ExperimentSpec(file: args.positionals[0])
    if args.has("--check") {
        Console.out(experimentPlan(spec).joined(separator: "\n"))
        return
    }
    let dataDir = DataDirectory(flag: args.string("--data-dir"))
    let out = args.string("--out") ?? joinPath("outputs", "experiments", spec.name)
    let quiet = args.quiet
    try makeDirectories(out)
    for words in spec.buildCommands {
        Console.note("building dataset: prc-data build \(words.joined(separator: " "))", quiet: quiet)
        try Console.$muted.withValue(true) { try invoke(dataBuildCommand, words + ["--data-dir", dataDir.root, "--quiet"]) }
    }
    let rows = spec.kind == "encoder"
        ? try runEncoderConditions(spec, quiet: quiet)
        : try runTrainReplayConditions(spec, dataDir: dataDir, out: out, quiet: quiet)
    let report = ExperimentReport(spec: spec, rows: rows, seconds: monotonicSeconds() - started)
    try writeFileAtomically(joinPath(out, "summary.json"), text: try jsonText(report.json))
    try writeFileAtomically(joinPath(out, "results.md"), text: report.markdown)
    Console.out(report.markdown)
    Console.out("summary: \(joinPath(out, "summary.json")), table: \(joinPath(out, "results.md"))")
}

/// Results of one condition over all seeds.
struct ConditionResult {
    let label: String
    let perSeed: [[String: JSONValue]]
    let seconds: Double
    let pictures: String?
}

/// Trains once per (training condition, seed) and replays once per (condition, seed).
func runTrainReplayConditions(_ spec: ExperimentSpec, dataDir: DataDirectory, out: String, quiet: Bool) throws -> [ConditionResult] {
    let trainKeys = Set(spec.vary.map(\.key)).subtracting(ExperimentSpec.replayKeys)
    var trained = Set<String>()
    var rows: [ConditionResult] = []
    let conditions = spec.conditions
    for (ci, c) in conditions.enumerated() {
        let trainFolder = joinPath(out, c.folder(keys: trainKeys))
        let replayVaries = c.varied.contains { ExperimentSpec.replayKeys.contains($0.key) }
        let replayName = replayVaries ? "replay-" + c.folder(keys: ExperimentSpec.replayKeys) : "replay"
        var perSeed: [[String: JSONValue]] = []
        let t0 = monotonicSeconds()
        var pictures: String? = nil
        for (si, seed) in spec.seeds.enumerated() {
            Console.note("== \(spec.name) [\(ci + 1)/\(conditions.count)] \(c.label), seed \(seed) (\(si + 1)/\(spec.seeds.count))", quiet: quiet)
            let run = joinPath(trainFolder, "seed-\(seed)")
            let dataset = ExperimentSpec.withSeed(c.fields["dataset"]?.string ?? "", seed)
            let q = quiet ? ["--quiet"] : []
            try Console.$muted.withValue(true) {
                if !trained.contains(run) {
                    try invoke(trainCommand, ["--dataset", dataset, "--data-dir", dataDir.root, "--out", run, "--seed", "\(seed)"]
                        + trainWords(c.fields) + q)
                    trained.insert(run)
                }
                var replayWords = ["--run", run, "--data-dir", dataDir.root, "--out", joinPath(run, replayName)] + q
                if let cue = c.fields["cue"]?.string { replayWords += ["--cue", cue] }
                if let length = c.fields["length"]?.scalarText { replayWords += ["--length", length] }
                try invoke(replayCommand, replayWords)
                if si == 0 {
                    let picturesDir = joinPath(run, "pictures-" + (replayVaries ? c.folder(keys: ExperimentSpec.replayKeys) : "recall"))
                    try invoke(renderCommand, ["--run", run, "--data-dir", dataDir.root, "--replay", joinPath(run, replayName),
                                               "--out", picturesDir] + q)
                    pictures = picturesDir
                }
            }
            var metrics = try readJSONObject(joinPath(run, replayName, "metrics.json"))
            if let criterion = c.fields["criterion"]?.number {
                metrics["epochs_to_criterion"] = try epochsToCriterion(run, criterion: criterion).map { .number(Double($0)) } ?? .null
            }
            perSeed.append(metrics)
        }
        rows.append(ConditionResult(label: c.label, perSeed: perSeed, seconds: monotonicSeconds() - t0, pictures: pictures))
    }
    return rows
}

/// The 1987 encoder problem per condition: updates to criterion over the seeds.
func runEncoderConditions(_ spec: ExperimentSpec, quiet: Bool) throws -> [ConditionResult] {
    try spec.conditions.map { c in
        func whole(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let v = c.fields[key] else { return fallback }
            guard let n = v.wholeNumber, range.contains(n) else {
                throw FileError.invalid(path: spec.file, expected: "'\(key)' a whole number in \(range.lowerBound)…\(range.upperBound)", found: "\(v)")
            }
            return n
        }
        let patterns = try whole("patterns", 4, 2...256)
        let hidden = try whole("hidden", 2, 1...256)
        let maxUpdates = try whole("max_updates", 5000, 1...10_000_000)
        Console.note("== \(spec.name) \(c.label): \(patterns)-\(hidden)-\(patterns) encoder, \(spec.seeds.count) seeds", quiet: quiet)
        let t0 = monotonicSeconds()
        let summary = try EncoderExperiment.run(patterns: patterns, hidden: hidden, seeds: spec.seeds, maxUpdates: maxUpdates)
        let perSeed: [[String: JSONValue]] = summary.updates.map { u in
            ["updates_to_criterion": u.map { .number(Double($0)) } ?? .null, "solved": .number(u == nil ? 0 : 1)]
        }
        return ConditionResult(label: c.label, perSeed: perSeed, seconds: monotonicSeconds() - t0, pictures: nil)
    }
}

/// The runs an experiment file asks for (the file was checked when parsed): a count of conditions,
/// trainings and replays, then one line per condition with the `prc train` options and replay cue.
func experimentPlan(_ spec: ExperimentSpec) -> [String] {
    let conditions = spec.conditions, seeds = spec.seeds.count
    let trainKeys = Set(spec.vary.map(\.key)).subtracting(ExperimentSpec.replayKeys)
    let trainings = Set(conditions.map { $0.folder(keys: trainKeys) }).count * seeds
    var lines = ["\(spec.name): \(conditions.count) condition(s) × \(seeds) seed(s) = \(conditions.count * seeds) run(s)"
        + (spec.kind == "encoder" ? "" : ", \(trainings) training(s)")]
    for c in conditions {
        guard spec.kind != "encoder", let dataset = c.fields["dataset"]?.string else { lines.append("  \(c.label)"); continue }
        var replay: [String] = []
        if let cue = c.fields["cue"]?.scalarText { replay += ["--cue", cue] }
        if let length = c.fields["length"]?.scalarText { replay += ["--length", length] }
        lines.append("  \(c.label): prc train --dataset \(dataset) " + trainWords(c.fields).joined(separator: " ")
            + (replay.isEmpty ? "" : "; prc replay " + replay.joined(separator: " ")))
    }
    return lines
}

/// `prc train` flags for the model options in an experiment's fields (the seed is added per run).
func trainWords(_ fields: [String: JSONValue]) -> [String] {
    var words: [String] = []
    for field in modelFields where field.key != "seed" {
        guard let text = fields[field.key]?.scalarText else { continue }
        if field.placeholder == nil {
            let on = text == "true"
            if (field.key == "bias" && !on) || (field.key != "bias" && on) { words.append(field.flag) }
        } else {
            words += [field.flag, text]
        }
    }
    if let limit = fields["limit"]?.scalarText { words += ["--limit", limit] }
    return words
}

/// First evaluated epoch whose recall MSE is below `criterion` (needs `eval_every`), from train-log.csv.
func epochsToCriterion(_ run: String, criterion: Double) throws -> Int? {
    let rows = try readTrainLog(joinPath(run, "train-log.csv"))
    return rows.first { ($0.recallMSE ?? .infinity) < criterion }?.epoch
}
