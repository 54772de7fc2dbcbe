import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PRCCore
import Testing
@testable import PRCRender

@Suite struct PlotTests {
    @Test func linearTicksAreNice() {
        let a = AxisTicks.linear(lo: 0.013, hi: 0.087, target: 6, integer: false)
        #expect(a.lo == 0 && abs(a.hi - 0.1) < 1e-12)
        #expect(a.ticks.count == 6)   // step 0.02
        let e = AxisTicks.linear(lo: 1, hi: 30, target: 8, integer: true, widen: false)
        #expect(e.ticks == [5, 10, 15, 20, 25, 30])
        #expect(e.lo < 1 && e.hi > 30)
        let single = AxisTicks.linear(lo: 3, hi: 3, target: 8, integer: true, widen: false)
        #expect(single.ticks.contains(3))
    }

    @Test func logTicksArePowersOfTen() {
        let a = AxisTicks.log(lo: 2.4e-4, hi: 0.16)
        #expect(a.lo == 1e-4 && a.hi == 1)
        #expect(a.ticks.count == 5)
        #expect(zip(a.ticks, [1e-4, 1e-3, 1e-2, 1e-1, 1]).allSatisfy { abs($0 - $1) <= 1e-12 * $1 })
        #expect(AxisTicks.label(1e-5, log: true) == "1e-5")
        #expect(AxisTicks.label(0.001, log: true) == "0.001")
        #expect(AxisTicks.label(0.25, log: false) == "0.25")
    }

    @Test func numberFormatting() {
        #expect(NumberFormat.fixed(2.345, decimals: 2) == "2.35")
        #expect(NumberFormat.fixed(-0.001, decimals: 2) == "0.00")
        #expect(NumberFormat.fixed(-1.5, decimals: 0) == "-2")
        #expect(NumberFormat.significant(0.012345) == "0.0123")
        #expect(NumberFormat.significant(1234.5, digits: 3) == "1230")
        #expect(NumberFormat.scientific(0.000015) == "1.5e-5")
        #expect(NumberFormat.short(30) == "30" && NumberFormat.short(0.5) == "0.5")
    }

    @Test func logAxisOnlyWhenValuesSpanDecades() {
        var plot = SVGPlot(title: "t", xLabel: "x", yLabel: "y")
        plot.series = [.init(name: "a", xs: [1, 2, 3], ys: [0.5, 0.4, 0.3], color: "#000")]
        #expect(!plot.usesLogScale)
        plot.series[0].ys = [1, 0.1, 0.001]
        #expect(plot.usesLogScale)
        plot.series[0].ys = [1, 0, 0.001]
        #expect(!plot.usesLogScale)
        #expect(plot.render().contains("MSE") == false)
    }

    @Test func svgTextIsEscapedAndParses() throws {
        var plot = SVGPlot(title: "a < b & \"c\"", xLabel: "x's", yLabel: "<y>")
        plot.series = [.init(name: "</text><script>", xs: [0, 1, 2], ys: [1, .nan, 3], color: "#123456", markers: true)]
        plot.bands = [.init(name: "band & co", xs: [0, 1, 2], lower: [0.5, 0.5, 2], upper: [1.5, 1.5, 4], color: "#abcdef")]
        let svg = plot.render()
        #expect(svg.contains("a &lt; b &amp; &quot;c&quot;") && svg.contains("&lt;/text&gt;&lt;script&gt;"))
        #expect(!svg.contains("<script>"))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "SVG does not parse: \(String(describing: parser.parserError))")
        // The NaN breaks the line into two moves.
        #expect(svg.components(separatedBy: "M").count - 1 >= 2)
        let empty = SVGPlot(title: "empty", xLabel: "x", yLabel: "y").render()
        #expect(XMLParser(data: Data(empty.utf8)).parse() && empty.contains("no data"))
    }

    @Test func reportPlotsDrawEverySeries() {
        let log = [TrainLogRow(epoch: 1, reconstructionMSE: 0.2, predictionMSE: 0.1, recallMSE: nil, seconds: 1),
                   TrainLogRow(epoch: 2, reconstructionMSE: 0.1, predictionMSE: 0.05, recallMSE: 0.3, seconds: 1)]
        let curves = ReportPlots.trainingCurves(log)
        #expect(curves.series.map(\.name) == ["reconstruction MSE", "prediction MSE", "recall MSE"])
        #expect(curves.series[2].xs == [2])
        let err = ReportPlots.recallError([[0.1, 0.2, 0.3], [0.3, 0.4]])
        let mean = err.series.last!
        #expect(mean.xs == [1, 2, 3])  // frames numbered from 1, as in strips and metrics
        #expect(zip(mean.ys, [0.2, 0.3, 0.3]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(err.bands.first?.lower == [0.1, 0.2, 0.3] && err.bands.first?.upper == [0.3, 0.4, 0.3])
    }

    @Test func htmlEscapesAndListsLinks() {
        let report = HTMLReport(title: "<run>", configJSON: "{\"a\": \"<&>\"}", datasetSummary: [KeyValue("k<", "v&")],
                                metrics: [KeyValue("mse", "0.5")], rendering: [],
                                figures: [.init(file: "strip.png", heading: "Strip & co", caption: "a<b")], notes: ["n>1"])
        let html = report.render()
        #expect(html.contains("<h1>&lt;run&gt;</h1>") && html.contains("{&quot;a&quot;: &quot;&lt;&amp;&gt;&quot;}"))
        #expect(html.contains("<th>k&lt;</th><td>v&amp;</td>") && html.contains("<li>n&gt;1</li>"))
        #expect(html.contains("<td class=\"num\">0.5</td>"))
        let links = HTMLReport.links(in: html)
        #expect(Set(links) == ["strip.png", "#fig-strip", "#config"])
    }

    @Test func codesHeatmapCellsAndRange() throws {
        // 1 sequence, T = 2, H = 3: unit h at step t has value (h + t) / 4.
        let values: [Float] = [0, 0.25, 0.5, 0.25, 0.5, 0.75]
        let layout = try CodesLayout(codes: FloatTensor(shape: [1, 2, 3], values: values), sequences: [0])
        #expect(layout.lo == 0 && layout.hi == 1)
        let image = try layout.render()
        let x0 = CodesLayout.margin, y0 = CodesLayout.margin + 12
        for t in 0..<2 {
            for h in 0..<3 {
                let want = ColorMap.viridis.color(values[t * 3 + h])
                #expect(image.pixel(x0 + t * layout.columnWidth + 1, y0 + h * layout.rowHeight + 1) == want)
            }
        }
        let wide = try CodesLayout(codes: FloatTensor(shape: [1, 1, 2], values: [-1, 3]), sequences: [0])
        #expect(wide.lo == -1 && wide.hi == 3)
        #expect(throws: RenderError.self) { try CodesLayout(codes: FloatTensor(shape: [1, 1, 2], values: [0, 0]), sequences: [1]) }
        let big = try CodesLayout(codes: FloatTensor(zeros: [1, 20, 256]), sequences: [0])
        #expect(big.rowHeight == 2 && big.columnWidth >= 2)
    }
}

@Suite struct TrainLogCSVTests {
    @Test func parsesColumnsByNameWithOptionalRecall() throws {
        let text = "Epoch, seconds ,reconstruction_mse,prediction_mse,recall_mse\r\n1,0.5,0.25,0.125,\n2,0.5,0.1,0.05,0.3\n\n"
        let rows = try TrainLogCSV.parse(text, path: "run/train-log.csv")
        #expect(rows == [TrainLogRow(epoch: 1, reconstructionMSE: 0.25, predictionMSE: 0.125, recallMSE: nil, seconds: 0.5),
                         TrainLogRow(epoch: 2, reconstructionMSE: 0.1, predictionMSE: 0.05, recallMSE: 0.3, seconds: 0.5)])
        let noRecall = try TrainLogCSV.parse("epoch,recon_mse,pred_mse\n3,1e-4,2e-5\n", path: "x")
        #expect(noRecall == [TrainLogRow(epoch: 3, reconstructionMSE: 1e-4, predictionMSE: 2e-5, recallMSE: nil, seconds: 0)])
    }

    @Test func errorsNameTheFileAndLine() {
        do {
            _ = try TrainLogCSV.parse("epoch,reconstruction_mse,prediction_mse\n1,0.2,oops\n", path: "run/train-log.csv")
            Issue.record("a bad number was accepted")
        } catch {
            #expect(describeForUser(error) == "run/train-log.csv:2: expected a number in column prediction_mse, found \"oops\"")
        }
        #expect(throws: FileError.self) { try TrainLogCSV.parse("a,b\n1,2\n", path: "x") }
        #expect(throws: FileError.self) { try TrainLogCSV.parse("", path: "x") }
    }
}
