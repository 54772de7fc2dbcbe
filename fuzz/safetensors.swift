// libFuzzer harness: Safetensors.read on the input written to a temporary file.
import Glibc
import PRCModel

let stPath = "/dev/shm/prc-fuzz-st-\(getpid()).safetensors"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let fd = open(stPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0)
    if size > 0 { precondition(write(fd, data, size) == size) }
    close(fd)
    if let file = try? Safetensors.read(stPath) {
        for t in file.tensors {
            precondition(t.values.count == t.shape.reduce(1, *), "tensor \(t.name) count disagrees with shape")
        }
    }
    return 0
}
