import COpenBLAS
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// OpenBLAS picks its kernels once, when the library loads. Debian's 0.3.21 does not know newer Intel
/// models (e.g. family 6 model 207, Emerald Rapids) and falls back to the generic "Prescott" SSE3
/// kernels: sgemm ran at 15 GFLOP/s instead of ~100–140 on 2 threads here. Its documented switch is
/// the OPENBLAS_CORETYPE environment variable, read only at load time, hence a re-exec.
public enum BLASCore {
    /// The kernel set to force on this CPU when OpenBLAS fell back to the generic one, or nil.
    public static func betterCoreType() -> String? {
        guard getenv("OPENBLAS_CORETYPE") == nil, blasCoreName() == "Prescott" else { return nil }
        if prc_cpu_has_avx512() != 0 { return "SkylakeX" }
        if prc_cpu_has_avx2() != 0 { return "Haswell" }
        return nil
    }

    /// When OpenBLAS fell back to generic kernels on a CPU with AVX2/AVX-512, sets OPENBLAS_CORETYPE
    /// and re-executes this program with the same arguments (returns only when no re-exec happened).
    /// PRC_NO_BLAS_REEXEC=1 turns it off.
    public static func reexecWithBetterKernelsIfNeeded() {
        guard getenv("PRC_NO_BLAS_REEXEC") == nil, let core = betterCoreType() else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        let argv: [UnsafeMutablePointer<CChar>?] = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", argv)
        for a in argv { free(a) }   // exec failed: carry on with the generic kernels
    }
}
