import Foundation

/// Walks a flow directory for ``CodePackage``, depth first, applying the
/// ignore rules and the limits as it goes.
struct DirectoryWalker {
    let root: String
    let rules: IgnoreRules
    let excluded: Set<String>
    let limits: CodePackage.Limits
    var files: [CodePackage.File] = []
    /// Paths (relative) of directories and files that could not be read, left out.
    var unreadable: [String] = []
    private var totalSize: Int64 = 0

    init(root: String, rules: IgnoreRules, excluded: Set<String>, limits: CodePackage.Limits) {
        self.root = root
        self.rules = rules
        self.excluded = excluded
        self.limits = limits
    }

    mutating func walk(_ directory: String, relative: [String]) throws(CodePackageError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            // The flow's own directory must be readable; a private directory below it
            // (someone else's, in a shared /tmp) is left out rather than stopping the run.
            guard relative.isEmpty else {
                unreadable.append(relative.joined(separator: "/") + "/")
                return
            }
            throw CodePackageError(path: directory, "cannot list \(directory) to package the flow's code: "
                + "make it readable, or keep the flow in a directory of its own")
        }
        for name in names.sorted() {
            let path = directory + "/" + name
            let segments = relative + [name]
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }  // gone since listed
            var type = info.st_mode & S_IFMT
            if type == S_IFLNK {
                // A link to a file counts as the file; a link to a directory is not followed.
                guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                type = S_IFREG
            }
            if type == S_IFDIR {
                guard !rules.isIgnored(segments, isDirectory: true), !excluded.contains(CodePackage.canonical(path)) else { continue }
                try walk(path, relative: segments)
            } else if type == S_IFREG {
                guard !rules.isIgnored(segments, isDirectory: false), Int64(info.st_size) <= limits.maxFileSize else { continue }
                guard access(path, R_OK) == 0 else {
                    unreadable.append(segments.joined(separator: "/"))
                    continue
                }
                try add(CodePackage.File(path: segments.joined(separator: "/"), sourcePath: path, size: Int64(info.st_size),
                                         isExecutable: info.st_mode & 0o111 != 0))
            }
        }
    }

    private mutating func add(_ file: CodePackage.File) throws(CodePackageError) {
        files.append(file)
        totalSize += file.size
        let hint = "add what is not code to \(root)/\(IgnoreRules.fileName) (gitignore patterns), or keep the flow in a directory of its own"
        guard files.count <= limits.maxFileCount else {
            throw CodePackageError(path: root, "the flow directory \(root) holds more than \(limits.maxFileCount) files to package; \(hint)")
        }
        guard totalSize <= limits.maxTotalSize else {
            throw CodePackageError(path: root, "the flow directory \(root) holds more than \(limits.maxTotalSize >> 20) MiB of files "
                + "to package; \(hint)")
        }
    }
}
