// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "pmbatch",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pmbatch", targets: ["pmbatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
    ],
    targets: [
        // The C: libzstd from the system (Debian libzstd-dev), and cache prefetch hints for the telemetry
        // hot path (a header of static inline functions: Swift has no prefetch).
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .systemLibrary(name: "CPrefetch"),
        // Domain values and pure logic. No I/O.
        .target(name: "PMBatchCore"),
        // The POSIX calls (open, read, write, pwrite, ftruncate, flock, close): one Swift wrapper each, failures
        // thrown as an `Errno`. A leaf like CZstd: the reader (Ingest), the writer (Generator) and the state
        // lock all use it, and none of them should depend on another for it.
        .target(name: "PMBatchSystem"),
        // Streaming readers: zstd, CSV, JSONL, timestamps, quarantine records.
        .target(name: "PMBatchIngest", dependencies: ["PMBatchCore", "PMBatchSystem", "CZstd", "CPrefetch"]),
        // rules.toml → Core's RuleSet.
        .target(
            name: "PMBatchConfig",
            dependencies: ["PMBatchCore", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // SQLite state through GRDB.
        .target(
            name: "PMBatchStore",
            dependencies: [
                "PMBatchCore", .product(name: "GRDB", package: "GRDB.swift"),
                // The raw SQLite API, for binding the telemetry bulk insert without per-row allocations.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // PostgreSQL state through postgres-nio: the same `NightState` as the SQLite store, for a state shared
        // by many hosts (ingest workers claiming files, the night under an advisory lock).
        .target(
            name: "PMBatchPostgres",
            dependencies: [
                "PMBatchCore", "PMBatchStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Pure renderers: Markdown, SVG, CSV, JSON.
        .target(name: "PMBatchReport", dependencies: ["PMBatchCore"]),
        // The deterministic synthetic fleet behind `pmbatch generate` and the benchmarks; writes zstd itself
        // (ZstdEncoder), so it needs libzstd, not the ingest module.
        .target(name: "PMBatchGenerator", dependencies: ["PMBatchCore", "PMBatchSystem", "CZstd"]),
        // The night as a library: ingest orchestration, trigger catch-up, report and backtest assembly, run
        // status; reads and writes the state through `NightState`, which the SQLite and PostgreSQL stores implement.
        .target(
            name: "PMBatchNight",
            dependencies: [
                "PMBatchCore", "PMBatchIngest", "PMBatchConfig", "PMBatchStore", "PMBatchPostgres", "PMBatchReport",
                "PMBatchSystem", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The command line: parse, validate, call the night library, print.
        .executableTarget(
            name: "pmbatch",
            dependencies: [
                "PMBatchCore", "PMBatchConfig", "PMBatchReport", "PMBatchNight", "PMBatchPostgres", "PMBatchGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["PMBatchCore", "PMBatchPostgres"], path: "Tests/TestSupport"),
        .testTarget(name: "PMBatchSystemTests", dependencies: ["PMBatchSystem", "TestSupport"]),
        .testTarget(name: "PMBatchCoreTests", dependencies: ["PMBatchCore", "TestSupport"]),
        .testTarget(name: "PMBatchIngestTests", dependencies: ["PMBatchIngest", "TestSupport"]),
        .testTarget(name: "PMBatchConfigTests", dependencies: ["PMBatchConfig", "TestSupport"]),
        // GRDB only to build a state of an older schema version (the migration tests).
        .testTarget(name: "PMBatchStoreTests", dependencies: [
            "PMBatchStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "PMBatchReportTests", dependencies: ["PMBatchReport", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "PMBatchGeneratorTests", dependencies: ["PMBatchGenerator", "TestSupport"]),
        .testTarget(name: "PMBatchNightTests",
                    dependencies: ["PMBatchNight", "PMBatchStore", "PMBatchPostgres", "PMBatchConfig", "PMBatchReport",
                                   "PMBatchCore", "TestSupport"]),
        .testTarget(name: "PMBatchCLITests", dependencies: ["PMBatchStore", "PMBatchNight", "PMBatchCore", "TestSupport"]),
    ]
)
