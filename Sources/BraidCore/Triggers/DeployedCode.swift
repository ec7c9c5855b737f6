import Foundation

/// Where a deployment's code lives: its code package extracted once under
/// `deployments/FLOW/HASH/`, and the spec rewritten to point there, so that
/// triggered runs run the deployed code whatever the working directory holds later.
public enum DeployedCode {
    /// Extracts the code package `hash` for `flow`, unless already there.
    /// Extraction goes to a temporary directory renamed into place, so a
    /// crash never leaves a half-extracted copy under the final name.
    /// - Returns: the directory.
    public static func extract(hash: String, flow: String, layout: StoreLayout) throws -> String {
        let parent = "\(layout.root)/deployments/\(flow)"
        let directory = "\(parent)/\(hash.prefix(16))"
        if FileManager.default.fileExists(atPath: directory) { return directory }
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let staging = "\(parent)/.extract-\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1e6))"
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try ArchiveReader.extract(archiveAt: CodeStore(layout: layout).path(of: hash), to: staging)
        if rename(staging, directory) != 0 && errno != EEXIST && errno != ENOTEMPTY {
            throw SystemError("rename \(staging) to \(directory)", errno)
        }
        return directory
    }

    /// The spec with every file under the flow's directory moved to `directory`.
    /// Files outside the flow's directory (not in the package) keep their paths.
    public static func relocate(_ spec: FlowSpec, to directory: String) -> FlowSpec {
        let root = CodePackage.canonical((spec.file as NSString).deletingLastPathComponent)
        func moved(_ path: String) -> String {
            let canonical = CodePackage.canonical(path)
            guard canonical.hasPrefix(root + "/") else { return path }
            return directory + canonical.dropFirst(root.count)
        }
        var relocated = spec
        relocated.file = moved(spec.file)
        for index in relocated.steps.indices { relocated.steps[index].file = moved(spec.steps[index].file) }
        return relocated
    }
}
