/// The flow's trigger decorators make sense alone and together
/// (docs/triggers.md, "How triggers combine"): each condition has what its
/// kind needs, event names are allowed, cron expressions parse in time zones
/// that exist, parameter mappings name the flow's parameters, no event or
/// upstream flow belongs to two conditions, at most one schedule, and one
/// `max_concurrent`.
enum TriggerRule: GraphRule {
    static func problems(in context: ValidationContext) -> [GraphProblem] {
        let spec = context.spec
        var problems: [GraphProblem] = []
        let parameterNames = Set(spec.parameters.map(\.name))
        var eventOwners: [String: TriggerSpec] = [:]
        var flowOwners: [String: TriggerSpec] = [:]
        var tableOwners: [String: TriggerSpec] = [:]
        var schedule: TriggerSpec?
        var maxConcurrent: (value: Int, trigger: TriggerSpec)?

        for trigger in spec.triggers {
            let location = SourceLocation(file: spec.file, line: trigger.line)
            func report(_ message: String) {
                problems.append(GraphProblem(.flow(spec.flow), at: location, "\(trigger.decoratorName(language: spec.language)): \(message)"))
            }
            func elsewhere(_ other: TriggerSpec) -> String {
                other.line.map { "line \($0)" } ?? "another \(other.decoratorName(language: spec.language))"
            }
            if let limit = trigger.maxConcurrent {
                if limit < 1 {
                    report("max_concurrent is \(limit); it must be at least 1")
                } else if let earlier = maxConcurrent, earlier.value != limit {
                    report("max_concurrent is \(limit) here but \(earlier.value) at \(elsewhere(earlier.trigger)); "
                        + "a deployment has one limit, so give it once or the same everywhere")
                } else if maxConcurrent == nil {
                    maxConcurrent = (limit, trigger)
                }
            }
            switch trigger.knownKind {
            case nil:
                report("the kind '\(trigger.kind)' is not one Braid knows; use event, run_finished, table or schedule")
            case .event:
                unexpected(trigger, ["flows": trigger.flows != nil, "tables": trigger.tables != nil, "cron": trigger.cron != nil,
                                     "timezone": trigger.timezone != nil], report)
                let events = trigger.events ?? []
                if events.isEmpty { report("names no event; give event=\"name\" or events=[...]") }
                var mappedParameters: Set<String> = []
                var namesHere: Set<String> = []
                for event in events {
                    if let problem = EventNames.problem(with: event.name) { report(problem); continue }
                    if !namesHere.insert(event.name).inserted {
                        report("lists the event '\(event.name)' twice")
                    } else if let owner = eventOwners[event.name] {
                        report("the event '\(event.name)' is also in the trigger at \(elsewhere(owner)); "
                            + "one event would then satisfy two conditions, so list it in one")
                    } else {
                        eventOwners[event.name] = trigger
                    }
                    for (parameter, field) in (event.parameters ?? [:]).sorted(by: { $0.key < $1.key }) {
                        if !parameterNames.contains(parameter) {
                            let hint = NameSuggestion.closest(to: parameter, among: parameterNames.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                            report("maps the payload field '\(field)' of '\(event.name)' to '\(parameter)', which is not a Parameter of \(spec.flow)\(hint)")
                        } else if !mappedParameters.insert(parameter).inserted {
                            report("maps the Parameter '\(parameter)' twice; map it from one event")
                        }
                    }
                }
            case .runFinished:
                unexpected(trigger, ["events": trigger.events != nil, "tables": trigger.tables != nil, "cron": trigger.cron != nil,
                                     "timezone": trigger.timezone != nil], report)
                let flows = trigger.flows ?? []
                if flows.isEmpty { report("names no flow; give flow=\"Name\" or flows=[...]") }
                var namesHere: Set<String> = []
                for flow in flows {
                    if !GraphNames.isFlowName(flow) {
                        report("'\(flow)' is not a flow name (letters, digits and '_', starting with a letter)")
                    } else if flow == spec.flow {
                        report("\(spec.flow) cannot start on its own finish: every run would start another, without end")
                    } else if !namesHere.insert(flow).inserted {
                        report("lists the flow '\(flow)' twice")
                    } else if let owner = flowOwners[flow] {
                        report("the flow '\(flow)' is also in the trigger at \(elsewhere(owner)); list it in one")
                    } else {
                        flowOwners[flow] = trigger
                    }
                }
            case .table:
                unexpected(trigger, ["events": trigger.events != nil, "flows": trigger.flows != nil, "cron": trigger.cron != nil,
                                     "timezone": trigger.timezone != nil], report)
                let tables = trigger.tables ?? []
                if tables.isEmpty { report("names no table; give table=\"name\" or tables=[...]") }
                var namesHere: Set<String> = []
                for table in tables {
                    if let problem = TableNames.problem(with: table) {
                        report(problem)
                    } else if !namesHere.insert(table).inserted {
                        report("lists the table '\(table)' twice")
                    } else if let owner = tableOwners[table] {
                        report("the table '\(table)' is also in the trigger at \(elsewhere(owner)); list it in one")
                    } else {
                        tableOwners[table] = trigger
                    }
                }
            case .schedule:
                unexpected(trigger, ["events": trigger.events != nil, "flows": trigger.flows != nil, "tables": trigger.tables != nil], report)
                if let earlier = schedule {
                    report("a flow has one schedule, and there is another at \(elsewhere(earlier)); combine them into one cron expression")
                } else {
                    schedule = trigger
                }
                guard let cron = trigger.cron else {
                    report("has no cron expression; give cron=\"...\" or hourly/daily/weekly=True")
                    continue
                }
                do {
                    _ = try CronSchedule(cron, timeZone: trigger.timezone)
                } catch {
                    report("\(error)")
                }
            }
        }
        return problems
    }

    /// Fields that belong to another kind of trigger.
    private static func unexpected(_ trigger: TriggerSpec, _ fields: [String: Bool], _ report: (String) -> Void) {
        for (field, present) in fields.sorted(by: { $0.key < $1.key }) where present {
            report("has '\(field)', which belongs to another kind of trigger")
        }
    }
}
