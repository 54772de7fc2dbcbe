import Foundation
import PRCCore
import Testing
@testable import PRCIngest

/// `prc-data import` at the library level: folder layouts, natural order, errors naming files,
/// variable lengths, array layouts and resizing, with exact values.
@Suite struct ImportTests {
    /// Writes a w×h 8-bit gray PNG filled with `value`.
    func grayFrame(_ path: String, _ value: Int, width: Int = 2, height: Int = 2) {
        PNGFixture(colorType: 0, bitDepth: 8, width: width, height: height, samples: Array(repeating: value, count: width * height)).write(path)
    }

    func folder(_ root: String, _ name: String) -> String {
        let d = joinPath(root, name); try? makeDirectories(d); return d
    }

    func importing(_ paths: [String], _ data: String, configure: (inout ImportOptions) -> Void = { _ in }) throws -> Dataset {
        var options = ImportOptions(name: "mine")
        configure(&options)
        _ = try ImageImporter.run(paths, options: options, dataDir: DataDirectory(flag: data), quiet: true)
        return try DatasetStore.load("mine", dataDir: DataDirectory(flag: data))
    }

    @Test func naturalOrderAndHiddenFilesSkipped() throws {
        let root = makeTempDir("imp"); defer { removeTree(root) }
        let seq = folder(root, "seq")
        for v in [10, 2, 1] { grayFrame(joinPath(seq, "f\(v).png"), v) }
        writeFixture(joinPath(seq, ".DS_Store"), [0, 1, 2])
        let d = try importing([seq], joinPath(root, "data"))
        #expect(d.frames.count == 1 && d.frames.lengths == [3])
        #expect((0..<3).map { d.frames.frame(0, $0)[0] } == [1, 2, 10])
        #expect(d.manifest.imported?.frameOrder == [["f1.png", "f2.png", "f10.png"].map { joinPath(seq, $0) }])
        #expect(d.manifest.imported?.colorTypes == ["gray 8-bit"])
        #expect(NaturalSort.key("a9b") < NaturalSort.key("a10a") && NaturalSort.key("x") < NaturalSort.key("x1"))
    }

    @Test func duplicateIndexNamesBoth() throws {
        let root = makeTempDir("imp"); defer { removeTree(root) }
        let seq = folder(root, "seq")
        grayFrame(joinPath(seq, "1.png"), 1); grayFrame(joinPath(seq, "001.png"), 2); grayFrame(joinPath(seq, "2.png"), 3)
        #expect(throws: ImportError.duplicateIndex(first: joinPath(seq, "001.png"), second: joinPath(seq, "1.png"))) {
            try importing([seq], joinPath(root, "data"))
        }
    }

    @Test func nonImagesAndMixedFoldersNamed() throws {
        let root = makeTempDir("imp"); defer { removeTree(root) }
        let seq = folder(root, "seq")
        grayFrame(joinPath(seq, "1.png"), 1)
        writeFixture(joinPath(seq, "notes.txt"), Array("hi".utf8))
        #expect(throws: ImportError.notImages(folder: seq, files: ["notes.txt"])) { try importing([seq], joinPath(root, "data")) }
        try FileManager.default.removeItem(atPath: joinPath(seq, "notes.txt"))
        _ = folder(seq, "inner")
        let error = #expect(throws: ImportError.self) { try importing([seq], joinPath(root, "data")) }
        #expect(error?.description.contains("inner") == true && error?.description.hasPrefix(seq) == true)
    }

    @Test func sizeMismatchMessage() throws {
        let root = makeTempDir("imp"); defer { removeTree(root) }
        let seq = folder(root, "seq")
        grayFrame(joinPath(seq, "a1.png"), 1)
        grayFrame(joinPath(seq, "a2.png"), 1, width: 3, height: 2)
        let error = #expect(throws: ImportError.self) { try importing([seq], joinPath(root, "data")) }
        #expect(error?.description == "\(joinPath(seq, "a2.png")): expected frame size 2×2 (the size of the first frame), found 3×2; use --resize WxH to resize every frame")
        // With --resize every frame is brought to the requested size instead.
        let d = try importing([seq], joinPath(root, "data")) { $0.resize = FrameSize(width: 2, height: 2) }
        #expect(d.frames.width == 2 && d.manifest.imported?.resize == "2x2" && d.manifest.imported?.resizeRule != nil)
    }

    @Test func manySequencesOfDifferentLengthsRoundTrip() throws {
        let root = makeTempDir("imp"); defer { removeTree(root) }
        let top = folder(root, "movies")
        let lengths = ["clip10": 1, "clip2": 3, "clip1": 2]
        for (name, n) in lengths {
            let d = folder(top, name)
            for t in 0..<n { grayFrame(joinPath(d, "\(t).png"), 10 * n + t) }
        }
        let d = try importing([top], joinPath(root, "data"))
        #expect(d.frames.lengths == [2, 3, 1] && d.manifest.lengths == [2, 3, 1] && d.manifest.shape == [3, 3, 2, 2])
        #expect(d.frames.frame(0, 1)[0] == 21 && d.frames.frame(1, 2)[3] == 32 && d.frames.frame(2, 0)[0] == 10)
        #expect(d.frames.frame(2, 1).allSatisfy { $0 == 0 } && d.frames.frame(0, 2).allSatisfy { $0 == 0 })
    }

    @Test func canonicalLayoutAndArrays() throws {
        let root = makeTempDir("imp"); defer { removeTree(root) }
        let (t, n, h, w) = (4, 3, 2, 2)
        var bytes = [UInt8](repeating: 0, count: t * n * h * w)
        for ti in 0..<t { for ni in 0..<n { bytes[(ti * n + ni) * h * w] = UInt8(ti + 20 * ni) } }
        let npy = joinPath(root, "mm.npy")
        try bytes.withUnsafeBytes { try NPY.writeUInt8(shape: [t, n, h, w], bytes: $0, to: npy) }
        let d = try importing([npy], joinPath(root, "data")) { $0.layout = .tnhw }
        #expect(d.frames.count == 3 && d.frames.lengths == [4, 4, 4])
        for ni in 0..<n { for ti in 0..<t { #expect(d.frames.frame(ni, ti)[0] == UInt8(ti + 20 * ni)) } }
        // The same bytes as IDX, 4-D with tnhw, and a 3-D IDX file as one sequence.
        let idx = joinPath(root, "mm.idx")
        writeFixture(idx, try IDX.header(type: .uint8, shape: [t, n, h, w]) + bytes)
        let e = try importing([idx], joinPath(root, "data")) { $0.layout = .tnhw }
        #expect(e.frames.frame(2, 3)[0] == 43)
        let one = joinPath(root, "one-idx3-ubyte")
        writeFixture(one, try IDX.header(type: .uint8, shape: [3, 2, 2]) + (0..<12).map { UInt8($0) })
        let f = try importing([one], joinPath(root, "data"))
        #expect(f.frames.count == 1 && f.frames.lengths == [3] && f.frames.frame(0, 2)[1] == 9)
    }

    @Test func floatArraysRoundToBytes() throws {
        let root = makeTempDir("imp"); defer { removeTree(root) }
        let path = joinPath(root, "f.npy")
        // 0.5·255 = 127.5 → 128; 0.002·255 = 0.51 → 1; 0.001·255 = 0.255 → 0.
        try NPY.writeFloat64(shape: [1, 1, 1, 5], values: [0, 0.5, 1, 0.002, 0.001], to: path)
        let d = try importing([path], joinPath(root, "data"))
        #expect(Array(d.frames.frame(0, 0)) == [0, 128, 255, 1, 0])
        try NPY.writeFloat64(shape: [1, 1, 1, 2], values: [0.5, 1.5], to: path)
        let error = #expect(throws: IngestError.self) { try importing([path], joinPath(root, "data")) }
        #expect(error?.description.contains(path) == true && error?.description.contains("1.5") == true)
    }

    @Test func resizeWorkedExamples() throws {
        let shrink = Image8(width: 4, height: 4, channels: 1, pixels: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 152])
        // 2×2 block means: (0+10+40+50)/4 = 25, (20+30+60+70)/4 = 45, 105, (100+110+140+152)/4 = 125.5 → 126.
        #expect(FrameResize.resize(shrink, width: 2, height: 2).pixels == [25, 45, 105, 126])
        // 3 → 2 by area: [0, 90, 180] → (0 + 90·½)/1.5 = 30, (90·½ + 180)/1.5 = 150.
        #expect(FrameResize.resize(Image8(width: 3, height: 1, channels: 1, pixels: [0, 90, 180]), width: 2, height: 1).pixels == [30, 150])
        // 2×2 → 4×4 bilinear, centres at i+½: axis taps 1 | ¾,¼ | ¼,¾ | 1.
        let grow = FrameResize.resize(Image8(width: 2, height: 2, channels: 1, pixels: [0, 100, 200, 40]), width: 4, height: 4)
        #expect(grow.pixels == [0, 25, 75, 100, 50, 59, 76, 85, 150, 126, 79, 55, 200, 160, 80, 40])
        let rgb = FrameResize.resize(Image8(width: 2, height: 1, channels: 3, pixels: [0, 10, 20, 100, 110, 120]), width: 1, height: 1)
        #expect(rgb.pixels == [50, 60, 70])
        #expect(FrameSize.parse("64x48") == FrameSize(width: 64, height: 48) && FrameSize.parse("64") == nil && FrameSize.parse("0x3") == nil)
    }

    @Test func symlinkLoopsAndUnreadableNamed() throws {
        let root = makeTempDir("imp"); defer { removeTree(root) }
        let seq = folder(root, "seq")
        grayFrame(joinPath(seq, "1.png"), 1)
        let loop = joinPath(seq, "2.png")
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        #expect(throws: ImportError.symlinkLoop(path: loop)) { try importing([seq], joinPath(root, "data")) }
        try FileManager.default.removeItem(atPath: loop)
        let a = joinPath(root, "a"), b = joinPath(root, "b")
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        #expect(throws: ImportError.symlinkLoop(path: a)) { try importing([a], joinPath(root, "data")) }
        let dangling = joinPath(seq, "3.png")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: joinPath(root, "gone.png"))
        let error = #expect(throws: FileError.self) { try importing([seq], joinPath(root, "data")) }
        #expect(error?.description.hasPrefix(dangling + ": cannot read") == true)
        try FileManager.default.removeItem(atPath: dangling)
        writeFixture(joinPath(seq, "4.png"), [137, 80, 78, 71])
        let corrupt = #expect(throws: ImportError.self) { try importing([seq], joinPath(root, "data")) }
        #expect(corrupt?.description.hasPrefix(joinPath(seq, "4.png")) == true)
    }

    @Test func colorImportKeepsRGB() throws {
        let root = makeTempDir("imp"); defer { removeTree(root) }
        let seq = folder(root, "seq")
        PNGFixture(colorType: 2, bitDepth: 8, width: 1, height: 1, samples: [200, 10, 30]).write(joinPath(seq, "1.png"))
        PNGFixture(colorType: 6, bitDepth: 16, width: 1, height: 1, samples: [65535, 0, 0, 65535]).write(joinPath(seq, "2.png"))
        PNGFixture(colorType: 0, bitDepth: 8, width: 1, height: 1, samples: [77]).write(joinPath(seq, "3.png"))
        let d = try importing([seq], joinPath(root, "data")) { $0.color = true }
        #expect(d.manifest.shape == [1, 3, 1, 1, 3] && d.frames.channels == 3)
        #expect(Array(d.frames.frame(0, 0)) == [200, 10, 30] && Array(d.frames.frame(0, 1)) == [255, 0, 0] && Array(d.frames.frame(0, 2)) == [77, 77, 77])
        #expect(d.manifest.imported?.colorTypes == ["RGB 8-bit", "RGBA 16-bit", "gray 8-bit"] && d.manifest.imported?.output == "rgb")
        let g = try importing([seq], joinPath(root, "data"))
        // 0.299·200 + 0.587·10 + 0.114·30 = 59.8 + 5.87 + 3.42 = 69.09 → 69.
        #expect(Array(g.frames.storage.bytes) == [69, 76, 77])
    }
}

extension ImportTests {
    @Test func failedImportLeavesExistingDatasetIntact() throws {
        let root = makeTempDir("imp"); defer { removeTree(root) }
        let seq = folder(root, "seq"), data = joinPath(root, "data")
        for t in 1...3 { grayFrame(joinPath(seq, "\(t).png"), t, width: 32, height: 32) }
        _ = try importing([seq], data)
        let good = joinPath(seq, "4.png")
        PNGFixture(colorType: 2, bitDepth: 8, width: 32, height: 32, samples: (0..<3072).map { ($0 * 7) % 256 }).write(good)
        var bytes = try readWholeFile(good)
        bytes[bytes.count / 2] ^= 0xFF   // inside IDAT: the header pass succeeds, decoding fails
        writeFixture(good, bytes)
        let error = #expect(throws: ImportError.self) { try importing([seq], data) }
        #expect(error?.description.hasPrefix(good) == true)
        let old = try DatasetStore.load("mine", dataDir: DataDirectory(flag: data))
        #expect(old.frames.lengths == [3] && old.frames.frame(0, 2)[0] == 3)
        #expect(folderContents(DataDirectory(flag: data).dataset("mine")) == ["frames.npy", "manifest.json"])
    }

    @Test(.enabled(if: getuid() != 0, "running as root: file permissions are not enforced"))
    func unreadableFrameNamed() throws {
        let root = makeTempDir("imp"); defer { removeTree(root) }
        let seq = folder(root, "seq")
        grayFrame(joinPath(seq, "1.png"), 1); grayFrame(joinPath(seq, "2.png"), 2)
        chmod(joinPath(seq, "2.png"), 0)
        let error = #expect(throws: FileError.self) { try importing([seq], joinPath(root, "data")) }
        #expect(error?.description.hasPrefix(joinPath(seq, "2.png") + ": cannot read") == true)
    }
}

/// Import-level guards of issue 7: array headers promising more than the file holds are refused before reading.
@Suite struct ImportLimitTests {
    @Test func idxBombRejectedWithNamedError() throws {
        let root = makeTempDir("imp"); defer { removeTree(root) }
        let path = joinPath(root, "bomb.idx")
        writeFixture(path, try IDX.header(type: .uint8, shape: [1000, 1000, 4096, 4096]) + [1, 2, 3])
        let error = #expect(throws: IngestError.self) {
            _ = try ImageImporter.run([path], options: ImportOptions(name: "b"), dataDir: DataDirectory(flag: joinPath(root, "data")), quiet: true)
        }
        #expect(error?.description.hasPrefix(path) == true)
        let wide = joinPath(root, "wide.npy")
        // (1, 1, 8193, 8193) float32 header with no data: refused by the frame-size limit or the size check.
        writeFixture(wide, NPYHeader.encode(dtype: .float32, shape: [1, 1, 8193, 8193]))
        let e2 = #expect(throws: (any Error).self) {
            _ = try ImageImporter.run([wide], options: ImportOptions(name: "b"), dataDir: DataDirectory(flag: joinPath(root, "data")), quiet: true)
        }
        #expect(e2.map { describeForUser($0).hasPrefix(wide) } == true)
        #expect(!fileExists(joinPath(root, "data/datasets/b/manifest.json")))
    }
}
