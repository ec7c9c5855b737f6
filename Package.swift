// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Braid",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ArrowIPC", targets: ["ArrowIPC"]),
        .library(name: "BraidCore", targets: ["BraidCore"]),
        .executable(name: "braid", targets: ["braid"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .target(
            name: "ArrowIPC",
            dependencies: ["CLZ4", "CZstd"],
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .target(
            name: "BraidCore",
            dependencies: ["ArrowIPC", "CSQLite", "CArchive"],
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .executableTarget(
            name: "braid",
            dependencies: [
                "ArrowIPC",
                "BraidCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "arrow-bench", dependencies: ["ArrowIPC"], path: "bench/ArrowBench"),
        // Fixtures and helper scripts are read from the source tree through #filePath, not bundled.
        .testTarget(name: "ArrowIPCTests", dependencies: ["ArrowIPC"], exclude: ["Fixtures", "Interop/pyarrow_check.py"]),
        .testTarget(name: "BraidCoreTests", dependencies: ["BraidCore", "ArrowIPC"], exclude: ["Fixtures"]),
        .testTarget(name: "BraidCLITests", dependencies: ["ArrowIPC"]),
    ]
)
