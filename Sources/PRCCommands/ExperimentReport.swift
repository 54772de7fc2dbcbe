import Foundation
import PRCCore

/// Mean, spread and range of each metric per condition, as JSON and as a Markdown table.
struct ExperimentReport {
    let spec: ExperimentSpec
    let rows: [ConditionResult]
    let seconds: Double

    /// The metrics summarised, in column order, with their column titles.
    var columns: [(key: String, title: String)] {
        spec.kind == "encoder"
            ? [("updates_to_criterion", "updates to criterion"), ("solved", "solved share")]
            : [("mean_mse", "recall MSE (frames 2…T)"), ("nearest_frame_accuracy", "nearest-frame acc."),
               ("correct_frame_rate", "correct-frame rate"), ("exact_recall", "exact recall"), ("cue_mse", "cue MSE"),
               ("epochs_to_criterion", "epochs to criterion")]
    }

    /// Statistics of one metric over the seeds of a condition (nil values, e.g. not binary, are left out).
    func stats(_ row: ConditionResult, _ key: String) -> (mean: Double, sd: Double, min: Double, max: Double, n: Int, missing: Int)? {
        let raw = row.perSeed.map { $0[key] }
        let values = raw.compactMap { $0?.number }
        guard !values.isEmpty else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = values.count > 1 ? (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot() : 0
        return (mean, sd, values.min() ?? 0, values.max() ?? 0, values.count, raw.count - values.count)
    }

    /// summary.json: per condition, per metric mean/sd/min/max/values.
    var json: JSONValue {
        var conditions: [JSONValue] = []
        for row in rows {
            var metrics: [String: JSONValue] = [:]
            for (key, _) in columns {
                let values = row.perSeed.map { $0[key] ?? .null }
                guard let s = stats(row, key) else { metrics[key] = .null; continue }
                metrics[key] = .object(["mean": .number(s.mean), "sd": .number(s.sd), "min": .number(s.min), "max": .number(s.max),
                                        "n": .number(Double(s.n)), "values": .array(values)])
            }
            var entry: [String: JSONValue] = ["condition": .string(row.label), "metrics": .object(metrics), "seconds": .number(row.seconds)]
            if let p = row.pictures { entry["pictures"] = .string(p) }
            conditions.append(.object(entry))
        }
        var doc: [String: JSONValue] = ["name": .string(spec.name), "file": .string(spec.file), "kind": .string(spec.kind),
                                        "seeds": .array(spec.seeds.map { .number(Double($0)) }), "conditions": .array(conditions),
                                        "seconds": .number(seconds)]
        if let d = spec.description { doc["description"] = .string(d) }
        return .object(doc)
    }

    /// results.md: the command, a table with one row per condition, and the time it took.
    var markdown: String {
        var lines = ["### \(spec.name)", ""]
        if let d = spec.description { lines += [d, ""] }
        lines += ["Command: `prc experiment \(spec.file)` — \(spec.seeds.count) seed(s), \(formatDuration(seconds)) in all.", ""]
        let used = columns.filter { c in rows.contains { stats($0, c.key) != nil } }
        lines.append("| condition | " + used.map(\.title).joined(separator: " | ") + " | time |")
        lines.append("|---|" + used.map { _ in "---|" }.joined() + "---|")
        for row in rows {
            let cells = used.map { c -> String in
                guard let s = stats(row, c.key) else { return "–" }
                var text = s.n > 1 ? "\(fmt(s.mean)) ± \(fmt(s.sd))" : fmt(s.mean)
                if c.key == "updates_to_criterion" { text += " (median \(fmt(median(row, c.key))), max \(fmt(s.max)))" }
                if s.n > 1, c.key != "updates_to_criterion" { text += " [\(fmt(s.min)), \(fmt(s.max))]" }
                if s.missing > 0 { text += " (\(s.missing) not reached)" }
                return text
            }
            lines.append("| \(row.label) | " + cells.joined(separator: " | ") + " | \(formatDuration(row.seconds)) |")
        }
        lines.append("")
        lines.append("Values are mean ± sd [min, max] over seeds.")
        return lines.joined(separator: "\n") + "\n"
    }

    private func median(_ row: ConditionResult, _ key: String) -> Double {
        let v = row.perSeed.compactMap { $0[key]?.number }.sorted()
        guard !v.isEmpty else { return .nan }
        return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
    }

    private func fmt(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e6 { return String(Int(x)) }
        if abs(x) >= 0.01 && abs(x) < 1000 { return String(format: "%.3f", x) }
        return String(format: "%.2e", x)
    }
}
