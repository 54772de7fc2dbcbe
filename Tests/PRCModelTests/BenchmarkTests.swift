import Testing
import Foundation
import PRCModel

/// Timing harness (prints only, never asserts on time); run in release with PRC_BENCH=1:
/// `PRC_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter PRCModelTests.BenchmarkTests`
@Suite struct BenchmarkTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PRC_BENCH"] == "1"))
    func trainingSpeed() throws {
        for threads in [1, 2] {
            setBLASThreads(threads)
            for fused in [true, false] {
                let online = try benchmarkTrainStep(visible: 4096, hidden: 256, batch: 1, frames: 20, sequences: 4, epochs: 5, fused: fused)
                let small = try benchmarkTrainStep(visible: 784, hidden: 256, batch: 1, frames: 10, sequences: 1, epochs: 40, fused: fused)
                let batched = try benchmarkTrainStep(visible: 4096, hidden: 1024, batch: 64, frames: 20, sequences: 64, epochs: 1, fused: fused)
                print(String(format: "threads %d %@: online %.1f µs/frame, small %.1f µs/frame, batched %.1f µs/frame",
                             threads, fused ? "fused" : "reference", online, small, batched))
            }
        }
    }
}
