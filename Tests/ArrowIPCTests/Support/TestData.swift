@testable import ArrowIPC

/// Locates the shared reference files and this target's own fixtures.
///
/// The shared files live at `<repo root>/../shared/testdata/arrow`, a layout
/// that holds in every worktree and in CI; the repo root is found from this
/// source file's path, so tests do not depend on the working directory.
enum TestData {
    /// `<repo root>`: three levels above `Tests/ArrowIPCTests/Support/`.
    static let repoRoot: String = {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)  // Support/TestData.swift, ArrowIPCTests, Tests
        return parts.joined(separator: "/")
    }()

    /// The folder of the shared reference files.
    static let arrowDirectory = repoRoot + "/../shared/testdata/arrow"

    /// The folder of this target's own fixtures (made by `Fixtures/gen_fixtures.py`).
    static let fixtureDirectory = repoRoot + "/Tests/ArrowIPCTests/Fixtures"

    /// The path of reference file `name`.
    static func path(_ name: String) -> String { arrowDirectory + "/" + name }

    /// The path of fixture `name`.
    static func fixturePath(_ name: String) -> String { fixtureDirectory + "/" + name }

    /// The bytes of reference file `name`, copied into memory.
    static func bytes(_ name: String) throws -> [UInt8] {
        try MappedFile.map(path: path(name)).bytes
    }

    /// Every reference file of the shared folder, files and streams.
    static let referenceFiles = [
        "basic.arrow", "basic.arrows", "basic_lz4.arrow", "basic_zstd.arrow", "basic_legacy.arrows",
        "types.arrow", "empty.arrows", "zero_rows.arrow", "dict_delta.arrows",
        "pandas_named_index.arrow", "pandas_range_index.arrow",
        "handmade.arrow", "handmade.arrows", "handmade_zstd.arrow",
    ]
}
