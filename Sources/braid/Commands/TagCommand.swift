import ArgumentParser
import BraidCore
import Foundation

/// `braid tag add|remove|replace|list FLOW/RUN ...`: a finished run's user tags.
struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Add, remove or list the tags of a run.",
        discussion: """
            User tags are yours to change at any time. System tags (user:NAME, language:LANG, \
            file:NAME) record how the run was made and cannot be removed.
            """,
        subcommands: [TagAdd.self, TagRemove.self, TagReplace.self, TagList.self])
}

/// What the tag subcommands share: the run, the namespace, and how the result is shown.
struct TagTarget: ParsableArguments {
    @Argument(help: "FLOW/RUN") var pathspec: String
    @Flag(help: "Print the run's tags as JSON (what the clients read).") var json = false
    @OptionGroup var namespaceOptions: NamespaceOptions

    /// Finds the run, applies `change`, and prints the run's tags afterwards.
    func apply(_ change: (MetadataStore, RunID) throws -> Void) throws {
        do {
            let parts = try pathspecParts(pathspec)
            guard parts.count == 2 else { throw CommandFailure("braid tag takes FLOW/RUN, got \(pathspec)") }
            let context = try namespaceOptions.context()
            let run = try context.run(parts[0], parts[1])
            do {
                try change(context.store, run.id)
            } catch let error as MetadataError {
                throw TagFailure(description: "\(run.pathspec): \(error)", kind: error.code == .notFound ? "not_found" : "invalid")
            }
            let updated = try context.run(parts[0], parts[1])
            if json {
                try emit(["pathspec": updated.pathspec, "user_tags": updated.userTags, "system_tags": updated.systemTags])
            } else {
                print("Tags of \(updated.pathspec): \(updated.userTags.isEmpty ? "(none)" : updated.userTags.joined(separator: ", "))")
                print("System tags: \(updated.systemTags.joined(separator: ", "))")
            }
        } catch let failure as TagFailure {
            try fail(failure.description, kind: failure.kind)
        } catch let failure as CommandFailure {
            try fail(failure.description, kind: "not_found")
        }
    }

    private func fail(_ message: String, kind: String) throws -> Never {
        if json {
            try emit(["error": message, "kind": kind])
            throw ExitCode(1)
        }
        throw CommandFailure(message)
    }

    private func emit(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        FileHandle.standardOutput.write(data + [0x0A])
    }
}

/// A tag change the store refused: `kind` is `invalid` (a system or bad tag) or `not_found`.
private struct TagFailure: Error {
    let description: String
    let kind: String
}

struct TagAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add user tags to a run.")
    @OptionGroup var target: TagTarget
    @Argument(help: "The tags to add.") var tags: [String]

    func run() throws {
        try target.apply { store, run in try store.addTags(run: run, tags: tags) }
    }
}

struct TagRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove user tags from a run.")
    @OptionGroup var target: TagTarget
    @Argument(help: "The tags to remove.") var tags: [String]

    func run() throws {
        try target.apply { store, run in try store.removeTags(run: run, tags: tags) }
    }
}

struct TagReplace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replace", abstract: "Remove some user tags and add others, in one step.")
    @OptionGroup var target: TagTarget
    @Option(name: .customLong("remove"), help: "A tag to remove (repeatable).") var removed: [String] = []
    @Option(name: .customLong("add"), help: "A tag to add (repeatable).") var added: [String] = []

    func run() throws {
        try target.apply { store, run in try store.replaceTags(run: run, remove: removed, add: added) }
    }
}

struct TagList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Print a run's user and system tags.")
    @OptionGroup var target: TagTarget

    func run() throws {
        try target.apply { _, _ in }
    }
}
