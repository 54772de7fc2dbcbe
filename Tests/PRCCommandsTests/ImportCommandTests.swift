import Foundation
import Testing
@testable import PRCCommands
import PRCCore
import PRCIngest
import PRCRender

/// `prc-data import` through the CLI, and an imported colour dataset trained, replayed and rendered.
@Suite(.serialized) struct ImportCommandTests {
    /// A w×h RGB frame: a coloured 2×2 block at column `x` on a dark blue background.
    func colourFrame(_ path: String, x: Int, colour: RGB, size: Int = 6) throws {
        var image = RGBImage(width: size, height: size, fill: RGB(0, 0, 60))
        for dy in 0..<2 { for dx in 0..<2 { image.setPixel((x + dx) % size, 2 + dy, colour) } }
        try PNGWriter.write(image, to: path)
    }

    @Test func rgbDatasetImportedTrainedReplayedRendered() throws {
        let root = makeTempDir("import"); defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data", clips = root + "/clips"
        for (name, length, colour) in [("red", 4, RGB(230, 20, 20)), ("green", 3, RGB(20, 200, 40))] {
            try makeDirectories(clips + "/" + name)
            for t in 0..<length { try colourFrame(clips + "/\(name)/frame\(t + 1).png", x: t, colour: colour) }
        }
        #expect(runPRCData(["import", clips, "--name", "blocks", "--color", "--data-dir", data, "--quiet"]) == 0)
        let dataset = try DatasetStore.load("blocks", dataDir: DataDirectory(flag: data))
        #expect(dataset.manifest.shape == [2, 4, 6, 6, 3] && dataset.frames.lengths == [3, 4])
        #expect(dataset.manifest.kind == "import" && dataset.manifest.imported?.output == "rgb")

        let run = root + "/run"
        #expect(runPRC(["train", "--dataset", "blocks", "--data-dir", data, "--hidden", "16", "--epochs", "50", "--seed", "1",
                        "--out", run, "--quiet"]) == 0)
        #expect(runPRC(["replay", "--run", run, "--data-dir", data, "--quiet"]) == 0)
        let recall = try NPY.readFloat32(run + "/replay/recall.npy")
        #expect(recall.shape == [2, 4, 6, 6, 3])
        #expect(try readJSONObject(run + "/replay/metrics.json")["recall_lengths"]?.array?.compactMap(\.number) == [3, 4])
        #expect(runPRC(["render", "--run", run, "--data-dir", data, "--quiet"]) == 0)
        // The shorter sequence's zero padding is not drawn as recalled frames.
        var tiles = try FrameTiles(truth: dataset.frames, recall: FloatTensor(shape: [2, 4, 108], values: recall.values), range: .fixed(lo: 0, hi: 1))
        #expect(tiles.recallTile(0, 3) != nil && tiles.frameCount(0) == 4)
        tiles.recallLengths = [3, 4]
        #expect(tiles.recallTile(0, 3) == nil && tiles.recallTile(1, 3) != nil && tiles.frameCount(0) == 3)
        let strip = try PNGReader.read(run + "/strip.png", channels: 3, alpha: .ignore)
        let p = strip.pixels
        let colourful = stride(from: 0, to: p.count, by: 3).contains { abs(Int(p[$0]) - Int(p[$0 + 1])) > 30 }
        #expect(colourful, "strip.png has no pixel with R ≠ G")

        // An RGB cue image of the frame size starts a recall of the colour dataset.
        let cue = root + "/cue.png"
        try colourFrame(cue, x: 0, colour: RGB(230, 20, 20))
        #expect(runPRC(["replay", "--run", run, "--data-dir", data, "--cue", "image:" + cue, "--quiet"]) == 0)
    }

    @Test func grayImportWithResizeAndErrors() throws {
        let root = makeTempDir("import"); defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data", seq = root + "/seq"
        try makeDirectories(seq)
        try colourFrame(seq + "/f1.png", x: 0, colour: RGB(255, 255, 255), size: 8)
        try colourFrame(seq + "/f2.png", x: 2, colour: RGB(255, 255, 255), size: 6)
        // Size mismatch: exit 1, message names the file, its size and the expected size.
        #expect(runPRCData(["import", seq, "--name", "g", "--data-dir", data, "--quiet"]) == 1)
        #expect(runPRCData(["import", seq, "--name", "g", "--resize", "4x4", "--data-dir", data, "--quiet"]) == 0)
        let d = try DatasetStore.load("g", dataDir: DataDirectory(flag: data))
        #expect(d.manifest.shape == [1, 2, 4, 4] && d.manifest.parameters["resize"] == "4x4")
        // Usage mistakes exit 2.
        #expect(runPRCData(["import", seq, "--data-dir", data, "--quiet"]) == 2)
        #expect(runPRCData(["import", seq, "--name", "g", "--resize", "4by4", "--quiet"]) == 2)
        #expect(runPRCData(["import", seq, "--name", "g", "--alpha", "grey", "--quiet"]) == 2)
        #expect(runPRCData(["import", "--name", "g", "--quiet"]) == 2)
        // A missing path is reported by name (exit 1), and the existing dataset is untouched.
        #expect(runPRCData(["import", root + "/nope", "--name", "g", "--data-dir", data, "--quiet"]) == 1)
        #expect(try DatasetStore.load("g", dataDir: DataDirectory(flag: data)).manifest.shape == [1, 2, 4, 4])
    }
}
