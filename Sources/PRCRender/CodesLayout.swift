import PRCCore

/// `codes.png`: the hidden code over time per sequence, an H × T heatmap per block (rows: hidden
/// units, columns: time steps) in a colour map, blocks in a grid, with a colour bar.
public struct CodesLayout: Sendable {
    /// Gap between blocks, in pixels.
    public static let blockGap = 16
    /// Outer margin, in pixels.
    public static let margin = 8

    /// Codes, N×T×H.
    public let codes: FloatTensor
    /// Sequences drawn.
    public let sequences: [Int]
    /// Colour map of the heatmaps.
    public let colorMap: ColorMap
    /// Value at the low end of the colour map: 0, or the minimum when codes leave [0, 1].
    public let lo: Float
    /// Value at the high end of the colour map: 1, or the maximum when codes leave [0, 1].
    public let hi: Float

    /// Checks the N×T×H shape and the sequence indices; picks [0, 1] or the codes' own range.
    public init(codes: FloatTensor, sequences: [Int], colorMap: ColorMap = .viridis) throws {
        guard codes.shape.count == 3, codes.shape.allSatisfy({ $0 > 0 }) else {
            throw RenderError.shapeMismatch(what: "codes", expected: "N×T×H with N, T, H ≥ 1",
                                            found: codes.shape.map(String.init).joined(separator: "×"))
        }
        for n in sequences where n < 0 || n >= codes.shape[0] {
            throw RenderError.sequenceOutOfRange(index: n, count: codes.shape[0])
        }
        self.codes = codes
        self.sequences = sequences
        self.colorMap = colorMap
        var mn = Float.infinity, mx = -Float.infinity
        for v in codes.values where v.isFinite { mn = min(mn, v); mx = max(mx, v) }
        if mn >= 0 && mx <= 1 || mn > mx { lo = 0; hi = 1 } else { lo = mn; hi = mx > mn ? mx : mn + 1 }
    }

    var steps: Int { codes.shape[1] }
    var units: Int { codes.shape[2] }
    /// Pixel height of one hidden unit's row (2…16; 256 units → 2 px).
    public var rowHeight: Int { max(2, min(16, 256 / units)) }
    /// Pixel width of one time step's column.
    public var columnWidth: Int { max(rowHeight, min(24, max(4, 320 / steps))) }
    var blockWidth: Int { max(steps * columnWidth, BitmapFont.width(of: "SEQUENCE 000")) }
    var blockHeight: Int { 12 + units * rowHeight + 12 }
    var gridColumns: Int {
        let fit = max(1, (1600 + CodesLayout.blockGap) / (blockWidth + CodesLayout.blockGap))
        return max(1, min(sequences.count, fit, 8))
    }
    var gridRows: Int { (max(1, sequences.count) + gridColumns - 1) / gridColumns }
    var legendHeight: Int { 24 }
    var legendText: String { "ROWS: \(units) HIDDEN UNITS  COLUMNS: TIME STEPS" }
    var legendWidth: Int {
        BitmapFont.width(of: NumberFormat.short(Double(lo))) + BitmapFont.width(of: NumberFormat.short(Double(hi)))
            + 124 + 4 + 12 + BitmapFont.width(of: legendText)
    }

    /// Picture width in pixels.
    public var width: Int {
        2 * CodesLayout.margin + max(gridColumns * (blockWidth + CodesLayout.blockGap) - CodesLayout.blockGap, legendWidth)
    }
    /// Picture height in pixels.
    public var height: Int {
        2 * CodesLayout.margin + gridRows * (blockHeight + CodesLayout.blockGap) + legendHeight
    }

    /// Draws the heatmaps.
    public func render() throws -> RGBImage {
        guard width * height <= 120_000_000 else {
            throw RenderError.canvasTooLarge(what: "codes.png", width: width, height: height)
        }
        var image = RGBImage(width: width, height: height)
        let T = steps, H = units
        let k: Float = 1 / (hi - lo)
        for (i, n) in sequences.enumerated() {
            let x0 = CodesLayout.margin + (i % gridColumns) * (blockWidth + CodesLayout.blockGap)
            let y0 = CodesLayout.margin + (i / gridColumns) * (blockHeight + CodesLayout.blockGap)
            BitmapFont.draw("SEQUENCE \(n)", into: &image, x: x0, y: y0)
            // Tile: one pixel per (unit, step), then stretched to rowHeight × columnWidth.
            var values = [Float](repeating: 0, count: H * T)
            codes.values.withUnsafeBufferPointer { all in
                let base = all.baseAddress! + n * T * H
                for t in 0..<T {
                    for h in 0..<H { values[h * T + t] = (base[t * H + h] - lo) * k }
                }
            }
            let tile = RGBImage.fromValues(values, width: T, height: H, colorMap: colorMap)
            image.blit(tile, x: x0, y: y0 + 12, scaleX: columnWidth, scaleY: rowHeight)
            let axisY = y0 + 12 + H * rowHeight + 3
            // Frames are numbered 1…T, as in strips and metrics (frame 1 is the cue).
            BitmapFont.draw("T 1", into: &image, x: x0, y: axisY, color: .mutedInk)
            let last = "\(T)"
            BitmapFont.draw(last, into: &image, x: x0 + T * columnWidth - BitmapFont.width(of: last), y: axisY,
                            color: .mutedInk)
        }
        // Colour bar: lo … hi, and the orientation of the heatmaps.
        let y = height - CodesLayout.margin - legendHeight + 8
        var x = CodesLayout.margin
        let loText = NumberFormat.short(Double(lo)), hiText = NumberFormat.short(Double(hi))
        BitmapFont.draw(loText, into: &image, x: x, y: y, color: .mutedInk)
        x += BitmapFont.width(of: loText) + 4
        image.blit(colorMap.bar(width: 120, height: 7), x: x, y: y)
        x += 124
        BitmapFont.draw(hiText, into: &image, x: x, y: y, color: .mutedInk)
        x += BitmapFont.width(of: hiText) + 12
        BitmapFont.draw(legendText, into: &image, x: x, y: y, color: .mutedInk)
        return image
    }
}
