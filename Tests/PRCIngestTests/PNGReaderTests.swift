import Foundation
import PRCCore
import Testing
@testable import PRCIngest

/// Exact-value tests of PNG decoding: every colour type and bit depth, tRNS, interlace, alpha rules,
/// size limits and corrupt files. Fixtures are written with libpng's classic write API.
@Suite struct PNGReaderTests {
    func decode(_ fixture: PNGFixture, channels: Int = 1, alpha: AlphaRule = .black) throws -> [UInt8] {
        let dir = makeTempDir("png"); defer { removeTree(dir) }
        let path = joinPath(dir, "f.png")
        fixture.write(path)
        return try PNGReader.read(path, channels: channels, alpha: alpha).pixels
    }

    @Test func sixteenBitGrayNarrowsByRounding() throws {
        let f = PNGFixture(colorType: 0, bitDepth: 16, width: 4, height: 1, samples: [256, 65535, 128, 129])
        // 256/257 = 0.996 → 1; 65535/257 = 255; 128/257 = 0.498 → 0; 129/257 = 0.502 → 1.
        #expect(try decode(f) == [1, 255, 0, 1])
    }

    @Test func paletteWhiteBlack() throws {
        let f = PNGFixture(colorType: 3, bitDepth: 8, width: 2, height: 1, samples: [0, 1], palette: [(255, 255, 255), (0, 0, 0)])
        #expect(try decode(f) == [255, 0])
        #expect(try decode(f, channels: 3) == [255, 255, 255, 0, 0, 0])
    }

    @Test func lowBitDepthGray() throws {
        #expect(try decode(PNGFixture(colorType: 0, bitDepth: 1, width: 3, height: 1, samples: [0, 1, 0])) == [0, 255, 0])
        #expect(try decode(PNGFixture(colorType: 0, bitDepth: 2, width: 4, height: 1, samples: [0, 1, 2, 3])) == [0, 85, 170, 255])
        #expect(try decode(PNGFixture(colorType: 0, bitDepth: 4, width: 4, height: 1, samples: [0, 1, 7, 15])) == [0, 17, 119, 255])
        let pal = PNGFixture(colorType: 3, bitDepth: 2, width: 3, height: 1, samples: [2, 1, 0], palette: [(0, 0, 0), (0, 255, 0), (255, 0, 0)])
        // green 0.587·255 = 149.685 → 150; red 0.299·255 = 76.245 → 76.
        #expect(try decode(pal) == [76, 150, 0])
    }

    @Test func rgbToGrayExactRounding() throws {
        // (10, 200, 30): 2.99 + 117.4 + 3.42 = 123.81 → 124; (0, 0, 250): 28.5 exactly → 29 (half up).
        let f = PNGFixture(colorType: 2, bitDepth: 8, width: 2, height: 1, samples: [10, 200, 30, 0, 0, 250])
        #expect(try decode(f) == [124, 29])
        #expect(try decode(f, channels: 3) == [10, 200, 30, 0, 0, 250])
        // 16-bit (0, 150, 0): 0.587·150 = 88.05 → 88.05/257 = 0.34 → 0 (narrowing first would give 1).
        let deep = PNGFixture(colorType: 2, bitDepth: 16, width: 1, height: 1, samples: [0, 150, 0])
        #expect(try decode(deep) == [0])
    }

    @Test func grayAlphaCompositing() throws {
        // gray 200, alpha 128: 200·128/255 = 100.39 → 100; over white + 255·127/255 = 227.39 → 227; ignore → 200.
        let f = PNGFixture(colorType: 4, bitDepth: 8, width: 2, height: 1, samples: [200, 128, 50, 0])
        #expect(try decode(f, alpha: .black) == [100, 0])
        #expect(try decode(f, alpha: .white) == [227, 255])
        #expect(try decode(f, alpha: .ignore) == [200, 50])
    }

    @Test func rgbaCompositing() throws {
        // (255, 0, 0, 51): alpha 0.2; gray 76.245·0.2 = 15.249 → 15; over white 15.249 + 204 → 219; ignore → 76.
        let f = PNGFixture(colorType: 6, bitDepth: 8, width: 1, height: 1, samples: [255, 0, 0, 51])
        #expect(try decode(f, alpha: .black) == [15])
        #expect(try decode(f, alpha: .white) == [219])
        #expect(try decode(f, alpha: .ignore) == [76])
        #expect(try decode(f, channels: 3, alpha: .black) == [51, 0, 0])
        #expect(try decode(f, channels: 3, alpha: .white) == [255, 204, 204])
        let deep = PNGFixture(colorType: 6, bitDepth: 16, width: 1, height: 1, samples: [65535, 65535, 65535, 32768])
        // 65535·32768/65535 = 32768 → 32768/257 = 127.5 → 128.
        #expect(try decode(deep) == [128])
    }

    @Test func transparencyChunk() throws {
        let gray = PNGFixture(colorType: 0, bitDepth: 8, width: 2, height: 1, samples: [100, 50], transparent: (100, 0, 0))
        #expect(try decode(gray, alpha: .black) == [0, 50])
        #expect(try decode(gray, alpha: .white) == [255, 50])
        #expect(try decode(gray, alpha: .ignore) == [100, 50])
        let rgb = PNGFixture(colorType: 2, bitDepth: 8, width: 2, height: 1, samples: [10, 20, 30, 10, 20, 31], transparent: (10, 20, 30))
        #expect(try decode(rgb, channels: 3, alpha: .white) == [255, 255, 255, 10, 20, 31])
        let pal = PNGFixture(colorType: 3, bitDepth: 4, width: 2, height: 1, samples: [0, 1], palette: [(255, 255, 255), (0, 0, 0)],
                             paletteAlpha: [0])
        #expect(try decode(pal, alpha: .black) == [0, 0])
        #expect(try decode(pal, alpha: .white) == [255, 0])
    }

    @Test func interlacedEqualsPlain() throws {
        let w = 11, h = 9
        let samples = (0..<(w * h * 3)).map { ($0 * 37 + 11) % 256 }
        var f = PNGFixture(colorType: 2, bitDepth: 8, width: w, height: h, samples: samples)
        let plain = try decode(f, channels: 3)
        f.interlaced = true
        #expect(try decode(f, channels: 3) == plain)
        #expect(plain == samples.map { UInt8($0) })
        let g = PNGFixture(colorType: 0, bitDepth: 2, width: w, height: h, samples: (0..<(w * h)).map { $0 % 4 }, interlaced: true)
        #expect(try decode(g) == (0..<(w * h)).map { [0, 85, 170, 255][$0 % 4] })
    }

    @Test func dimensionBombRejectedBeforeDecoding() throws {
        let dir = makeTempDir("bomb"); defer { removeTree(dir) }
        for (w, h) in [(100_000, 100_000), ((1 << 24) + 1, 1), (8193, 8193)] {
            let path = joinPath(dir, "bomb-\(w).png")
            writeFixture(path, pngWithHeaderOnly(width: UInt32(w), height: UInt32(h)))
            // The file holds no image data at all: any attempt to decode would fail differently.
            #expect(throws: ImportError.imageTooLarge(path: path, width: w, height: h)) { try PNGReader.readGray(path) }
            #expect(throws: ImportError.imageTooLarge(path: path, width: w, height: h)) { try PNGDecoder.readHeader(path) }
        }
        let message = ImportError.imageTooLarge(path: "x.png", width: 9, height: 9).description
        #expect(message.contains("x.png") && message.contains("67108864"))
    }

    @Test func corruptFilesGiveNamedErrors() throws {
        let dir = makeTempDir("corrupt"); defer { removeTree(dir) }
        let good = joinPath(dir, "good.png")
        PNGFixture(colorType: 2, bitDepth: 8, width: 32, height: 32, samples: (0..<3072).map { ($0 * 7) % 256 }).write(good)
        let bytes = try readWholeFile(good)
        let cases: [(String, [UInt8])] = [
            ("truncated.png", Array(bytes.prefix(bytes.count / 2))),
            ("header-only.png", Array(bytes.prefix(20))),
            ("not-png.png", Array("GIF89a not a png at all".utf8)),
            ("flipped.png", bytes.enumerated().map { $0.offset == bytes.count / 2 ? $0.element ^ 0xFF : $0.element }),
            ("empty.png", []),
        ]
        for (name, content) in cases {
            let path = joinPath(dir, name)
            writeFixture(path, content)
            do {
                _ = try PNGReader.readGray(path)
                Issue.record("\(name) decoded without error")
            } catch let e as ImportError {
                #expect(e.description.hasPrefix(path + ": expected a decodable PNG image, found "), "\(e)")
            }
        }
        #expect(throws: FileError.self) { try PNGReader.readGray(joinPath(dir, "missing.png")) }
    }
}

/// A PNG made of the signature and an IHDR chunk (8-bit gray) with the given size, nothing else.
func pngWithHeaderOnly(width: UInt32, height: UInt32) -> [UInt8] {
    func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
    let body = Array("IHDR".utf8) + be(width) + be(height) + [8, 0, 0, 0, 0]
    return [137, 80, 78, 71, 13, 10, 26, 10] + be(13) + body + be(crc32(body))
}

/// CRC-32 (ISO-HDLC) as PNG chunks use it.
func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes {
        c ^= UInt32(b)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }
    return ~c
}
