import Foundation
import PRCCore
import Testing
@testable import PRCIngest

@Suite struct MovingMNISTTests {
    @Test func workedExampleOriginalRule() {
        let xs = MovingMNIST.trajectory(start: 0.05, velocity: -1, step: 0.1, frames: 4, range: 36, rule: .original)
        #expect(xs == [0, 3, 7, 10])
    }

    @Test func workedExampleFoldRule() {
        let xs = MovingMNIST.trajectory(start: 0.05, velocity: -1, step: 0.1, frames: 4, range: 36, rule: .reflect)
        #expect(xs == [2, 2, 5, 9])
    }

    @Test func trajectoriesStayInsideTheFrame() {
        for rule in BounceRule.allCases {
            for v in [-1.0, -0.3, 0.7, 1.0] {
                let xs = MovingMNIST.trajectory(start: 0.93, velocity: v, step: 0.37, frames: 200, range: 36, rule: rule)
                #expect(xs.allSatisfy { (0...36).contains($0) })
            }
        }
    }

    @Test func sumSaturatesAt255() throws {
        #expect(MovingMNIST.composeSum(200, 100) == 255)
        #expect(MovingMNIST.composeSum(255, 255) == 255)
        #expect(MovingMNIST.composeSum(100, 27) == 127)
        // Two full-200 digits overlapping in a 28×28 frame: every pixel saturates under sum, stays 200 under max.
        let images = try syntheticDigits(count: 3) { _ in 200 }
        for (compose, want) in [(Composition.sum, UInt8(255)), (.max, 200)] {
            var p = MovingMNISTParameters()
            p.size = 28; p.length = 3; p.count = 1; p.compose = compose
            var out = [UInt8](repeating: 7, count: 3 * 28 * 28)
            images.withPixels { px in
                out.withUnsafeMutableBufferPointer { _ = MovingMNIST.renderSequence(p, index: 0, images: images, pixels: px, into: $0.baseAddress!) }
            }
            #expect(out.allSatisfy { $0 == want })
        }
    }

    @Test func sameSeedSameBytesAnyThreadCount() throws {
        let images = try syntheticDigits(count: 50) { UInt8(($0 * 37) % 256) }
        let dir = makeTempDir("mm"); defer { removeTree(dir) }
        var p = MovingMNISTParameters()
        p.count = 300; p.length = 5; p.size = 40; p.seed = 42
        func build(_ name: String, threads: Int, seed: UInt64 = 42) throws -> Data {
            var q = p; q.seed = seed
            _ = try MovingMNIST.write(q, images: images, to: joinPath(dir, name), threads: threads)
            return try Data(contentsOf: URL(fileURLWithPath: joinPath(dir, name)))
        }
        let one = try build("a.npy", threads: 1)
        #expect(try build("b.npy", threads: 2) == one)
        #expect(try build("c.npy", threads: 7) == one)
        #expect(try build("d.npy", threads: 1, seed: 43) != one)
        #expect(one.count == 128 + 300 * 5 * 40 * 40)
    }

    @Test(.enabled(if: mnistAvailable, mnistMissing)) func realDigitsEveryFrameHasInk() throws {
        let images = try sharedTestSplit()
        var p = MovingMNISTParameters()
        p.count = 50
        let dir = makeTempDir("mm"); defer { removeTree(dir) }
        let path = joinPath(dir, "f.npy")
        let classes = try MovingMNIST.write(p, images: images, to: path)
        #expect(classes.count == 100 && classes.allSatisfy { (0...9).contains($0) })
        let a = try NPY.read(path)
        #expect(a.shape == [50, 20, 64, 64])
        let px = a.storage.base.assumingMemoryBound(to: UInt8.self)
        for f in 0..<(50 * 20) {
            var hi: UInt8 = 0
            for i in 0..<4096 { hi = max(hi, px[f * 4096 + i]) }
            #expect(hi > 200, "frame \(f) has no ink")
        }
    }

    @Test func invalidParametersAreRejected() throws {
        let images = try syntheticDigits(count: 2) { _ in 1 }
        var p = MovingMNISTParameters()
        p.size = 20
        #expect { try MovingMNIST.validate(p, digitRows: images.rows, digitCols: images.cols) } throws: { "\($0)".contains("--size") }
        p = MovingMNISTParameters(); p.step = 0
        #expect(throws: IngestError.self) { try MovingMNIST.validate(p, digitRows: 28, digitCols: 28) }
    }
}
