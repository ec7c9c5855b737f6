// Decoding the records from result rows, column order as in the queries of
// MetadataStore+Queries.swift.

extension RunRecord {
    init(row: SQLiteRow, _ db: SQLiteConnection) throws {
        let id = try row.int64(0)
        let parametersText = try row.string(5)
        let parameters = try StoredJSON.decode([String: JSONValue].self, parametersText, table: "runs", column: "parameters_json")
        let tags = try MetadataStore.tags(run: id, db)
        self.init(id: id, flow: try row.string(1), status: try .stored(try row.string(2), table: "runs"),
                  user: try row.string(3), specJSON: try row.string(4), parameters: parameters,
                  originRunID: try row.optionalInt64(6), createdAt: StoredTime.date(try row.int64(7)),
                  startedAt: StoredTime.date(try row.optionalInt64(8)), finishedAt: StoredTime.date(try row.optionalInt64(9)),
                  userTags: tags.filter { !$0.isSystem }.map(\.name), systemTags: tags.filter(\.isSystem).map(\.name),
                  codeHash: try row.optionalString(10))
    }
}

extension TaskRecord {
    init(row: SQLiteRow, parents: [TaskID]) throws {
        let stack = try StoredJSON.decode(frames: try row.string(4), table: "tasks", column: "foreach_stack_json")
        let nextSteps = try row.optionalString(6).map {
            try StoredJSON.decode([String].self, $0, table: "tasks", column: "next_steps_json")
        } ?? []
        self.init(id: try row.int64(0), run: try row.int64(1), step: try row.string(2),
                  status: try .stored(try row.string(3), table: "tasks"), parents: parents, foreachStack: stack,
                  originTaskID: try row.optionalInt64(5), nextSteps: nextSteps, foreachCount: try row.optionalInt(7),
                  createdAt: StoredTime.date(try row.int64(8)), startedAt: StoredTime.date(try row.optionalInt64(9)),
                  finishedAt: StoredTime.date(try row.optionalInt64(10)))
    }
}

extension AttemptRecord {
    init(row: SQLiteRow) throws {
        let failure = try row.optionalString(8).map {
            try StoredJSON.decode(TaskFailure.self, $0, table: "attempts", column: "failure_json")
        }
        self.init(task: try row.int64(0), attempt: try row.int(1), status: try .stored(try row.string(2), table: "attempts"),
                  pid: try row.optionalInt32(3), startedAt: StoredTime.date(try row.int64(4)),
                  finishedAt: StoredTime.date(try row.optionalInt64(5)), exitStatus: try row.optionalInt32(6),
                  signal: try row.optionalInt32(7), failure: failure, stdoutPath: try row.string(9),
                  stderrPath: try row.string(10))
    }
}
