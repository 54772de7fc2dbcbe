import Foundation
import PRCCore
import Testing
@testable import PRCRender

@Suite struct APNGWriterTests {
    /// T frames where frames 1 and 2 are identical (must not be merged).
    func frames(_ t: Int) -> [RGBImage] {
        (0..<t).map { i in
            var img = RGBImage(width: 7, height: 5, fill: RGB(gray: 20))
            let k = i == 2 ? 1 : i
            img.fillRect(x: k % 7, y: 1, width: 2, height: 3, RGB(250, UInt8(30 * k), 40))
            return img
        }
    }

    @Test(arguments: [1, 4, 10])
    func chunksCountsSequenceNumbersDelaysAndCRCs(fps: Int) throws {
        let t = 6
        let bytes = try APNGWriter.encode(frames: frames(t), delayNumerator: 1, delayDenominator: UInt16(fps), plays: 0)
        let chunks = try parseChunks(bytes)
        #expect(chunks.allSatisfy { $0.crcValid })
        #expect(chunks.first?.type == "IHDR" && chunks.last?.type == "IEND")
        let types = chunks.map(\.type)
        // acTL before the first IDAT; exactly one IDAT run holding frame 0.
        let actlIndex = try #require(types.firstIndex(of: "acTL"))
        #expect(try actlIndex < #require(types.firstIndex(of: "IDAT")))
        let actl = chunks[actlIndex].data
        #expect(be32(actl, 0) == UInt32(t))
        #expect(be32(actl, 4) == 0)
        #expect(types.filter { $0 == "fcTL" }.count == t)
        #expect(types.filter { $0 == "fdAT" }.count == t - 1)
        #expect(types.filter { $0 == "IDAT" }.count == 1)
        // fcTL and fdAT share one counter from 0 without gaps, in file order.
        let seq = chunks.filter { $0.type == "fcTL" || $0.type == "fdAT" }.map { be32($0.data, 0) }
        #expect(seq == (0..<UInt32(2 * t - 1)).map { $0 })
        for c in chunks where c.type == "fcTL" {
            #expect(c.data.count == 26)
            #expect(be32(c.data, 4) == 7 && be32(c.data, 8) == 5)         // full canvas
            #expect(be32(c.data, 12) == 0 && be32(c.data, 16) == 0)
            #expect(be16(c.data, 20) == 1 && be16(c.data, 22) == UInt16(fps))
            #expect(c.data[24] == 0 && c.data[25] == 0)
        }
        // The first frame (IDAT) decodes with plain libpng to frame 0.
        let still = try decodePNG(bytes)
        #expect(still.rgb == frames(t)[0].pixels)
    }

    @Test func identicalConsecutiveFramesAreKept() throws {
        let same = Array(repeating: RGBImage(width: 3, height: 3, fill: RGB(gray: 7)), count: 5)
        let chunks = try parseChunks(try APNGWriter.encode(frames: same, delayNumerator: 1, delayDenominator: 4, plays: 0))
        let actl = try #require(chunks.first { $0.type == "acTL" })
        #expect(be32(actl.data, 0) == 5)
        #expect(chunks.filter { $0.type == "fcTL" }.count == 5)
        #expect(chunks.filter { $0.type == "fdAT" }.count == 4)
    }

    @Test func rejectsEmptyAndMismatchedFrames() {
        #expect(throws: RenderError.self) { try APNGWriter.encode(frames: []) }
        #expect(throws: RenderError.self) {
            try APNGWriter.encode(frames: [RGBImage(width: 2, height: 2), RGBImage(width: 3, height: 2)])
        }
    }

    @Test func pillowDecodesEveryFrameWithItsDuration() throws {
        guard pillowAvailable() else { return }
        let dir = try makeTempDir("apng")
        defer { removeTempDir(dir) }
        let path = dir + "/anim.png"
        let input = frames(6)
        try APNGWriter.write(frames: input, delayNumerator: 1, delayDenominator: 4, plays: 0, to: path)
        let script = """
            import sys
            from PIL import Image
            im = Image.open(sys.argv[1])
            print(im.format, getattr(im, "n_frames", 1), im.info.get("loop"), im.is_animated)
            for i in range(im.n_frames):
                im.seek(i)
                rgb = im.convert("RGB")
                print(i, im.info.get("duration"), rgb.getpixel((1, 2)), rgb.getpixel((6, 4)))
            """
        let r = try runPython(script, [path])
        #expect(r.status == 0, "Pillow failed: \(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "PNG 6 0 True")
        for i in 0..<6 {
            let expected = input[i].pixel(1, 2), corner = input[i].pixel(6, 4)
            let want = "\(i) 250.0 (\(expected.r), \(expected.g), \(expected.b)) (\(corner.r), \(corner.g), \(corner.b))"
            let got = lines.count > i + 1 ? lines[i + 1] : "(missing)"
            #expect(got == want || got == want.replacingOccurrences(of: " 250.0 ", with: " 250 "))
        }
    }
}
