// libFuzzer harness: NPY header parsing from bytes, then a full read of the same bytes as a file
// (mapped and copied), then every element as Double.
import Glibc
import PRCIngest

let npyPath = "/dev/shm/prc-fuzz-npy-\(getpid()).npy"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? NPYHeader.parse(bytes, path: "fuzz.npy")
    let fd = open(npyPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0)
    if size > 0 { precondition(write(fd, data, size) == size) }
    close(fd)
    for map in [true, false] {
        if let array = try? NPY.read(npyPath, map: map) {
            let values = array.doubles()
            precondition(values.count == array.shape.reduce(1, *), "NPY element count disagrees with shape")
        }
    }
    _ = try? NPY.readFloat32(npyPath)
    _ = try? NPY.readInt32(npyPath)
    return 0
}
