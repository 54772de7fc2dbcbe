// libFuzzer harness: PNGReader.readGray on the input written to a temporary file.
import Glibc
import PRCIngest

let pngPath = "/dev/shm/prc-fuzz-png-\(getpid()).png"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let fd = open(pngPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0)
    if size > 0 { precondition(write(fd, data, size) == size) }
    close(fd)
    if let image = try? PNGReader.readGray(pngPath) {
        precondition(image.pixels.count == image.width * image.height, "PNG pixel count disagrees with size")
    }
    return 0
}
