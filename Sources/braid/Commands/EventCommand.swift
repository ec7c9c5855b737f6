import ArgumentParser
import BraidCore
import Foundation

/// `braid event publish|list`: events that start deployed flows (docs/triggers.md).
struct EventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event", abstract: "Publish and list events.", subcommands: [EventPublish.self, EventList.self])
}

struct EventPublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish an event; print its id once it is committed.",
        discussion: "The payload is --payload JSON (an object) and/or KEY=VALUE pairs (a VALUE that is JSON stays JSON, else it is text).")

    @Argument(help: "The event name.") var name: String
    @OptionGroup var payload: PayloadOptions
    @Option(name: .customLong("from"), help: ArgumentHelp("The task publishing it (set by the clients inside a step).", valueName: "FLOW/RUN/STEP/TASK"))
    var source: String?

    func run() throws {
        let fields = try payload.fields(failing: "cannot publish '\(name)'")
        let layout = StoreLayout.fromEnvironment()
        let event: EventRecord
        do {
            event = try MetadataStore(layout: layout).publish(NewEvent(name: name, payload: fields, publisher: currentUser(), source: source))
        } catch let error as EventError {
            throw CommandFailure("cannot publish: \(error)")
        }
        DaemonWakeup.notify(layout: layout)
        print(event.id)
    }
}

struct EventList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List events, newest first.")
    @Option(help: "Only events with this name.") var name: String?
    @Option(help: "At most this many.") var limit = 20
    @Flag(help: "One JSON object per line.") var json = false

    func run() throws {
        let layout = StoreLayout.fromEnvironment()
        guard FileManager.default.fileExists(atPath: layout.databasePath) else {
            if !json { print("No events yet in \(layout.root).") }
            return
        }
        let events = try MetadataStore(layout: layout).events(name: name, limit: limit)
        if json {
            for event in events {
                var object = event.triggerJSON.objectValue ?? [:]
                object["publisher"] = .string(event.publisher)
                object["source"] = event.source.map(JSONValue.string) ?? .null
                print(JSONValue.object(object).jsonText)
            }
            return
        }
        guard !events.isEmpty else {
            print("No events\(name.map { " named \($0)" } ?? "").")
            return
        }
        var rows = [["ID", "NAME", "PUBLISHED", "BY", "PAYLOAD"]]
        for event in events {
            let payload = JSONValue.object(event.payload).jsonText
            rows.append([String(event.id), event.name, isoTime(event.publishedAt) as? String ?? "-",
                         event.publisher + (event.source.map { " (\($0))" } ?? ""),
                         payload.count > 60 ? String(payload.prefix(57)) + "..." : payload])
        }
        print(alignedColumns(rows))
    }
}

/// A payload given as `--payload JSON` and/or `KEY=VALUE` words (`braid event publish`, `braid trigger`).
struct PayloadOptions: ParsableArguments {
    @Argument(help: "KEY=VALUE payload fields (a VALUE that is JSON stays JSON, else it is text).") var pairs: [String] = []
    @Option(help: "The payload: a JSON object of at most 1 MB, or - to read it from standard input.") var payload: String?

    /// The payload's fields; `KEY=VALUE` words win over `--payload`.
    func fields(failing context: String) throws -> [String: JSONValue] {
        do {
            var fields = try payload.map(readPayload).map(EventNames.parsePayload) ?? [:]
            for (key, value) in try EventNames.payload(fromPairs: pairs) { fields[key] = value }
            return fields
        } catch {
            throw CommandFailure("\(context): \(error)")
        }
    }
}

/// `--payload -` reads the payload from standard input: a command-line
/// argument holds at most 128 KiB on Linux, a payload up to 1 MB.
func readPayload(_ option: String) -> String {
    guard option == "-" else { return option }
    return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
}
