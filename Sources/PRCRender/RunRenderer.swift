import PRCCore

/// Renders a run's pictures, plots and report into a folder: `strip.png`, `sheet.png`, `codes.png`,
/// `curves.svg`, `recall-error.svg` and `index.html` (files without data are skipped and noted).
public enum RunRenderer {
    /// Writes every output into `outDir` (created if missing) and returns what was written.
    public static func renderAll(_ inputs: ReportInputs, options: RenderOptions, outDir: String) throws -> RenderSummary {
        let truth = inputs.truth
        guard options.fps >= 1 && options.fps <= 1000 else {
            throw RenderError.badOption(name: "--fps", value: "\(options.fps)", expected: "a whole number 1…1000")
        }
        if let s = options.scale, s < 1 || s > 64 {
            throw RenderError.badOption(name: "--scale", value: "\(s)", expected: "a whole number 1…64")
        }
        var tiles = try FrameTiles(truth: truth, recall: inputs.recall, range: options.range)
        if let lengths = inputs.recallLengths, lengths.count == truth.count { tiles.recallLengths = lengths }
        let selected = options.sequences ?? Array(0..<truth.count)
        guard !selected.isEmpty else {
            throw RenderError.badOption(name: "--sequences", value: "(empty)", expected: "at least one sequence index")
        }
        for n in selected where n < 0 || n >= truth.count {
            throw RenderError.sequenceOutOfRange(index: n, count: truth.count)
        }
        let scale = options.scale ?? StripLayout.defaultScale(height: truth.height, width: truth.width)
        try makeDirectories(outDir)
        var files: [String] = []
        var figures: [HTMLReport.Figure] = []
        let notes = inputs.notes
        var remarks: [String] = []   // what the console should hear about (also in the report)

        var codesLayout: CodesLayout? = nil
        if inputs.codes.values.isEmpty {
            remarks.append("No hidden codes were given: codes.png was not drawn.")
        } else {
            guard inputs.codes.shape.count == 3, inputs.codes.shape[0] == truth.count else {
                throw RenderError.shapeMismatch(what: "codes", expected: "\(truth.count)×T×H (N×T×hidden units)",
                                                found: inputs.codes.shape.map(String.init).joined(separator: "×"))
            }
            codesLayout = try CodesLayout(codes: inputs.codes,
                                          sequences: Array(selected.prefix(StripLayout.maxSequences)))
        }

        // The three pictures are independent: draw and encode them concurrently.
        let strip = StripLayout(tiles: tiles, sequences: selected, scale: scale)
        let sheet = SheetLayout(tiles: tiles, sequences: selected, scale: scale)
        let fps = UInt16(options.fps)
        let clippedBox = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        clippedBox.initialize(to: 0)
        defer { clippedBox.deallocate() }
        let clippedOut = UnsafeSendable(clippedBox)
        let codesToDraw = codesLayout
        try runConcurrently([
            {
                let (image, clipped) = try strip.render()
                clippedOut.value.pointee = clipped
                try PNGWriter.write(image, to: joinPath(outDir, "strip.png"))
            },
            {
                try APNGWriter.write(frames: try sheet.frames(), delayNumerator: 1, delayDenominator: fps,
                                     plays: 0, to: joinPath(outDir, "sheet.png"))
            },
            {
                if let codes = codesToDraw { try PNGWriter.write(try codes.render(), to: joinPath(outDir, "codes.png")) }
            },
        ])
        let clipped = clippedBox.pointee

        files.append("strip.png")
        let stripCapped = selected.count > strip.sequences.count
        if stripCapped {
            remarks.append("strip.png and codes.png show the first \(strip.sequences.count) of \(selected.count) selected sequences.")
        }
        if selected.count > sheet.sequences.count {
            remarks.append("sheet.png shows the first \(sheet.sequences.count) of \(selected.count) selected sequences.")
        }
        let capNote = stripCapped ? " Showing the first \(strip.sequences.count) of \(selected.count) selected sequences." : ""
        figures.append(.init(file: "strip.png", heading: "Recall strip",
                             caption: "Per sequence: true frames (top), frames recalled from the first frame (middle), absolute error in the \(tiles.errorMap.name) colour map (bottom; black = no error, scale on the picture). Columns are time steps.\(capNote)"))
        files.append("sheet.png")
        figures.append(.init(file: "sheet.png", heading: "Animated recall",
                             caption: "Animated PNG, \(sheet.frameCount) frames at \(options.fps) per second, looping: each cell shows the true frame (left) and the recalled frame (right) of one sequence. Viewers without APNG support show the first frame."))
        var codesRange = "—"
        if let codes = codesLayout {
            files.append("codes.png")
            codesRange = "[\(NumberFormat.short(Double(codes.lo))), \(NumberFormat.short(Double(codes.hi)))]"
            figures.append(.init(file: "codes.png", heading: "Learned hidden codes",
                                 caption: "The hidden code H over time for each sequence: rows are the \(inputs.codes.shape[2]) hidden units, columns the time steps; \(codes.colorMap.name) colour map over \(codesRange)."))
        }

        // Plots.
        if inputs.trainLog.isEmpty {
            remarks.append("No training log was given: curves.svg was not drawn.")
        } else {
            try writeFileAtomically(joinPath(outDir, "curves.svg"), text: ReportPlots.trainingCurves(inputs.trainLog).render())
            files.append("curves.svg")
            figures.append(.init(file: "curves.svg", heading: "Training curves",
                                 caption: "Reconstruction, prediction and (when measured) recall MSE per epoch."))
        }
        if inputs.msePerFrame.isEmpty {
            remarks.append("No per-frame recall error was given: recall-error.svg was not drawn.")
        } else {
            try writeFileAtomically(joinPath(outDir, "recall-error.svg"), text: ReportPlots.recallError(inputs.msePerFrame).render())
            files.append("recall-error.svg")
            figures.append(.init(file: "recall-error.svg", heading: "Recall error by frame",
                                 caption: "MSE between recalled and true frames against frame number (1 is the cue): mean over sequences with the min–max band."))
        }

        // index.html
        let report = HTMLReport(title: inputs.title, configJSON: inputs.configJSON,
                                datasetSummary: inputs.datasetSummary, metrics: inputs.metrics,
                                rendering: renderingRows(options: options, scale: scale, clipped: clipped,
                                                         selected: selected.count, strip: strip, sheet: sheet,
                                                         codesRange: codesRange),
                                figures: figures, notes: notes + remarks)
        try writeFileAtomically(joinPath(outDir, "index.html"), text: report.render())
        files.append("index.html")
        return RenderSummary(files: files, clippedValues: clipped, notes: remarks)
    }

    /// Runs the jobs on up to two threads; rethrows the first failure in job order.
    static func runConcurrently(_ jobs: [@Sendable () throws -> Void]) throws {
        let errors = UnsafeMutableBufferPointer<Error?>.allocate(capacity: jobs.count)
        errors.initialize(repeating: nil)
        defer { errors.deinitialize(); errors.deallocate() }
        let shared = UnsafeSendable(errors)
        parallelFor(jobs.count, threads: 2) { i in
            do { try jobs[i]() } catch { shared.value[i] = error }
        }
        if let first = errors.compactMap({ $0 }).first { throw first }
    }

    /// The report's "Rendering" table: how values were mapped and what was drawn.
    static func renderingRows(options: RenderOptions, scale: Int, clipped: Int, selected: Int,
                              strip: StripLayout, sheet: SheetLayout, codesRange: String) -> [KeyValue] {
        var rows: [KeyValue] = []
        switch options.range {
        case .fixed(let lo, let hi):
            rows.append(KeyValue("value range", "fixed [\(NumberFormat.short(Double(lo))), \(NumberFormat.short(Double(hi)))] → 0…255"))
            rows.append(KeyValue("normalize", "no"))
            rows.append(KeyValue("clipped values (outside the range, drawn frames)", "\(clipped)"))
        case .normalize:
            rows.append(KeyValue("value range", "each image stretched to its own min…max (--normalize)"))
            rows.append(KeyValue("normalize", "yes"))
            rows.append(KeyValue("clipped values", "\(clipped)"))
        }
        rows.append(KeyValue("scale", "\(scale)× nearest neighbour"))
        rows.append(KeyValue("animation", "\(options.fps) frames per second, loops forever"))
        let selection = options.sequences.map { $0.count <= 20 ? $0.map(String.init).joined(separator: ",") : "\($0.count) chosen" } ?? "all"
        rows.append(KeyValue("sequences selected", selection))
        let stripNote = strip.sequences.count < selected ? " (capped at \(StripLayout.maxSequences))" : ""
        rows.append(KeyValue("sequences in strip", "\(strip.sequences.count)\(stripNote)"))
        let sheetNote = sheet.sequences.count < selected ? " (capped at \(SheetLayout.maxSequences))" : ""
        rows.append(KeyValue("sequences in sheet", "\(sheet.sequences.count)\(sheetNote)"))
        rows.append(KeyValue("hidden code colour range", codesRange))
        return rows
    }
}
