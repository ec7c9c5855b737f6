import Foundation
import Testing
@testable import BraidCore

extension TriggerTests {
    /// The claim against a real SQLite store: exactly once, in order, across versions and services.
    @Suite struct ClaimTests {
        static func spec(_ triggers: [TriggerSpec], flow: String = "Pricing", parameters: [ParameterSpec] = []) -> FlowSpec {
            let start = StepSpec(name: "start", language: "python", file: "/f/flow.py", function: "start", next: ["end"])
            let end = StepSpec(name: "end", language: "python", file: "/f/flow.py", function: "end", next: [])
            return FlowSpec(flow: flow, language: "python", file: "/f/flow.py", parameters: parameters, steps: [start, end],
                            triggers: triggers)
        }

        static func deploy(_ store: MetadataStore, _ spec: FlowSpec) throws {
            _ = try store.deploy(NewDeployment(spec: spec, codeHash: nil, codeDirectory: "/code", environment: [:], user: "ana"))
        }

        static let onSales = TriggerSpec(kind: .event, events: [.init(name: "sales")])

        func publish(_ store: MetadataStore, _ name: String, _ payload: [String: JSONValue] = [:]) throws {
            try store.publish(NewEvent(name: name, payload: payload, publisher: "ana"))
        }

        @Test func eventsBeforeTheDeploymentNeverTriggerIt() throws {
            try withMetadataStore { store, _ in
                try publish(store, "sales")
                try Self.deploy(store, Self.spec([Self.onSales]))
                #expect(try store.claimTriggers().runs.isEmpty)
                try publish(store, "sales")
                let runs = try store.claimTriggers().runs
                #expect(runs.map(\.eventIDs) == [[2]])
                #expect(try store.claimTriggers().runs.isEmpty)  // claimed once
            }
        }

        @Test func aBurstGivesOneRunPerEventInOrder() throws {
            try withMetadataStore { store, _ in
                try Self.deploy(store, Self.spec([Self.onSales]))
                for i in 0..<250 { try publish(store, "sales", ["i": .int(Int64(i))]) }
                let runs = try store.claimTriggers(batch: 100).runs
                #expect(runs.count == 250)
                #expect(runs.map(\.run) == runs.map(\.run).sorted())
                #expect(runs.map { $0.eventIDs[0] } == Array(1...250))
                #expect(try store.queuedRuns().count == 250)
            }
        }

        @Test func twoServicesOnOneStoreClaimEachEventOnce() throws {
            try withMetadataStore { store, dir in
                try Self.deploy(store, Self.spec([Self.onSales]))
                let other = try MetadataStore(path: dir + "/braid.db")
                let claimed = LockedCounter()
                DispatchQueue.concurrentPerform(iterations: 4) { worker in
                    let mine = worker % 2 == 0 ? store : other
                    for round in 0..<25 {
                        if worker < 2 { try? publish(mine, "sales", ["round": .int(Int64(round))]) }
                        if let report = try? mine.claimTriggers() { claimed.add(report.runs.map { $0.eventIDs[0] }) }
                    }
                }
                claimed.add(try store.claimTriggers().runs.map { $0.eventIDs[0] })
                #expect(claimed.values.sorted() == Array(1...50))
            }
        }

        @Test func anAndConditionWaitsForEveryEventAndKeepsItsPlaceAcrossVersions() throws {
            try withMetadataStore { store, _ in
                let both = TriggerSpec(kind: .event, events: [.init(name: "prices"), .init(name: "stock")])
                try Self.deploy(store, Self.spec([both]))
                try publish(store, "prices")
                #expect(try store.claimTriggers().runs.isEmpty)
                try Self.deploy(store, Self.spec([both]))  // version 2 keeps the half-complete set
                try publish(store, "stock")
                let runs = try store.claimTriggers().runs
                #expect(runs.map(\.eventIDs) == [[1, 2]])
                #expect(try store.deployment(flow: "Pricing")?.version == 2)
            }
        }

        @Test func aPayloadThatDoesNotConvertFailsThatRunAndKeepsTheEvent() throws {
            try withMetadataStore { store, _ in
                let rows = ParameterSpec(name: "rows", type: "int", default: .int(1))
                try Self.deploy(store, Self.spec([Self.onSales], parameters: [rows]))
                try publish(store, "sales", ["rows": .string("many")])
                try publish(store, "sales", ["rows": .string("12")])
                let runs = try store.claimTriggers().runs
                #expect(runs.map(\.status) == [.failed, .pending])
                #expect(runs[0].note == "not started: parameter 'rows' (int): the event 'sales' (id 1) gives \"many\", which is not a valid int")
                #expect(try store.run(id: runs[1].run)?.parameters == ["rows": .int(12)])
                #expect(try store.events(name: "sales").count == 2)
                #expect(try store.runTrigger(run: runs[0].run)?.note == runs[0].note)
            }
        }

        @Test func aSucceededRunTriggersItsDownstreamFlow() throws {
            try withMetadataStore { store, _ in
                try Self.deploy(store, Self.spec([TriggerSpec(kind: .runFinished, flows: ["Ingest"])]))
                let upstream = try store.createRun(NewRun(flow: "Ingest", specJSON: "{}", parameters: [:], user: "bo"))
                try store.runStarted(upstream, at: Date())
                try store.runFinished(upstream, status: .failed, at: Date())
                #expect(try store.claimTriggers().runs.isEmpty)  // only successes count
                let second = try store.createRun(NewRun(flow: "Ingest", specJSON: "{}", parameters: [:], user: "bo"))
                try store.runStarted(second, at: Date())
                try store.runFinished(second, status: .succeeded, at: Date())
                let runs = try store.claimTriggers().runs
                #expect(runs.count == 1)
                let trigger = try store.runTrigger(run: runs[0].run)
                #expect(trigger?.type == "run_finished")
                #expect(trigger?.events.first?.upstreamRun?.run == second)
            }
        }

        @Test func missedScheduleTicksRunOnceForTheLatest() throws {
            try withMetadataStore { store, _ in
                let hourly = TriggerSpec(kind: .schedule, cron: "0 * * * *")
                let deployedAt = ISO8601DateFormatter().date(from: "2026-12-08T01:30:00Z")!
                _ = try store.deploy(NewDeployment(spec: Self.spec([hourly]), codeHash: nil, codeDirectory: "/c", environment: [:], user: "ana"),
                                     at: deployedAt)
                let now = ISO8601DateFormatter().date(from: "2026-12-08T05:10:00Z")!
                let report = try store.claimTriggers(now: now)
                #expect(report.runs.count == 1)
                #expect(report.notes == ["Pricing: 3 schedule ticks of '0 * * * *' passed while no service ran; run \(report.runs[0].run) is for the latest, 2026-12-08T05:00:00Z"])
                #expect(try store.claimTriggers(now: now).runs.isEmpty)
                #expect(try store.runTrigger(run: report.runs[0].run)?.events.first?.payload["missed"] == .int(3))
            }
        }

        @Test func undeployCancelsWaitingRunsAndStopsClaims() throws {
            try withMetadataStore { store, _ in
                try Self.deploy(store, Self.spec([Self.onSales]))
                try publish(store, "sales")
                let run = try #require(try store.claimTriggers().runs.first).run
                #expect(try store.undeploy(flow: "Pricing") == 1)
                #expect(try store.run(id: run)?.status == .cancelled)
                try publish(store, "sales")
                #expect(try store.claimTriggers().runs.isEmpty)
                #expect(throws: MetadataError.self) { try store.undeploy(flow: "Pricing") }
            }
        }

        @Test func aQueuedRunStartsOnce() throws {
            try withMetadataStore { store, _ in
                try Self.deploy(store, Self.spec([Self.onSales]))
                try publish(store, "sales")
                let run = try #require(try store.claimTriggers().runs.first).run
                try store.startQueuedRun(run, at: Date())
                #expect(throws: MetadataError.self) { try store.startQueuedRun(run, at: Date()) }
            }
        }

        @Test func aLoopThroughPublishingStepsIsBounded() throws {
            try withMetadataStore { store, _ in
                try Self.deploy(store, Self.spec([Self.onSales]))
                var source: String?
                for _ in 0...MetadataStore.maxTriggerDepth {
                    try store.publish(NewEvent(name: "sales", payload: [:], publisher: "ana", source: source))
                    let claimed = try #require(try store.claimTriggers().runs.first)
                    if claimed.status == .failed {
                        #expect(claimed.note?.contains("it is 32 triggered runs deep (the limit is 32)") == true)
                        return
                    }
                    source = "Pricing/\(claimed.run)/start/1"
                }
                Issue.record("the chain was never stopped")
            }
        }
    }
}

/// Values collected from several threads.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [Int64] = []
    func add(_ more: [Int64]) { lock.lock(); collected += more; lock.unlock() }
    var values: [Int64] { lock.lock(); defer { lock.unlock() }; return collected }
}
