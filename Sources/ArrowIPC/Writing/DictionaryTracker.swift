/// Decides which DictionaryBatch messages must precede a record batch.
///
/// Dictionary ids follow the pre-order of `Schema.flatbufferTable()`. For
/// each dictionary-encoded column the tracker compares the batch's
/// dictionary with the one the reader already holds for that id:
///
/// - the first time: the whole dictionary (`isDelta` false);
/// - the same values: nothing;
/// - the old values followed by new ones: a delta with the new ones;
/// - anything else: a replacement, allowed only in a stream. The file format
///   allows one non-delta dictionary per id (notes §2), so a file writer
///   throws `.invalidArgument`.
///
/// Dictionaries nested in a dictionary's values are emitted before it.
struct DictionaryTracker {
    /// One DictionaryBatch to write.
    struct Update {
        let id: Int64
        /// The values to send: the whole dictionary, or only the appended part.
        let values: Column
        let isDelta: Bool
    }

    let allowsReplacement: Bool
    /// The full dictionary the reader holds, per id.
    private var current: [Int64: Column] = [:]

    init(allowsReplacement: Bool) {
        self.allowsReplacement = allowsReplacement
    }

    /// The updates `columns` need, in the order to write them, and the state
    /// after them. Nothing changes when this throws.
    ///
    /// - Parameter names: the top-level column names, for messages.
    /// - Throws: `ArrowIPCError` (`.invalidArgument`) for a replacement the
    ///   format does not allow, naming the column.
    mutating func updates(for columns: [Column], names: [String]) throws(ArrowIPCError) -> [Update] {
        var walk = Walk(tracker: self)
        for (i, column) in columns.enumerated() {
            try inContext("column \(i) ('\(names[i])')") { () throws(ArrowIPCError) in
                _ = try walk.visit(column)
            }
        }
        self = walk.tracker
        return walk.updates
    }

    /// One pass over a batch's columns, in the id order.
    private struct Walk {
        var tracker: DictionaryTracker
        var nextID: Int64 = 0
        var updates: [Update] = []

        /// Visits `column` and its descendants; returns whether any dictionary
        /// among them was replaced (so enclosing dictionaries must be too).
        mutating func visit(_ column: Column) throws(ArrowIPCError) -> Bool {
            guard case .dictionary = column.type, let dictionary = column.dictionary else {
                var replaced = false
                for child in column.children { replaced = try visit(child) || replaced }
                return replaced
            }
            let id = nextID
            nextID += 1
            var innerReplaced = false
            for child in dictionary.children { innerReplaced = try visit(child) || innerReplaced }
            return try update(id: id, to: dictionary, forceReplacement: innerReplaced)
        }

        private mutating func update(id: Int64, to dictionary: Column, forceReplacement: Bool) throws(ArrowIPCError) -> Bool {
            guard let old = tracker.current[id] else {
                updates.append(Update(id: id, values: dictionary, isDelta: false))
                tracker.current[id] = dictionary
                return false
            }
            if !forceReplacement {
                if old.isSameStorage(as: dictionary) { return false }
                if old.isPrefix(of: dictionary) {
                    if dictionary.length > old.length {
                        let added = try dictionary.slice(rows: old.length..<dictionary.length)
                        updates.append(Update(id: id, values: added, isDelta: true))
                        tracker.current[id] = dictionary
                    }
                    return false
                }
            }
            guard tracker.allowsReplacement else {
                throw .invalidArgument(
                    "the dictionary (id \(id)) differs from the one written before and does not extend it; "
                        + "the file format allows only one dictionary per id plus deltas that append to it, "
                        + "so write a stream or keep the earlier values first")
            }
            updates.append(Update(id: id, values: dictionary, isDelta: false))
            tracker.current[id] = dictionary
            return true
        }
    }
}

extension Column {
    /// Whether both columns are views of the very same memory (the cheap
    /// test that the same dictionary was reused batch after batch).
    func isSameStorage(as other: Column) -> Bool {
        guard type == other.type, length == other.length, nullCount == other.nullCount,
              buffers.count == other.buffers.count, children.count == other.children.count,
              validity?.base == other.validity?.base,
              zip(buffers, other.buffers).allSatisfy({ $0.base == $1.base && $0.count == $1.count })
        else { return false }
        if let dictionary, let otherDictionary = other.dictionary, !dictionary.isSameStorage(as: otherDictionary) {
            return false
        }
        return zip(children, other.children).allSatisfy { $0.isSameStorage(as: $1) }
    }

    /// Whether this column's values are the first `length` values of `other`
    /// (compared as values: NaN equals NaN, dictionaries are resolved).
    func isPrefix(of other: Column) -> Bool {
        guard type == other.type, length <= other.length else { return false }
        return (0..<length).allSatisfy { value(at: $0) == other.value(at: $0) }
    }
}
