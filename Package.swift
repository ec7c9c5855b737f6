// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Braid",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ArrowIPC", targets: ["ArrowIPC"]),
        .executable(name: "braid", targets: ["braid"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(
            name: "ArrowIPC",
            dependencies: ["CLZ4", "CZstd"],
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .executableTarget(
            name: "braid",
            dependencies: [
                "ArrowIPC",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ArrowIPCTests",
            dependencies: ["ArrowIPC"],
            // Run by PyArrowInteropTests with the Python interpreter, not a resource.
            exclude: ["Interop/pyarrow_check.py"]
        ),
    ]
)
