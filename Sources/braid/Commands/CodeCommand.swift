import ArgumentParser
import BraidCore
import Foundation

/// `braid code FLOW/RUN [FILE] [--extract DIR] [--json]`: the code a run ran.
struct CodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "List, print or restore the code package of a run.",
        discussion: """
            Every run stores its flow's directory (source files only: see the README's \
            "Code snapshots") as a tar.gz under the store's code/ directory. With no option \
            this lists its files and sizes; FILE prints one file; --extract writes them all \
            into a directory, which must not already hold any of them.
            """)

    @Argument(help: "FLOW/RUN") var pathspec: String
    @Argument(help: "Print this file of the package (a path as listed).") var file: String?
    @Option(help: "Write the package's files into this directory (created if missing).") var extract: String?
    @Flag(help: "Print the listing as JSON (what the clients read).") var json = false
    @OptionGroup var namespaceOptions: NamespaceOptions

    func run() throws {
        do {
            try perform()
        } catch let failure as CommandFailure where json {
            FileHandle.standardOutput.write(Data(#"{"error":\#(JSONValue.string(failure.description).jsonText)}"#.utf8 + [0x0A]))
            throw ExitCode(1)
        }
    }

    private func perform() throws {
        let parts = try pathspecParts(pathspec)
        guard parts.count == 2 else { throw CommandFailure("braid code takes FLOW/RUN, got \(pathspec)") }
        let context = try namespaceOptions.context()
        let run = try context.run(parts[0], parts[1])
        guard let hash = run.codeHash else {
            throw CommandFailure("run \(run.pathspec) has no code package: it was made by an engine that did not store code")
        }
        let tarball = CodeStore(layout: context.layout).path(of: hash)
        guard FileManager.default.fileExists(atPath: tarball) else {
            throw CommandFailure("the code package of run \(run.pathspec) is missing from the store: \(tarball)")
        }
        do {
            if let extract {
                let written = try ArchiveReader.extract(archiveAt: tarball, to: extract)
                print("Extracted \(written.count) files of \(run.pathspec) into \(extract).")
            } else if let file {
                guard let bytes = try ArchiveReader.contents(of: file, inArchiveAt: tarball) else {
                    throw CommandFailure("the code package of \(run.pathspec) has no file \(file); `braid code \(run.pathspec)` lists them")
                }
                FileHandle.standardOutput.write(Data(bytes))
            } else {
                try list(run, hash: hash, tarball: tarball)
            }
        } catch let error as ArchiveError {
            throw CommandFailure("\(error)")
        }
    }

    private func list(_ run: RunRecord, hash: String, tarball: String) throws {
        let entries = try ArchiveReader.entries(path: tarball)
        let flowFile = (try? FlowSpec.decode(json: run.specJSON)).map { ($0.file as NSString).lastPathComponent }
        if json {
            let object: [String: Any] = [
                "pathspec": run.pathspec, "hash": hash, "path": tarball, "flow_file": flowFile ?? NSNull(),
                "files": entries.map { ["path": $0.path, "size": $0.size] as [String: Any] },
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            FileHandle.standardOutput.write(data + [0x0A])
            return
        }
        let total = entries.reduce(Int64(0)) { $0 + $1.size }
        print("Code of \(run.pathspec): \(entries.count) files, \(total) bytes (sha256 \(hash.prefix(12)))")
        print(alignedColumns([["PATH", "SIZE"]] + entries.map { [$0.path, String($0.size)] }))
    }
}

/// Packages the flow file's directory into the store's `code/` and returns its hash.
///
/// A flow whose code cannot be packaged does not run: a run that cannot be
/// reproduced later is worth less than a clear message now.
func storeCodePackage(flowFile: String, layout: StoreLayout) throws -> String {
    do {
        let snapshot = try CodeStore(layout: layout).snapshot(flowFile: flowFile)
        if !snapshot.unreadable.isEmpty {
            let shown = snapshot.unreadable.prefix(5).joined(separator: ", ") + (snapshot.unreadable.count > 5 ? ", …" : "")
            FileHandle.standardError.write(Data("braid: left out of the code package, unreadable: \(shown)\n".utf8))
        }
        return snapshot.hash
    } catch let error as CodePackageError {
        throw CommandFailure("\(error)")
    } catch let error as ArchiveError {
        throw CommandFailure("cannot package the flow's code: \(error)")
    }
}
