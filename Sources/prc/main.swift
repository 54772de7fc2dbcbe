#if canImport(Glibc)
import Glibc
#endif
import PRCCommands
import PRCModel

BLASCore.reexecWithBetterKernelsIfNeeded()
exit(runPRC(Array(CommandLine.arguments.dropFirst())))
