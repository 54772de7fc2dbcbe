import Testing
import Foundation
import PRCModel

/// Timing harness (prints only, never asserts on time); run in release with PRC_BENCH=1:
/// `PRC_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter PRCModelTests.BenchmarkTests`
/// PRC_BENCH_WORKLOAD=online|small|batched limits the run to one workload.
@Suite struct BenchmarkTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PRC_BENCH"] == "1"))
    func trainingSpeed() throws {
        let only = ProcessInfo.processInfo.environment["PRC_BENCH_WORKLOAD"]
        let workloads: [(String, Int, Int, Int, Int, Int, Int)] = [
            ("moving1", 4096, 256, 1, 20, 1, 20), ("online", 4096, 256, 1, 20, 4, 5), ("small", 784, 256, 1, 10, 1, 40), ("batched", 4096, 1024, 64, 20, 64, 1)]
        for threads in [1, 2] {
            setBLASThreads(threads)
            for fused in [true, false] {
                var line = "threads \(threads) \(fused ? "fused" : "reference"):"
                for (name, v, h, b, t, n, e) in workloads where only == nil || only == name {
                    let us = try benchmarkTrainStep(visible: v, hidden: h, batch: b, frames: t, sequences: n, epochs: e, fused: fused)
                    line += String(format: " %@ %.1f µs/frame", name, us)
                }
                print(line)
            }
        }
    }
}
