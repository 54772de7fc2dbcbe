/// The two plots of the report: training curves and recall error per frame.
public enum ReportPlots {
    /// Colours of the series (colour-blind friendly, Okabe–Ito).
    public static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]

    /// `curves.svg`: reconstruction, prediction and (when logged) recall MSE against epoch.
    public static func trainingCurves(_ log: [TrainLogRow]) -> SVGPlot {
        var plot = SVGPlot(title: "Training curves", xLabel: "epoch", yLabel: "MSE")
        plot.emptyMessage = "no training log"
        let xs = log.map { Double($0.epoch) }
        let markers = log.count <= 40
        plot.series.append(.init(name: "reconstruction MSE", xs: xs, ys: log.map(\.reconstructionMSE),
                                 color: palette[0], markers: markers))
        plot.series.append(.init(name: "prediction MSE", xs: xs, ys: log.map(\.predictionMSE),
                                 color: palette[1], markers: markers))
        let recall = log.compactMap { row in row.recallMSE.map { (Double(row.epoch), $0) } }
        if !recall.isEmpty {
            plot.series.append(.init(name: "recall MSE", xs: recall.map(\.0), ys: recall.map(\.1),
                                     color: palette[2], markers: true))
        }
        return plot
    }

    /// `recall-error.svg`: mean MSE per frame index over sequences, a min–max band, and thin
    /// per-sequence lines when there are at most 12 sequences. Sequences may differ in length.
    public static func recallError(_ msePerFrame: [[Double]]) -> SVGPlot {
        var plot = SVGPlot(title: "Recall error by frame", xLabel: "frame (1 = cue)", yLabel: "MSE")
        plot.emptyMessage = "no recall error recorded"
        let steps = msePerFrame.map(\.count).max() ?? 0
        var xs: [Double] = [], mean: [Double] = [], lo: [Double] = [], hi: [Double] = []
        for t in 0..<steps {
            let vals = msePerFrame.compactMap { t < $0.count && $0[t].isFinite ? $0[t] : nil }
            guard !vals.isEmpty else { continue }
            xs.append(Double(t + 1))  // frames numbered 1…T, as in strips and metrics
            mean.append(vals.reduce(0, +) / Double(vals.count))
            lo.append(vals.min()!); hi.append(vals.max()!)
        }
        if msePerFrame.count > 1 {
            plot.bands.append(.init(name: "min–max over \(msePerFrame.count) sequences", xs: xs, lower: lo, upper: hi,
                                    color: palette[0]))
        }
        if msePerFrame.count > 1 && msePerFrame.count <= 12 {
            for (i, seq) in msePerFrame.enumerated() {
                plot.series.append(.init(name: i == 0 ? "single sequences" : nil, xs: seq.indices.map { Double($0 + 1) },
                                         ys: seq, color: "#888888", lineWidth: 1, opacity: 0.6))
            }
        }
        plot.series.append(.init(name: msePerFrame.count > 1 ? "mean" : "MSE", xs: xs, ys: mean,
                                 color: palette[5], lineWidth: 2.5, markers: xs.count <= 40))
        return plot
    }
}
