import Foundation
import PRCCore
import Testing
@testable import PRCIngest

@Suite struct IDXTests {
    @Test func int32FromBigEndianBytes() throws {
        let bytes: [UInt8] = [0, 0, 0x0C, 1, 0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 1, 2]
        let f = try IDX.decode(bytes, path: "int32.idx")
        #expect(f.type == .int32)
        #expect(f.shape == [2])
        #expect(f.values() == [5, 258])
        #expect(try IDX.encode(type: .int32, shape: [2], values: [5, 258]) == bytes)
    }

    @Test(arguments: IDXElementType.allCases)
    func roundTripEveryType(_ type: IDXElementType) throws {
        let values: [Double]
        switch type {
        case .uint8: values = [0, 1, 127, 128, 255, 2]
        case .int8: values = [-128, -1, 0, 1, 127, 5]
        case .int16: values = [-32768, -2, 258, 1, 32767, 513]
        case .int32: values = [5, 258, -1, 2_147_483_647, -2_147_483_648, 65536]
        case .float32: values = [1.5, -2.25, 0, 3.0e10, -0.001, 258]
        case .float64: values = [1.0 / 3.0, -2.5, 0, 1e300, -1e-300, 258]
        }
        let stored = type == .float32 ? values.map { Double(Float($0)) } : values
        let bytes = try IDX.encode(type: type, shape: [2, 3], values: stored)
        #expect(bytes.count == 4 + 8 + 6 * type.size)
        #expect(Array(bytes[0..<4]) == [0, 0, type.rawValue, 2])
        let dir = makeTempDir("idx"); defer { removeTree(dir) }
        for gz in [false, true] {
            let path = joinPath(dir, "a-\(type.name)\(gz ? ".gz" : "")")
            try IDX.write(bytes, to: path, gzip: gz)
            let back = try IDX.read(path)
            #expect(back.type == type && back.shape == [2, 3])
            #expect(back.values() == stored)
            #expect(back.bytes == bytes)
        }
        if type.size > 1 {  // most significant byte first: the last element 258/513/65536 shows it
            let lastElement = Array(bytes[(bytes.count - type.size)...])
            if type == .int16 { #expect(lastElement == [0x02, 0x01]) }
            if type == .int32 { #expect(lastElement == [0, 1, 0, 0]) }
        }
    }

    @Test func gzipDetectedByContentNotName() throws {
        let dir = makeTempDir("idx"); defer { removeTree(dir) }
        let bytes = try IDX.encode(type: .uint8, shape: [3], values: [7, 8, 9])
        writeFixture(joinPath(dir, "plain-name-idx1-ubyte"), try Gzip.compress(bytes))
        writeFixture(joinPath(dir, "raw-under.gz"), bytes)
        #expect(try IDX.read(joinPath(dir, "plain-name-idx1-ubyte")).values() == [7, 8, 9])
        #expect(try IDX.read(joinPath(dir, "raw-under.gz")).values() == [7, 8, 9])
    }

    @Test func htmlPageUnderIDXName() throws {
        let dir = makeTempDir("idx"); defer { removeTree(dir) }
        let path = joinPath(dir, "train-images-idx3-ubyte")
        writeFixture(path, Array("<!DOCTYPE html><html><body>403 Forbidden</body></html>".utf8))
        #expect(throws: IngestError.htmlPage(path: path, expected: "IDX data (bytes 00 00 type rank)")) { try IDX.read(path) }
        let gzPath = joinPath(dir, "page.gz")
        writeFixture(gzPath, try Gzip.compress(Array("<html>nope</html>".utf8)))
        #expect(throws: IngestError.self) { try IDX.read(gzPath) }
    }

    @Test func truncatedRawNamesExpectedAndActualBytes() throws {
        let dir = makeTempDir("idx"); defer { removeTree(dir) }
        let full = try IDX.encode(type: .uint8, shape: [10, 28, 28], values: Array(repeating: 1, count: 7840))
        let path = joinPath(dir, "cut-idx3-ubyte")
        writeFixture(path, Array(full[0..<5000]))
        do {
            _ = try IDX.read(path)
            Issue.record("truncated file was accepted")
        } catch let e as IngestError {
            #expect(e.description.contains(path))
            #expect(e.description.contains("expected 7856 bytes"))
            #expect(e.description.contains("found 5000 bytes"))
        }
    }

    @Test func truncatedGzipIsRejected() throws {
        let full = try IDX.encode(type: .uint8, shape: [100, 28, 28], values: (0..<78400).map { Double($0 % 251) })
        let gz = try Gzip.compress(full)
        #expect(throws: IngestError.self) { try IDX.decode(Array(gz[0..<(gz.count / 2)]), path: "half.gz") }
    }

    @Test func hugeHeaderInSmallFileRejectedBeforeAllocation() throws {
        // 2^31 images of 28×28 promised by a 1 KB file: rejected by size, nothing of that size allocated.
        var bytes: [UInt8] = [0, 0, 0x08, 3, 0x80, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28]
        bytes += [UInt8](repeating: 0, count: 1024 - bytes.count)
        do {
            _ = try IDX.decode(bytes, path: "bomb-idx3-ubyte")
            Issue.record("bomb accepted")
        } catch let e as IngestError {
            #expect(e.description.contains("expected \(16 + (1 << 31) * 784) bytes"))
            #expect(e.description.contains("found 1024 bytes"))
        }
        // The same header gzipped: the trailer and the deflate ratio bound reject it before allocating.
        #expect(throws: IngestError.self) { try IDX.decode(try Gzip.compress(bytes), path: "bomb.gz") }
        // Above the absolute limit (8 GiB promised by a gzip large enough for the ratio bound): rejected by the limit.
        let eightGiB: [UInt8] = [0, 0, 0x08, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2]
        do {
            _ = try IDX.decode(try Gzip.compress(eightGiB + [UInt8](repeating: 0, count: 1 << 23)), path: "big.gz")
            Issue.record("8 GiB header accepted")
        } catch let e as IngestError {
            #expect(e.description.contains("at most \(IDX.maxUncompressedBytes) uncompressed bytes"), "\(e)")
        }
        // Dimensions whose product overflows are rejected too.
        let overflow: [UInt8] = [0, 0, 0x0E, 4] + [UInt8](repeating: 0xFF, count: 16)
        #expect(throws: IngestError.self) { try IDX.decode(overflow, path: "overflow") }
    }

    @Test func badMagicAndUndefinedType() throws {
        #expect(throws: IngestError.self) { try IDX.decode([1, 2, 3, 4, 5], path: "x") }
        #expect(throws: IngestError.self) { try IDX.decode([0, 0, 0x0A, 1, 0, 0, 0, 0], path: "x") }
        #expect(throws: IngestError.self) { try IDX.decode([0, 0], path: "x") }
        #expect(throws: IngestError.self) { try IDX.decode([0x1F, 0x8B, 0, 0], path: "x") }
    }

    @Test func multiMemberGzipIsRead() throws {
        let bytes = try IDX.encode(type: .uint8, shape: [4], values: [1, 2, 3, 4])
        let two = try Gzip.compress(Array(bytes[0..<6])) + Gzip.compress(Array(bytes[6...]))
        #expect(try IDX.decode(two, path: "two.gz").values() == [1, 2, 3, 4])
    }

    @Test func sha256KnownAnswer() {
        #expect(SHA256Hasher.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Hasher.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
