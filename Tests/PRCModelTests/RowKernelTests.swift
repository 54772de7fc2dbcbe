import Testing
import PRCCore
@testable import PRCModel

/// The one-row kernels: products close to a Double reference at every tail length, and the fused
/// update-then-product equal bit for bit to the update followed by the product.
@Suite struct RowKernelTests {
    func values(_ n: Int, seed: UInt64) -> [Float] {
        var rng = SeededRandom(seed: seed)
        return (0..<n).map { _ in rng.nextFloat(symmetric: 1) }
    }

    @Test(arguments: [1, 7, 16, 17, 63, 64, 100, 784, 4096])
    func dotMatchesDoubleReference(_ k: Int) {
        let w = values(k, seed: 1), x = values(k, seed: 2)
        let ref = zip(w, x).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let got = w.withUnsafeBufferPointer { wp in x.withUnsafeBufferPointer { RowKernels.dot(wp.baseAddress!, $0.baseAddress!, k) } }
        #expect(abs(Double(got) - ref) <= 1e-5 * Double(k))
    }

    @Test(arguments: [5, 40, 784, 4100])
    func fusedSweepEqualsSeparateUpdateAndProduct(_ k: Int) {
        var a = values(k, seed: 3), b = a
        let p = values(k, seed: 4), x = values(k, seed: 5)
        let s: Float = 0.037
        let fused = a.withUnsafeMutableBufferPointer { w in
            p.withUnsafeBufferPointer { pp in x.withUnsafeBufferPointer { RowKernels.axpyThenDot(w.baseAddress!, s, pp.baseAddress!, $0.baseAddress!, k) } }
        }
        let separate = b.withUnsafeMutableBufferPointer { w -> Float in
            p.withUnsafeBufferPointer { RowKernels.axpy(w.baseAddress!, s, $0.baseAddress!, k) }
            return x.withUnsafeBufferPointer { RowKernels.dot(UnsafePointer(w.baseAddress!), $0.baseAddress!, k) }
        }
        #expect(fused.bitPattern == separate.bitPattern)
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        #expect(a != values(k, seed: 3))
    }
}
