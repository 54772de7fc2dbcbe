import CPNG
import CZlib
import Foundation
import PRCCore
import Testing
@testable import PRCRender

/// A fresh temporary folder (under PRC_RENDER_KEEP when set, and then kept for looking at).
func makeTempDir(_ label: String) throws -> String {
    let parent = ProcessInfo.processInfo.environment["PRC_RENDER_KEEP"] ?? NSTemporaryDirectory()
    let path = (parent as NSString).appendingPathComponent("prc-render-\(label)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Removes a temporary folder unless PRC_RENDER_KEEP is set.
func removeTempDir(_ path: String) {
    if ProcessInfo.processInfo.environment["PRC_RENDER_KEEP"] == nil { try? FileManager.default.removeItem(atPath: path) }
}

/// A PNG decoded by libpng's simplified read API into 8-bit RGB.
struct DecodedPNG {
    let width: Int, height: Int
    let rgb: [UInt8]
    func pixel(_ x: Int, _ y: Int) -> [UInt8] { let i = (y * width + x) * 3; return Array(rgb[i..<(i + 3)]) }
}

/// Decodes PNG bytes with libpng (png_image_begin_read_from_memory / png_image_finish_read).
func decodePNG(_ bytes: [UInt8]) throws -> DecodedPNG {
    var img = png_image()
    img.version = png_uint_32(PNG_IMAGE_VERSION)
    let ok = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&img, $0.baseAddress, $0.count) }
    try #require(ok != 0, "libpng could not read the PNG header")
    img.format = png_uint_32(PNG_FORMAT_FLAG_COLOR)
    let w = Int(img.width), h = Int(img.height)
    var out = [UInt8](repeating: 0, count: w * h * 3)
    let done = out.withUnsafeMutableBytes { png_image_finish_read(&img, nil, $0.baseAddress, png_int_32(w * 3), nil) }
    png_image_free(&img)
    try #require(done != 0, "libpng could not decode the PNG")
    return DecodedPNG(width: w, height: h, rgb: out)
}

/// One PNG chunk as parsed by the tests.
struct Chunk {
    let type: String
    let data: [UInt8]
    let crcValid: Bool
}

/// Splits PNG bytes into chunks, checking the signature and each CRC with zlib's crc32.
func parseChunks(_ bytes: [UInt8]) throws -> [Chunk] {
    try #require(bytes.count >= 8 && Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    var chunks: [Chunk] = []
    var i = 8
    while i + 12 <= bytes.count {
        let len = Int(be32(bytes, i))
        let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
        try #require(i + 12 + len <= bytes.count, "chunk \(type) runs past the end")
        let data = Array(bytes[(i + 8)..<(i + 8 + len)])
        let stored = be32(bytes, i + 8 + len)
        let crc = Array(bytes[(i + 4)..<(i + 8 + len)]).withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        chunks.append(Chunk(type: type, data: data, crcValid: UInt32(crc) == stored))
        i += 12 + len
    }
    #expect(i == bytes.count, "trailing bytes after the last chunk")
    return chunks
}

/// A big-endian 32-bit integer at `i`.
func be32(_ b: [UInt8], _ i: Int) -> UInt32 {
    UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
}

/// A big-endian 16-bit integer at `i`.
func be16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) << 8 | UInt16(b[i + 1]) }

/// Runs `python3 -c script args…` and returns its status, stdout and stderr.
func runPython(_ script: String, _ args: [String]) throws -> (status: Int32, out: String, err: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script] + args
    let out = Pipe(), err = Pipe()
    p.standardOutput = out; p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

/// True when Pillow can be imported; otherwise fails under PRC_REQUIRE_PYTHON=1, else prints a skip.
func pillowAvailable() -> Bool {
    let r = try? runPython("import PIL", [])
    if let r, r.status == 0 { return true }
    if ProcessInfo.processInfo.environment["PRC_REQUIRE_PYTHON"] == "1" {
        Issue.record("Pillow is required (PRC_REQUIRE_PYTHON=1) but python3 -c 'import PIL' failed: \(r?.err ?? "no python3")")
    } else {
        print("skipping the Pillow check: python3 with Pillow is not available")
    }
    return false
}

/// Synthetic run: bright squares moving right over a dark field; the recall fades and gets noisier
/// with time; codes are a travelling bump over the hidden units.
func syntheticInputs(sequences n: Int = 3, length t: Int = 8, height h: Int = 28, width w: Int = 28,
                     channels c: Int = 1, hidden: Int = 32, lengths: [Int]? = nil,
                     recallLength: Int? = nil) throws -> ReportInputs {
    let lens = lengths ?? Array(repeating: t, count: n)
    let maxLen = lens.max()!
    let fs = h * w * c
    var bytes = [UInt8](repeating: 0, count: n * maxLen * fs)
    let side = max(1, h / 3)
    for s in 0..<n {
        for f in 0..<lens[s] {
            let x0 = (s * 3 + f * 2) % max(1, w - side + 1), y0 = (s * 5) % max(1, h - side + 1)
            for y in y0..<min(h, y0 + side) {
                for x in x0..<min(w, x0 + side) {
                    for k in 0..<c {
                        let v: UInt8 = c == 1 ? 255 : [255, UInt8((s * 80) % 256), UInt8(40 + 60 * k)][k]
                        bytes[((s * maxLen + f) * h * w + y * w + x) * c + k] = v
                    }
                }
            }
        }
    }
    let truth = try FrameSequences(height: h, width: w, channels: c, lengths: lens, storage: ByteStorage(bytes))
    let rt = recallLength ?? maxLen
    var recall = [Float](repeating: 0, count: n * rt * fs)
    for s in 0..<n {
        for f in 0..<rt {
            let src = min(f, lens[s] - 1)
            let fade = Float(1) - Float(f) / Float(max(1, rt)) * 0.7
            for i in 0..<fs {
                let v = Float(bytes[(s * maxLen + src) * fs + i]) / 255
                let noise = Float((i * 7919 + f * 104729 + s * 31) % 97) / 97 * 0.25 * Float(f) / Float(max(1, rt))
                recall[(s * rt + f) * fs + i] = v * fade + noise
            }
        }
    }
    var codes = [Float](repeating: 0, count: n * rt * hidden)
    for s in 0..<n {
        for f in 0..<rt {
            for u in 0..<hidden {
                let d = Float(u) - Float((f * 3 + s * 7) % hidden)
                codes[(s * rt + f) * hidden + u] = 1 / (1 + exp(d * d / 6 - 2))
            }
        }
    }
    let log = (1...30).map { e in
        TrainLogRow(epoch: e, reconstructionMSE: 0.2 * pow(0.8, Double(e)), predictionMSE: 0.05 * pow(0.85, Double(e)),
                    recallMSE: e % 5 == 0 ? 0.1 * pow(0.9, Double(e)) : nil, seconds: 0.5)
    }
    let mse = (0..<n).map { s in (0..<lens[s]).map { f in 0.001 * Double(f * f + s + 1) } }
    return ReportInputs(title: "synthetic <run> & \"quotes\"",
                        configJSON: "{\n  \"hidden\": \(hidden),\n  \"note\": \"<b>not bold</b>\"\n}",
                        datasetSummary: [KeyValue("name", "moving-squares"), KeyValue("shape", "\(n)×\(maxLen)×\(h)×\(w)×\(c)")],
                        metrics: [KeyValue("recall MSE", "0.0123"), KeyValue("epochs", "30")],
                        trainLog: log, msePerFrame: mse, truth: truth,
                        recall: FloatTensor(shape: [n, rt, fs], values: recall),
                        codes: FloatTensor(shape: [n, rt, hidden], values: codes), notes: ["synthetic data for tests"])
}
