import Foundation
import PRCCore
import PRCIngest
import PRCModel

/// `prc experiment FILE.json`: train and replay one configuration over several seeds and summarise.
let experimentCommand = Subcommand(spec: CommandSpec(
    name: "prc experiment", summary: "Run train + replay per seed from a JSON experiment file; write a summary (mean and spread).",
    positionals: ["FILE.json"], positionalCount: 1...1,
    options: [
        .value("--data-dir", "DIR", "data directory (default $PRC_DATA_DIR or ./data)"),
        .value("--out", "DIR", "results folder (default outputs/experiments/<name>)"),
    ])) { args in
    let file = args.positionals[0]
    let json = try readJSONObject(file)
    let experimentKeys: Set<String> = ["name", "dataset", "limit", "seeds", "cue", "length", "description"]
    // Validate the model fields once up front, so a typo fails before any training.
    var probe = ModelConfig()
    try applyJSON(json, from: file, to: &probe, ignoring: experimentKeys)
    try probe.validate()
    guard let dataset = json["dataset"]?.string else { throw FileError.invalid(path: file, expected: "a 'dataset' field", found: "none") }
    let name = json["name"]?.string ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    let seeds = try (json["seeds"]?.array ?? [.number(0)]).map { v -> UInt64 in
        guard let n = v.wholeNumber, n >= 0 else { throw FileError.invalid(path: file, expected: "'seeds' as whole numbers ≥ 0", found: "\(v)") }
        return UInt64(n)
    }
    let dataDir = DataDirectory(flag: args.string("--data-dir"))
    let out = args.string("--out") ?? joinPath("outputs", "experiments", name)
    try makeDirectories(out)

    // The model fields become train flags, so each seed runs the exact `prc train` code path.
    var trainWords: [String] = []
    for field in modelFields where field.key != "seed" {
        guard let text = json[field.key]?.scalarText else { continue }
        if field.placeholder == nil {
            let on = text == "true"
            if (field.key == "bias" && !on) || (field.key != "bias" && on) { trainWords.append(field.flag) }
        } else { trainWords += [field.flag, text] }
    }
    if let limit = json["limit"]?.scalarText { trainWords += ["--limit", limit] }
    var replayWords: [String] = []
    if let cue = json["cue"]?.string { replayWords += ["--cue", cue] }
    if let length = json["length"]?.scalarText { replayWords += ["--length", length] }

    let quiet = args.quiet
    var perSeed: [(UInt64, [String: JSONValue], Double)] = []
    for (i, seed) in seeds.enumerated() {
        Console.note("== \(name): seed \(seed) (\(i + 1)/\(seeds.count))", quiet: quiet)
        let t0 = monotonicSeconds()
        let metrics = try trainReplayRender(dataset: dataset, dataDir: dataDir, out: joinPath(out, "seed-\(seed)"),
                                            trainWords: trainWords + ["--seed", "\(seed)"], replayWords: replayWords,
                                            render: i == 0, quiet: quiet)
        perSeed.append((seed, metrics, monotonicSeconds() - t0))
    }
    let summary = summarise(perSeed.map(\.1))
    var doc: [String: JSONValue] = ["name": .string(name), "file": .string(file), "dataset": .string(dataset),
                                    "seeds": .array(seeds.map { .number(Double($0)) }), "metrics": .object(summary.json),
                                    "seconds": .array(perSeed.map { .number($0.2) })]
    doc["description"] = json["description"]
    try writeFileAtomically(joinPath(out, "summary.json"), text: try jsonText(JSONValue.object(doc)))
    Console.out("")
    Console.out("experiment \(name): \(seeds.count) seed(s) on \(dataset)")
    Console.out(summary.table)
    Console.out("summary: \(joinPath(out, "summary.json")); pictures: \(joinPath(out, "seed-\(seeds[0])", "index.html"))")
}

/// Mean, standard deviation, min and max of each scalar metric over seeds.
func summarise(_ runs: [[String: JSONValue]]) -> (json: [String: JSONValue], table: String) {
    let keys = ["mean_mse", "cue_mse", "correct_frame_rate", "nearest_frame_accuracy", "exact_recall"]
    var json: [String: JSONValue] = [:]
    var lines = ["metric".padding(24) + " mean ± sd        min        max        n"]
    for key in keys {
        let values = runs.compactMap { $0[key]?.number }
        guard !values.isEmpty else { json[key] = .null; continue }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = values.count > 1 ? (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot() : 0
        let lo = values.min() ?? 0, hi = values.max() ?? 0
        json[key] = .object(["mean": .number(mean), "sd": .number(sd), "min": .number(lo), "max": .number(hi),
                             "values": .array(values.map { .number($0) })])
        lines.append(key.padding(24) + " \(sci(mean)) ± \(sci(sd))".padding(18) + sci(lo).padding(11) + sci(hi).padding(11) + "\(values.count)")
    }
    return (json, lines.joined(separator: "\n"))
}
