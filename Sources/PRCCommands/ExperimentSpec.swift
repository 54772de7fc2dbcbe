import Foundation
import PRCCore
import PRCModel

/// An experiment file, parsed and checked: what to build, which conditions, which seeds.
///
/// Build arguments and the dataset may contain `{seed}` (one dataset per seed).
///
/// ```json
/// {"name": "noisy-cue", "dataset": "sequential-mnist", "hidden": 256, "lr": 0.1, "epochs": 300,
///  "seeds": [0, 1, 2], "vary": {"cue": ["noise:0", "noise:0.1"]},
///  "build": [["sequential-mnist", "--name", "rand-16", "--order", "random", "--length", "16"]]}
/// ```
struct ExperimentSpec {
    /// Experiment name (results go to outputs/experiments/NAME).
    let name: String
    /// Free text shown in results.
    let description: String?
    /// "train-replay" (default) or "encoder" (the 1987 N-M-N autoencoder, no sequences).
    let kind: String
    /// Seeds every condition runs with.
    let seeds: [UInt64]
    /// Fields shared by every condition (model options, dataset, limit, cue, length, criterion).
    let base: [String: JSONValue]
    /// Keys that vary, each with its values (a value may be an object of several fields set together);
    /// conditions are their cartesian product.
    let vary: [(key: String, values: [JSONValue])]
    /// `prc-data build` argument lists run first (datasets the conditions use), as written in the file.
    let build: [[String]]
    /// The file it came from.
    let file: String

    /// Keys an experiment file may hold besides the model options.
    static let ownKeys: Set<String> = ["name", "description", "kind", "seeds", "vary", "build", "dataset", "limit", "cue",
                                       "length", "criterion", "patterns", "max_updates"]
    /// Keys that only change replay, not training (conditions differing only here share training).
    static let replayKeys: Set<String> = ["cue", "length"]

    /// Parses and validates an experiment file; errors name the file and the key.
    init(file: String) throws {
        let json = try readJSONObject(file)
        self.file = file
        let named = json["name"]?.string
        name = named ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        // The name becomes a folder under outputs/experiments: one plain path component.
        guard !name.isEmpty, !name.hasPrefix("."), name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw FileError.invalid(path: file, expected: "'name' of letters, digits, '-', '_' and '.' (not starting with '.')",
                                    found: "'\(name)'" + (named == nil ? " (from the file name; give a 'name')" : ""))
        }
        if json["seed"] != nil {
            throw FileError.invalid(path: file, expected: "'seeds' (a list; each run gets its seed from it)", found: "a 'seed' key")
        }
        description = json["description"]?.string
        kind = json["kind"]?.string ?? "train-replay"
        guard ["train-replay", "encoder"].contains(kind) else {
            throw FileError.invalid(path: file, expected: "'kind' train-replay or encoder", found: "'\(kind)'")
        }
        seeds = try ExperimentSpec.parseSeeds(json["seeds"], file: file)
        var vary: [(String, [JSONValue])] = []
        if let v = json["vary"] {
            guard let o = v.object else { throw FileError.invalid(path: file, expected: "'vary' as an object of lists", found: "\(v)") }
            for key in o.keys.sorted() {
                guard let values = o[key]?.array, !values.isEmpty else {
                    throw FileError.invalid(path: file, expected: "'vary.\(key)' as a non-empty list", found: "\(o[key] ?? .null)")
                }
                if key == "seed" {
                    throw FileError.invalid(path: file, expected: "seeds in 'seeds', not in 'vary'", found: "'vary.seed'")
                }
                // A replay-only key (cue, length) must not carry training fields: conditions differing
                // only in it share one training.
                if ExperimentSpec.replayKeys.contains(key) {
                    for v in values {
                        let extra = (v.object?.keys).map { Set($0).subtracting(ExperimentSpec.replayKeys).subtracting([ExperimentSpec.labelKey]) } ?? []
                        guard extra.isEmpty else {
                            throw FileError.invalid(path: file, expected: "'vary.\(key)' values that set only \(ExperimentSpec.replayKeys.sorted().joined(separator: "/")) and 'label' (they share one training)",
                                                    found: "\(extra.sorted().joined(separator: ", "))")
                        }
                    }
                }
                vary.append((key, values))
            }
        }
        let gridSize = vary.reduce(1.0) { $0 * Double($1.1.count) }
        guard gridSize <= Double(ExperimentSpec.maxConditions) else {
            throw FileError.invalid(path: file, expected: "at most \(ExperimentSpec.maxConditions) conditions (the product of the 'vary' list lengths)", found: "\(Int(gridSize))")
        }
        guard gridSize * Double(seeds.count) <= Double(ExperimentSpec.maxRuns) else {
            throw FileError.invalid(path: file, expected: "at most \(ExperimentSpec.maxRuns) runs (conditions × seeds)", found: "\(Int(gridSize)) × \(seeds.count)")
        }
        self.vary = vary
        build = try (json["build"]?.array ?? []).map { entry in
            guard let words = entry.array?.compactMap(\.scalarText), words.count == entry.array?.count, !words.isEmpty else {
                throw FileError.invalid(path: file, expected: "'build' as lists of prc-data build arguments", found: "\(entry)")
            }
            return words
        }
        var base = json
        for k in ["name", "description", "kind", "seeds", "vary", "build"] { base[k] = nil }
        self.base = base
        for (key, values) in vary {
            for v in values {
                if let l = v.object?[ExperimentSpec.labelKey], (l.string ?? "").isEmpty {
                    throw FileError.invalid(path: file, expected: "'vary.\(key)' labels as non-empty strings", found: "\(l)")
                }
            }
        }
        // Conditions write to folders named after them: two with the same name would overwrite each other.
        var seen: [String: String] = [:]
        for condition in conditions {
            let folder = condition.folder()
            if let other = seen[folder] {
                throw FileError.invalid(path: file, expected: "conditions with distinct names",
                                        found: "'\(other)' and '\(condition.label)' both named '\(folder)'")
            }
            seen[folder] = condition.label
        }
        // Every condition must resolve to a valid model configuration before anything runs.
        for condition in conditions {
            var probe = ModelConfig()
            try applyJSON(condition.fields, from: file, to: &probe, ignoring: ExperimentSpec.ownKeys)
            try probe.validate()
            if kind == "train-replay", condition.fields["dataset"]?.string == nil {
                throw FileError.invalid(path: file, expected: "a 'dataset' (or 'vary.dataset')", found: "none")
            }
            // Replay options are checked now too, not after the training they follow.
            if let cue = condition.fields["cue"] {
                guard let text = cue.string, text.hasPrefix("image:") || (try? Cue(parsing: text)) != nil else {
                    throw FileError.invalid(path: file, expected: "'cue' first, noise:SIGMA (≥ 0), mask:FRACTION (0…1) or image:PATH in condition '\(condition.label)'", found: "\(cue)")
                }
            }
            if let length = condition.fields["length"] {
                guard let n = length.wholeNumber, (1...100_000).contains(n) else {
                    throw FileError.invalid(path: file, expected: "'length' a whole number in 1…100000 in condition '\(condition.label)'", found: "\(length)")
                }
            }
        }
    }

    /// The `prc-data build` argument lists to run: an entry holding `{seed}` is run once per seed with the
    /// seed written in (so each seed can draw its own data, named e.g. `random-16-s{seed}`).
    var buildCommands: [[String]] {
        build.flatMap { words -> [[String]] in
            guard words.contains(where: { $0.contains(ExperimentSpec.seedPlaceholder) }) else { return [words] }
            return seeds.map { seed in words.map { ExperimentSpec.withSeed($0, seed) } }
        }
    }

    /// Most conditions one file may ask for (a typo in a grid must not allocate without bound).
    static let maxConditions = 10_000
    /// Most condition × seed runs one file may ask for.
    static let maxRuns = 1_000_000

    /// The field of a vary object that names it (in tables and folders) rather than setting a model option.
    static let labelKey = "label"

    /// The placeholder replaced by the run's seed in build arguments and the dataset name.
    static let seedPlaceholder = "{seed}"

    /// `text` with every `{seed}` replaced by `seed`.
    static func withSeed(_ text: String, _ seed: UInt64) -> String {
        text.replacingOccurrences(of: seedPlaceholder, with: "\(seed)")
    }

    /// Seeds as a list `[0, 1]` or a range `{"from": 0, "count": 100}`.
    static func parseSeeds(_ v: JSONValue?, file: String) throws -> [UInt64] {
        guard let v else { return [0] }
        if let o = v.object, let from = o["from"]?.wholeNumber, let count = o["count"]?.wholeNumber, from >= 0, (1...1_000_000).contains(count) {
            return (0..<count).map { UInt64(from) + UInt64($0) }
        }
        guard let list = v.array, !list.isEmpty else {
            throw FileError.invalid(path: file, expected: "'seeds' as a list of whole numbers or {\"from\": S, \"count\": N}", found: "\(v)")
        }
        let seeds = try list.map { x in
            guard let n = x.wholeNumber, n >= 0 else {
                throw FileError.invalid(path: file, expected: "'seeds' as whole numbers ≥ 0", found: "\(x)")
            }
            return UInt64(n)
        }
        guard Set(seeds).count == seeds.count else {
            throw FileError.invalid(path: file, expected: "'seeds' without repeats", found: "\(seeds.map(String.init).joined(separator: ", "))")
        }
        return seeds
    }

    /// One point of the grid: the merged fields and a label naming the varied values.
    struct Condition {
        let fields: [String: JSONValue]
        let varied: [(key: String, value: String)]

        /// Names given by a vary object's "label" field, by key (they replace "key=value").
        var names: [String: String] = [:]

        /// "hidden=256, cue=noise:0.1" (or "all" when nothing varies); a named value shows its name.
        var label: String {
            varied.isEmpty ? "all" : varied.map { names[$0.key] ?? "\($0.key)=\($0.value)" }.joined(separator: ", ")
        }

        /// A folder name from the varied values, restricted to keys in `keys` (nil: all).
        func folder(keys: Set<String>? = nil) -> String {
            let parts = varied.filter { keys?.contains($0.key) ?? true }.map { names[$0.key] ?? "\($0.key)-\($0.value)" }
            let raw = parts.isEmpty ? "run" : parts.joined(separator: "_")
            let safe = String(raw.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "-" })
            // Never "." or ".." (or a hidden name): the folder stays inside the results folder.
            return safe.hasPrefix(".") ? "_" + safe.dropFirst() : safe
        }
    }

    /// The cartesian product of the varied values over the base fields, in file order.
    var conditions: [Condition] {
        var out = [Condition(fields: base, varied: [])]
        for (key, values) in vary {
            out = out.flatMap { c in
                values.map { v in
                    var f = c.fields
                    guard let o = v.object else {
                        f[key] = v
                        return Condition(fields: f, varied: c.varied + [(key, v.scalarText ?? "\(v)")])
                    }
                    // An object value sets several fields at once, e.g. {"model": "mahn", "separation": "softmax:5"};
                    // its optional "label" names the value in tables and folders instead.
                    for (k, x) in o where k != ExperimentSpec.labelKey { f[k] = x }
                    let others = o.keys.sorted().filter { $0 != key && $0 != ExperimentSpec.labelKey }
                        .map { "\($0) \(o[$0]?.scalarText ?? "")" }
                    let text = (o[key]?.scalarText ?? "") + (others.isEmpty ? "" : " (" + others.joined(separator: ", ") + ")")
                    var next = Condition(fields: f, varied: c.varied + [(key, text)])
                    next.names = c.names
                    next.names[key] = o[ExperimentSpec.labelKey]?.string
                    return next
                }
            }
        }
        return out
    }
}
