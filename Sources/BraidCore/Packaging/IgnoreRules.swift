/// Which files of a flow directory stay out of its code package: Braid's
/// built-in rules, then the directory's `.braidignore` (see ``IgnorePattern``
/// for the syntax).
///
/// As in git, the last pattern that matches a path decides, so a
/// `.braidignore` line `!data/lookup.csv` brings back a file a built-in rule
/// left out; and a directory that is left out is not entered, so nothing
/// inside it can be brought back.
struct IgnoreRules: Sendable {
    /// The name of the file a flow directory may hold.
    static let fileName = ".braidignore"

    /// Directories of tools, caches and environments: never code.
    static let builtInDirectories = [
        ".git/", ".hg/", ".svn/", "__pycache__/", ".ipynb_checkpoints/", ".Rproj.user/", ".venv/", "venv/",
        ".mypy_cache/", ".pytest_cache/", ".ruff_cache/", ".tox/", "node_modules/", ".braid/",
    ]
    /// Compiled and editor files.
    static let builtInFiles = ["*.pyc", "*.pyo", "*.so", "*.o", ".DS_Store", ".Rhistory", "*~", "*.swp"]
    /// Data files, by extension, whatever their letter case: a flow's data
    /// belongs in artifacts, not in its code.
    static let dataExtensions = [
        "csv", "tsv", "parquet", "arrow", "arrows", "feather", "ipc", "rds", "rda", "rdata", "pkl", "pickle",
        "h5", "hdf5", "npy", "npz", "mat", "jsonl", "ndjson", "avro", "orc", "xlsx", "xls", "sqlite", "sqlite3",
        "db", "duckdb", "zip", "gz", "tgz", "bz2", "xz", "zst", "tar", "7z",
    ]

    /// The built-in patterns, before the data rule.
    let builtIn: [IgnorePattern]
    /// The `.braidignore`'s patterns, after it.
    let user: [IgnorePattern]
    private static let dataExtensionSet = Set(dataExtensions)

    /// Built-in rules followed by those of a `.braidignore`'s text (if any).
    init(braidignore text: String?) {
        builtIn = (Self.builtInDirectories + Self.builtInFiles).compactMap { IgnorePattern(line: $0) }
        user = (text ?? "").split(separator: "\n", omittingEmptySubsequences: false).compactMap { IgnorePattern(line: String($0)) }
    }

    /// Whether a path, relative to the flow directory, is left out.
    ///
    /// The order is built-in patterns, then the data rule (`*.csv`, ... in any
    /// case: one set lookup instead of 37 patterns), then the file's patterns;
    /// the last that matches decides.
    func isIgnored(_ path: [String], isDirectory: Bool) -> Bool {
        for pattern in user.reversed() where pattern.matches(path, isDirectory: isDirectory) {
            return !pattern.isNegated
        }
        if !isDirectory, let name = path.last, let dot = name.lastIndex(of: "."), dot != name.startIndex,
           Self.dataExtensionSet.contains(name[name.index(after: dot)...].lowercased()) {
            return true
        }
        for pattern in builtIn.reversed() where pattern.matches(path, isDirectory: isDirectory) {
            return !pattern.isNegated
        }
        return false
    }
}
