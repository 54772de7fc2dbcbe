import Foundation
import PRCCore
import PRCIngest
import PRCModel
import PRCRender

/// One demo run: which dataset, how it is trained, and why it is in the demo.
private struct DemoRun {
    let name: String
    let dataset: String
    let words: [String]
    let what: String
}

private let demoRuns: [DemoRun] = [
    DemoRun(name: "onehot-4", dataset: "onehot-4", words: ["--hidden", "2", "--lr", "1", "--epochs", "2000", "--seed", "0"],
            what: "the poster's sequential 4-2-4 chain: 1000→0100→0010→0001 through 2 hidden units"),
    DemoRun(name: "sequential-mnist", dataset: "sequential-mnist", words: ["--hidden", "256", "--lr", "0.1", "--epochs", "300", "--seed", "0"],
            what: "digits 0–9 as one sequence, recalled from the 0"),
    DemoRun(name: "moving-mnist", dataset: "moving-mnist", words: ["--hidden", "256", "--lr", "0.05", "--epochs", "300", "--limit", "3", "--seed", "0"],
            what: "three two-digit Moving MNIST sequences (64×64, 20 frames) stored at once, each recalled from its first frame"),
]

/// `prc demo`: the main job end to end — data, training, replay, pictures, report.
let demoCommand = Subcommand(spec: CommandSpec(
    name: "prc demo", summary: "Fetch and build data, train PRC on three datasets, replay, render, write outputs/demo/index.html.",
    options: [
        .value("--data-dir", "DIR", "data directory (default $PRC_DATA_DIR or ./data)"),
        .value("--out", "DIR", "output folder (default outputs/demo)"),
    ])) { args in
    let started = monotonicSeconds()
    let dataDir = DataDirectory(flag: args.string("--data-dir"))
    let out = args.string("--out") ?? "outputs/demo"
    let quiet = args.quiet
    var fetch = FetchOptions(dataDir: dataDir, from: nil, mirrors: nil, offline: false, quiet: quiet)
    fetch.fallbackToSample = true
    let summary = try FetchAndBuild.run(fetch)
    Console.note("MNIST: \(summary.source)", quiet: quiet)

    var rows: [DemoRow] = []
    for run in demoRuns {
        let t0 = monotonicSeconds()
        Console.note("== \(run.name): \(run.what)", quiet: quiet)
        let metrics = try trainReplayRender(dataset: run.dataset, dataDir: dataDir, out: joinPath(out, run.name),
                                            trainWords: run.words, render: true, quiet: quiet)
        rows.append(DemoRow(name: run.name, what: run.what, metrics: metrics, seconds: monotonicSeconds() - t0))
    }
    let index = DemoIndex(title: "prc demo — Predictive Recirculation recalls", lines: [
        "MNIST source: \(summary.source)", "Each run stores its sequences with local learning rules and recalls them from the first frame only.",
    ], entries: rows.map { row in
        DemoIndex.Entry(name: row.name, description: row.what, metrics: [
            KeyValue("mean MSE (frames 2…T)", row.value("mean_mse")), KeyValue("nearest-frame accuracy", row.value("nearest_frame_accuracy", digits: true)),
            KeyValue("exact recall", row.value("exact_recall", digits: true)), KeyValue("time", formatDuration(row.seconds)),
        ])
    })
    try writeFileAtomically(joinPath(out, "index.html"), text: index.render())
    Console.out("")
    Console.out(demoTable(rows))
    Console.out("MNIST source: \(summary.source)")
    Console.out("total time: \(formatDuration(monotonicSeconds() - started))")
    Console.out("report: \(joinPath(out, "index.html"))")
}

/// One line of the demo's summary.
struct DemoRow {
    let name: String
    let what: String
    let metrics: [String: JSONValue]
    let seconds: Double

    func value(_ key: String, digits: Bool = false) -> String {
        guard let v = metrics[key] else { return "–" }
        if let n = v.number { return digits ? String(format: "%.3f", n) : sci(n) }
        return v == .null ? "n/a" : (v.string ?? "–")
    }
}

/// The summary table printed at the end of the demo.
func demoTable(_ rows: [DemoRow]) -> String {
    let header = ["run", "mean MSE", "nearest-frame acc.", "exact recall", "time"]
    let body = rows.map { [$0.name, $0.value("mean_mse"), $0.value("nearest_frame_accuracy", digits: true),
                           $0.value("exact_recall", digits: true), formatDuration($0.seconds)] }
    let widths = header.indices.map { i in ([header[i]] + body.map { $0[i] }).map(\.count).max() ?? 0 }
    func line(_ cells: [String]) -> String { cells.enumerated().map { $0.element.padding(widths[$0.offset] + 1) }.joined(separator: " ") }
    return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + body.map(line)).joined(separator: "\n")
}
