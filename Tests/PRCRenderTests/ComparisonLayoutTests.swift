import PRCCore
import Testing
@testable import PRCRender

/// The `prc compare` figure: geometry computed by hand and the pixels of its cells.
@Suite struct ComparisonLayoutTests {
    /// Two sequences of three 2×3 frames; pixel i of frame t of sequence n is 10·(n + 1) + 3·t + i.
    static func truth() throws -> FrameSequences {
        var bytes = [UInt8](repeating: 0, count: 2 * 3 * 6)
        for n in 0..<2 { for t in 0..<3 { for i in 0..<6 { bytes[(n * 3 + t) * 6 + i] = UInt8(10 * (n + 1) + 3 * t + i) } } }
        return try FrameSequences(height: 2, width: 3, count: 2, length: 3, bytes: bytes)
    }

    /// Recall values cycling through 0, 0.2, …, 1 (levels 0, 51, 102, 153, 204, 255), N×T×6.
    static func recall(frames t: Int) -> FloatTensor {
        let steps: [Float] = [0, 0.2, 0.4, 0.6, 0.8, 1]
        return FloatTensor(shape: [2, t, 6], values: (0..<(2 * t * 6)).map { steps[$0 % 6] })
    }

    @Test func workedExampleGeometryAndCells() throws {
        var long = Self.recall(frames: 3)
        long.values[6 * 3 + 6 * 1 + 4] = 1.5   // sequence 1, frame 1, pixel 4: clipped to white and counted
        long.values[0] = -2                     // sequence 0 is not drawn: not counted
        let runs = [ComparisonLayout.Run(label: "prc h4", recall: long),
                    ComparisonLayout.Run(label: "TPC2", recall: Self.recall(frames: 2))]
        let layout = try ComparisonLayout(truth: try Self.truth(), runs: runs, sequence: 1, scale: 4)
        // Cells 3·4 = 12 wide, 2·4 = 8 high; font scale 1 (cells under 48 px), text 7 px high.
        // Label column: "PRC H4" is 6 glyphs, 6·6 − 1 = 35 px, plus 10 = 45. Columns: the 3 true frames.
        // Width: 2·8 margin + 45 + 3·12 + 2·4 gutters = 105. Height: 2·8 + header (7 + 6) + 3 rows·8 + 2·4 = 61.
        #expect(layout.labels == ["TRUE", "PRC H4", "TPC2"])
        #expect(layout.columns == 3 && layout.rowCount == 3)
        #expect(layout.width == 105 && layout.height == 61)
        #expect(layout.cellOrigin(row: 0, t: 0) == (53, 21))
        #expect(layout.cellOrigin(row: 2, t: 1) == (8 + 45 + 16, 8 + 13 + 2 * 12))
        let (image, clipped) = try layout.render()
        #expect(image.width == 105 && image.height == 61)
        #expect(clipped == 1)
        // The PNG holds the same pixels.
        let png = try decodePNG(try PNGWriter.encode(image))
        #expect(png.width == 105 && png.height == 61)
        // Truth, sequence 1, frame 2 (row 0, column 2): pixel (x, y) of the frame is 20 + 6 + 3y + x.
        let (tx, ty) = layout.cellOrigin(row: 0, t: 2)
        for py in 0..<8 {
            for px in 0..<12 {
                let v = UInt8(26 + 3 * (py / 4) + px / 4)
                #expect(png.pixel(tx + px, ty + py) == [v, v, v], "truth at \(px),\(py)")
            }
        }
        // Recall of run 0 (row 1), frame 1: levels 0, 51, 102 / 153, 255 (clipped 1.5), 255.
        let (rx, ry) = layout.cellOrigin(row: 1, t: 1)
        let levels: [UInt8] = [0, 51, 102, 153, 255, 255]
        for py in 0..<8 {
            for px in 0..<12 {
                let v = levels[(py / 4) * 3 + px / 4]
                #expect(png.pixel(rx + px, ry + py) == [v, v, v], "recall at \(px),\(py)")
            }
        }
        // Run 1 (row 2), frame 0: 0, 51, 102, 153, 204, 255; the outline sits one pixel outside the cell.
        let (sx, sy) = layout.cellOrigin(row: 2, t: 0)
        #expect(image.pixel(sx + 4 * 2, sy + 4) == RGB(gray: 255) && image.pixel(sx + 4, sy + 4) == RGB(gray: 204))
        #expect(image.pixel(sx - 1, sy - 1) == StripLayout.outline && image.pixel(sx + 12, sy + 8) == StripLayout.outline)
        // Run 1 recalled only 2 frames: its third cell is page, without an outline.
        let (ex, ey) = layout.cellOrigin(row: 2, t: 2)
        #expect(image.pixel(ex, ey) == .background && image.pixel(ex - 1, ey - 1) == .background)
    }

    @Test func framesLimitTheColumns() throws {
        let runs = [ComparisonLayout.Run(label: "A", recall: Self.recall(frames: 3))]
        let two = try ComparisonLayout(truth: try Self.truth(), runs: runs, sequence: 0, frames: 2, scale: 4)
        // Label column: "TRUE", 4·6 − 1 = 23, plus 10 = 33; 2 columns: 16 + 33 + 24 + 4 = 77.
        #expect(two.columns == 2 && two.width == 77)
        let many = try ComparisonLayout(truth: try Self.truth(), runs: runs, sequence: 0, frames: 50, scale: 4)
        #expect(many.columns == 3)
    }

    @Test func cellsShorterThanTheTextGetRowsAsTallAsTheLabel() throws {
        let truth = try FrameSequences(height: 1, width: 4, count: 1, length: 4, bytes: [UInt8](repeating: 255, count: 16))
        let layout = try ComparisonLayout(truth: truth, runs: [.init(label: "R", recall: FloatTensor(zeros: [1, 4, 4]))],
                                          sequence: 0, scale: 2)
        // Rows 7 px (the text), not 2: 2·8 + 13 + 2·7 + 4 = 47.
        #expect(layout.height == 47)
        #expect(layout.cellOrigin(row: 1, t: 0).y == 8 + 13 + 7 + 4)
        _ = try layout.render()
    }

    @Test func badInputsAreNamed() throws {
        let truth = try Self.truth()
        #expect(throws: RenderError.sequenceOutOfRange(index: 2, count: 2)) {
            try ComparisonLayout(truth: truth, runs: [], sequence: 2, scale: 1)
        }
        do {
            _ = try ComparisonLayout(truth: truth, runs: [.init(label: "tpc1", recall: FloatTensor(zeros: [2, 3, 5]))], sequence: 0, scale: 1)
            Issue.record("a recall of the wrong shape was accepted")
        } catch let e as RenderError {
            #expect(e.description.contains("recall of tpc1") && e.description.contains("2×3×5"), "\(e)")
        }
        // 100×100 frames at scale 64: 6400-pixel cells, far over the strip's pixel limit; refused before drawing.
        let big = try FrameSequences(height: 100, width: 100, count: 1, length: 20, bytes: [UInt8](repeating: 0, count: 20 * 10_000))
        let layout = try ComparisonLayout(truth: big, runs: [.init(label: "A", recall: FloatTensor(zeros: [1, 20, 10_000]))],
                                          sequence: 0, scale: 64)
        #expect(layout.width * layout.height > StripLayout.maxCanvasPixels)
        do {
            _ = try layout.render()
            Issue.record("a canvas over the pixel limit was drawn")
        } catch let e as RenderError {
            guard case .canvasTooLarge = e else { Issue.record("wrong error \(e)"); return }
            #expect(e.description.contains("--frames"), "\(e)")
        }
    }
}
