/// `index.html`: a self-contained report (inline CSS, relative links only) readable from disk.
public struct HTMLReport: Sendable {
    /// A picture or plot of the report.
    public struct Figure: Sendable, Equatable {
        /// File name relative to the report (e.g. "strip.png").
        public var file: String
        /// Section heading.
        public var heading: String
        /// Caption under the picture.
        public var caption: String
        /// Creates a figure.
        public init(file: String, heading: String, caption: String) {
            self.file = file; self.heading = heading; self.caption = caption
        }
    }

    /// Page title and heading.
    public var title: String
    /// Pretty JSON of the configuration, shown preformatted.
    public var configJSON: String
    /// Dataset summary rows.
    public var datasetSummary: [KeyValue]
    /// Metrics rows.
    public var metrics: [KeyValue]
    /// How the pictures were rendered (range, normalization, clipped values, scale, fps, selection).
    public var rendering: [KeyValue]
    /// Pictures and plots, in order.
    public var figures: [Figure]
    /// Free text lines.
    public var notes: [String]

    /// Creates a report.
    public init(title: String, configJSON: String, datasetSummary: [KeyValue], metrics: [KeyValue],
                rendering: [KeyValue], figures: [Figure], notes: [String]) {
        self.title = title; self.configJSON = configJSON; self.datasetSummary = datasetSummary
        self.metrics = metrics; self.rendering = rendering; self.figures = figures; self.notes = notes
    }

    static let css = """
        body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;\
        padding:0 1em;color:#222;line-height:1.45}
        h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd;\
        padding-bottom:.2em}
        table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .7em;text-align:left;\
        vertical-align:top}th{background:#f5f5f5;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
        figure{margin:.5em 0 1.5em}figure img{max-width:100%;height:auto;image-rendering:pixelated;border:1px solid #eee}
        figcaption{color:#555;font-size:.9em;margin-top:.3em}
        pre{background:#f7f7f7;border:1px solid #e2e2e2;padding:.8em;overflow:auto;font-size:.85em}
        .grid{display:flex;flex-wrap:wrap;gap:2em}.grid>section{flex:1 1 320px}
        nav a{margin-right:1em}
        """

    /// The HTML document.
    public func render() -> String {
        let e = HTMLReport.escape
        var h = HTMLReport.head(title: "\(title) — prc report", heading: title)
        h += "<p>Predictive Recirculation run report: recalled sequences from their first frame.</p>\n"
        h += "<nav>" + figures.map { "<a href=\"#\(anchor($0.file))\">\(e($0.heading))</a>" }.joined()
        h += "<a href=\"#config\">Configuration</a></nav>\n"
        h += "<div class=\"grid\">\n"
        h += "<section><h2>Metrics</h2>\n\(HTMLReport.table(metrics))</section>\n"
        h += "<section><h2>Dataset</h2>\n\(HTMLReport.table(datasetSummary))</section>\n"
        h += "<section><h2>Rendering</h2>\n\(HTMLReport.table(rendering))</section>\n"
        h += "</div>\n"
        for fig in figures {
            h += "<h2 id=\"\(anchor(fig.file))\">\(e(fig.heading))</h2>\n<figure>\n"
            h += "<a href=\"\(e(fig.file))\"><img src=\"\(e(fig.file))\" alt=\"\(e(fig.heading))\"></a>\n"
            h += "<figcaption>\(e(fig.caption))</figcaption>\n</figure>\n"
        }
        if !notes.isEmpty {
            h += "<h2>Notes</h2>\n<ul>\n" + notes.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n"
        }
        h += "<h2 id=\"config\">Configuration</h2>\n<pre>\(e(configJSON))</pre>\n"
        h += "</body>\n</html>\n"
        return h
    }

    /// The document start: doctype, head with title and inline CSS, opening body and an h1.
    static func head(title: String, heading: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>\(escape(title))</title>\n<style>\n\(css)\n</style>\n</head>\n<body>\n<h1>\(escape(heading))</h1>\n"
    }

    /// A two-column table; values that look numeric are right-aligned.
    static func table(_ rows: [KeyValue]) -> String {
        guard !rows.isEmpty else { return "<p><em>none recorded</em></p>\n" }
        var s = "<table>\n"
        for r in rows {
            let numeric = !r.value.isEmpty && r.value.allSatisfy { "0123456789.-+e%".contains($0) }
            s += "<tr><th>\(HTMLReport.escape(r.key))</th><td\(numeric ? " class=\"num\"" : "")>\(HTMLReport.escape(r.value))</td></tr>\n"
        }
        return s + "</table>\n"
    }

    /// An id derived from a file name ("strip.png" → "fig-strip").
    func anchor(_ file: String) -> String {
        let stem = file.split(separator: ".").first.map(String.init) ?? file
        return "fig-" + String(stem.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// Escapes text for HTML content and attribute values.
    public static func escape(_ text: String) -> String { SVGPlot.escape(text) }

    /// Every `src="…"` and `href="…"` value in `html`, unescaped for &amp; (for link checks).
    public static func links(in html: String) -> [String] {
        var out: [String] = []
        for attr in ["src=\"", "href=\""] {
            var rest = Substring(html)
            while let r = rest.firstRange(of: attr) {
                rest = rest[r.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                out.append(String(rest[..<end]).replacing("&amp;", with: "&"))
                rest = rest[rest.index(after: end)...]
            }
        }
        return out
    }
}
