#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A line plot written as SVG text: axes with nice ticks, grid, optional log y axis, shaded bands,
/// lines with optional markers, a legend and a title. Text is XML-escaped.
public struct SVGPlot: Sendable {
    /// One line of the plot.
    public struct Series: Sendable {
        /// Legend label (nil: not in the legend).
        public var name: String?
        /// X coordinates.
        public var xs: [Double]
        /// Y coordinates; non-finite values (and non-positive ones on a log axis) break the line.
        public var ys: [Double]
        /// CSS colour.
        public var color: String
        /// Stroke width in pixels.
        public var lineWidth: Double = 2
        /// Stroke opacity.
        public var opacity: Double = 1
        /// Draw a small circle at each point.
        public var markers: Bool = false
        /// Creates a series.
        public init(name: String?, xs: [Double], ys: [Double], color: String, lineWidth: Double = 2,
                    opacity: Double = 1, markers: Bool = false) {
            self.name = name; self.xs = xs; self.ys = ys; self.color = color
            self.lineWidth = lineWidth; self.opacity = opacity; self.markers = markers
        }
    }

    /// A shaded area between two curves (e.g. min–max over sequences).
    public struct Band: Sendable {
        /// Legend label (nil: not in the legend).
        public var name: String?
        /// X coordinates.
        public var xs: [Double]
        /// Lower edge.
        public var lower: [Double]
        /// Upper edge.
        public var upper: [Double]
        /// CSS fill colour.
        public var color: String
        /// Creates a band.
        public init(name: String?, xs: [Double], lower: [Double], upper: [Double], color: String) {
            self.name = name; self.xs = xs; self.lower = lower; self.upper = upper; self.color = color
        }
    }

    /// Y axis scale.
    public enum YScale: Sendable { case linear, log, automatic }

    /// Title above the plot.
    public var title: String
    /// X axis label.
    public var xLabel: String
    /// Y axis label.
    public var yLabel: String
    /// Lines, drawn in order.
    public var series: [Series] = []
    /// Bands, drawn beneath the lines.
    public var bands: [Band] = []
    /// Y scale; automatic picks log when all values are positive and span more than ~1.5 decades.
    public var yScale: YScale = .automatic
    /// Tick x values at integers only (epochs, frame indices).
    public var integerX = true
    /// SVG width in pixels.
    public var width = 640
    /// SVG height in pixels.
    public var height = 400
    /// Text shown in the plot area when there is nothing to draw.
    public var emptyMessage = "no data"

    /// Creates an empty plot with its labels.
    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel
    }

    /// All finite y values of the series and bands.
    var allY: [Double] {
        (series.flatMap(\.ys) + bands.flatMap { $0.lower + $0.upper }).filter(\.isFinite)
    }

    /// Whether the y axis is logarithmic.
    public var usesLogScale: Bool {
        switch yScale {
        case .linear: return false
        case .log: return allY.contains { $0 > 0 }
        case .automatic:
            let ys = allY
            guard let mn = ys.min(), let mx = ys.max(), mn > 0 else { return false }
            return mx / mn > 30
        }
    }

    /// The SVG document.
    public func render() -> String {
        let left = 76.0, right = 16.0, top = 34.0, bottom = 48.0
        let pw = Double(width) - left - right, ph = Double(height) - top - bottom
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
        s += "viewBox=\"0 0 \(width) \(height)\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        s += "<text x=\"\(f(left + pw / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">\(SVGPlot.escape(title))</text>\n"
        let xsAll = (series.flatMap(\.xs) + bands.flatMap(\.xs)).filter(\.isFinite)
        let logY = usesLogScale
        let ysAll = allY.filter { !logY || $0 > 0 }
        guard let xmn = xsAll.min(), let xmx = xsAll.max(), let ymn = ysAll.min(), let ymx = ysAll.max() else {
            s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(top + ph / 2))\" text-anchor=\"middle\" fill=\"#666\">\(SVGPlot.escape(emptyMessage))</text>\n"
            return s + "</svg>\n"
        }
        let xAxis = AxisTicks.linear(lo: xmn, hi: xmx, target: 8, integer: integerX, widen: false)
        let yAxis = logY ? AxisTicks.log(lo: ymn, hi: ymx) : AxisTicks.linear(lo: ymn, hi: ymx, target: 6, integer: false)
        func px(_ x: Double) -> Double { left + (x - xAxis.lo) / (xAxis.hi - xAxis.lo) * pw }
        func py(_ y: Double) -> Double {
            let (a, b, v) = logY ? (log10(yAxis.lo), log10(yAxis.hi), log10(y)) : (yAxis.lo, yAxis.hi, y)
            return top + ph - (v - a) / (b - a) * ph
        }
        // Grid and tick labels.
        s += "<g stroke=\"#e4e4e4\" stroke-width=\"1\">\n"
        for t in xAxis.ticks { s += "<line x1=\"\(f(px(t)))\" y1=\"\(f(top))\" x2=\"\(f(px(t)))\" y2=\"\(f(top + ph))\"/>\n" }
        for t in yAxis.ticks { s += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(left + pw))\" y2=\"\(f(py(t)))\"/>\n" }
        s += "</g>\n<g fill=\"#333\">\n"
        for t in xAxis.ticks {
            s += "<text x=\"\(f(px(t)))\" y=\"\(f(top + ph + 16))\" text-anchor=\"middle\">\(SVGPlot.escape(AxisTicks.label(t, log: false)))</text>\n"
        }
        for t in yAxis.ticks {
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(SVGPlot.escape(AxisTicks.label(t, log: logY)))</text>\n"
        }
        s += "</g>\n"
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"#555\" stroke-width=\"1\"/>\n"
        s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(Double(height) - 10))\" text-anchor=\"middle\">\(SVGPlot.escape(xLabel))</text>\n"
        let yl = logY ? yLabel + " (log scale)" : yLabel
        s += "<text transform=\"translate(16 \(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">\(SVGPlot.escape(yl))</text>\n"
        // Bands, then lines.
        for band in bands {
            var upperPts: [(Double, Double)] = [], lowerPts: [(Double, Double)] = []
            for i in 0..<min(band.xs.count, band.lower.count, band.upper.count) {
                let (x, lo, hi) = (band.xs[i], band.lower[i], band.upper[i])
                guard x.isFinite, lo.isFinite, hi.isFinite, !logY || lo > 0 else { continue }
                upperPts.append((px(x), py(hi))); lowerPts.append((px(x), py(lo)))
            }
            guard !upperPts.isEmpty else { continue }
            let pts = (upperPts + lowerPts.reversed()).map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
            s += "<polygon points=\"\(pts)\" fill=\"\(SVGPlot.escape(band.color))\" fill-opacity=\"0.25\" stroke=\"none\"/>\n"
        }
        var drawn: [(Double, Double)] = []   // sampled pixel positions of the data, for the legend
        for line in series {
            var d = "", pen = false, marks = ""
            var previous: (Double, Double)? = nil
            for i in 0..<min(line.xs.count, line.ys.count) {
                let (x, y) = (line.xs[i], line.ys[i])
                guard x.isFinite, y.isFinite, !logY || y > 0 else { pen = false; previous = nil; continue }
                d += (pen ? " L" : " M") + "\(f(px(x))) \(f(py(y)))"
                let point = (px(x), py(y))
                if let p = previous {
                    for k in 1...8 { let u = Double(k) / 8; drawn.append((p.0 + (point.0 - p.0) * u, p.1 + (point.1 - p.1) * u)) }
                } else { drawn.append(point) }
                previous = point
                pen = true
                if line.markers { marks += "<circle cx=\"\(f(px(x)))\" cy=\"\(f(py(y)))\" r=\"2.5\"/>" }
            }
            guard !d.isEmpty else { continue }
            let color = SVGPlot.escape(line.color)
            s += "<path d=\"\(d.dropFirst())\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(f(line.lineWidth))\" stroke-opacity=\"\(f(line.opacity))\" stroke-linejoin=\"round\"/>\n"
            if !marks.isEmpty { s += "<g fill=\"\(color)\" fill-opacity=\"\(f(line.opacity))\">\(marks)</g>\n" }
        }
        for band in bands {
            for i in 0..<min(band.xs.count, band.lower.count, band.upper.count)
            where band.xs[i].isFinite && band.lower[i].isFinite && band.upper[i].isFinite && (!logY || band.lower[i] > 0) {
                for k in 0...4 {
                    let y = band.lower[i] + (band.upper[i] - band.lower[i]) * Double(k) / 4
                    drawn.append((px(band.xs[i]), py(y)))
                }
            }
        }
        // The legend goes in the corner of the plot area that covers the fewest data points.
        let (boxW, boxH) = legendSize
        let corners = [(left + pw - 8 - boxW, top + 8), (left + 8, top + 8),
                       (left + pw - 8 - boxW, top + ph - 8 - boxH), (left + 8, top + ph - 8 - boxH)]
        let covered = corners.map { c in
            drawn.filter { $0.0 >= c.0 - 4 && $0.0 <= c.0 + boxW + 4 && $0.1 >= c.1 - 4 && $0.1 <= c.1 + boxH + 4 }.count
        }
        let best = covered.indices.min { covered[$0] < covered[$1] } ?? 0
        s += legend(x: corners[best].0, y: corners[best].1)
        return s + "</svg>\n"
    }

    /// Legend entries: (label, colour, is a band).
    var legendEntries: [(String, String, Bool)] {
        bands.compactMap { b in b.name.map { ($0, b.color, true) } } + series.compactMap { l in l.name.map { ($0, l.color, false) } }
    }

    /// Legend box width and height in pixels.
    var legendSize: (Double, Double) {
        let entries = legendEntries
        return (Double(entries.map(\.0.count).max() ?? 0) * 7 + 40, Double(entries.count) * 18 + 8)
    }

    /// The legend box with its top-left corner at (x, y).
    func legend(x left: Double, y: Double) -> String {
        let entries = legendEntries
        guard !entries.isEmpty else { return "" }
        let (boxW, boxH) = legendSize
        let x = left + boxW
        var s = "<g>\n<rect x=\"\(f(x - boxW))\" y=\"\(f(y))\" width=\"\(f(boxW))\" height=\"\(f(boxH))\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#bbb\"/>\n"
        for (i, e) in entries.enumerated() {
            let ly = y + 14 + Double(i) * 18, color = SVGPlot.escape(e.1)
            if e.2 {
                s += "<rect x=\"\(f(x - boxW + 8))\" y=\"\(f(ly - 6))\" width=\"20\" height=\"10\" fill=\"\(color)\" fill-opacity=\"0.25\"/>\n"
            } else {
                s += "<line x1=\"\(f(x - boxW + 8))\" y1=\"\(f(ly - 1))\" x2=\"\(f(x - boxW + 28))\" y2=\"\(f(ly - 1))\" stroke=\"\(color)\" stroke-width=\"2.5\"/>\n"
            }
            s += "<text x=\"\(f(x - boxW + 34))\" y=\"\(f(ly + 3))\">\(SVGPlot.escape(e.0))</text>\n"
        }
        return s + "</g>\n"
    }

    /// Escapes text for XML content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab/newline are not allowed in XML 1.0.
                if let a = ch.asciiValue, a < 0x20, a != 0x09, a != 0x0A, a != 0x0D { out += " " } else { out.append(ch) }
            }
        }
        return out
    }

    /// A coordinate with two decimals.
    func f(_ v: Double) -> String { NumberFormat.trimZeros(NumberFormat.fixed(v, decimals: 2)) }
}
