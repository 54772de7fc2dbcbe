import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PRCCore
import Testing
@testable import PRCRender

/// Parses XML with Foundation's XMLParser; returns the error message, nil when well-formed.
func xmlError(_ bytes: [UInt8]) -> String? {
    let parser = XMLParser(data: Data(bytes))
    return parser.parse() ? nil : (parser.parserError.map { "\($0)" } ?? "unknown XML error")
}

@Suite struct RunRendererTests {
    @Test func writesEveryOutputWithWorkingRelativeLinks() throws {
        let dir = try makeTempDir("run")
        defer { removeTempDir(dir) }
        let inputs = try syntheticInputs(sequences: 5, length: 10)
        let summary = try RunRenderer.renderAll(inputs, options: RenderOptions(), outDir: dir)
        #expect(summary.files == ["strip.png", "sheet.png", "codes.png", "curves.svg", "recall-error.svg", "index.html"])
        for f in summary.files { #expect(fileExists(dir + "/" + f), "missing \(f)") }
        let html = String(decoding: try readWholeFile(dir + "/index.html"), as: UTF8.self)
        let links = HTMLReport.links(in: html)
        let files = links.filter { !$0.hasPrefix("#") }
        #expect(Set(files) == Set(summary.files.filter { $0 != "index.html" }))
        for link in links {
            #expect(!link.contains("://") && !link.hasPrefix("/"), "link \(link) is not relative")
            if link.hasPrefix("#") {
                #expect(html.contains("id=\"\(link.dropFirst())\""), "anchor \(link) has no target")
            } else {
                #expect(fileExists(dir + "/" + link), "link \(link) does not exist on disk")
            }
        }
        // Text is escaped: the title's markup and the config's <b> appear only as entities.
        #expect(html.contains("synthetic &lt;run&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("&lt;b&gt;not bold&lt;/b&gt;") && !html.contains("<b>"))
        #expect(html.contains("normalize</th><td>no</td>"))
        for svg in ["curves.svg", "recall-error.svg"] {
            let bytes = try readWholeFile(dir + "/" + svg)
            #expect(xmlError(bytes) == nil, "\(svg) is not well-formed XML: \(xmlError(bytes) ?? "")")
        }
        let sheet = try decodePNG(try readWholeFile(dir + "/sheet.png"))   // first frame as a still
        let strip = try decodePNG(try readWholeFile(dir + "/strip.png"))
        let codes = try decodePNG(try readWholeFile(dir + "/codes.png"))
        #expect(sheet.width > 56 * 2 && strip.width > 10 * 56 && codes.height > 32 * 2)
        let chunks = try parseChunks(try readWholeFile(dir + "/sheet.png"))
        let actl = try #require(chunks.first { $0.type == "acTL" })
        #expect(be32(actl.data, 0) == 10 && be32(actl.data, 4) == 0)
        if pillowAvailable() {
            let script = """
                import sys
                from PIL import Image
                im = Image.open(sys.argv[1])
                durations = []
                for i in range(im.n_frames):
                    im.seek(i)
                    durations.append(int(im.info.get("duration")))
                print(im.n_frames, im.info.get("loop"), sorted(set(durations)))
                """
            let r = try runPython(script, [dir + "/sheet.png"])
            #expect(r.status == 0 && r.out == "10 0 [250]\n", "Pillow: \(r.out) \(r.err)")
        }
    }

    @Test func stripCellsHoldTheMappedFramesAndMissingCellsStayBackground() throws {
        // Sequence 1 is shorter than sequence 0; the recall runs longer than both.
        let inputs = try syntheticInputs(sequences: 2, length: 4, height: 6, width: 5, lengths: [4, 2], recallLength: 6)
        let dir = try makeTempDir("cells")
        defer { removeTempDir(dir) }
        var options = RenderOptions()
        options.scale = 3
        _ = try RunRenderer.renderAll(inputs, options: options, outDir: dir)
        let png = try decodePNG(try readWholeFile(dir + "/strip.png"))
        let tiles = try FrameTiles(truth: inputs.truth, recall: inputs.recall, range: options.range)
        let layout = StripLayout(tiles: tiles, sequences: [0, 1], scale: 3)
        #expect(png.width == layout.width && png.height == layout.height)
        for (k, n) in [0, 1].enumerated() {
            for t in 0..<6 {
                for row in 0..<3 {
                    let (x, y) = layout.cellOrigin(block: k, row: row, t: t)
                    let tile: RGBImage? = row == 0 ? tiles.truthTile(n, t)?.tile
                        : row == 1 ? tiles.recallTile(n, t)?.tile : tiles.errorTile(n, t)
                    for py in 0..<18 {
                        for px in 0..<15 {
                            let want = tile.map { $0.pixel(px / 3, py / 3) } ?? .background
                            let got = png.pixel(x + px, y + py)
                            #expect([want.r, want.g, want.b] == got, "seq \(n) t \(t) row \(row) at \(px),\(py)")
                            if [want.r, want.g, want.b] != got { return }
                        }
                    }
                }
            }
        }
        #expect(tiles.truthTile(1, 2) == nil && tiles.errorTile(1, 3) == nil && tiles.recallTile(1, 5) != nil)
    }

    @Test func colourFramesStayInColour() throws {
        let inputs = try syntheticInputs(sequences: 2, length: 3, height: 9, width: 9, channels: 3)
        let dir = try makeTempDir("colour")
        defer { removeTempDir(dir) }
        var options = RenderOptions()
        options.scale = 2
        _ = try RunRenderer.renderAll(inputs, options: options, outDir: dir)
        let png = try decodePNG(try readWholeFile(dir + "/strip.png"))
        let tiles = try FrameTiles(truth: inputs.truth, recall: inputs.recall, range: options.range)
        let layout = StripLayout(tiles: tiles, sequences: [0, 1], scale: 2)
        // Sequence 1's square is (255, 80, 160) in truth; recall at t = 0 is the same colour.
        for row in 0..<2 {
            let (x, y) = layout.cellOrigin(block: 1, row: row, t: 0)
            var colourful = 0
            for py in 0..<18 { for px in 0..<18 {
                let p = png.pixel(x + px, y + py)
                if p == [255, 80, 160] { colourful += 1 }
            } }
            #expect(colourful == 36, "row \(row): a 3×3 square at scale 2 is 36 pixels of (255, 80, 160)")
        }
        let sheetFrame = try decodePNG(try readWholeFile(dir + "/sheet.png"))
        #expect(stride(from: 0, to: sheetFrame.rgb.count, by: 3).contains {
            sheetFrame.rgb[$0] == 255 && sheetFrame.rgb[$0 + 1] == 80 && sheetFrame.rgb[$0 + 2] == 160
        })
    }

    @Test func selectionCapsAndReportsIt() throws {
        let inputs = try syntheticInputs(sequences: 40, length: 3, height: 4, width: 4, hidden: 8)
        let dir = try makeTempDir("cap")
        defer { removeTempDir(dir) }
        var options = RenderOptions()
        options.sequences = Array((0..<40).reversed())
        let summary = try RunRenderer.renderAll(inputs, options: options, outDir: dir)
        #expect(summary.notes == ["strip.png and codes.png show the first 32 of 40 selected sequences.",
                                  "sheet.png shows the first 16 of 40 selected sequences."])
        let html = String(decoding: try readWholeFile(dir + "/index.html"), as: UTF8.self)
        #expect(html.contains("sequences in strip</th><td>32 (capped at 32)</td>"))
        #expect(html.contains("sequences in sheet</th><td>16 (capped at 16)</td>"))
        #expect(html.contains("Showing the first 32 of 40 selected sequences."))
        let chunks = try parseChunks(try readWholeFile(dir + "/sheet.png"))
        #expect(chunks.filter { $0.type == "fcTL" }.count == 3)
    }

    @Test func normalizeIsRecorded() throws {
        let inputs = try syntheticInputs(sequences: 1, length: 2, height: 4, width: 4, hidden: 4)
        let dir = try makeTempDir("norm")
        defer { removeTempDir(dir) }
        var options = RenderOptions()
        options.range = .normalize
        let summary = try RunRenderer.renderAll(inputs, options: options, outDir: dir)
        #expect(summary.clippedValues == 0)
        let html = String(decoding: try readWholeFile(dir + "/index.html"), as: UTF8.self)
        #expect(html.contains("normalize</th><td>yes</td>") && html.contains("--normalize"))
    }

    @Test func badInputsAreNamed() throws {
        let inputs = try syntheticInputs(sequences: 2, length: 2, height: 4, width: 4, hidden: 4)
        let dir = try makeTempDir("bad")
        defer { removeTempDir(dir) }
        var options = RenderOptions()
        options.sequences = [0, 2]
        #expect(throws: RenderError.sequenceOutOfRange(index: 2, count: 2)) {
            try RunRenderer.renderAll(inputs, options: options, outDir: dir)
        }
        options = RenderOptions()
        options.fps = 0
        #expect(throws: RenderError.self) { try RunRenderer.renderAll(inputs, options: options, outDir: dir) }
        var wrong = inputs
        wrong.recall = FloatTensor(shape: [2, 2, 15], values: Array(repeating: 0, count: 60))
        do {
            _ = try RunRenderer.renderAll(wrong, options: RenderOptions(), outDir: dir)
            Issue.record("a recall of the wrong shape was accepted")
        } catch let e as RenderError {
            #expect(e.description.contains("recall") && e.description.contains("2×T×16") && e.description.contains("2×2×15"))
        }
    }

    @Test func tinyOneHotFramesAreScaledToVisibleCells() throws {
        // The onehot-4 chain: 1×4 frames, unit t % 4 on at step t.
        var bytes = [UInt8](repeating: 0, count: 8 * 4)
        for t in 0..<8 { bytes[t * 4 + t % 4] = 255 }
        let truth = try FrameSequences(height: 1, width: 4, count: 1, length: 8, bytes: bytes)
        let recall = FloatTensor(shape: [1, 8, 4], values: bytes.map { Float($0) / 255 * 0.9 })
        let inputs = ReportInputs(title: "onehot-4", configJSON: "{}", datasetSummary: [], metrics: [], trainLog: [],
                                  msePerFrame: [[Double]](repeating: [0.01], count: 1), truth: truth, recall: recall,
                                  codes: FloatTensor(shape: [1, 8, 6], values: (0..<48).map { Float($0 % 7) / 6 }),
                                  notes: [])
        let dir = try makeTempDir("onehot")
        defer { removeTempDir(dir) }
        _ = try RunRenderer.renderAll(inputs, options: RenderOptions(), outDir: dir)
        let png = try decodePNG(try readWholeFile(dir + "/strip.png"))
        let tiles = try FrameTiles(truth: truth, recall: recall, range: .fixed(lo: 0, hi: 1))
        let layout = StripLayout(tiles: tiles, sequences: [0], scale: StripLayout.defaultScale(height: 1, width: 4))
        #expect(layout.scale >= 16)
        for t in 0..<8 {
            let (x, y) = layout.cellOrigin(block: 0, row: 0, t: t)
            for unit in 0..<4 {
                let on = unit == t % 4
                // Every pixel of the unit's block (scale × scale) is white when on, black when off.
                let block = (0..<layout.scale).flatMap { dy in (0..<layout.scale).map { dx in png.pixel(x + unit * layout.scale + dx, y + dy) } }
                #expect(block.allSatisfy { $0 == (on ? [255, 255, 255] : [0, 0, 0]) }, "t \(t) unit \(unit)")
            }
            let (rx, ry) = layout.cellOrigin(block: 0, row: 1, t: t)
            #expect(png.pixel(rx + (t % 4) * layout.scale + 3, ry + 3) == [230, 230, 230])
        }
    }

    @Test func largeInputRendersQuickly() throws {
        let inputs = try syntheticInputs(sequences: 100, length: 20, height: 64, width: 64, hidden: 256)
        let dir = try makeTempDir("large")
        defer { removeTempDir(dir) }
        let clock = ContinuousClock()
        let elapsed = try clock.measure { _ = try RunRenderer.renderAll(inputs, options: RenderOptions(), outDir: dir) }
        print("renderAll of 100 × 20 frames of 64×64 (256 hidden units): \(elapsed)")
        #if !DEBUG
        #expect(elapsed < .seconds(2))
        #endif
    }
}
