import CPNG
import Foundation
import PRCCore
import Testing
@testable import PRCIngest

@Suite struct DatasetTests {
    @Test func sequentialFirstAndRandomPicks() throws {
        let images = try syntheticDigits(count: 40) { UInt8($0) }  // image i has value i and class i % 10
        let dir = makeTempDir("seq"); defer { removeTree(dir) }
        var p = SequentialMNISTParameters()
        p.order = try SequentialMNISTParameters.parseOrder("3141")
        p.count = 2
        let labels = try SequentialMNIST.write(p, images: images, to: joinPath(dir, "a.npy"))
        #expect(labels == [3, 1, 4, 1, 3, 1, 4, 1])
        let a = try NPY.read(joinPath(dir, "a.npy"))
        #expect(a.shape == [2, 4, 28, 28])
        let px = a.storage.base.assumingMemoryBound(to: UInt8.self)
        // first: sequence n uses the n-th image of each class (class 3 → images 3, 13).
        #expect((0..<8).map { px[$0 * 784] } == [3, 1, 4, 1, 13, 11, 14, 11])
        p.pick = "random"; p.seed = 9
        _ = try SequentialMNIST.write(p, images: images, to: joinPath(dir, "b.npy"))
        let b = try NPY.read(joinPath(dir, "b.npy"))
        let bp = b.storage.base.assumingMemoryBound(to: UInt8.self)
        let picked = (0..<8).map { Int(bp[$0 * 784]) }
        #expect(zip(picked, labels).allSatisfy { $0 % 10 == Int($1) })
        _ = try SequentialMNIST.write(p, images: images, to: joinPath(dir, "c.npy"))
        let (bBytes, cBytes) = (try readWholeFile(joinPath(dir, "b.npy")), try readWholeFile(joinPath(dir, "c.npy")))
        #expect(bBytes == cBytes)
        #expect(throws: IngestError.self) { try SequentialMNISTParameters.parseOrder("12a") }
    }

    @Test func sequentialCycledAndRandomClasses() throws {
        let images = try syntheticDigits(count: 40) { UInt8($0) }
        let dir = makeTempDir("seqlen"); defer { removeTree(dir) }
        var p = SequentialMNISTParameters()
        p.order = [2, 7]; p.length = 5
        #expect(try SequentialMNIST.write(p, images: images, to: joinPath(dir, "a.npy")) == [2, 7, 2, 7, 2])
        p.order = try SequentialMNISTParameters.parseOrder("random"); p.length = 64; p.pick = "random"; p.seed = 3
        let labels = try SequentialMNIST.write(p, images: images, to: joinPath(dir, "b.npy"))
        #expect(labels.count == 64 && Set(labels).count == 10)   // 64 draws cover all ten classes
        #expect(try NPY.read(joinPath(dir, "b.npy")).shape == [1, 64, 28, 28])
        #expect(p.manifestParameters["order"] == "random" && p.manifestParameters["length"] == "64")
        #expect(try SequentialMNIST.write(p, images: images, to: joinPath(dir, "c.npy")) == labels)
    }

    @Test func binaryOnehotAndRandom() throws {
        var p = BinaryParameters()
        p.width = 4
        #expect(try BinaryChains.generate(p) == [255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255])
        p.count = 2; p.length = 2
        #expect(try BinaryChains.generate(p) == [255, 0, 0, 0, 0, 255, 0, 0, /* n=1 */ 0, 255, 0, 0, 0, 0, 255, 0])
        var r = BinaryParameters()
        r.pattern = "random"; r.width = 50; r.length = 20; r.count = 10; r.density = 0.2; r.seed = 5
        let bits = try BinaryChains.generate(r)
        #expect(bits.allSatisfy { $0 == 0 || $0 == 255 })
        let ones = Double(bits.filter { $0 == 255 }.count) / Double(bits.count)
        #expect(abs(ones - 0.2) < 0.03)
        #expect(try BinaryChains.generate(r) == bits)
        r.density = 1.5
        #expect(throws: IngestError.self) { try BinaryChains.generate(r) }
    }

    @Test func storeWritesManifestLastAndLoadsByNameOrPath() throws {
        let root = makeTempDir("store"); defer { removeTree(root) }
        let dataDir = DataDirectory(flag: root)
        var p = BinaryParameters(); p.width = 3
        let r1 = try DatasetBuilder.binary(name: "b", p, dataDir: dataDir)
        #expect(r1.built)
        #expect(try DatasetBuilder.binary(name: "b", p, dataDir: dataDir).built == false)
        p.width = 5
        #expect(try DatasetBuilder.binary(name: "b", p, dataDir: dataDir).built)
        let byName = try DatasetStore.load("b", dataDir: dataDir)
        let byPath = try DatasetStore.load(dataDir.dataset("b"), dataDir: DataDirectory(flag: "/nonexistent"))
        #expect(byName.manifest == byPath.manifest && byName.frames.width == 5)
        let npy = try DatasetStore.load(joinPath(dataDir.dataset("b"), "frames.npy"), dataDir: dataDir)
        #expect(npy.frames.count == 1 && npy.manifest.kind == "npy")
        // A rebuild in progress (manifest removed) is not a dataset.
        _ = try DatasetStore.beginWrite(name: "b", dataDir: dataDir)
        #expect(DatasetStore.list(dataDir: dataDir).isEmpty)
        #expect { try DatasetStore.load("b", dataDir: dataDir) } throws: { "\($0)".contains("no such dataset") }
        #expect(throws: IngestError.self) { try DatasetStore.beginWrite(name: "../x", dataDir: dataDir) }
    }

    @Test func manifestOfVariableLengthsLoads() throws {
        let root = makeTempDir("store"); defer { removeTree(root) }
        let dataDir = DataDirectory(flag: root)
        let dir = try DatasetStore.beginWrite(name: "v", dataDir: dataDir)
        let bytes = [UInt8](repeating: 9, count: 2 * 3 * 2 * 2)
        try bytes.withUnsafeBytes { try NPY.writeUInt8(shape: [2, 3, 2, 2], bytes: $0, to: joinPath(dir, "frames.npy")) }
        try DatasetStore.commit(DatasetManifest(name: "v", kind: "import", shape: [2, 3, 2, 2], lengths: [3, 1], parameters: [:]), in: dir)
        let d = try DatasetStore.load("v", dataDir: dataDir)
        #expect(d.frames.lengths == [3, 1] && d.frames.maxLength == 3)
        try DatasetStore.commit(DatasetManifest(name: "v", kind: "import", shape: [2, 3, 2, 2], lengths: [4, 1], parameters: [:]), in: dir)
        #expect(throws: IngestError.self) { try DatasetStore.load("v", dataDir: dataDir) }
        writeFixture(joinPath(dir, "manifest.json"), Array("{not json".utf8))
        #expect { try DatasetStore.load("v", dataDir: dataDir) } throws: { "\($0)".contains("manifest.json") }
    }

    @Test func inspectReportsShapeRangeAndHashes() throws {
        let dir = makeTempDir("insp"); defer { removeTree(dir) }
        let idx = try IDX.encode(type: .int16, shape: [2, 2], values: [-3, 7, 258, 0])
        try IDX.write(idx, to: joinPath(dir, "a.gz"), gzip: true)
        let i = try Inspector.inspect(joinPath(dir, "a.gz"), dataDir: DataDirectory(flag: dir))
        #expect(i.kind == "idx" && i.shape == [2, 2] && i.dtype == "int16" && i.min == -3 && i.max == 258)
        #expect(i.sha256 == SHA256Hasher.hex(idx) && i.fileSHA256 != i.sha256)
        let json = try JSONSerialization.jsonObject(with: Data(try i.json().utf8)) as? [String: Any]
        #expect(json?["shape"] as? [Int] == [2, 2] && json?["dtype"] as? String == "int16")
        try [UInt8]([4, 200, 9]).withUnsafeBytes { try NPY.writeUInt8(shape: [3], bytes: $0, to: joinPath(dir, "b.npy")) }
        let n = try Inspector.inspect(joinPath(dir, "b.npy"), dataDir: DataDirectory(flag: dir))
        let fileHash = try SHA256Hasher.hex(fileAt: joinPath(dir, "b.npy"))
        #expect(n.kind == "npy" && n.min == 4 && n.max == 200 && n.sha256 == fileHash)
    }

    @Test func pngGrayReader() throws {
        let dir = makeTempDir("png"); defer { removeTree(dir) }
        let path = joinPath(dir, "rgb.png")
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = 2; image.height = 1
        image.format = png_uint_32(PNG_FORMAT_RGB)
        let rgb: [UInt8] = [255, 0, 0, 255, 255, 255]
        let ok = rgb.withUnsafeBytes { png_image_write_to_file(&image, path, 0, $0.baseAddress, 0, nil) }
        #expect(ok != 0)
        let (w, h, px) = try PNGReader.readGray(path)
        #expect(w == 2 && h == 1 && px.count == 2)
        #expect(px == [76, 255])  // red: 0.299 · 255 = 76.245 → 76
        writeFixture(joinPath(dir, "bad.png"), Array("not a png".utf8))
        #expect(throws: ImportError.self) { try PNGReader.readGray(joinPath(dir, "bad.png")) }
    }
}
