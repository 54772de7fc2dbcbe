// swift-tools-version:6.0
// prc: Predictive Recirculation — sequence storage and replay with local learning rules.
import PackageDescription

let package = Package(
    name: "prc",
    products: [
        .executable(name: "prc", targets: ["prc"]),
        .executable(name: "prc-data", targets: ["prc-data"]),
    ],
    targets: [
        // C libraries from Debian, each behind a small system-library target.
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // Shared foundations: errors, seeded RNG, progress, atomic files, argument parsing, frames.
        .target(name: "PRCCore"),
        // libpng's classic read API behind C functions that own the setjmp (errors come back as strings).
        .target(name: "PNGShim", dependencies: ["CPNG"]),
        // Files → datasets: IDX, NPY, gzip, MNIST sources, synthesizers, image import, the dataset store.
        .target(name: "PRCIngest", dependencies: ["PRCCore", "CZlib", "CCrypto", "CPNG", "PNGShim"]),
        // Learning rules, training, recall, metrics, checkpoints (Float32 on CBLAS).
        .target(name: "PRCModel", dependencies: ["PRCCore", "COpenBLAS"]),
        // Pictures: PNG/APNG encoding, strips, sheets, code maps, SVG plots, HTML report.
        .target(name: "PRCRender", dependencies: ["PRCCore", "CPNG", "CZlib"]),
        // The commands of both executables, wired from the modules above.
        .target(name: "PRCCommands", dependencies: ["PRCCore", "PRCIngest", "PRCModel", "PRCRender"]),
        .executableTarget(name: "prc", dependencies: ["PRCCommands", "PRCModel"]),
        .executableTarget(name: "prc-data", dependencies: ["PRCCommands"], path: "Sources/prc-data"),

        .testTarget(name: "PRCCoreTests", dependencies: ["PRCCore"]),
        .testTarget(name: "PRCIngestTests", dependencies: ["PRCIngest", "PRCCore", "CPNG"]),
        .testTarget(name: "PRCModelTests", dependencies: ["PRCModel", "PRCCore"]),
        .testTarget(name: "PRCRenderTests", dependencies: ["PRCRender", "PRCCore", "CPNG", "CZlib"]),
        .testTarget(name: "PRCCommandsTests", dependencies: ["PRCCommands", "PRCIngest", "PRCModel", "PRCRender", "PRCCore", "prc", "prc-data"]),
    ],
    swiftLanguageModes: [.v6]
)
