import Foundation

/// What ``CodeStore/snapshot(flowFile:)`` stored.
public struct CodeSnapshot: Sendable, Equatable {
    /// The SHA-256 of the tarball's bytes, lowercase hex: its name in `code/`.
    public var hash: String
    /// The tarball's size in bytes.
    public var size: Int64
    /// How many files it holds.
    public var fileCount: Int
    /// The flow file's path inside it.
    public var flowFile: String
    /// What could not be read and so is not in it (``CodePackage/unreadable``).
    public var unreadable: [String] = []
}

/// The code packages under `code/`: each tarball is named by the SHA-256 of
/// its bytes (`code/ab/ab12….tar.gz`), written once, read-only, so runs of
/// unchanged code share one file.
public struct CodeStore: Sendable {
    public let layout: StoreLayout
    /// The bounds on what a flow directory may put in a package.
    public var limits: CodePackage.Limits

    public init(layout: StoreLayout, limits: CodePackage.Limits = CodePackage.Limits()) {
        self.layout = layout
        self.limits = limits
    }

    /// Packages the flow file's directory and stores the tarball (once per content).
    /// - Throws: ``CodePackageError``, ``ArchiveError``, or `StoreError` naming the file.
    public func snapshot(flowFile: String) throws -> CodeSnapshot {
        let package = try CodePackage(flowFile: flowFile, excludedDirectories: [layout.root], limits: limits)
        let tarball = try package.tarball()
        let hash = tarball.withUnsafeBytes { SHA256.hash($0).hex }
        let path = self.path(of: hash)
        var info = stat()
        if stat(path, &info) != 0 || Int64(info.st_size) != tarball.count {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try AtomicFile.write(Data(tarball), to: path, permissions: 0o444)
        }
        return CodeSnapshot(hash: hash, size: Int64(tarball.count), fileCount: package.files.count, flowFile: package.flowFile,
                            unreadable: package.unreadable)
    }

    /// The tarball with this hash (whether or not it exists).
    public func path(of hash: String) -> String {
        "\(layout.codeDirectory)/\(hash.prefix(2))/\(hash).tar.gz"
    }
}
