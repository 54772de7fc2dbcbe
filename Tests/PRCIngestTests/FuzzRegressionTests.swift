import Foundation
import PRCCore
import Testing
@testable import PRCIngest

/// The committed fuzzing corpora (fuzz/corpus/<target>/, seeds and crash reproducers) run through the
/// readers in the normal suite: each file is read or rejected with an error, never a crash.
@Suite struct FuzzRegressionTests {
    static func corpus(_ target: String) -> [String] {
        let dir = packageRoot + "/fuzz/corpus/" + target
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().map { dir + "/" + $0 }
    }

    @Test func corporaArePresent() {
        for target in ["idx", "npy", "png", "json"] { #expect(Self.corpus(target).count >= 5, "fuzz/corpus/\(target)") }
    }

    @Test func idxCorpus() throws {
        for path in Self.corpus("idx") {
            if let f = try? IDX.decode(try readWholeFile(path), path: path) { #expect(f.values().count == f.elementCount) }
        }
    }

    @Test func npyCorpus() throws {
        for path in Self.corpus("npy") {
            for map in [true, false] {
                if let a = try? NPY.read(path, map: map) { #expect(a.doubles().count == a.shape.reduce(1, *)) }
            }
        }
    }

    @Test func pngCorpus() throws {
        for path in Self.corpus("png") {
            if let img = try? PNGReader.readGray(path) { #expect(img.pixels.count == img.width * img.height) }
        }
    }

    /// Every JSON corpus file as a dataset manifest, with frames and labels of the promised shapes beside it.
    @Test func manifestCorpusLoadsOrFailsCleanly() throws {
        for path in Self.corpus("json") {
            let dir = makeTempDir("fuzzjson"); defer { removeTree(dir) }
            try FileManager.default.copyItem(atPath: path, toPath: dir + "/manifest.json")
            guard let m = try? DatasetManifest.read(dir + "/manifest.json") else { continue }
            let n = m.shape.reduce(1, *)
            guard m.shape.allSatisfy({ $0 >= 0 && $0 < 4096 }), n <= 1 << 16 else { continue }
            try [UInt8](repeating: 7, count: n).withUnsafeBytes { try NPY.writeUInt8(shape: m.shape, bytes: $0, to: dir + "/frames.npy") }
            if let info = m.labels, !info.file.contains("/"), info.shape.allSatisfy({ $0 >= 0 && $0 < 4096 }) {
                try NPY.writeInt32(shape: info.shape, values: [Int32](repeating: 1, count: info.shape.reduce(1, *)), to: dir + "/" + info.file)
            }
            if let d = try? DatasetStore.load(dir, dataDir: DataDirectory(flag: "/nonexistent")), let labels = d.labels {
                #expect(labels.count == d.frames.count * d.frames.maxLength, "\(path): labels do not cover every frame")
            }
        }
    }

    /// Found by fuzzing: a manifest whose labels shape is not (N, T) loaded, leaving fewer labels than frames.
    @Test func labelsMustBeOnePerFrame() throws {
        let root = makeTempDir("labels"); defer { removeTree(root) }
        let dataDir = DataDirectory(flag: root)
        let dir = try DatasetStore.beginWrite(name: "l", dataDir: dataDir)
        try [UInt8](repeating: 1, count: 16).withUnsafeBytes { try NPY.writeUInt8(shape: [2, 2, 2, 2], bytes: $0, to: dir + "/frames.npy") }
        try NPY.writeInt32(shape: [2, 1], values: [3, 4], to: dir + "/labels.npy")
        let bad = ArrayInfo(file: "labels.npy", dtype: "int32", shape: [2, 1], meaning: "digit")
        try DatasetStore.commit(DatasetManifest(name: "l", kind: "import", shape: [2, 2, 2, 2], parameters: [:], labels: bad), in: dir)
        #expect { try DatasetStore.load("l", dataDir: dataDir) } throws: {
            "\($0)".contains("manifest.json") && "\($0)".contains("labels of shape (2, 2)") && "\($0)".contains("(2, 1)")
        }
        // A labels file outside the folder is refused by name.
        let outside = ArrayInfo(file: "../../etc/passwd", dtype: "int32", shape: [2, 2], meaning: "digit")
        try DatasetStore.commit(DatasetManifest(name: "l", kind: "import", shape: [2, 2, 2, 2], parameters: [:], labels: outside), in: dir)
        #expect { try DatasetStore.load("l", dataDir: dataDir) } throws: { "\($0)".contains("labels.file") }
        // The correct shape loads.
        try NPY.writeInt32(shape: [2, 2], values: [1, 2, 3, 4], to: dir + "/labels.npy")
        let good = ArrayInfo(file: "labels.npy", dtype: "int32", shape: [2, 2], meaning: "digit")
        try DatasetStore.commit(DatasetManifest(name: "l", kind: "import", shape: [2, 2, 2, 2], parameters: [:], labels: good), in: dir)
        #expect(try DatasetStore.load("l", dataDir: dataDir).labels == [1, 2, 3, 4])
    }
}
