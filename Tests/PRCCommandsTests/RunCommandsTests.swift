import Foundation
import Testing
@testable import PRCCommands
import PRCCore
import PRCIngest
import PRCModel
import PRCRender

/// End-to-end checks of `prc train`, `replay`, `render` and `experiment` on a tiny binary chain.
@Suite(.serialized) struct RunCommandsTests {
    let data: String
    init() throws {
        data = makeTempDir("run-data")
        #expect(runPRCData(["build", "binary", "--name", "chain4", "--pattern", "onehot", "--width", "4", "--data-dir", data, "--quiet"]) == 0)
    }

    @Test func zeroEpochsWritesInitialWeightsWithinInitRange() throws {
        let out = makeTempDir("run") + "/r"
        #expect(runPRC(["train", "--dataset", "chain4", "--data-dir", data, "--hidden", "3", "--epochs", "0", "--init", "0.25",
                        "--seed", "4", "--out", out, "--quiet"]) == 0)
        let cp = try Checkpoint.read(out + "/model.safetensors")
        #expect(cp.tensors.map(\.name).sorted() == ["Wf", "Wg", "Wr", "bf", "bg", "br"])
        for t in cp.tensors { #expect(t.values.allSatisfy { abs($0) <= 0.25 }) }
        #expect(cp.tensors.first { $0.name == "Wf" }?.shape == [3, 4])
        let config = try readJSONObject(out + "/config.json")
        #expect(config["hidden"]?.number == 3)
        #expect(config["dataset"]?.string == "chain4")
        #expect(config["init"]?.number == 0.25)
        let log = try String(contentsOfFile: out + "/train-log.csv", encoding: .utf8)
        #expect(log == TrainLog.header + "\n")
    }

    @Test(arguments: [["--model", "tpc1", "--tpc-activation", "linear", "--lr", "0.5", "--epochs", "300"],
                      ["--model", "tpc1", "--tpc-activation", "linear", "--optimizer", "adam", "--lr", "0.01", "--epochs", "300"],
                      ["--model", "ahn", "--epochs", "1"], ["--model", "mahn", "--separation", "poly:2", "--epochs", "1"],
                      ["--model", "tpc2", "--hidden", "4", "--inference-steps", "100", "--inference-rate", "0.1", "--lr", "0.1",
                       "--tpc-activation", "linear", "--epochs", "1000"]])
    func baselineTrainsAndReplaysTheChain(_ words: [String]) throws {
        let out = makeTempDir("run") + "/" + words[1]
        #expect(runPRC(["train", "--dataset", "chain4", "--data-dir", data, "--out", out, "--quiet"] + words) == 0)
        let cp = try Checkpoint.read(out + "/model.safetensors")
        #expect(cp.config.model.rawValue == words[1])
        let names = ["tpc1": ["W", "b"], "tpc2": ["Wr", "br", "Wout", "bout"]][words[1]] ?? ["keys", "values"]
        #expect(cp.tensors.map(\.name) == names)
        #expect(runPRC(["replay", "--run", out, "--data-dir", data, "--quiet"]) == 0)
        let m = try readJSONObject(out + "/replay/metrics.json")
        #expect(m["exact_recall"]?.number == 1)
        #expect((m["mean_mse"]?.number ?? 1) < (words[1] == "tpc2" ? 1e-3 : 1e-6))
        #expect(try NPY.readFloat32(out + "/replay/codes.npy").shape == [1, 4, 4])   // tpc2: 4 hidden units
        #expect(runPRC(["train", "--dataset", "chain4", "--data-dir", data, "--model", "mahn", "--separation", "softmax:0",
                        "--out", out + "-bad", "--quiet"]) == 2)
    }

    @Test func chainIsRecalledExactlyAndRendered() throws {
        let out = makeTempDir("run") + "/chain"
        #expect(runPRC(["train", "--dataset", "chain4", "--data-dir", data, "--hidden", "2", "--lr", "1", "--epochs", "2000",
                        "--seed", "0", "--eval-every", "500", "--out", out, "--quiet"]) == 0)
        #expect(runPRC(["replay", "--run", out, "--data-dir", data, "--quiet"]) == 0)
        let m = try readJSONObject(out + "/replay/metrics.json")
        #expect(m["exact_recall"]?.number == 1)
        #expect((m["mean_mse"]?.number ?? 1) < 0.05)
        let recall = try NPY.readFloat32(out + "/replay/recall.npy")
        #expect(recall.shape == [1, 4, 1, 4])
        let codes = try NPY.readFloat32(out + "/replay/codes.npy")
        #expect(codes.shape == [1, 4, 2])
        let log = try TrainLogCSV.parse(try String(contentsOfFile: out + "/train-log.csv", encoding: .utf8), path: "train-log.csv")
        #expect(log.count == 2000)
        #expect(log[499].recallMSE != nil && log[500].recallMSE == nil)
        #expect(runPRC(["render", "--run", out, "--data-dir", data, "--fps", "5", "--quiet"]) == 0)
        for f in ["strip.png", "sheet.png", "codes.png", "curves.svg", "recall-error.svg", "index.html"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + f), "missing \(f)")
        }
    }

    @Test func configFileAndFlagsResolve() throws {
        let dir = makeTempDir("cfg")
        try #"{"dataset": "chain4", "hidden": 5, "lr": 0.5, "lr_r": 0.2, "bias": false, "schedule": "two-phase:3"}"#
            .write(toFile: dir + "/c.json", atomically: true, encoding: .utf8)
        #expect(runPRC(["train", "--config", dir + "/c.json", "--data-dir", data, "--hidden", "6", "--epochs", "0", "--out", dir + "/r", "--quiet"]) == 0)
        let c = try readJSONObject(dir + "/r/config.json")
        #expect(c["hidden"]?.number == 6)      // flag wins
        #expect(c["lr_f"]?.number == 0.5)      // lr sets all three…
        #expect(c["lr_r"]?.number == 0.2)      // …the specific one overrides it
        #expect(c["bias"] == .bool(false))
        #expect(c["schedule"]?.string == "two-phase:3")
        try #"{"dataset": "chain4", "hiden": 5}"#.write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        #expect(runPRC(["train", "--config", dir + "/bad.json", "--data-dir", data, "--quiet"]) == 2)
    }

    @Test func divergenceStopsCleanlyKeepingTheLastGoodCheckpoint() throws {
        let out = makeTempDir("div") + "/r"
        let status = runPRC(["train", "--dataset", "chain4", "--data-dir", data, "--hidden", "4", "--lr", "1000", "--visible-activation", "linear", "--epochs", "50",
                             "--out", out, "--quiet"])
        #expect(status == 1)
        let cp = try Checkpoint.read(out + "/model.safetensors")
        for t in cp.tensors { let finite = t.values.allSatisfy { $0.isFinite }; #expect(finite) }
    }

    @Test func experimentSummarisesSeeds() throws {
        let dir = makeTempDir("exp")
        try #"{"name": "tiny", "dataset": "chain4", "hidden": 2, "lr": 1, "epochs": 300, "seeds": [0, 1, 2]}"#
            .write(toFile: dir + "/e.json", atomically: true, encoding: .utf8)
        #expect(runPRC(["experiment", dir + "/e.json", "--data-dir", data, "--out", dir + "/out", "--quiet"]) == 0)
        let s = try readJSONObject(dir + "/out/summary.json")
        let mse = s["conditions"]?.array?.first?.object?["metrics"]?.object?["mean_mse"]?.object
        let values = mse?["values"]?.array?.compactMap(\.number) ?? []
        #expect(values.count == 3)
        for (i, v) in values.enumerated() {   // each value is the replay metric of that seed's run
            let m = try readJSONObject(dir + "/out/run/seed-\(i)/replay/metrics.json")
            #expect(m["mean_mse"]?.number == v)
        }
        #expect(abs((mse?["mean"]?.number ?? -1) - values.reduce(0, +) / 3) < 1e-12)
        #expect(FileManager.default.fileExists(atPath: dir + "/out/run/seed-0/pictures-recall/index.html"))
        let md = try String(contentsOfFile: dir + "/out/results.md", encoding: .utf8)
        #expect(md.contains("| all |"))
    }

    @Test func experimentVariesCuesWithoutRetraining() throws {
        let dir = makeTempDir("expcue")
        try #"{"name": "cues", "dataset": "chain4", "hidden": 2, "lr": 1, "epochs": 200, "seeds": [0], "vary": {"cue": ["first", "mask:1"]}}"#
            .write(toFile: dir + "/e.json", atomically: true, encoding: .utf8)
        #expect(runPRC(["experiment", dir + "/e.json", "--data-dir", data, "--out", dir + "/out", "--quiet"]) == 0)
        let runs = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { !$0.hasSuffix(".json") && !$0.hasSuffix(".md") }
        #expect(runs == ["run"])   // one training folder shared by both cue conditions
        let first = try readJSONObject(dir + "/out/run/seed-0/replay-cue-first/metrics.json")
        let masked = try readJSONObject(dir + "/out/run/seed-0/replay-cue-mask-1/metrics.json")
        #expect(first["cue"]?.string == "first" && masked["cue"]?.string == "mask:1")
        // A fully masked cue is a blank frame: its reconstruction cannot match the first pattern.
        #expect((masked["cue_mse"]?.number ?? 0) > (first["cue_mse"]?.number ?? 1))
    }

    @Test func experimentVariesModelsWithTheirOwnFields() throws {
        let dir = makeTempDir("expmodels")
        try #"{"name": "models", "dataset": "chain4", "hidden": 2, "lr": 1, "epochs": 5, "seeds": [0], "vary": {"model": ["direct", {"model": "mahn", "separation": "softmax:5", "epochs": 1}]}}"#
            .write(toFile: dir + "/e.json", atomically: true, encoding: .utf8)
        #expect(runPRC(["experiment", dir + "/e.json", "--data-dir", data, "--out", dir + "/out", "--quiet"]) == 0)
        let md = try String(contentsOfFile: dir + "/out/results.md", encoding: .utf8)
        #expect(md.contains("| model=direct |") && md.contains("| model=mahn (epochs 1, separation softmax:5) |"))
        let runs = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0.hasPrefix("model-mahn") }
        #expect(runs.count == 1)
        let cp = try Checkpoint.read(dir + "/out/" + (runs.first ?? "") + "/seed-0/model.safetensors")
        #expect(cp.config.model == .mahn && cp.config.separation == "softmax:5" && cp.config.epochs == 1)
        // The direct run keeps the shared fields.
        let direct = try Checkpoint.read(dir + "/out/model-direct/seed-0/model.safetensors")
        #expect(direct.config.epochs == 5 && direct.config.separation == "softmax:1")
    }

    @Test func labelsNameConditionsInTablesAndFolders() throws {
        let dir = makeTempDir("explabel")
        try #"{"name": "named", "dataset": "chain4", "hidden": 2, "lr": 1, "epochs": 5, "seeds": [0], "vary": {"model": [{"label": "Hopfield beta=5", "model": "mahn", "separation": "softmax:5", "epochs": 1}, {"label": "PRC", "model": "prc"}]}}"#
            .write(toFile: dir + "/e.json", atomically: true, encoding: .utf8)
        #expect(runPRC(["experiment", dir + "/e.json", "--data-dir", data, "--out", dir + "/out", "--quiet"]) == 0)
        let md = try String(contentsOfFile: dir + "/out/results.md", encoding: .utf8)
        #expect(md.contains("| Hopfield beta=5 |") && md.contains("| PRC |"), "\(md)")
        let cp = try Checkpoint.read(dir + "/out/Hopfield-beta-5/seed-0/model.safetensors")
        #expect(cp.config.model == .mahn && cp.config.separation == "softmax:5")
        #expect(fileExists(dir + "/out/PRC/seed-0/model.safetensors"))
    }

    @Test func conditionsWithTheSameNameAreRejected() throws {
        let dir = makeTempDir("explabel")
        try #"{"dataset": "chain4", "seeds": [0], "vary": {"model": [{"label": "a b", "model": "prc"}, {"label": "a-b", "model": "direct"}]}}"#
            .write(toFile: dir + "/e.json", atomically: true, encoding: .utf8)
        let r = try runBinary("prc", ["experiment", dir + "/e.json", "--check"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("'a b' and 'a-b' both named 'a-b'"), "\(r.stderr)")
        try #"{"dataset": "chain4", "seeds": [0], "vary": {"model": [{"label": 3, "model": "prc"}]}}"#
            .write(toFile: dir + "/f.json", atomically: true, encoding: .utf8)
        #expect(try runBinary("prc", ["experiment", dir + "/f.json", "--check"]).status == 1)
    }

    @Test(arguments: [
        (#"{"dataset": "chain4", "vary": {"cue": [{"cue": "first", "hidden": 2}, {"cue": "noise:0.1", "hidden": 7}]}}"#, "share one training"),
        (#"{"dataset": "chain4", "vary": {"hidden": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "epochs": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "batch": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "threshold": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1]}}"#, "at most 10000 conditions"),
        (#"{"dataset": "chain4", "seed": 7}"#, "a 'seed' key"),
        (#"{"dataset": "chain4", "vary": {"seed": [1, 2]}}"#, "'vary.seed'"),
        (#"{"dataset": "chain4", "seeds": [0, 0]}"#, "without repeats"),
        (#"{"dataset": "chain4", "cue": "bogus"}"#, "'cue' first, noise:SIGMA"),
        (#"{"dataset": "chain4", "vary": {"length": [4, -4]}}"#, "condition 'length=-4'"),
        (#"{"name": "../escape", "dataset": "chain4"}"#, "'name' of letters"),
    ])
    func experimentFileMistakesFailBeforeAnyRun(_ file: String, _ message: String) throws {
        let dir = makeTempDir("expbad")
        try file.write(toFile: dir + "/e.json", atomically: true, encoding: .utf8)
        let r = try runBinary("prc", ["experiment", dir + "/e.json", "--check"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("e.json") && r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func dotLabelsStayInsideTheResultsFolder() throws {
        let dir = makeTempDir("expdots")
        try #"{"name": "dots", "dataset": "chain4", "epochs": 2, "seeds": [0], "vary": {"model": [{"label": "..", "model": "prc"}]}}"#
            .write(toFile: dir + "/e.json", atomically: true, encoding: .utf8)
        #expect(runPRC(["experiment", dir + "/e.json", "--data-dir", data, "--out", dir + "/a/out", "--quiet"]) == 0)
        #expect(fileExists(dir + "/a/out/_./seed-0/model.safetensors"))
        #expect(!fileExists(dir + "/a/seed-0"))
    }

    /// `{seed}` in build arguments and the dataset gives each seed its own data.
    @Test func experimentBuildsOneDatasetPerSeed() throws {
        let dir = makeTempDir("expseed")
        let own = makeTempDir("expseeddata")
        try #"{"name": "per-seed", "dataset": "rand-s{seed}", "hidden": 4, "lr": 1, "epochs": 2, "seeds": [3, 4], "build": [["binary", "--name", "rand-s{seed}", "--pattern", "random", "--width", "8", "--length", "5", "--seed", "{seed}"]]}"#
            .write(toFile: dir + "/e.json", atomically: true, encoding: .utf8)
        #expect(runPRC(["experiment", dir + "/e.json", "--data-dir", own, "--out", dir + "/out", "--quiet"]) == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: own + "/datasets/rand-s3/frames.npy"))
        let b = try Data(contentsOf: URL(fileURLWithPath: own + "/datasets/rand-s4/frames.npy"))
        #expect(a.count == b.count && a != b)
        #expect(!FileManager.default.fileExists(atPath: own + "/datasets/rand-s{seed}"))
        for seed in [3, 4] {
            let config = try readJSONObject(dir + "/out/run/seed-\(seed)/config.json")
            #expect(config["dataset"]?.string == "rand-s\(seed)")
        }
    }

    @Test func encoderExperimentCountsUpdates() throws {
        let dir = makeTempDir("enc")
        try #"{"name": "enc", "kind": "encoder", "patterns": 4, "hidden": 2, "seeds": {"from": 0, "count": 5}}"#
            .write(toFile: dir + "/e.json", atomically: true, encoding: .utf8)
        #expect(runPRC(["experiment", dir + "/e.json", "--data-dir", data, "--out", dir + "/out", "--quiet"]) == 0)
        let s = try readJSONObject(dir + "/out/summary.json")
        let u = s["conditions"]?.array?.first?.object?["metrics"]?.object?["updates_to_criterion"]?.object
        let expected = try EncoderExperiment.run(patterns: 4, hidden: 2, seeds: [0, 1, 2, 3, 4])
        #expect(u?["values"]?.array?.map(\.number) == expected.updates.map { $0.map(Double.init) })
    }

    @Test func runsRecordTheirFramesAndNoticeARebuiltDataset() throws {
        let own = makeTempDir("stale"), run = own + "/r"
        #expect(runPRCData(["build", "binary", "--name", "c", "--pattern", "onehot", "--width", "4", "--data-dir", own, "--quiet"]) == 0)
        #expect(runPRC(["train", "--dataset", "c", "--data-dir", own, "--hidden", "2", "--lr", "1", "--epochs", "20", "--out", run, "--quiet"]) == 0)
        // SHA-256 of "1x4x1:4\n" followed by the 16 frame bytes (255 0 0 0, 0 255 0 0, …), computed with Python's hashlib.
        let config = try readJSONObject(run + "/config.json")
        #expect(config["frames_sha256"]?.string == "7ebfd3fe665d9698a5421529e02159f74a3e8f98342b5d77831f0a37f672f993")
        #expect(runPRC(["replay", "--run", run, "--data-dir", own, "--quiet"]) == 0)
        // The dataset is rebuilt with other frames of the same size: replay and render refuse the silent mix.
        #expect(runPRCData(["build", "binary", "--name", "c", "--pattern", "random", "--width", "4", "--length", "4", "--data-dir", own, "--quiet"]) == 0)
        let replay = try runBinary("prc", ["replay", "--run", run, "--data-dir", own, "--quiet"])
        #expect(replay.status == 1 && replay.stderr.contains("rebuilt or changed"), "\(replay.stderr)")
        #expect(try runBinary("prc", ["render", "--run", run, "--data-dir", own, "--quiet"]).status == 1)
        // Replaying on it explicitly is allowed, and render then draws that data as the truth.
        #expect(runPRC(["replay", "--run", run, "--data-dir", own, "--dataset", "c", "--quiet"]) == 0)
        #expect(runPRC(["render", "--run", run, "--data-dir", own, "--quiet"]) == 0)
        // A replay older than the data it names is refused too.
        #expect(runPRCData(["build", "binary", "--name", "c", "--pattern", "onehot", "--width", "4", "--data-dir", own, "--quiet"]) == 0)
        let render = try runBinary("prc", ["render", "--run", run, "--data-dir", own, "--quiet"])
        #expect(render.status == 1 && render.stderr.contains("run 'prc replay' again with --dataset c"), "\(render.stderr)")
        // A digest that is not 64 hex digits is an error naming the file, not a silently skipped check.
        var edited = config
        edited["frames_sha256"] = .number(123)
        try jsonText(JSONValue.object(edited)).write(toFile: run + "/config.json", atomically: true, encoding: .utf8)
        let bad = try runBinary("prc", ["replay", "--run", run, "--data-dir", own, "--quiet"])
        #expect(bad.status == 1 && bad.stderr.contains("config.json") && bad.stderr.contains("64 lowercase hex digits"), "\(bad.stderr)")
    }

    @Test func replayOnAnotherFrameShapeWithAsManyValuesIsRefused() throws {
        let own = makeTempDir("shape"), run = own + "/r"
        #expect(runPRCData(["build", "binary", "--name", "c", "--pattern", "onehot", "--width", "4", "--data-dir", own, "--quiet"]) == 0)
        #expect(runPRC(["train", "--dataset", "c", "--data-dir", own, "--hidden", "2", "--epochs", "1", "--out", run, "--quiet"]) == 0)
        #expect(try readJSONObject(run + "/config.json")["frame_shape"]?.array?.compactMap(\.number) == [1, 4, 1])
        // Four frames of 2×2: as many values per frame as the 1×4 frames trained on.
        try NPY.write(FloatTensor(shape: [1, 4, 2, 2], values: (0..<16).map { Float($0 % 5 == 0 ? 1 : 0) }), to: own + "/sq.npy")
        #expect(runPRCData(["import", own + "/sq.npy", "--name", "sq", "--data-dir", own, "--quiet"]) == 0)
        let r = try runBinary("prc", ["replay", "--run", run, "--data-dir", own, "--dataset", "sq", "--quiet"])
        #expect(r.status == 1 && r.stderr.contains("frames of 1×4 gray") && r.stderr.contains("2×2 gray"), "\(r.stderr)")
    }

    @Test func experimentFileErrorsNameTheKey() throws {
        let dir = makeTempDir("experr")
        try #"{"dataset": "chain4", "vary": {"hidden": []}}"#.write(toFile: dir + "/e.json", atomically: true, encoding: .utf8)
        #expect(runPRC(["experiment", dir + "/e.json", "--data-dir", data, "--quiet"]) == 1)
        try #"{"dataset": "chain4", "hiden": 3}"#.write(toFile: dir + "/f.json", atomically: true, encoding: .utf8)
        #expect(runPRC(["experiment", dir + "/f.json", "--data-dir", data, "--quiet"]) == 2)
    }

    @Test func badValueInALaterConditionFailsBeforeAnyTraining() throws {
        let dir = makeTempDir("expcheck")
        try #"{"name": "late", "dataset": "chain4", "epochs": 5, "seeds": [0], "vary": {"lr": [0.5, -1]}}"#
            .write(toFile: dir + "/e.json", atomically: true, encoding: .utf8)
        let r = try runBinary("prc", ["experiment", dir + "/e.json", "--data-dir", data, "--out", dir + "/out", "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("e.json") && r.stderr.contains("-1"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func checkListsTheRunsWithoutTraining() throws {
        let dir = makeTempDir("expcheck")
        try #"{"name": "plan", "dataset": "chain4", "hidden": 3, "seeds": [0, 1], "vary": {"lr": [0.5, 1]}}"#
            .write(toFile: dir + "/e.json", atomically: true, encoding: .utf8)
        let r = try runBinary("prc", ["experiment", dir + "/e.json", "--check", "--out", dir + "/out"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("plan: 2 condition(s) × 2 seed(s) = 4 run(s), 4 training(s)\n"), "\(r.stdout)")
        #expect(r.stdout.contains("  lr=1: prc train --dataset chain4 --hidden 3 --lr 1"), "\(r.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
        // Conditions that differ only in the cue share their training.
        try #"{"name": "cues", "dataset": "chain4", "seeds": [0, 1], "vary": {"cue": ["first", "noise:0.1"]}}"#
            .write(toFile: dir + "/c.json", atomically: true, encoding: .utf8)
        let c = try runBinary("prc", ["experiment", dir + "/c.json", "--check"])
        #expect(c.stdout.hasPrefix("cues: 2 condition(s) × 2 seed(s) = 4 run(s), 2 training(s)\n"), "\(c.stdout)")
        #expect(c.stdout.contains("; prc replay --cue noise:0.1\n"), "\(c.stdout)")
    }

    @Test func everyShippedExperimentFileChecks() throws {
        let folder = packageRoot + "/experiments"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count >= 12)
        for f in files {
            let r = try runBinary("prc", ["experiment", folder + "/" + f, "--check"])
            #expect(r.status == 0, "\(f): \(r.stderr)")
            #expect(r.stdout.hasPrefix((f as NSString).deletingPathExtension + ": "), "\(f): \(r.stdout)")
        }
    }

}

/// The executables' exit codes and one-line errors.
@Suite struct CLIErrorTests {
    @Test func unknownFlagMissingValueAndMalformedNumberExitTwo() throws {
        for args in [["train", "--epoch", "3"], ["train", "--dataset"], ["train", "--dataset", "x", "--epochs", "ten"], ["frobnicate"]] {
            let r = try runBinary("prc", args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("Fatal error"))
        }
    }

    @Test func missingDatasetNamesIt() throws {
        let r = try runBinary("prc", ["train", "--dataset", "no-such-dataset", "--data-dir", makeTempDir("empty"), "--quiet"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no-such-dataset"))
    }

    @Test func helpExitsZero() throws {
        let r = try runBinary("prc", ["train", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("--recurrent-deriv"))
    }
}
