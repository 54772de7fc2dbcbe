import PRCCore
import PRCIngest

/// `prc-data list`: the datasets in the data folder with shape, size and source.
let dataListCommand = Subcommand(
    spec: CommandSpec(
        name: "prc-data list",
        summary: "List the datasets in the data folder.",
        options: [.value("--data-dir", "DIR", "data folder (default $PRC_DATA_DIR, else ./data)")]),
    run: { args in
        let dataDir = DataDirectory(flag: args.string("--data-dir"))
        let names = DatasetStore.list(dataDir: dataDir)
        if names.isEmpty {
            Console.out("no datasets in \(dataDir.datasets) (run 'prc-data fetch-and-build')")
            return
        }
        let width = names.map(\.count).max() ?? 0
        for name in names {
            let pad = String(repeating: " ", count: width - name.count)
            do {
                let m = try DatasetManifest.read(joinPath(dataDir.dataset(name), DatasetStore.manifestFile))
                let source = m.mnist.map { $0.usedSample ? "  MNIST: embedded sample" : "  MNIST: \($0.source)" } ?? ""
                Console.out("\(name)\(pad)  \(m.kind)  \(dataShapeText(m.shape)) \(m.dtype)  \(formatBytes(m.framesBytes))\(source)")
            } catch {
                Console.out("\(name)\(pad)  unreadable manifest: \(describeForUser(error))")
            }
        }
    })

/// "(2, 28, 28)" style shape text.
func dataShapeText(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }
