import PRCCore
import PRCIngest

/// `prc-data import PATH... --name NAME`: folders of PNG frames (or .npy / IDX arrays) into a dataset.
let dataImportCommand = Subcommand(
    spec: CommandSpec(
        name: "prc-data import",
        summary: "Import your own sequences: folders of PNG frames, .npy or IDX arrays (see docs/IMPORT.md).",
        positionals: ["PATH..."], positionalCount: 1...100_000,
        options: [
            .value("--name", "NAME", "dataset name (folder under DATA/datasets)"),
            .value("--resize", "WxH", "resize every frame (area average shrinking, bilinear enlarging)"),
            .flag("--color", "keep RGB (frames (N, T, H, W, 3)); default converts to gray"),
            .value("--alpha", "black|white|ignore", "composite transparent pixels over black (default) or white, or drop alpha"),
            .value("--layout", "nthw|tnhw", "axis order of 4-D arrays (tnhw: canonical Moving MNIST); default nthw"),
            .value("--data-dir", "DIR", "data folder (default $PRC_DATA_DIR, else ./data)"),
        ]),
    run: { args in
        guard let name = args.string("--name") else { throw UsageError("prc-data import: --name NAME is required") }
        var options = ImportOptions(name: name)
        if let r = args.string("--resize") {
            guard let size = FrameSize.parse(r) else {
                throw UsageError("prc-data import: --resize expects WxH with sides 1…4096 (e.g. 64x64), got '\(r)'")
            }
            options.resize = size
        }
        options.color = args.flag("--color")
        options.alpha = AlphaRule(rawValue: try args.choice("--alpha", AlphaRule.allCases.map(\.rawValue)) ?? "black") ?? .black
        options.layout = ArrayLayout(rawValue: try args.choice("--layout", ArrayLayout.allCases.map(\.rawValue)) ?? "nthw") ?? .nthw
        let dataDir = DataDirectory(flag: args.string("--data-dir"))
        let start = monotonicSeconds()
        if fileExists(joinPath(dataDir.dataset(name), "manifest.json")) {
            Console.note("notice: replacing the existing dataset '\(name)' (runs trained on the old frames will refuse the new ones: their frames_sha256 differs)", quiet: args.quiet)
        }
        let m = try DataDirectoryLock.withLock(dataDir, quiet: args.quiet) {
            try ImageImporter.run(args.positionals, options: options, dataDir: dataDir, quiet: args.quiet)
        }
        let lengths = m.lengths.min() == m.lengths.max() ? "\(m.lengths[0]) frames each" : "\(m.lengths.min() ?? 0)…\(m.lengths.max() ?? 0) frames"
        Console.out("imported \(m.name): \(dataShapeText(m.shape)) uint8 (\(m.channels == 3 ? "RGB" : "gray"), \(lengths)), "
            + "\(formatBytes(m.framesBytes)), in \(formatDuration(monotonicSeconds() - start))")
        Console.out("  \(dataDir.dataset(name))")
    })
