import Glibc

extension TableWatchScanner {
    /// Lands each new commit of a Delta table, in order; stops at one that is not JSON (later ones wait behind it).
    func scanDelta(_ start: TableWatch, _ report: inout WatchScanReport) throws {
        var watch = start
        do throws(SystemError) {
            let location = try LocationFiles.status(watch.path)
            guard location.isDirectory else { throw SystemError("opendir \(watch.path)", ENOTDIR) }
        } catch {
            report.problem = Self.unavailable(watch, error)
            return
        }
        report.directories = [watch.path]
        let log = DeltaLog.directory(of: watch.path)
        let names: [String]
        do {
            names = try LocationFiles.list(log).map(\.name)
            report.directories.append(log)
        } catch where error.code == ENOENT {
            names = []  // no commit yet: the writer makes _delta_log with the first
        } catch {
            report.problem = Self.unavailable(watch, error)
            return
        }
        var state = DeltaWatchState(watch.state)
        let pending = DeltaLog.commitsToRecord(in: names, state: state)
        if pending.isEmpty, state == nil {
            _ = try record(&watch, state: DeltaWatchState(version: -1, schema: nil).json, landing: nil, &report)
            return
        }
        if let state, let latest = names.compactMap(DeltaLog.commitVersion(fileName:)).max(), latest < state.version {
            report.notes.append("table \(watch.name): the Delta log of \(watch.path) ends at commit \(latest), before commit "
                + "\(state.version) that the watch last recorded (was the table made again?); to start over, "
                + "braid table unwatch \(watch.name), then watch it again")
        }
        if let state, let first = pending.first, first > state.version + 1, state.version >= 0 {
            report.notes.append("table \(watch.name): Delta commits \(state.version + 1) to \(first - 1) of \(watch.path) are no longer "
                + "in its log (removed by log cleanup before the service saw them); landing from commit \(first)")
        }
        for version in pending {
            let file = log + "/" + DeltaLog.fileName(version: version)
            let bytes: [UInt8]
            do {
                bytes = try LocationFiles.read(file)
            } catch {
                report.problem = WatchProblem(.unrecordable, key: "read \(file) \(error.code)",
                                              message: "table \(watch.name): cannot read the Delta commit \(file) (\(error)); "
                                                  + "it is not recorded, and later commits wait behind it")
                return
            }
            let step: DeltaLog.Step
            do {
                let earlier = state?.schema == nil ? earlierSchema(log: log, before: version, names: names) : nil
                step = try DeltaLog.step(table: watch.name, location: watch.path, version: version, bytes: bytes, state: state,
                                         earlierSchema: earlier, publisher: publisher)
            } catch {
                report.problem = WatchProblem(.unrecordable, key: "not JSON \(file) \(bytes.count)",
                                              message: "table \(watch.name): the Delta commit \(file) is not JSON: \(error); it is not "
                                                  + "recorded, and later commits wait until it is fixed")
                return
            }
            report.notes += step.notes
            guard try record(&watch, state: step.state.json, landing: step.landing, &report) else { return }
            state = step.state
        }
    }

    /// The schema in effect before commit `version`, from the newest older commit with a `metaData`
    /// action (a first look at a table whose latest commit is an append); nil when none is in the log
    /// (older commits may survive only in a Parquet checkpoint, which the engine does not read).
    private func earlierSchema(log: String, before version: Int64, names: [String]) -> JSONValue? {
        let older = names.compactMap(DeltaLog.commitVersion(fileName:)).filter { $0 < version }.sorted(by: >)
        for candidate in older {
            guard let bytes = try? LocationFiles.read(log + "/" + DeltaLog.fileName(version: candidate)),
                  let text = (try? DeltaCommit.parse(bytes))?.schemaString else { continue }
            return try? DeltaSchema.fields(schemaString: text)
        }
        return nil
    }
}
