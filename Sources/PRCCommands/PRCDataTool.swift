import PRCCore

/// Entry point of `prc-data`: returns the exit status.
public func runPRCData(_ args: [String]) -> Int32 {
    runTool("prc-data", summary: "Obtain MNIST and build, import, inspect and export sequence datasets.",
            subcommands: dataSubcommands, args: args)
}

/// The subcommands of `prc-data` (filled by the data commands).
let dataSubcommands: [Subcommand] = [dataFetchCommand, dataBuildCommand, dataImportCommand, dataListCommand, dataInspectCommand, dataExportCommand]
