import Testing
import Foundation
@testable import PRCCommands

/// `prc bench --quick --json` runs every measurement and prints one JSON object with the documented keys.
@Suite struct BenchCommandTests {
    @Test func quickBenchPrintsEveryKey() throws {
        let tmp = makeTempDir("bench")
        let r = try runBinary("prc", ["bench", "--quick", "--json", "--threads", "1", "--tmp", tmp])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try JSONDecoder().decode(JSONValue.self, from: Data(r.stdout.utf8)).object ?? [:]
        for key in ["sgemm_gflops", "train_online_us_per_frame", "train_batched_us_per_frame", "train_batched_gflops",
                    "train_small_us_per_frame", "moving_mnist_1k_seconds", "moving_mnist_1k_peak_rss_mb",
                    "moving_mnist_1k_output_mb", "render_seconds"] {
            #expect((obj[key]?.number ?? 0) > 0, "\(key) missing or not positive")
        }
        #expect(obj["threads"]?.number == 1)
        let core = obj["blas_core"]?.string ?? ""
        #expect(core.count > 0)
        // 1,000 × 20 frames of 64×64 bytes plus the .npy header.
        #expect((obj["moving_mnist_1k_output_mb"]?.number ?? 0) >= 81.9)
        #expect(obj["peer"] == nil)
    }

    @Test func onlyRejectsUnknownWorkloads() throws {
        let r = try runBinary("prc", ["bench", "--only", "huge"])
        #expect(r.status == 2)
    }
}
