import Foundation
import PRCCore
import PRCIngest
import PRCModel

/// Runs one subcommand in-process with the given words (used by demo and experiments so they
/// follow exactly the same code path as the commands a user types).
func invoke(_ command: Subcommand, _ words: [String]) throws {
    try command.run(try parseArguments(words, spec: command.spec))
}

/// Train → replay → (optionally) render one run folder; returns the replay metrics.
func trainReplayRender(dataset: String, dataDir: DataDirectory, out: String, trainWords: [String], replayWords: [String] = [],
                       render: Bool, quiet: Bool) throws -> [String: JSONValue] {
    let q = quiet ? ["--quiet"] : []
    try Console.$muted.withValue(true) {
        try invoke(trainCommand, ["--dataset", dataset, "--data-dir", dataDir.root, "--out", out] + trainWords + q)
        try invoke(replayCommand, ["--run", out, "--data-dir", dataDir.root] + replayWords + q)
        if render { try invoke(renderCommand, ["--run", out, "--data-dir", dataDir.root] + q) }
    }
    return try readJSONObject(RunFolder(path: out).metricsFile)
}
