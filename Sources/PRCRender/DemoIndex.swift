/// The top-level page of `prc demo`: one section per run with its strip, metrics and report link.
public struct DemoIndex: Sendable {
    /// One run of the demo.
    public struct Entry: Sendable, Equatable {
        /// Run name; also the run's folder relative to the index.
        public var name: String
        /// What the run shows, in a sentence.
        public var description: String
        /// Metrics rows shown beside the picture.
        public var metrics: [KeyValue]
        /// Creates an entry.
        public init(name: String, description: String, metrics: [KeyValue]) {
            self.name = name; self.description = description; self.metrics = metrics
        }
    }

    /// Page title.
    public var title: String
    /// Lines shown under the title (data source, timing).
    public var lines: [String]
    /// The runs, in order.
    public var entries: [Entry]

    /// Creates the page.
    public init(title: String, lines: [String], entries: [Entry]) {
        self.title = title; self.lines = lines; self.entries = entries
    }

    /// The HTML document (relative links into each run folder only).
    public func render() -> String {
        let e = HTMLReport.escape
        let table = HTMLReport.table
        var h = HTMLReport.head(title: title, heading: title)
        h += lines.map { "<p>\(e($0))</p>\n" }.joined()
        h += "<nav>" + entries.map { "<a href=\"#\(e($0.name))\">\(e($0.name))</a>" }.joined() + "</nav>\n"
        for run in entries {
            let dir = e(run.name)
            h += "<h2 id=\"\(dir)\">\(e(run.name))</h2>\n<p>\(e(run.description)) — <a href=\"\(dir)/index.html\">full report</a></p>\n"
            h += "<div class=\"grid\">\n<section>\(table(run.metrics))</section>\n"
            h += "<section><figure><a href=\"\(dir)/sheet.png\"><img src=\"\(dir)/sheet.png\" alt=\"animated recall of \(dir)\"></a>"
            h += "<figcaption>animated: true | recalled</figcaption></figure></section>\n</div>\n"
            h += "<figure><a href=\"\(dir)/strip.png\"><img src=\"\(dir)/strip.png\" alt=\"strip of \(dir)\"></a>"
            h += "<figcaption>rows: true frames, recalled frames, absolute error</figcaption></figure>\n"
        }
        return h + "</body>\n</html>\n"
    }
}
