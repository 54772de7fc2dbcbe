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
        let workloads = TrainWorkload.peerWorkloads
        for threads in [1, 2] {
            setBLASThreads(threads)
            for fused in [true, false] {
                var line = "threads \(threads) \(fused ? "fused" : "reference"):"
                for w in workloads where only == nil || only == w.name {
                    let us = try benchmarkTrainStep(w, fused: fused)
                    line += String(format: " %@ %.1f µs/frame", w.name, us)
                }
                print(line)
            }
        }
    }
}
