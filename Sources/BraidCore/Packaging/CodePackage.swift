import Foundation

/// The files of a flow's directory that make up its code snapshot, chosen and
/// then packed as a deterministic tar.gz (``ArchiveWriter``).
///
/// What goes in: every regular file under the directory of the flow file
/// (design.md §6: source files, so a run can be reproduced and resumed), except
/// - what ``IgnoreRules`` leave out: `.git`, `__pycache__` and other tool
///   directories, compiled files, data files by extension (`.csv`, `.parquet`,
///   `.rds`, ...), and the patterns of the directory's `.braidignore`;
/// - files larger than ``Limits/maxFileSize`` (1 MiB): data, not code;
/// - symbolic links to directories (not followed, so no cycles); a link to
///   a file is packed as the file it points to;
/// - the store itself, when `BRAID_HOME` lies inside the directory;
/// - directories and files below the flow directory that cannot be read
///   (listed in ``unreadable``; the flow directory itself must be readable).
/// The flow file itself is always packed. Paths are relative to the directory
/// and sorted by their UTF-8 bytes, so the same files give the same archive.
public struct CodePackage: Sendable {
    /// Bounds that keep a stray large directory (a home directory) from being packed whole.
    public struct Limits: Sendable {
        /// Larger files are left out. 1 MiB.
        public var maxFileSize: Int64
        /// More than this in total is an error. 64 MiB.
        public var maxTotalSize: Int64
        /// More files than this is an error. 10,000.
        public var maxFileCount: Int

        public init(maxFileSize: Int64 = 1 << 20, maxTotalSize: Int64 = 64 << 20, maxFileCount: Int = 10_000) {
            self.maxFileSize = maxFileSize
            self.maxTotalSize = maxTotalSize
            self.maxFileCount = maxFileCount
        }
    }

    /// One file to pack.
    public struct File: Sendable, Equatable {
        /// Its path in the package, `/`-separated, relative to the flow directory.
        public var path: String
        /// Where it is on disk.
        public var sourcePath: String
        public var size: Int64
        public var isExecutable: Bool
    }

    /// The flow's directory: the package's root.
    public let directory: String
    /// The flow file's path in the package.
    public let flowFile: String
    /// The files, sorted by path.
    public let files: [File]
    /// Directories (ending in `/`) and files under the directory that could not be read, so are not in the package.
    public let unreadable: [String]

    /// Chooses the files of the flow file's directory.
    /// - Parameters:
    ///   - flowFile: the absolute path of the file that declared the flow (the spec's `file`).
    ///   - excludedDirectories: directories never packed (the store's root).
    ///   - limits: the size and count bounds.
    /// - Throws: ``CodePackageError`` when the flow file is missing, a
    ///   directory or file cannot be read, or the limits are passed.
    public init(flowFile: String, excludedDirectories: [String] = [], limits: Limits = Limits()) throws(CodePackageError) {
        var info = stat()
        guard stat(flowFile, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw CodePackageError(path: flowFile, "cannot package the code: the flow file \(flowFile) is not a readable file")
        }
        let directory = Self.canonical((flowFile as NSString).deletingLastPathComponent)
        let flowName = (flowFile as NSString).lastPathComponent
        let ignoreText = try? String(contentsOfFile: directory + "/" + IgnoreRules.fileName, encoding: .utf8)
        var walker = DirectoryWalker(root: directory, rules: IgnoreRules(braidignore: ignoreText),
                                     excluded: Set(excludedDirectories.map(Self.canonical)), limits: limits)
        try walker.walk(directory, relative: [])
        if !walker.files.contains(where: { $0.path == flowName }) {
            walker.files.append(File(path: flowName, sourcePath: directory + "/" + flowName, size: Int64(info.st_size),
                                     isExecutable: info.st_mode & 0o111 != 0))
        }
        self.directory = directory
        self.flowFile = flowName
        self.files = walker.files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        self.unreadable = walker.unreadable
    }

    /// The package as tar.gz bytes: the same files with the same contents give the same bytes.
    /// - Throws: ``CodePackageError`` when a file cannot be read (or changed
    ///   size since it was chosen); ``ArchiveError`` from libarchive.
    public func tarball() throws -> [UInt8] {
        let writer = try ArchiveWriter(label: "the code package of \(directory)")
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.sourcePath) else {
                throw CodePackageError(path: file.sourcePath, "cannot read \(file.sourcePath) to package it; "
                    + "make it readable or add it to \(directory)/\(IgnoreRules.fileName)")
            }
            try data.withUnsafeBytes { try writer.addFile(path: file.path, contents: $0, isExecutable: file.isExecutable) }
        }
        return try writer.finish()
    }

    /// An absolute path with symbolic links resolved (the path itself when it cannot be).
    public static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
