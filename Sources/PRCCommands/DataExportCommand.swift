import PRCCore
import PRCIngest

/// `prc-data export NAME --format npy|idx --out F`: the frames of a dataset as one array file.
let dataExportCommand = Subcommand(
    spec: CommandSpec(
        name: "prc-data export",
        summary: "Write a dataset's frames (N, T, H, W) as .npy or IDX (gzipped when F ends in .gz).",
        positionals: ["NAME"], positionalCount: 1...1,
        options: [
            .value("--data-dir", "DIR", "data folder (default $PRC_DATA_DIR, else ./data)"),
            .value("--format", "npy|idx", "output format"),
            .value("--out", "F", "output file"),
        ]),
    run: { args in
        guard let format = try args.choice("--format", ["npy", "idx"]) else {
            throw UsageError("prc-data export: --format npy|idx is required")
        }
        guard let out = args.string("--out") else { throw UsageError("prc-data export: --out F is required") }
        let dataset = try DatasetStore.load(args.positionals[0], dataDir: DataDirectory(flag: args.string("--data-dir")))
        let shape = dataset.manifest.shape
        let bytes = dataset.frames.storage.bytes
        if format == "npy" {
            try NPY.writeUInt8(shape: shape, bytes: bytes, to: out)
        } else if out.hasSuffix(".gz") {
            try IDX.write(try IDX.encodeUInt8(shape: shape, data: bytes), to: out, gzip: true)
        } else {
            let writer = try AtomicFileWriter(path: out)
            try writer.write(try IDX.header(type: .uint8, shape: shape))
            try writer.write(bytes)
            try writer.commit()
        }
        Console.out("exported \(dataset.name) \(dataShapeText(shape)) uint8 to \(out) (\(format), \(formatBytes(fileSize(out) ?? 0)))")
    })
