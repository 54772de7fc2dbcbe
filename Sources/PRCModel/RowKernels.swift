import COpenBLAS

/// One-row kernels for B = 1 (matrix–vector work), on raw pointers.
///
/// On CPUs with AVX-512 or AVX2+FMA the C variants of `row_kernels.h` run (the package is compiled
/// for baseline x86-64, where Swift's SIMD16 becomes four SSE registers and spills); elsewhere the
/// Swift SIMD16 loop below. One variant is chosen per process, so results never mix variants.
/// Every entry point of a variant runs the same loop shape: 64 columns per iteration in four SIMD16 accumulators,
/// then 16-column chunks into the first accumulator, then a scalar tail, then one fixed reduction.
/// An update is always w ← w + (α·dᵢ)·pⱼ (as sger forms it). Because the fused kernel performs exactly
/// the update and then exactly the product that the separate kernels perform, fused and unfused paths
/// give the same bits; and because each output row is computed by one call whatever the row blocks
/// or threads, results do not depend on the thread count.
enum RowKernels {
    /// 2 = AVX-512, 1 = AVX2, 0 = the Swift loop.
    static let level = Int(prc_row_kernel_level())

    /// Σⱼ w[j]·x[j] over k columns.
    @inline(__always)
    static func dot(_ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ k: Int) -> Float {
        pass(UnsafeMutablePointer(mutating: w), k, scale: 0, p: nil, x: x)
    }

    /// w[j] ← w[j] + s·p[j] over k columns.
    @inline(__always)
    static func axpy(_ w: UnsafeMutablePointer<Float>, _ s: Float, _ p: UnsafePointer<Float>, _ k: Int) {
        _ = pass(w, k, scale: s, p: p, x: nil)
    }

    /// w[j] ← w[j] + s·p[j], then Σⱼ w[j]·x[j] with the updated values, in one sweep over the row.
    @inline(__always)
    static func axpyThenDot(_ w: UnsafeMutablePointer<Float>, _ s: Float, _ p: UnsafePointer<Float>,
                            _ x: UnsafePointer<Float>, _ k: Int) -> Float {
        pass(w, k, scale: s, p: p, x: x)
    }

    /// The one loop behind all kernels: optional update (p non-nil), optional product (x non-nil).
    @inline(__always)
    private static func pass(_ w: UnsafeMutablePointer<Float>, _ k: Int, scale s: Float,
                             p: UnsafePointer<Float>?, x: UnsafePointer<Float>?) -> Float {
        switch level {
        case 2: return prc_row_pass_avx512(w, k, s, p, x)
        case 1: return prc_row_pass_avx2(w, k, s, p, x)
        default: return swiftPass(w, k, scale: s, p: p, x: x)
        }
    }

    /// The portable SIMD16 loop (same shape as the C variants, separate multiply and add).
    @inline(__always)
    private static func swiftPass(_ w: UnsafeMutablePointer<Float>, _ k: Int, scale s: Float,
                                  p: UnsafePointer<Float>?, x: UnsafePointer<Float>?) -> Float {
        typealias V = SIMD16<Float>
        let wr = UnsafeMutableRawPointer(w)
        let pr = p.map { UnsafeRawPointer($0) }, xr = x.map { UnsafeRawPointer($0) }
        let sv = V(repeating: s)
        var a0 = V(), a1 = V(), a2 = V(), a3 = V()
        @inline(__always) func lane(_ j: Int, _ acc: inout V) {
            let o = j * 4
            var wv = wr.loadUnaligned(fromByteOffset: o, as: V.self)
            if let pr {
                wv = wv + sv * pr.loadUnaligned(fromByteOffset: o, as: V.self)
                wr.storeBytes(of: wv, toByteOffset: o, as: V.self)
            }
            if let xr { acc = acc + wv * xr.loadUnaligned(fromByteOffset: o, as: V.self) }
        }
        var j = 0
        while j + 64 <= k { lane(j, &a0); lane(j + 16, &a1); lane(j + 32, &a2); lane(j + 48, &a3); j += 64 }
        while j + 16 <= k { lane(j, &a0); j += 16 }
        var tail: Float = 0
        while j < k {
            var wv = w[j]
            if let p { wv = wv + s * p[j]; w[j] = wv }
            if let x { tail = tail + wv * x[j] }
            j += 1
        }
        guard x != nil else { return 0 }
        return ((a0 + a1) + (a2 + a3)).sum() + tail
    }
}
