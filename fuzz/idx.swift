// libFuzzer harness: IDX decoding (raw and gzipped) from bytes, then every element as Double.
import PRCIngest

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? IDX.decode(bytes, path: "fuzz.idx") else { return 0 }
    let values = file.values()
    precondition(values.count == file.elementCount, "IDX element count disagrees with shape")
    return 0
}
