import Foundation
import PRCCore
import Testing
@testable import PRCIngest

@Suite(.serialized, .enabled(if: mnistAvailable, mnistMissing)) struct FetchAndBuildTests {
    func options(_ dir: String, from: String? = nil, mirrors: [String]? = nil, offline: Bool = false) -> FetchOptions {
        var o = FetchOptions(dataDir: DataDirectory(flag: dir), from: from, mirrors: mirrors, offline: offline, quiet: true)
        o.httpTimeout = 2
        return o
    }

    @Test func fromSharedCopyBuildsAllFiveThenServesFromCache() throws {
        let dir = makeTempDir("fab"); defer { removeTree(dir) }
        let first = try FetchAndBuild.run(options(dir, from: sharedMNIST))
        #expect(!first.usedSample)
        #expect(first.source.contains("local copy"))
        #expect(first.built == ["sequential-mnist", "moving-mnist", "moving-mnist-1digit", "onehot-4", "onehot-8"])
        let shapes = Dictionary(uniqueKeysWithValues: first.datasets.map { ($0.name, $0.shape) })
        #expect(shapes["sequential-mnist"] == [1, 10, 28, 28])
        #expect(shapes["moving-mnist"] == [1000, 20, 64, 64])
        #expect(shapes["moving-mnist-1digit"] == [100, 20, 64, 64])
        #expect(shapes["onehot-4"] == [1, 4, 1, 4])
        #expect(shapes["onehot-8"] == [1, 8, 1, 8])
        let dataDir = DataDirectory(flag: dir)
        let mm = try DatasetStore.load("moving-mnist", dataDir: dataDir)
        #expect(mm.frames.count == 1000 && mm.frames.maxLength == 20 && mm.frames.height == 64)
        #expect(mm.manifest.parameters["bounce"] == "original" && mm.manifest.parameters["seed"] == "0")
        #expect(mm.manifest.parameters["split"] == "train")
        #expect(mm.manifest.mnist?.payloadSHA256["train-images-idx3-ubyte"] == MNISTFileSpec.all[0].sha256)
        let p = mm.frames.storage.base.assumingMemoryBound(to: UInt8.self)
        var framesWithInk = 0
        for f in 0..<(1000 * 20) {
            var hi: UInt8 = 0
            for i in 0..<4096 where p[f * 4096 + i] > hi { hi = p[f * 4096 + i] }
            if hi > 200 { framesWithInk += 1 }
        }
        #expect(framesWithInk == 20000)
        let seq = try DatasetStore.load("sequential-mnist", dataDir: dataDir)
        #expect(seq.labels == (0..<10).map(Int32.init))
        let onehot = try DatasetStore.load("onehot-4", dataDir: dataDir)
        #expect(Array(UnsafeBufferPointer(start: onehot.frames.storage.base.assumingMemoryBound(to: UInt8.self), count: 16))
                == [255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255])
        // The verified files were copied into the cache; the second run uses it and rebuilds nothing.
        #expect(folderContents(dataDir.mnist).count == 4)
        let framesPath = joinPath(dataDir.dataset("moving-mnist"), "frames.npy")
        let before = try FileManager.default.attributesOfItem(atPath: framesPath)[.modificationDate] as? Date
        let second = try FetchAndBuild.run(options(dir))
        #expect(second.source.contains("cache"))
        #expect(second.built.isEmpty)
        #expect(second.lines.contains { $0.contains("moving-mnist") && $0.contains("up to date") })
        let after = try FileManager.default.attributesOfItem(atPath: framesPath)[.modificationDate] as? Date
        #expect(before == after)
    }

    @Test func dotNamesAndRawFilesAreFound() throws {
        let src = makeTempDir("dot"), dir = makeTempDir("fab")
        defer { removeTree(src); removeTree(dir) }
        for spec in MNISTFileSpec.all {
            let file = try IDX.read(joinPath(sharedMNIST, spec.name + ".gz"))
            let dotted = spec.name.replacingFirst("-idx", with: ".idx")
            writeFixture(joinPath(src, spec.isImages ? dotted : spec.name), file.bytes)  // raw, no .gz
        }
        let data = try MNISTSource.loadLocal(src, cacheDir: nil)
        #expect(try data.split("train").count == 60000 && data.split("test").count == 10000)
        // A local copy whose payload is not MNIST's: the error names the file and both hashes.
        let labels = joinPath(src, "t10k-labels-idx1-ubyte")
        var bytes = try readWholeFile(labels)
        bytes[100] ^= 1
        writeFixture(labels, bytes)
        #expect { try MNISTSource.loadLocal(src, cacheDir: nil) } throws: {
            "\($0)".contains(labels) && "\($0)".contains(MNISTFileSpec.all[3].sha256) && "\($0)".contains("found")
        }
        let missing = makeTempDir("none"); defer { removeTree(missing) }
        #expect { try MNISTSource.loadLocal(missing, cacheDir: nil) } throws: { "\($0)".contains("train-images-idx3-ubyte") }
    }

    @Test func offlineUsesTheEmbeddedSample() throws {
        let dir = makeTempDir("fab"); defer { removeTree(dir) }
        let summary = try FetchAndBuild.run(options(dir, offline: true))
        #expect(summary.usedSample)
        #expect(summary.lines[0].contains("embedded sample"))
        let mm = try DatasetStore.load("moving-mnist", dataDir: DataDirectory(flag: dir))
        #expect(mm.manifest.mnist?.usedSample == true && mm.manifest.parameters["split"] == "test")
        #expect(mm.manifest.shape == [1000, 20, 64, 64])
        let sample = try EmbeddedSample.load()
        #expect(try sample.split("test").count == 1000)
        // The sample is the first 1,000 images of the real test split.
        let real = try IDX.read(joinPath(sharedMNIST, "t10k-images-idx3-ubyte.gz"))
        #expect(try sample.split("test").file.bytes[16...] == real.bytes[16..<(16 + 784_000)])
        // The bytes compiled into the binary are exactly the committed files in data/sample.
        let embedded = try EmbeddedSample.embeddedFiles()
        #expect(embedded.images == (try readWholeFile(joinPath(packageRoot, "data/sample", EmbeddedSample.imagesFile))))
        #expect(embedded.labels == (try readWholeFile(joinPath(packageRoot, "data/sample", EmbeddedSample.labelsFile))))
    }

    @Test func failedMirrorsFailLoudlyOrFallBackWhenAsked() throws {
        let server = try TestHTTPServer(routes: [:])
        defer { server.stop() }
        let dir = makeTempDir("fab"); defer { removeTree(dir) }
        let o = options(dir, mirrors: [server.base])
        #expect { try FetchAndBuild.run(o) } throws: { "\($0)".contains("HTTP 404") && "\($0)".contains("--offline") }
        #expect(folderContents(DataDirectory(flag: dir).mnist).isEmpty)
        #expect(DatasetStore.list(dataDir: DataDirectory(flag: dir)).isEmpty)
        var demo = o
        demo.fallbackToSample = true
        let summary = try FetchAndBuild.run(demo)
        #expect(summary.usedSample)
    }

    @Test func downloadsFromAMirrorIntoTheCache() throws {
        var routes: [String: TestHTTPServer.Reply] = [:]
        for spec in MNISTFileSpec.all {
            routes["/mnist/\(spec.name).gz"] = .ok(try readWholeFile(joinPath(sharedMNIST, spec.name + ".gz")))
        }
        let server = try TestHTTPServer(routes: routes)
        defer { server.stop() }
        let dir = makeTempDir("fab"); defer { removeTree(dir) }
        // A cache pre-seeded with an empty file and a partial file: both are fetched again.
        let cache = DataDirectory(flag: dir).mnist
        try makeDirectories(cache)
        writeFixture(joinPath(cache, "train-labels-idx1-ubyte.gz"), [])
        writeFixture(joinPath(cache, "t10k-labels-idx1-ubyte.gz"), Array(try readWholeFile(joinPath(sharedMNIST, "t10k-labels-idx1-ubyte.gz")).prefix(100)))
        let summary = try FetchAndBuild.run(options(dir, mirrors: [server.base + "mnist"]))
        #expect(summary.source.contains("download") && summary.source.contains(server.base))
        #expect(folderContents(cache) == MNISTFileSpec.all.map { $0.name + ".gz" }.sorted())
        for spec in MNISTFileSpec.all { #expect(try IDX.read(joinPath(cache, spec.name + ".gz")).payloadSHA256 == spec.sha256) }
        #expect(summary.built.count == 5)
    }
}
