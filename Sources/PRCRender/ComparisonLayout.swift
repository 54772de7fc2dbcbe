import PRCCore

/// The `prc compare` figure: frame numbers on top, the true frames of one sequence (row 0, "TRUE"),
/// then one row of recalled frames per run, each row labelled on the left; drawn like `strip.png`.
public struct ComparisonLayout: Sendable {
    /// One recall row of the figure: its label and the run's recalled frames.
    public struct Run: Sendable {
        /// Row label (drawn in capitals), e.g. "PRC H256".
        public let label: String
        /// Recalled frames, N×T×V for the N sequences and V values per frame of the true frames.
        public let recall: FloatTensor
        /// Frames recalled per sequence when they differ (nil: the recall's T for every sequence).
        public let recallLengths: [Int]?

        /// Creates a row from a label and a recall tensor.
        public init(label: String, recall: FloatTensor, recallLengths: [Int]? = nil) {
            self.label = label; self.recall = recall; self.recallLengths = recallLengths
        }
    }

    /// Label of row 0, the true frames.
    public static let truthLabel = "TRUE"

    /// Row 0: the true frames (with an empty recall) through the figure's value mapping.
    public let truth: FrameTiles
    /// Rows 1…: each run's frames through the same mapping, top to bottom.
    public let rows: [FrameTiles]
    /// Row labels in capitals, "TRUE" first, then one per run.
    public let labels: [String]
    /// The sequence drawn.
    public let sequence: Int
    /// Frame columns drawn: the first `columns` frames.
    public let columns: Int
    /// Nearest-neighbour upscaling factor.
    public let scale: Int

    /// Checks the runs against the true frames; `frames` limits the columns to the first ones (nil: all).
    public init(truth frames: FrameSequences, runs: [Run], range: ValueRange = .fixed(lo: 0, hi: 1),
                sequence: Int, frames limit: Int? = nil, scale: Int) throws {
        precondition(scale >= 1, "scale must be at least 1")
        guard sequence >= 0, sequence < frames.count else {
            throw RenderError.sequenceOutOfRange(index: sequence, count: frames.count)
        }
        if let limit, limit < 1 {
            throw RenderError.badOption(name: "--frames", value: "\(limit)", expected: "a whole number ≥ 1")
        }
        truth = try FrameTiles(truth: frames, recall: FloatTensor(zeros: [frames.count, 0, frames.frameSize]), range: range)
        rows = try runs.map { run in
            do {
                var tiles = try FrameTiles(truth: frames, recall: run.recall, range: range)
                if let lengths = run.recallLengths, lengths.count == frames.count { tiles.recallLengths = lengths }
                return tiles
            } catch RenderError.shapeMismatch(let what, let expected, let found) {
                throw RenderError.shapeMismatch(what: "\(what) of \(run.label)", expected: expected, found: found)
            }
        }
        labels = [ComparisonLayout.truthLabel] + runs.map { $0.label.uppercased() }
        self.sequence = sequence
        let available = max(frames.lengths[sequence], rows.map { $0.recalled(sequence) }.max() ?? 0)
        columns = max(1, min(limit ?? available, available))
        self.scale = scale
    }

    var cellWidth: Int { truth.width * scale }
    var cellHeight: Int { truth.height * scale }
    /// Font scale of labels: the strip's rule (larger for large cells).
    var fontScale: Int { StripLayout.fontScale(cellHeight: cellHeight) }
    /// Height of one row: the cell, or the label when the cell is shorter than the text.
    var rowHeight: Int { max(cellHeight, BitmapFont.height(scale: fontScale)) }
    var labelWidth: Int { (labels.map { BitmapFont.width(of: $0, scale: fontScale) }.max() ?? 0) + 10 }
    var headerHeight: Int { BitmapFont.height(scale: fontScale) + 6 }

    /// Number of rows: the true frames plus one per run.
    public var rowCount: Int { labels.count }
    /// Picture width in pixels.
    public var width: Int {
        2 * StripLayout.margin + labelWidth + columns * cellWidth + (columns - 1) * StripLayout.gutter
    }
    /// Picture height in pixels.
    public var height: Int {
        2 * StripLayout.margin + headerHeight + rowCount * rowHeight + (rowCount - 1) * StripLayout.gutter
    }

    /// Top-left pixel of a cell: `row` 0 the true frames, row i + 1 run i, at frame `t` (0-based).
    public func cellOrigin(row: Int, t: Int) -> (x: Int, y: Int) {
        (StripLayout.margin + labelWidth + t * (cellWidth + StripLayout.gutter),
         StripLayout.margin + headerHeight + row * (rowHeight + StripLayout.gutter))
    }

    /// Draws the figure; returns it with the number of clipped values (true and recalled, drawn frames).
    public func render() throws -> (image: RGBImage, clipped: Int) {
        guard width * height <= StripLayout.maxCanvasPixels else {
            throw RenderError.canvasTooLarge(what: "the comparison figure", width: width, height: height,
                                             hint: "choose a smaller --scale or fewer --frames")
        }
        var image = RGBImage(width: width, height: height)
        let m = StripLayout.margin, fs = fontScale, n = sequence
        StripLayout.drawFrameNumbers(into: &image, x: m + labelWidth, y: m, columns: columns, cellWidth: cellWidth,
                                     fontScale: fs)
        var clipped = 0
        for (row, label) in labels.enumerated() {
            StripLayout.drawRowLabel(label, into: &image, x: m, cellY: cellOrigin(row: row, t: 0).y,
                                     cellHeight: cellHeight, fontScale: fs)
            for t in 0..<columns {
                let cell = row == 0 ? truth.truthTile(n, t) : rows[row - 1].recallTile(n, t)
                guard let (tile, c) = cell else { continue }   // past the sequence or the recall: page
                clipped += c
                let (x, y) = cellOrigin(row: row, t: t)
                StripLayout.drawCell(tile, into: &image, x: x, y: y, scale: scale)
            }
        }
        return (image, clipped)
    }
}
