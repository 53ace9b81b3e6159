// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "cairn",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cairn", targets: ["cairn"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // C shims: system libraries found through pkg-config.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // libgit2's headers (libgit2-dev), the library opened on first use rather than linked, plus the
        // executable's stand-ins for the CA loading it does at init (see GitCertificates.c).
        .target(name: "CGit2", dependencies: ["CLazyLibrary"], linkerSettings: [
            // libgit2 is opened with dlopen, so nothing at link time asks the executable to export the
            // certificate loaders it replaces; without these, libgit2 would bind mbedTLS's own.
            .unsafeFlags(["-Xlinker", "--export-dynamic-symbol=mbedtls_x509_crt_parse_file",
                          "-Xlinker", "--export-dynamic-symbol=mbedtls_x509_crt_parse_path"], .when(platforms: [.linux])),
        ]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSnappy", providers: [.apt(["libsnappy-dev"])]),
        // Opening a system library on first use rather than linking it (dlopen), for the two below.
        .target(name: "CLazyLibrary", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // libcurl's headers (libcurl4-openssl-dev), with the library loaded on first use rather than linked.
        .target(name: "CCurl", dependencies: ["CLazyLibrary"]),
        // HDF5's headers (libhdf5-dev), with the library loaded on first use rather than linked.
        .target(name: "CHDF5", dependencies: ["CLazyLibrary"]),

        // Layers, lowest first. A module imports only modules listed before it.
        .target(name: "Storage", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Columnar"),
        .target(name: "Parquet", dependencies: ["Columnar", "CZstd", "CZlib", "CSnappy"]),
        .target(name: "History", dependencies: ["CGit2", "CZlib", "Columnar", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Lake", dependencies: ["Storage", "Columnar", "Parquet", "History"]),
        .target(name: "Interchange", dependencies: ["Storage", "Columnar", "Parquet", "Lake", "CHDF5", "CZlib"]),
        // Object stores over the network (S3 with SigV4, read-only HTTPS), the local cache of remote
        // objects, and push / fetch / clone on top of Lake and History.
        .target(name: "Remote", dependencies: ["Storage", "History", "Lake", "CCurl", .product(name: "Crypto", package: "swift-crypto")]),
        // SQL: syntax, binding, vectorized expressions, planning and operators over a version's tables.
        .target(name: "Query", dependencies: ["Columnar", "Lake"]),
        // Training batches: cell sampling, shuffling, sharding, tokenizers, Arrow IPC out.
        .target(name: "Stream", dependencies: ["Columnar", "Lake", "Query", "Interchange"]),
        .executableTarget(
            name: "cairn",
            dependencies: ["Lake", "Interchange", "Query", "Stream", "Remote", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/CLI"
        ),
        // Benchmarks (make bench): in-process Parquet timings beside pyarrow.
        .executableTarget(name: "ParquetBench", dependencies: ["Parquet", "Columnar"], path: "bench/ParquetBench"),
        // Tokenizer timings (swift run -c release TokenizerBench): cells/s of the stream's tokenizers alone.
        .executableTarget(name: "TokenizerBench", dependencies: ["Stream"], path: "bench/TokenizerBench"),
        // Fuzzing (make fuzz): libFuzzer over the Parquet decoders; a plain build replays saved inputs.
        .executableTarget(name: "ParquetFuzz", dependencies: ["Parquet"], path: "Fuzz/ParquetFuzz"),

        .testTarget(name: "StorageTests", dependencies: ["Storage"]),
        .testTarget(name: "ColumnarTests", dependencies: ["Columnar"]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "Columnar"]),
        .testTarget(name: "HistoryTests", dependencies: ["History"]),
        .testTarget(name: "LakeTests", dependencies: ["Lake", "Interchange"]),
        .testTarget(name: "InterchangeTests", dependencies: ["Interchange"]),
        // Real servers on loopback for the remote tests: moto's S3, a fault-injecting proxy, a static
        // HTTPS file server (Python scripts started by the tests).
        .target(name: "TestServers", path: "Tests/TestServers", exclude: ["Scripts"]),
        .testTarget(name: "RemoteTests", dependencies: ["Remote", "Storage", "TestServers"]),
        .testTarget(name: "QueryTests", dependencies: ["Query", "Columnar"]),
        .testTarget(name: "StreamTests", dependencies: ["Stream", "Interchange", "Lake", "Columnar"]),
        // Fixtures/: committed h5ad files the tests read by path, not bundle resources.
        .testTarget(name: "CLITests", dependencies: ["cairn", "TestServers"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
