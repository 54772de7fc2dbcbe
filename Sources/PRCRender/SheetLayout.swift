import PRCCore

/// `sheet.png` frames: a grid of up to 16 sequences, each cell true | recalled side by side, one
/// animation frame per time step; a header shows the time step.
public struct SheetLayout: Sendable {
    /// At most this many sequences are shown in the grid.
    public static let maxSequences = 16
    /// Gap between the true and recalled frame of one cell, in pixels.
    public static let innerGap = 4
    /// Gap between cells, in pixels.
    public static let cellGap = 12
    /// Outer margin, in pixels.
    public static let margin = 8

    /// Frames and the value mapping.
    public let tiles: FrameTiles
    /// Sequences shown, row by row (at most `maxSequences`).
    public let sequences: [Int]
    /// Nearest-neighbour upscaling factor.
    public let scale: Int

    /// Creates a layout; sequences beyond `maxSequences` are dropped.
    public init(tiles: FrameTiles, sequences: [Int], scale: Int) {
        precondition(scale >= 1, "scale must be at least 1")
        self.tiles = tiles
        self.sequences = Array(sequences.prefix(SheetLayout.maxSequences))
        self.scale = scale
    }

    /// Number of animation frames: the longest shown sequence or the recall length.
    public var frameCount: Int { sequences.map { tiles.frameCount($0) }.max() ?? 1 }
    /// Grid columns (about square).
    public var gridColumns: Int {
        var c = 1
        while c * c < max(1, sequences.count) { c += 1 }
        return c
    }
    /// Grid rows.
    public var gridRows: Int { (max(1, sequences.count) + gridColumns - 1) / gridColumns }

    var frameW: Int { tiles.width * scale }
    var frameH: Int { tiles.height * scale }
    var fontScale: Int { StripLayout.fontScale(cellHeight: frameH) }
    var labelHeight: Int { BitmapFont.height(scale: fontScale) + 5 }
    var headerHeight: Int { BitmapFont.height(scale: fontScale) + 8 }
    var cellWidth: Int { max(2 * frameW + SheetLayout.innerGap, BitmapFont.width(of: "#000", scale: fontScale)) }
    var cellHeight: Int { labelHeight + frameH }

    /// Canvas width in pixels.
    public var width: Int {
        let content = gridColumns * cellWidth + (gridColumns - 1) * SheetLayout.cellGap
        let header = BitmapFont.width(of: "T 000/000  TRUE | RECALL", scale: fontScale)
        return 2 * SheetLayout.margin + max(content, header)
    }
    /// Canvas height in pixels.
    public var height: Int {
        2 * SheetLayout.margin + headerHeight + gridRows * cellHeight + (gridRows - 1) * SheetLayout.cellGap
    }

    /// All animation frames, full canvas each (rendered in parallel).
    public func frames() throws -> [RGBImage] {
        guard width * height * frameCount <= 400_000_000 else {
            throw RenderError.canvasTooLarge(what: "sheet.png (\(frameCount) frames)", width: width, height: height)
        }
        let count = frameCount
        let slots = UnsafeMutableBufferPointer<RGBImage?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let shared = UnsafeSendable(slots)
        let base = background()
        let layout = self
        parallelFor(count) { t in shared.value[t] = layout.frame(t, on: base) }
        return slots.map { $0! }
    }

    /// The static part: sequence labels and the header legend.
    func background() -> RGBImage {
        var image = RGBImage(width: width, height: height)
        let fs = fontScale, m = SheetLayout.margin
        for (k, n) in sequences.enumerated() {
            let (x, y) = cellOrigin(k)
            BitmapFont.draw("#\(n)", into: &image, x: x, y: y, scale: fs, color: .mutedInk)
        }
        let legend = "TRUE | RECALL"
        BitmapFont.draw(legend, into: &image, x: width - m - BitmapFont.width(of: legend, scale: fs), y: m,
                        scale: fs, color: .mutedInk)
        return image
    }

    /// Top-left corner of the k-th cell.
    func cellOrigin(_ k: Int) -> (Int, Int) {
        let col = k % gridColumns, row = k / gridColumns
        return (SheetLayout.margin + col * (cellWidth + SheetLayout.cellGap),
                SheetLayout.margin + headerHeight + row * (cellHeight + SheetLayout.cellGap))
    }

    /// Top-left pixel of the k-th cell's true frame, or of its recalled frame when `recall`.
    public func frameOrigin(_ k: Int, recall: Bool) -> (x: Int, y: Int) {
        let (x, y) = cellOrigin(k)
        return (x + (recall ? frameW + SheetLayout.innerGap : 0), y + labelHeight)
    }

    /// Animation frame `t`: every cell shows true and recalled frame t where they exist.
    public func frame(_ t: Int, on base: RGBImage) -> RGBImage {
        var image = base
        let fs = fontScale
        BitmapFont.draw("T \(t + 1)/\(frameCount)", into: &image, x: SheetLayout.margin, y: SheetLayout.margin, scale: fs)
        for (k, n) in sequences.enumerated() {
            let (x, y0) = cellOrigin(k)
            let y = y0 + labelHeight
            if let (tile, _) = tiles.truthTile(n, t) {
                StripLayout.drawCell(tile, into: &image, x: x, y: y, scale: scale)
            }
            if let (tile, _) = tiles.recallTile(n, t) {
                StripLayout.drawCell(tile, into: &image, x: x + frameW + SheetLayout.innerGap, y: y, scale: scale)
            }
        }
        return image
    }
}
