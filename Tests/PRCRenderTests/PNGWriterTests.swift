import Foundation
import PRCCore
import Testing
@testable import PRCRender

@Suite struct PNGWriterTests {
    @Test func worked2x2ExampleMapsAndClipsOneValue() throws {
        let mapper = try ValueMapper(.fixed(lo: 0, hi: 1))
        let (levels, clipped) = mapper.map([0, 0.5, 1, 1.2])
        #expect(levels == [0, 128, 255, 255])
        #expect(clipped == 1)
        let tile = levels.withUnsafeBufferPointer { RGBImage.fromBytes($0, width: 2, height: 2, channels: 1) }
        let png = try decodePNG(try PNGWriter.encode(tile))
        #expect(png.width == 2 && png.height == 2)
        #expect([png.pixel(0, 0), png.pixel(1, 0), png.pixel(0, 1), png.pixel(1, 1)]
                == [[0, 0, 0], [128, 128, 128], [255, 255, 255], [255, 255, 255]])
    }

    @Test func worked2x2ExampleThroughRenderAll() throws {
        let truth = try FrameSequences(height: 2, width: 2, count: 1, length: 1, bytes: [0, 128, 255, 255])
        let inputs = ReportInputs(title: "2x2", configJSON: "{}", datasetSummary: [], metrics: [], trainLog: [],
                                  msePerFrame: [], truth: truth,
                                  recall: FloatTensor(shape: [1, 1, 4], values: [0, 0.5, 1, 1.2]),
                                  codes: FloatTensor(shape: [0], values: []), notes: [])
        var options = RenderOptions()
        options.scale = 1
        let dir = try makeTempDir("2x2")
        defer { removeTempDir(dir) }
        let summary = try RunRenderer.renderAll(inputs, options: options, outDir: dir)
        #expect(summary.clippedValues == 1)
        #expect(summary.files == ["strip.png", "sheet.png", "index.html"])
        #expect(summary.notes.count == 3)   // no codes, no training log, no per-frame error
        let png = try decodePNG(try readWholeFile(dir + "/strip.png"))
        let tiles = try FrameTiles(truth: truth, recall: inputs.recall, range: options.range)
        let layout = StripLayout(tiles: tiles, sequences: [0], scale: 1)
        let (x, y) = layout.cellOrigin(block: 0, row: 1, t: 0)
        #expect([png.pixel(x, y), png.pixel(x + 1, y), png.pixel(x, y + 1), png.pixel(x + 1, y + 1)]
                == [[0, 0, 0], [128, 128, 128], [255, 255, 255], [255, 255, 255]])
        let html = String(decoding: try readWholeFile(dir + "/index.html"), as: UTF8.self)
        #expect(html.contains("<th>clipped values (outside the range, drawn frames)</th><td class=\"num\">1</td>"))
    }

    @Test func customRangeAndNormalize() throws {
        let fixed = try ValueMapper(.fixed(lo: -1, hi: 1))
        #expect(fixed.map([-1, 0, 1, -2, .nan]).levels == [0, 128, 255, 0, 0])
        #expect(fixed.map([-1, 0, 1, -2, .nan]).clipped == 2)
        let norm = try ValueMapper(.normalize)
        #expect(norm.map([2, 3, 4]).levels == [0, 128, 255])
        #expect(norm.map([2, 3, 4]).clipped == 0)
        #expect(norm.map([5, 5]).levels == [0, 0])
        #expect(throws: RenderError.self) { try ValueMapper(.fixed(lo: 1, hi: 1)) }
    }

    @Test func rgbRoundTripKeepsEveryPixel() throws {
        var img = RGBImage(width: 5, height: 3, fill: RGB(1, 2, 3))
        img.setPixel(4, 2, RGB(200, 100, 50))
        img.fillRect(x: 0, y: 1, width: 2, height: 1, RGB(9, 8, 7))
        let png = try decodePNG(try PNGWriter.encode(img))
        #expect(png.rgb == img.pixels)
    }

    @Test func nearestNeighbourBlit() throws {
        let tile = RGBImage(width: 2, height: 1, pixels: [10, 10, 10, 20, 20, 20])
        var canvas = RGBImage(width: 6, height: 4, fill: RGB(gray: 255))
        canvas.blit(tile, x: 1, y: 1, scale: 2)
        #expect(canvas.pixel(0, 1) == RGB(gray: 255))
        #expect(canvas.pixel(1, 1) == RGB(gray: 10) && canvas.pixel(2, 2) == RGB(gray: 10))
        #expect(canvas.pixel(3, 1) == RGB(gray: 20) && canvas.pixel(4, 2) == RGB(gray: 20))
        #expect(canvas.pixel(5, 1) == RGB(gray: 255) && canvas.pixel(1, 3) == RGB(gray: 255))
    }

    @Test func colourMapEndsAndMonotoneLightness() {
        #expect(ColorMap.magma.color(0) == RGB(0, 0, 4))
        #expect(ColorMap.magma.color(1) == RGB(252, 253, 191))
        #expect(ColorMap.magma.color(-3) == RGB(0, 0, 4) && ColorMap.magma.color(7) == RGB(252, 253, 191))
        #expect(ColorMap.viridis.color(0) == RGB(68, 1, 84) && ColorMap.viridis.color(1) == RGB(253, 231, 37))
        let lum = ColorMap.magma.table.map { 0.299 * Double($0.r) + 0.587 * Double($0.g) + 0.114 * Double($0.b) }
        #expect(zip(lum, lum.dropFirst()).allSatisfy { $0 <= $1 + 0.5 })
    }

    @Test func defaultScale() {
        #expect(StripLayout.defaultScale(height: 28, width: 28) == 2)
        #expect(StripLayout.defaultScale(height: 64, width: 64) == 1)
        #expect(StripLayout.defaultScale(height: 1, width: 4) == 16)
        #expect(StripLayout.defaultScale(height: 8, width: 8) == 7)
    }
}
