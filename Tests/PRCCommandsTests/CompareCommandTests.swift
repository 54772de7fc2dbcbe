import Foundation
import Testing
@testable import PRCCommands
import PRCCore
import PRCIngest
import PRCRender

/// `prc compare` end to end on tiny binary chains: the figure's size, same-sequence checks, usage errors.
@Suite(.serialized) struct CompareCommandTests {
    let data: String
    let runs: String
    init() throws {
        data = makeTempDir("compare-data")
        runs = makeTempDir("compare-runs")
        // rand4 has chain4's frame size (1×4) but other bytes; chain8 has 1×8 frames.
        for words in [["--name", "chain4", "--pattern", "onehot", "--width", "4"],
                      ["--name", "rand4", "--pattern", "random", "--width", "4", "--length", "4", "--seed", "3"],
                      ["--name", "chain8", "--pattern", "onehot", "--width", "8"]] {
            #expect(runPRCData(["build", "binary"] + words + ["--data-dir", data, "--quiet"]) == 0)
        }
    }

    /// Trains `name` on `dataset` with the extra training words, and replays it unless `replay` is false.
    func run(_ name: String, _ dataset: String, _ words: [String], replay: Bool = true) -> String {
        let out = runs + "/" + name
        #expect(runPRC(["train", "--dataset", dataset, "--data-dir", data, "--out", out, "--quiet"] + words) == 0)
        if replay { #expect(runPRC(["replay", "--run", out, "--data-dir", data, "--quiet"]) == 0) }
        return out
    }

    /// Width and height from a PNG's IHDR chunk.
    func ihdrSize(_ path: String) throws -> (width: Int, height: Int) {
        let b = try readWholeFile(path)
        try #require(b.count > 24 && String(decoding: b[12..<16], as: UTF8.self) == "IHDR")
        func be32(_ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
        return (be32(16), be32(20))
    }

    @Test func twoRunsMakeOneFigureSizedLikeTheLayout() throws {
        let prc = run("prc", "chain4", ["--hidden", "2", "--lr", "1", "--epochs", "300"])
        let mahn = run("mahn", "chain4", ["--model", "mahn", "--separation", "poly:2", "--epochs", "1"])
        let out = makeTempDir("compare-out") + "/figures/chain.png"   // the folder is created
        let r = try runBinary("prc", ["compare", "--runs", "\(prc),\(mahn)", "--data-dir", data, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "wrote \(out)\n")
        let size = try ihdrSize(out)
        // The same layout from the files: sequence 0 of chain4 and both recalls, default scale for 1×4 frames (16).
        let frames = try DatasetStore.load("chain4", dataDir: DataDirectory(flag: data)).frames
        let recalls = try [prc, mahn].map { try NPY.readFloat32($0 + "/replay/recall.npy") }
        let layout = try ComparisonLayout(
            truth: frames,
            runs: zip(["PRC H2", "MAHN POLY:2"], recalls).map { .init(label: $0, recall: FloatTensor(shape: [1, 4, 4], values: $1.values)) },
            sequence: 0, scale: StripLayout.defaultScale(height: 1, width: 4))
        #expect(size.width == layout.width && size.height == layout.height)
        // By hand: cells 64×16; label column "MAHN POLY:2" 11·6 − 1 = 65, plus 10 = 75;
        // width 2·8 + 75 + 4·64 + 3·4 = 359; height 2·8 + 13 + 3·16 + 2·4 = 85.
        #expect(size.width == 359 && size.height == 85)

        // Labels given, first 2 frames, scale 4: cells 16×4, rows 7 (the text); label column "TRUE" 23 + 10.
        let r2 = try runBinary("prc", ["compare", "--runs", "\(prc),\(mahn)", "--labels", "A,B", "--frames", "2", "--scale", "4",
                                       "--data-dir", data, "--out", out])
        #expect(r2.status == 0, "\(r2.stderr)")
        let size2 = try ihdrSize(out)
        #expect(size2.width == 16 + 33 + 2 * 16 + 4 && size2.height == 16 + 13 + 3 * 7 + 2 * 4)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: parentDirectory(of: out))
        #expect(leftovers == ["chain.png"], "temporary files left: \(leftovers)")
    }

    @Test func runsOnDifferentSequencesFailNamingBothRuns() throws {
        let chain = run("chain", "chain4", ["--model", "ahn", "--epochs", "1"])
        let other = run("rand", "rand4", ["--model", "ahn", "--epochs", "1"])
        let wide = run("wide", "chain8", ["--model", "ahn", "--epochs", "1"])
        let out = makeTempDir("compare-bad") + "/x.png"
        let r = try runBinary("prc", ["compare", "--runs", "\(chain),\(other)", "--data-dir", data, "--out", out])
        #expect(r.status == 1 && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains(chain) && r.stderr.contains(other) && r.stderr.contains("same true sequence"), "\(r.stderr)")
        let w = try runBinary("prc", ["compare", "--runs", "\(chain),\(wide)", "--data-dir", data, "--out", out])
        #expect(w.status == 1 && w.stderr.contains(wide) && w.stderr.contains("1×8") && w.stderr.contains("1×4"), "\(w.stderr)")
        #expect(!fileExists(out))
    }

    @Test func missingReplayAndMissingSequenceAreNamed() throws {
        let done = run("done", "chain4", ["--model", "ahn", "--epochs", "1"])
        let fresh = run("fresh", "chain4", ["--model", "ahn", "--epochs", "1"], replay: false)
        let out = makeTempDir("compare-miss") + "/x.png"
        let r = try runBinary("prc", ["compare", "--runs", "\(done),\(fresh)", "--data-dir", data, "--out", out])
        #expect(r.status == 1 && r.stderr.contains(fresh + "/replay") && r.stderr.contains("prc replay --run \(fresh)"), "\(r.stderr)")
        let s = try runBinary("prc", ["compare", "--runs", done, "--sequence", "1", "--data-dir", data, "--out", out])
        #expect(s.status == 1 && s.stderr.contains("sequence 1") && s.stderr.contains("1 sequence,"), "\(s.stderr)")
        #expect(!fileExists(out))
    }

    @Test func badCommandLinesExitTwoBeforeAnyFileIsRead() throws {
        let cwd = makeTempDir("compare-usage")
        // The runs do not exist: only the command line is wrong, and that is reported first.
        for args in [["--runs", "no/a,no/b", "--labels", "X", "--out", "f.png"],
                     ["--runs", "no/a", "--labels", "X,Y", "--out", "f.png"],
                     ["--runs", "no/a,,no/b", "--out", "f.png"], ["--runs", "no/a", "--out", "f.jpg"],
                     ["--runs", "no/a", "--sequence", "-1", "--out", "f.png"], ["--runs", "no/a", "--frames", "0", "--out", "f.png"],
                     ["--runs", "no/a", "--range", "1:0", "--out", "f.png"], ["--runs", "no/a", "--replay", "/abs", "--out", "f.png"],
                     ["--out", "f.png"], ["--runs", "no/a"]] {
            let r = try runBinary("prc", ["compare"] + args, cwd: cwd)
            #expect(r.status == 2 && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
        let r = try runBinary("prc", ["compare", "--runs", "no/a,no/b", "--labels", "X", "--out", "f.png"], cwd: cwd)
        #expect(r.stderr.contains("--labels") && r.stderr.contains("1 label for 2 runs"), "\(r.stderr)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cwd)) ?? ["?"]).isEmpty)
    }

    @Test func defaultLabelsNameTheModelAndItsSize() {
        func label(_ fields: [String: JSONValue]) -> String { defaultRunLabel(fields) }
        #expect(label(["model": .string("prc"), "hidden": .number(256)]) == "PRC H256")
        #expect(label(["model": .string("tpc2"), "hidden": .number(480)]) == "TPC2 H480")
        #expect(label(["model": .string("tpc1"), "hidden": .number(256)]) == "TPC1")
        #expect(label(["model": .string("mahn"), "hidden": .number(256), "separation": .string("softmax:5")]) == "MAHN SOFTMAX:5")
        #expect(label(["model": .string("ahn"), "hidden": .number(256), "separation": .string("softmax:1")]) == "AHN")
    }
}
