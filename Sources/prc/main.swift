#if canImport(Glibc)
import Glibc
#endif
import PRCCommands

exit(runPRC(Array(CommandLine.arguments.dropFirst())))
