import PRCCore
import PRCIngest

/// `prc-data fetch-and-build`: obtain MNIST, build the default datasets, print a summary.
let dataFetchCommand = Subcommand(
    spec: CommandSpec(
        name: "prc-data fetch-and-build",
        summary: "Obtain MNIST (local copy, cache or mirrors; verified) and build the default datasets.",
        options: [
            .value("--data-dir", "DIR", "data folder (default $PRC_DATA_DIR, else ./data)"),
            .value("--from", "DIR", "use the four MNIST files in DIR (raw or .gz, hyphen or dot names)"),
            .value("--mirror", "URL", "mirror base URL, replaces the default list (repeatable)", repeated: true),
            .flag("--offline", "build from the embedded 1,000-image sample; no network"),
        ]),
    run: { args in
        var options = FetchOptions(dataDir: DataDirectory(flag: args.string("--data-dir")), from: args.string("--from"),
                                   mirrors: args.has("--mirror") ? args.strings("--mirror") : nil,
                                   offline: args.flag("--offline"), quiet: args.quiet)
        if options.offline && options.from != nil {
            throw UsageError("prc-data fetch-and-build: --offline and --from exclude each other")
        }
        options.fallbackToSample = false
        let summary = try FetchAndBuild.run(options)
        for line in summary.lines { Console.out(line) }
    })
