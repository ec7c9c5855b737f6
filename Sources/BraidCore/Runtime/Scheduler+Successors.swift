/// Creating the tasks that follow a successful one.
extension Scheduler {
    /// Creates (or advances joins toward) the successors of a task that succeeded.
    /// - Returns: a problem when the graph and the tasks disagree (which validation should prevent).
    mutating func enterSuccessors(of key: TaskKey, foreachCount: Int?) -> String? {
        let task = tasks[key.rawValue]
        switch graph.transition(of: task.step) {
        case .end:
            endSucceeded = true
            return nil
        case .linear(let next):
            return enter(next, splits: task.splits, from: key)
        case .branch(let steps):
            for (index, step) in steps.enumerated() {
                let frame = SplitFrame.branch(step: task.step, index: index, count: steps.count)
                if let problem = enter(step, splits: task.splits + [frame], from: key) { return problem }
            }
            return nil
        case .foreach(let next, let artifact):
            guard let count = foreachCount else { return "step '\(task.step)' fanned out without an item count" }
            if count == 0 { return joinEmptyForeach(task.step, splits: task.splits) }
            for index in 0..<count {
                let frame = SplitFrame.foreach(ForeachFrame(step: task.step, artifact: artifact, index: index, count: count))
                if let problem = enter(next, splits: task.splits + [frame], from: key) { return problem }
            }
            return nil
        }
    }

    /// A task reaches `step`: a new task, or one more input of a join.
    private mutating func enter(_ step: String, splits: [SplitFrame], from parent: TaskKey) -> String? {
        guard graph.isJoin(step) else {
            create(step, splits: splits, parents: [parent])
            return nil
        }
        guard let top = splits.last else { return "join '\(step)' was reached outside any branch or foreach" }
        let closed = graph.splitClosed(by: step)
        if closed != top.step {
            return "join '\(step)' closes '\(closed)' but was reached from inside '\(top.step)'"
        }
        let key = JoinKey(join: step, outer: Array(splits.dropLast()))
        var inputs = arrivals[key, default: [:]]
        inputs[top.index] = parent
        guard inputs.count == top.count else {
            arrivals[key] = inputs
            return nil
        }
        arrivals[key] = nil
        create(step, splits: key.outer, parents: (0..<top.count).compactMap { inputs[$0] })
        return nil
    }

    /// A foreach over no items goes straight to its join, with no inputs.
    private mutating func joinEmptyForeach(_ split: String, splits: [SplitFrame]) -> String? {
        create(graph.joinClosing(split: split), splits: splits, parents: [])
        return nil
    }

    /// Adds a task, ready to start.
    mutating func create(_ step: String, splits: [SplitFrame], parents: [TaskKey]) {
        let key = TaskKey(tasks.count)
        tasks.append(TaskState(step: step, splits: splits, parents: parents))
        ready.append(key)
    }
}
