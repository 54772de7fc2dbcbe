// libFuzzer harness: the JSON readers — a dataset manifest (DatasetManifest.read) and a model config
// (ModelConfig.parse) from the same bytes.
import Foundation
import PRCIngest
import PRCModel

let manifestPath = "/dev/shm/prc-fuzz-json-\(getpid()).json"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    FileManager.default.createFile(atPath: manifestPath, contents: bytes)
    if let m = try? DatasetManifest.read(manifestPath) { _ = try? m.encoded() }
    _ = try? ModelConfig.parse(json: String(decoding: bytes, as: UTF8.self), source: "fuzz.json")
    return 0
}
