import PRCCore

/// `strip.png`: per sequence a row of true frames, a row of recalled frames and a row of absolute
/// error in a colour map, frame indices on top, row labels on the left, an error colour bar below.
public struct StripLayout: Sendable {
    /// At most this many sequences are drawn in one strip.
    public static let maxSequences = 32
    /// Gap between frames and between the rows of one sequence, in pixels (holds the cell outlines).
    public static let gutter = 4
    /// Outline drawn around every existing cell, so white frames stay distinct from the page.
    public static let outline = RGB(gray: 185)
    /// Gap between sequences, in pixels.
    public static let blockGap = 12
    /// Outer margin, in pixels.
    public static let margin = 8
    /// Largest picture drawn, in pixels (width × height); larger ones are refused as `canvasTooLarge`.
    public static let maxCanvasPixels = 120_000_000

    /// Frames and the value mapping.
    public let tiles: FrameTiles
    /// Sequences drawn, top to bottom (at most `maxSequences`).
    public let sequences: [Int]
    /// Nearest-neighbour upscaling factor.
    public let scale: Int

    /// Default scale: a frame's longer side ≥ 56 px and its shorter side ≥ 16 px (1 for large frames).
    public static func defaultScale(height: Int, width: Int) -> Int {
        let longer = max(height, width), shorter = min(height, width)
        let s = max((56 + longer - 1) / longer, (16 + shorter - 1) / shorter)
        return max(1, min(s, 64))
    }

    /// Creates a layout; `sequences` beyond `maxSequences` are dropped (the caller reports it).
    public init(tiles: FrameTiles, sequences: [Int], scale: Int) {
        precondition(scale >= 1, "scale must be at least 1")
        self.tiles = tiles
        self.sequences = Array(sequences.prefix(StripLayout.maxSequences))
        self.scale = scale
    }

    var cellWidth: Int { tiles.width * scale }
    var cellHeight: Int { tiles.height * scale }
    /// Font scale of labels: larger for large cells.
    var fontScale: Int { StripLayout.fontScale(cellHeight: cellHeight) }
    var columns: Int { sequences.map { tiles.frameCount($0) }.max() ?? 1 }
    var labelWidth: Int { BitmapFont.width(of: "RECALL", scale: fontScale) + 10 }
    var headerHeight: Int { BitmapFont.height(scale: fontScale) + 6 }
    var blockTitleHeight: Int { BitmapFont.height(scale: fontScale) + 5 }
    var blockHeight: Int { blockTitleHeight + 3 * cellHeight + 2 * StripLayout.gutter }
    var legendHeight: Int { 10 + max(10, BitmapFont.height(scale: fontScale)) }

    /// Picture width in pixels.
    public var width: Int {
        2 * StripLayout.margin + max(labelWidth + columns * cellWidth + (columns - 1) * StripLayout.gutter, legendWidth)
    }
    /// Width of the colour-bar legend along the bottom.
    var legendWidth: Int {
        let fs = fontScale
        return BitmapFont.width(of: "|ERROR|", scale: fs) + 8 + BitmapFont.width(of: "0", scale: fs) + 4
            + StripLayout.legendBarWidth + 4 + BitmapFont.width(of: tiles.errorScaleLabel, scale: fs)
    }
    /// Width of the error colour bar in pixels.
    static let legendBarWidth = 120
    /// Picture height in pixels.
    public var height: Int {
        let k = max(1, sequences.count)
        return 2 * StripLayout.margin + headerHeight + k * blockHeight + (k - 1) * StripLayout.blockGap + legendHeight
    }

    /// Top-left pixel of a cell: `row` 0 truth, 1 recall, 2 error, for the k-th drawn sequence at time t.
    public func cellOrigin(block k: Int, row: Int, t: Int) -> (x: Int, y: Int) {
        let x = StripLayout.margin + labelWidth + t * (cellWidth + StripLayout.gutter)
        let y = StripLayout.margin + headerHeight + k * (blockHeight + StripLayout.blockGap) + blockTitleHeight
            + row * (cellHeight + StripLayout.gutter)
        return (x, y)
    }

    /// Draws the strip; returns it with the number of clipped values (true and recalled).
    public func render() throws -> (image: RGBImage, clipped: Int) {
        guard width * height <= StripLayout.maxCanvasPixels else {
            throw RenderError.canvasTooLarge(what: "strip.png", width: width, height: height)
        }
        // Each sequence block is drawn on its own canvas in parallel, then copied into place.
        let count = sequences.count
        let blocks = UnsafeMutableBufferPointer<(RGBImage, Int)?>.allocate(capacity: count)
        blocks.initialize(repeating: nil)
        defer { blocks.deinitialize(); blocks.deallocate() }
        let shared = UnsafeSendable(blocks)
        let layout = self
        parallelFor(count) { i in shared.value[i] = layout.renderBlock(sequence: layout.sequences[i]) }

        var image = RGBImage(width: width, height: height)
        let m = StripLayout.margin
        StripLayout.drawFrameNumbers(into: &image, x: m + labelWidth, y: m, columns: columns, cellWidth: cellWidth,
                                     fontScale: fontScale)
        var clipped = 0
        var y = m + headerHeight
        for i in 0..<count {
            if let (block, c) = blocks[i] {
                image.blit(block, x: m, y: y)
                clipped += c
            }
            y += blockHeight + StripLayout.blockGap
        }
        drawLegend(into: &image, y: height - m - legendHeight + 10)
        return (image, clipped)
    }

    /// One sequence: title line, then truth, recall and error rows with labels on the left.
    func renderBlock(sequence n: Int) -> (RGBImage, Int) {
        let w = width - 2 * StripLayout.margin
        // One pixel more than the cells span, so the last column's and last row's outlines are not cut off.
        var block = RGBImage(width: w + 1, height: blockHeight + 1)
        let fs = fontScale, g = StripLayout.gutter
        BitmapFont.draw("SEQUENCE \(n)", into: &block, x: 0, y: 0, scale: fs)
        let labels = ["TRUE", "RECALL", "ERROR"]
        for (r, label) in labels.enumerated() {
            StripLayout.drawRowLabel(label, into: &block, x: 0, cellY: blockTitleHeight + r * (cellHeight + g),
                                     cellHeight: cellHeight, fontScale: fs)
        }
        var clipped = 0
        for t in 0..<tiles.frameCount(n) {
            let x = labelWidth + t * (cellWidth + g)
            let y0 = blockTitleHeight
            let rows: [RGBImage?] = [
                tiles.truthTile(n, t).map { clipped += $0.clipped; return $0.tile },
                tiles.recallTile(n, t).map { clipped += $0.clipped; return $0.tile },
                tiles.errorTile(n, t),
            ]
            for (r, tile) in rows.enumerated() {
                guard let tile else { continue }
                StripLayout.drawCell(tile, into: &block, x: x, y: y0 + r * (cellHeight + g), scale: scale)
            }
        }
        return (block, clipped)
    }

    /// "|ERROR|  0 [colour bar] 1" along the bottom.
    func drawLegend(into image: inout RGBImage, y: Int) {
        let fs = fontScale, m = StripLayout.margin
        let textH = BitmapFont.height(scale: fs)
        var x = m
        BitmapFont.draw("|ERROR|", into: &image, x: x, y: y, scale: fs, color: .mutedInk)
        x += BitmapFont.width(of: "|ERROR|", scale: fs) + 8
        BitmapFont.draw("0", into: &image, x: x, y: y, scale: fs, color: .mutedInk)
        x += BitmapFont.width(of: "0", scale: fs) + 4
        let barW = StripLayout.legendBarWidth
        image.blit(tiles.errorMap.bar(width: barW, height: textH), x: x, y: y)
        x += barW + 4
        BitmapFont.draw(tiles.errorScaleLabel, into: &image, x: x, y: y, scale: fs, color: .mutedInk)
    }
}

/// Drawing pieces shared by the frame-grid pictures (strip, sheet, comparison figure).
extension StripLayout {
    /// Font scale of labels beside or above cells `cellHeight` pixels tall: 2 from 48 pixels, else 1.
    static func fontScale(cellHeight: Int) -> Int { cellHeight >= 48 ? 2 : 1 }

    /// Draws frame numbers 1… over `columns` cells starting at `x` (one cell plus the gutter apart),
    /// centred on their cells; only every k-th number when they would touch.
    static func drawFrameNumbers(into image: inout RGBImage, x: Int, y: Int, columns: Int, cellWidth: Int, fontScale fs: Int) {
        let step = cellWidth + StripLayout.gutter
        let every = max(1, (BitmapFont.width(of: "\(columns)", scale: fs) + 6 + step - 1) / step)
        for t in stride(from: 0, to: columns, by: every) {
            let label = "\(t + 1)"  // frames numbered 1…T as in the metrics (frame 1 is the cue)
            let lx = x + t * step + (cellWidth - BitmapFont.width(of: label, scale: fs)) / 2
            BitmapFont.draw(label, into: &image, x: lx, y: y, scale: fs, color: .mutedInk)
        }
    }

    /// Draws a row label in muted ink at `x`, centred on a cell row starting at `cellY` when the cell is taller than the text.
    static func drawRowLabel(_ label: String, into image: inout RGBImage, x: Int, cellY: Int, cellHeight: Int, fontScale fs: Int) {
        let y = cellY + max(0, (cellHeight - BitmapFont.height(scale: fs)) / 2)
        BitmapFont.draw(label, into: &image, x: x, y: y, scale: fs, color: .mutedInk)
    }

    /// Draws `tile` scaled by `scale` with its top-left pixel at (x, y) and the cell outline one pixel outside it.
    static func drawCell(_ tile: RGBImage, into image: inout RGBImage, x: Int, y: Int, scale: Int) {
        image.strokeRect(x: x - 1, y: y - 1, width: tile.width * scale + 2, height: tile.height * scale + 2, StripLayout.outline)
        image.blit(tile, x: x, y: y, scale: scale)
    }
}
