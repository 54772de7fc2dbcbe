import PRCCore
import PRCIngest

/// `prc-data inspect NAME|FILE [--json]`: shape, dtype, range and SHA-256 of a dataset or array file.
let dataInspectCommand = Subcommand(
    spec: CommandSpec(
        name: "prc-data inspect",
        summary: "Show shape, dtype, value range and SHA-256 of a dataset or an .idx/.npy/.gz file.",
        positionals: ["NAME|FILE"], positionalCount: 1...1,
        options: [
            .value("--data-dir", "DIR", "data folder (default $PRC_DATA_DIR, else ./data)"),
            .flag("--json", "print one JSON object"),
        ]),
    run: { args in
        let target = args.positionals[0]
        let result = try Inspector.inspect(target, dataDir: DataDirectory(flag: args.string("--data-dir")))
        if args.flag("--json") {
            Console.out(try result.json())
        } else {
            for line in result.lines { Console.out(line) }
        }
    })
