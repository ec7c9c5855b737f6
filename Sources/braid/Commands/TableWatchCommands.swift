import ArgumentParser
import BraidCore
import Foundation

extension TableWatch.Kind: ExpressibleByArgument {}

/// `braid table watch NAME PATH --kind KIND`: registers a location another tool writes (docs/tables.md, "Watched locations").
///
/// The location's first look happens here, so the table has a version at
/// once when something is there; the trigger service (`braid daemon`) lands
/// every later commit.
struct TableWatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Watch a location another tool writes; each new commit there lands as a version.",
        discussion: """
            delta: a Delta Lake table directory (each _delta_log/NNNNNNNNNNNNNNNNNNNN.json commit is a version); \
            marker: a directory where a writer drops _SUCCESS per batch or partition; \
            file: one Arrow, Feather, CSV or Parquet file replaced by an atomic rename. \
            What is there now lands as one version; the trigger service (braid daemon) lands each later commit. \
            Watching again replaces the table's watch.
            """)
    @Argument(help: "The table.") var name: String
    @Argument(help: "The location: a directory (delta, marker) or a file (file).") var path: String
    @Option(help: "What the location is.") var kind: TableWatch.Kind

    func run() throws {
        if let problem = TableNames.problem(with: name) { throw CommandFailure("cannot watch: \(problem)") }
        let location = WatchLocationCheck.absolute(path, from: FileManager.default.currentDirectoryPath)
        if let problem = WatchLocationCheck.problem(with: location, kind: kind) {
            throw CommandFailure("cannot watch \(location) for table \(name): \(problem)")
        }
        let layout = StoreLayout.fromEnvironment()
        let store = try MetadataStore(layout: layout)
        let (watch, replaced) = try store.watchTable(name, path: location, kind: kind)
        if let replaced, replaced == watch {
            print("Table \(name) already watches \(location) (\(kind.rawValue)); nothing changed.")
            return
        }
        print("Table \(name) now watches \(location) (\(kind.rawValue))"
            + (replaced.map { "; it replaces the watch of \($0.path) (\($0.kind.rawValue))" } ?? "") + ".")
        let report = try TableWatchScanner(store: store, layout: layout, publisher: currentUser()).scan(watch)
        for version in report.landed {
            print("Landed \(name) version \(version.version) from what is there now: \(version.commitDescription), "
                + "\(version.rowsDescription).")
        }
        if report.landed.isEmpty, report.problem == nil, let seen = try store.tableWatch(name)?.state {
            let isEmpty = DeltaWatchState(seen)?.version == -1 || MarkerWatchState(seen)?.markers.isEmpty == true
            print(isEmpty ? "Nothing has landed there yet; the first commit lands as a version."
                : "What is there equals the table's latest version; no new version.")
        }
        for note in report.notes { print("note: \(note)") }
        if let problem = report.problem { print("note: \(problem.message)") }
        print("The trigger service (braid daemon) lands each new commit and starts the flows waiting for \(name).")
        DaemonWakeup.notify(layout: layout)
    }
}

/// `braid table unwatch NAME`: stops watching; the versions stay.
struct TableUnwatch: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unwatch", abstract: "Stop watching a table's location; its versions stay.")
    @Argument(help: "The table.") var name: String

    func run() throws {
        let layout = StoreLayout.fromEnvironment()
        let store = try MetadataStore(layout: layout)
        guard let old = try store.unwatchTable(name) else {
            throw CommandFailure("table \(name) watches no location (braid table list shows the watches)")
        }
        let versions = try store.tableVersions(name).count
        print("Table \(name) no longer watches \(old.path) (\(old.kind.rawValue)); "
            + (versions == 1 ? "its version stays." : "its \(versions) versions stay."))
        DaemonWakeup.notify(layout: layout)
    }
}
