import Foundation
import PRCCore
@testable import PRCModel

/// Builds a dataset from per-sequence frames of bytes (variable lengths allowed), frames 1×V.
func makeSequences(_ seqs: [[[UInt8]]], height: Int = 1, channels: Int = 1) throws -> FrameSequences {
    let v = seqs[0][0].count
    let maxLen = seqs.map(\.count).max()!
    var bytes = [UInt8](repeating: 0, count: seqs.count * maxLen * v)
    for (n, s) in seqs.enumerated() {
        for (t, f) in s.enumerated() { for i in 0..<v { bytes[(n * maxLen + t) * v + i] = f[i] } }
    }
    return try FrameSequences(height: height, width: v / height / channels, channels: channels,
                              lengths: seqs.map(\.count), storage: ByteStorage(bytes))
}

/// Plain scalar Double reference of model.md's combined learning procedure (independent of PRCModel).
struct ReferencePRC {
    var wf: [[Double]], bf: [Double], wg: [[Double]], bg: [Double], wr: [[Double]], br: [Double]
    var lrF = 0.05, lrG = 0.05, lrR = 0.05, lambdaV = 0.75, lambdaH = 0.75
    var mean = false, presynData = false, deriv = false, bias = true
    var autoencoder = true, recurrent = true

    static func sig(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    func layer(_ w: [[Double]], _ b: [Double], _ x: [Double]) -> [Double] {
        w.indices.map { i in
            var z = bias ? b[i] : 0
            for j in x.indices { z += w[i][j] * x[j] }
            return ReferencePRC.sig(z)
        }
    }

    /// One step on rows `xs` with previous codes `hprev` (nil at t = 1); returns the codes h.
    mutating func step(_ xs: [[Double]], _ hprev: [[Double]]?) -> [[Double]] {
        let v = bg.count, h = bf.count
        var dWf = Array(repeating: Array(repeating: 0.0, count: v), count: h), dbf = Array(repeating: 0.0, count: h)
        var dWg = Array(repeating: Array(repeating: 0.0, count: h), count: v), dbg = Array(repeating: 0.0, count: v)
        var dWr = Array(repeating: Array(repeating: 0.0, count: h), count: h), dbr = Array(repeating: 0.0, count: h)
        var codes: [[Double]] = []
        let s = mean ? 1.0 / Double(xs.count) : 1.0
        for (row, x) in xs.enumerated() {
            let hh = layer(wf, bf, x)
            codes.append(hh)
            let r = layer(wg, bg, hh)
            let xhat = x.indices.map { lambdaV * x[$0] + (1 - lambdaV) * r[$0] }
            let h2 = layer(wf, bf, xhat)
            let hhat = hh.indices.map { lambdaH * hh[$0] + (1 - lambdaH) * h2[$0] }
            if autoencoder {
                for i in 0..<v {
                    for j in 0..<h { dWg[i][j] += lrG * s * hh[j] * (x[i] - xhat[i]) }
                    dbg[i] += lrG * s * (x[i] - xhat[i])
                }
                for i in 0..<h {
                    for j in 0..<v { dWf[i][j] += lrF * s * (presynData ? x[j] : xhat[j]) * (hh[i] - hhat[i]) }
                    dbf[i] += lrF * s * (hh[i] - hhat[i])
                }
            }
            if recurrent, let hp = hprev?[row] {
                let p = layer(wr, br, hp)
                for i in 0..<h {
                    var e = hh[i] - p[i]
                    if deriv { e *= p[i] * (1 - p[i]) }
                    for j in 0..<h { dWr[i][j] += lrR * s * e * hp[j] }
                    dbr[i] += lrR * s * e
                }
            }
        }
        for i in 0..<h { for j in 0..<v { wf[i][j] += dWf[i][j] }; if bias { bf[i] += dbf[i] } }
        for i in 0..<v { for j in 0..<h { wg[i][j] += dWg[i][j] }; if bias { bg[i] += dbg[i] } }
        for i in 0..<h { for j in 0..<h { wr[i][j] += dWr[i][j] }; if bias { br[i] += dbr[i] } }
        return codes
    }

    /// One epoch over sequences (frames as Doubles) in batches of consecutive sequences.
    mutating func epoch(_ seqs: [[[Double]]], batch: Int) {
        var first = 0
        while first < seqs.count {
            let group = Array(first..<min(first + batch, seqs.count))
            var prevCode: [Int: [Double]] = [:]
            for t in 0..<(group.map { seqs[$0].count }.max()!) {
                let live = group.filter { seqs[$0].count > t }
                let hp: [[Double]]? = t == 0 ? nil : live.map { prevCode[$0]! }
                let codes = step(live.map { seqs[$0][t] }, hp)
                for (k, n) in live.enumerated() { prevCode[n] = codes[k] }
            }
            first += batch
        }
    }

    /// Tensors in PRCModel's order and layout.
    var tensors: [NamedTensor] {
        let h = bf.count, v = bg.count
        return [NamedTensor(name: "Wf", shape: [h, v], values: wf.flatMap { $0 }.map(Float.init)),
                NamedTensor(name: "bf", shape: [h], values: bf.map(Float.init)),
                NamedTensor(name: "Wg", shape: [v, h], values: wg.flatMap { $0 }.map(Float.init)),
                NamedTensor(name: "bg", shape: [v], values: bg.map(Float.init)),
                NamedTensor(name: "Wr", shape: [h, h], values: wr.flatMap { $0 }.map(Float.init)),
                NamedTensor(name: "br", shape: [h], values: br.map(Float.init))]
    }
}

/// A fixed 3-visible, 2-hidden starting point with distinct values everywhere.
func tinyReference() -> ReferencePRC {
    ReferencePRC(wf: [[0.3, -0.2, 0.5], [-0.4, 0.1, 0.25]], bf: [0.05, -0.15],
                 wg: [[0.2, -0.3], [0.45, 0.1], [-0.35, 0.15]], bg: [-0.1, 0.2, 0.05],
                 wr: [[0.6, -0.5], [0.3, 0.7]], br: [0.1, -0.2])
}

/// Largest absolute difference between two tensor lists with equal names and shapes.
func maxDifference(_ a: [NamedTensor], _ b: [NamedTensor]) -> Double {
    var m = 0.0
    for t in a {
        guard let u = b.first(where: { $0.name == t.name }), u.shape == t.shape else { return .infinity }
        for i in t.values.indices { m = max(m, Double(abs(t.values[i] - u.values[i]))) }
    }
    return m
}

/// Frames of a byte dataset as Doubles in [0, 1].
func doubles(_ seqs: [[[UInt8]]]) -> [[[Double]]] { seqs.map { $0.map { $0.map { Double($0) / 255 } } } }

/// A unique temporary path.
func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "prc-model-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)"
}
