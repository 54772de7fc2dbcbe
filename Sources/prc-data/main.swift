#if canImport(Glibc)
import Glibc
#endif
import PRCCommands

exit(runPRCData(Array(CommandLine.arguments.dropFirst())))
