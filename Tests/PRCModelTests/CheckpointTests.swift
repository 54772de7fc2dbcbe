import Testing
import Foundation
import PRCCore
@testable import PRCModel

/// Safetensors checkpoints: round trip, numpy compatibility, validation of bad files.
@Suite struct CheckpointTests {
    func trainedCheckpoint(_ model: ModelKind = .prc) throws -> Checkpoint {
        let data = try makeSequences([[[255, 0, 128, 7], [0, 255, 64, 9]], [[3, 200, 100, 50]]])
        var c = ModelConfig()
        c.model = model; c.hidden = 3; c.seed = 11; c.schedule = .twoPhase(autoencoderEpochs: 1); c.shuffle = true
        let t = try Trainer(config: c, data: data)
        for _ in 0..<3 { _ = try t.runEpoch() }
        return t.checkpoint()
    }

    @Test(arguments: ModelKind.allCases)
    func roundTripIsBitExact(_ model: ModelKind) throws {
        let ck = try trainedCheckpoint(model)
        let path = temporaryPath("rt.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ck.write(to: path)
        let back = try Checkpoint.read(path)
        #expect(back == ck)
        for (a, b) in zip(ck.tensors, back.tensors) {
            #expect(a.values.map(\.bitPattern) == b.values.map(\.bitPattern))
        }
        let bytes = try readWholeFile(path)
        var n = 0
        for i in (0..<8).reversed() { n = n << 8 | Int(bytes[i]) }
        #expect(n % 8 == 0)
        #expect(back.config.schedule == .twoPhase(autoencoderEpochs: 1))
    }

    @Test func loadsInPythonWithNumpyAlone() throws {
        let ck = try trainedCheckpoint()
        let path = temporaryPath("py.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ck.write(to: path)
        let script = """
        import json, struct, sys
        try:
            import numpy as np
        except ImportError:
            print("NO_NUMPY"); sys.exit(0)
        raw = open(sys.argv[1], 'rb').read()
        n = struct.unpack('<Q', raw[:8])[0]
        hdr = json.loads(raw[8:8 + n])
        meta = hdr.pop('__metadata__')
        cfg = json.loads(meta['config'])
        out = {'hidden': cfg['hidden'], 'schedule': cfg['schedule']}
        for k, v in hdr.items():
            a, b = v['data_offsets']
            arr = np.frombuffer(raw[8 + n + a:8 + n + b], dtype='<f4').reshape(v['shape'])
            out[k] = [list(arr.shape), float(arr.astype(np.float64).sum())]
        print(json.dumps(out))
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        p.standardOutput = pipe
        do { try p.run() } catch {
            let required = ProcessInfo.processInfo.environment["PRC_REQUIRE_PYTHON"] == "1"
            #expect(!required, "python3 is required (PRC_REQUIRE_PYTHON=1) but could not run: \(error)")
            print("skipped: python3 not available")
            return
        }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        if text.contains("NO_NUMPY") {
            #expect(ProcessInfo.processInfo.environment["PRC_REQUIRE_PYTHON"] != "1", "numpy is required but missing")
            print("skipped: numpy not installed")
            return
        }
        #expect(p.terminationStatus == 0)
        let obj = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(obj["hidden"] as? Int == 3)
        #expect(obj["schedule"] as? String == "two-phase:1")
        for t in ck.tensors {
            let entry = obj[t.name] as! [Any]
            #expect(entry[0] as! [Int] == t.shape)
            let sum = t.values.reduce(0.0) { $0 + Double($1) }
            #expect(abs((entry[1] as! Double) - sum) < 1e-9)
        }
    }

    /// Writes a file with header text `json` (padded) and `data` bytes, then expects a clear error.
    func expectRejected(_ json: String, data: [UInt8] = [], lengthOverride: UInt64? = nil,
                        mentioning words: [String]) throws {
        var header = Array(json.utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var n = lengthOverride ?? UInt64(header.count)
        var bytes: [UInt8] = []
        for _ in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: n)); n >>= 8 }
        let path = temporaryPath("bad.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeFileAtomically(path, bytes: bytes + header + data)
        do {
            _ = try Checkpoint.read(path)
            Issue.record("accepted a bad file: \(json)")
        } catch let e as UserFacingError {
            let text = e.description
            #expect(text.contains(path), "message does not name the file: \(text)")
            for w in words { #expect(text.contains(w), "message \"\(text)\" lacks \"\(w)\"") }
        }
    }

    @Test func corruptFilesGiveClearErrors() throws {
        let meta = "\"__metadata__\":{\"config\":\"{\\\"hidden\\\":1,\\\"model\\\":\\\"direct\\\"}\"}"
        try expectRejected("{}", lengthOverride: 1 << 40, mentioning: ["header length"])
        try expectRejected("{not json", mentioning: ["JSON"])
        try expectRejected("{\(meta),\"W\":{\"dtype\":\"F16\",\"shape\":[1,1],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}",
                           data: [UInt8](repeating: 0, count: 6), mentioning: ["F32", "F16"])
        try expectRejected("{\(meta),\"W\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                           data: [UInt8](repeating: 0, count: 5), mentioning: ["data_offsets"])
        try expectRejected("{\(meta),\"W\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                           data: [UInt8](repeating: 0, count: 8), mentioning: ["8 bytes", "4 bytes"])
        try expectRejected("{\(meta),\"W\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
                           data: [UInt8](repeating: 0, count: 12), mentioning: ["contiguous"])
        try expectRejected("{\"W\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}}",
                           data: [0, 0, 0, 0], mentioning: ["config"])
        try expectRejected("{\(meta),\"W\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}}",
                           data: [0, 0, 0, 0], mentioning: ["\"b\""])
        // Truncated real checkpoint.
        let path = temporaryPath("trunc.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try trainedCheckpoint().write(to: path)
        let full = try readWholeFile(path)
        try writeFileAtomically(path, bytes: Array(full.prefix(full.count - 3)))
        #expect(throws: CheckpointError.self) { try Checkpoint.read(path) }
        try writeFileAtomically(path, bytes: [1, 2, 3])
        #expect(throws: CheckpointError.self) { try Checkpoint.read(path) }
    }

    @Test func initFromChecksShapes() throws {
        let ck = try trainedCheckpoint()
        let wide = try makeSequences([[[1, 2, 3, 4, 5]]])
        var c = ck.config
        #expect(throws: CheckpointError.self) { try Trainer(config: c, data: wide, initial: ck) }
        c.hidden = 4
        let same = try makeSequences([[[1, 2, 3, 4]]])
        #expect(throws: CheckpointError.self) { try Trainer(config: c, data: same, initial: ck) }
        let t = try Trainer(config: ck.config, data: same, initial: ck)
        #expect(t.checkpoint().tensors == ck.tensors)
    }
}
