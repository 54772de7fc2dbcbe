import Foundation
import PRCCore
import Testing
@testable import PRCIngest

/// Frames written by Pillow (another common tool) in every mode it saves as PNG, imported and compared
/// with values the Python side computes independently with exact fractions from the same rules.
@Suite struct PillowInteropTests {
    static let pillowAvailable: Bool = runPython("import numpy, PIL").status == 0

    static let script = #"""
import sys, math, numpy as np
from fractions import Fraction as F
from PIL import Image
out, H, W = sys.argv[1], 4, 5
rng = np.random.default_rng(5)
def narrow(v):                      # 16-bit Fraction -> 8 bits, round(v/257) half up
    return math.floor(F(v) / 257 + F(1, 2))
def gray(r, g, b):                  # on 16-bit values
    return F(299, 1000) * r + F(587, 1000) * g + F(114, 1000) * b
def over(c, a, bg):                 # composite a 16-bit value with 16-bit alpha over bg (0 or 65535)
    return F(c) * a / 65535 + F(bg) * (65535 - a) / 65535
exp = {"black": [], "white": []}
def add(fn):
    for bg, key in ((0, "black"), (65535, "white")):
        exp[key].append([[fn(y, x, bg) for x in range(W)] for y in range(H)])
a = rng.integers(0, 256, (H, W), dtype=np.uint8)
Image.fromarray(a, "L").save(f"{out}/f0.png"); add(lambda y, x, bg: int(a[y, x]))
rgb = rng.integers(0, 256, (H, W, 3), dtype=np.uint8)
Image.fromarray(rgb, "RGB").save(f"{out}/f1.png")
add(lambda y, x, bg: narrow(gray(*(257 * int(c) for c in rgb[y, x]))))
rgba = rng.integers(0, 256, (H, W, 4), dtype=np.uint8)
Image.fromarray(rgba, "RGBA").save(f"{out}/f2.png")
add(lambda y, x, bg: narrow(over(gray(*(257 * int(c) for c in rgba[y, x, :3])), 257 * int(rgba[y, x, 3]), bg)))
la = rng.integers(0, 256, (H, W, 2), dtype=np.uint8)
Image.fromarray(la, "LA").save(f"{out}/f3.png")
add(lambda y, x, bg: narrow(over(257 * int(la[y, x, 0]), 257 * int(la[y, x, 1]), bg)))
pal = [(250, 10, 10), (10, 250, 10), (10, 10, 250), (128, 128, 128)]
alpha = [255, 0, 100, 255]
idx = rng.integers(0, 4, (H, W), dtype=np.uint8)
p = Image.fromarray(idx, "P"); p.putpalette([v for c in pal for v in c] + [0] * (768 - 12))
p.save(f"{out}/f4.png", transparency=bytes(alpha))
add(lambda y, x, bg: narrow(over(gray(*(257 * c for c in pal[idx[y, x]])), 257 * alpha[idx[y, x]], bg)))
deep = rng.integers(0, 65536, (H, W), dtype=np.uint16)
Image.fromarray(deep).save(f"{out}/f5.png"); add(lambda y, x, bg: narrow(int(deep[y, x])))
bits = rng.integers(0, 2, (H, W)).astype(bool)
Image.fromarray(bits).convert("1").save(f"{out}/f6.png"); add(lambda y, x, bg: 255 if bits[y, x] else 0)
for key in exp:
    np.save(f"{out}/../expected-{key}.npy", np.array(exp[key], dtype=np.uint8)[None])
print(" ".join(Image.open(f"{out}/f{i}.png").mode for i in range(7)))
"""#

    @Test(.enabled(if: pillowAvailable || pythonRequired, "needs python3 with both numpy and Pillow importable, one is missing (set PRC_REQUIRE_PYTHON=1 to make this fail)"))
    func pillowFramesMatchIndependentValues() throws {
        let dir = makeTempDir("pillow"); defer { removeTree(dir) }
        let frames = joinPath(dir, "frames")
        try makeDirectories(frames)
        let py = runPython(Self.script, [frames])
        try #require(py.status == 0, "python failed: \(py.output)")
        for alpha in [AlphaRule.black, .white] {
            var options = ImportOptions(name: "pil-\(alpha.rawValue)")
            options.alpha = alpha
            let data = DataDirectory(flag: joinPath(dir, "data"))
            let m = try ImageImporter.run([frames], options: options, dataDir: data, quiet: true)
            #expect(m.imported?.colorTypes.count == 7, "\(m.imported?.colorTypes ?? [])")
            let ours = try DatasetStore.load(options.name, dataDir: data).frames
            let expected = try NPY.read(joinPath(dir, "expected-\(alpha.rawValue).npy"), map: false)
            #expect(expected.shape == [1, 7, 4, 5])
            for t in 0..<7 {
                let want = Array(UnsafeRawBufferPointer(rebasing: expected.storage.bytes[(t * 20)..<((t + 1) * 20)]))
                #expect(Array(ours.frame(0, t)) == want, "frame \(t) (alpha \(alpha.rawValue)), Pillow modes: \(py.output)")
            }
        }
    }
}
