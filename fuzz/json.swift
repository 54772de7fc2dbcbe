// libFuzzer harness: the JSON readers — a dataset manifest (DatasetManifest.read, then a whole dataset
// folder built around it and loaded through DatasetStore.load) and a model config (ModelConfig.parse).
import Foundation
import Glibc
import PRCCore
import PRCIngest
import PRCModel

let folder = "/dev/shm/prc-fuzz-json-\(getpid())"
let manifestPath = folder + "/manifest.json"

/// The element count of `shape` when it is small enough to write, else nil.
func smallCount(_ shape: [Int]) -> Int? {
    var n = 1
    for d in shape {
        guard d >= 0, d <= 1 << 16 else { return nil }
        n *= d
        guard n <= 1 << 16 else { return nil }
    }
    return n
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    _ = try? ModelConfig.parse(json: String(decoding: bytes, as: UTF8.self), source: "fuzz.json")
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for f in ["frames.npy", "labels.npy"] { unlink(folder + "/" + f) }
    _ = FileManager.default.createFile(atPath: manifestPath, contents: bytes)
    guard let m = try? DatasetManifest.read(manifestPath) else { return 0 }
    _ = try? m.encoded()
    // A frames.npy (and labels.npy) of the shapes the manifest promises, then the real loader.
    if let n = smallCount(m.shape) {
        let zeros = [UInt8](repeating: 7, count: n)
        zeros.withUnsafeBytes { try? NPY.writeUInt8(shape: m.shape, bytes: $0, to: folder + "/frames.npy") }
    }
    if let info = m.labels, let n = smallCount(info.shape), !info.file.contains("/") {
        try? NPY.writeInt32(shape: info.shape, values: [Int32](repeating: 1, count: n), to: folder + "/" + info.file)
    }
    if let ds = try? DatasetStore.load(folder, dataDir: DataDirectory(flag: "/dev/shm/prc-fuzz-none")) {
        let f = ds.frames
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(f.frameSize, 1))
        defer { buffer.deallocate() }
        for s in 0..<f.count {
            for t in 0..<f.lengths[s] { f.loadFloats(s, t, into: buffer) }
        }
        if let labels = ds.labels { precondition(labels.count == f.count * f.maxLength, "labels disagree with frames") }
    }
    return 0
}
