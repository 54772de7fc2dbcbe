import PRCCore

/// Entry point of `prc`: returns the exit status.
public func runPRC(_ args: [String]) -> Int32 {
    runTool("prc", summary: "Train Predictive Recirculation on image sequences, replay them and render the recalls.",
            subcommands: runSubcommands, args: args)
}

/// The subcommands of `prc`.
let runSubcommands: [Subcommand] = [trainCommand, replayCommand, renderCommand, compareCommand, demoCommand, experimentCommand, benchCommand]
