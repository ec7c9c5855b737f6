import ArrowIPC
import Glibc

extension TableWatchScanner {
    /// Lands each new `_SUCCESS` under the location, oldest first.
    func scanMarkers(_ start: TableWatch, _ report: inout WatchScanReport) throws {
        var watch = start
        var walk = MarkerWalk()
        do throws(SystemError) {
            let location = try LocationFiles.status(watch.path)
            guard location.isDirectory else { throw SystemError("opendir \(watch.path)", ENOTDIR) }
            try walk.visit(watch.path, relative: ".")
        } catch {
            report.problem = Self.unavailable(watch, error)
            return
        }
        report.directories = walk.directories
        report.notes += walk.unreadable.map { "table \(watch.name): cannot read \($0); markers below it are not seen until it can be read" }
        let state = MarkerWatchState(watch.state)
        let (markers, firstLook) = MarkerScan.markersToLand(walk.markers, state: state)
        var seen = firstLook ?? state ?? MarkerWatchState(markers: [:])
        if markers.isEmpty, firstLook != nil {
            _ = try record(&watch, state: seen.json, landing: nil, &report)
            return
        }
        for marker in markers {
            let directory = marker.directory == "." ? watch.path : watch.path + "/" + marker.directory
            guard let entries = try? LocationFiles.list(directory) else { continue }  // gone since the walk: the next look sees
            let contents = arrowContents(directory, entries)
            seen.markers[marker.directory] = marker.modified
            let landing = NewTableVersion(
                name: watch.name, rows: contents?.rows ?? 0, schema: contents?.schema ?? .array([]),
                fingerprint: MarkerScan.fingerprint(directory: marker.directory,
                                                    entries: entries.map { .init(name: $0.name, modified: $0.modified, size: $0.size) }),
                how: TableWatch.Kind.marker.rawValue, location: watch.path, commit: MarkerScan.commit(directory: marker.directory), publisher: publisher)
            guard try record(&watch, state: seen.json, landing: landing, &report) else { return }
        }
    }

    /// Rows and schema of a batch whose data files are all Arrow IPC (the engine reads those itself);
    /// nil otherwise (Parquet, CSV, ORC: rows 0 and schema [], docs/tables.md).
    private func arrowContents(_ directory: String, _ entries: [LocationFiles.Entry]) -> (rows: Int64, schema: JSONValue)? {
        let data = entries.filter { $0.isRegularFile && !MarkerScan.isSkipped(directoryName: $0.name) }.sorted { $0.name < $1.name }
        guard !data.isEmpty, data.allSatisfy({ [".arrow", ".arrows", ".feather", ".ipc"].contains(where: $0.name.lowercased().hasSuffix) })
        else { return nil }
        var rows: Int64 = 0
        var schema: JSONValue?
        for file in data {
            guard let table = try? ArrowTable.read(path: directory + "/" + file.name) else { return nil }
            rows += Int64(table.rowCount)
            schema = schema ?? TableSchemaText.json(table.schema)
        }
        return (rows, schema ?? .array([]))
    }
}

/// The directories and markers below a marker location (not following
/// symbolic links, skipping `_`- and `.`-prefixed directories).
struct MarkerWalk {
    var directories: [String] = []
    var markers: [MarkerScan.Marker] = []
    /// Directories below the location that could not be listed (with why), left out.
    var unreadable: [String] = []

    /// - Throws: when the location itself cannot be listed.
    mutating func visit(_ directory: String, relative: String) throws(SystemError) {
        let entries: [LocationFiles.Entry]
        do {
            entries = try LocationFiles.list(directory)
        } catch where relative != "." {
            if error.code != ENOENT { unreadable.append("\(directory) (\(error))") }  // ENOENT: removed while walking
            return
        }
        directories.append(directory)
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            if entry.name == MarkerScan.markerName, entry.isRegularFile {
                markers.append(MarkerScan.Marker(directory: relative, modified: entry.modified))
            } else if entry.isDirectory, !MarkerScan.isSkipped(directoryName: entry.name) {
                try visit(directory + "/" + entry.name, relative: relative == "." ? entry.name : relative + "/" + entry.name)
            }
        }
    }
}
