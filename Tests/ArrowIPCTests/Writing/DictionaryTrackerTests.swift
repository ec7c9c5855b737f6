import Testing
@testable import ArrowIPC

/// Which DictionaryBatch messages precede each record batch.
@Suite struct DictionaryTrackerTests {
    private func column(_ words: [String?], indices: [Int32?] = [0]) throws -> Column {
        try ColumnFactory.dictionary(indices, .int32, values: ColumnFactory.strings(words))
    }

    private func summary(_ updates: [DictionaryTracker.Update]) -> [String] {
        updates.map { "\($0.id)\($0.isDelta ? " delta" : ""): \($0.values.values.map(\.description).joined(separator: ","))" }
    }

    @Test func sendsEachDictionaryOnceWhileItsValuesStayTheSame() throws {
        var tracker = DictionaryTracker(allowsReplacement: false)
        let first = try column(["a", "b"])
        #expect(summary(try tracker.updates(for: [first, first], names: ["x", "y"])) == [#"0: "a","b""#, #"1: "a","b""#])
        #expect(try tracker.updates(for: [first, first], names: ["x", "y"]).isEmpty)  // same memory
        #expect(try tracker.updates(for: [try column(["a", "b"]), first], names: ["x", "y"]).isEmpty)  // equal values
    }

    @Test func sendsOnlyTheNewValuesWhenADictionaryGrows() throws {
        var tracker = DictionaryTracker(allowsReplacement: false)
        _ = try tracker.updates(for: [try column(["a", "b"])], names: ["x"])
        let grown = try tracker.updates(for: [try column(["a", "b", nil, "d"])], names: ["x"])
        #expect(summary(grown) == [#"0 delta: null,"d""#])
        #expect(summary(try tracker.updates(for: [try column(["a", "b", nil, "d", "e"])], names: ["x"])) == [#"0 delta: "e""#])
    }

    @Test func streamReplacesAChangedDictionary() throws {
        var tracker = DictionaryTracker(allowsReplacement: true)
        _ = try tracker.updates(for: [try column(["a", "b"])], names: ["x"])
        #expect(summary(try tracker.updates(for: [try column(["b"])], names: ["x"])) == [#"0: "b""#])
        #expect(summary(try tracker.updates(for: [try column(["b", "c"])], names: ["x"])) == [#"0 delta: "c""#])
    }

    @Test func fileRejectsAReplacementAndKeepsItsState() throws {
        var tracker = DictionaryTracker(allowsReplacement: false)
        _ = try tracker.updates(for: [try column(["a", "b"])], names: ["word"])
        #expect {
            try tracker.updates(for: [try column(["b", "a"])], names: ["word"])
        } throws: { error in
            (error as? ArrowIPCError)?.code == .invalidArgument && "\(error)" ==
                "column 0 ('word'): the dictionary (id 0) differs from the one written before and does not extend it; "
                + "the file format allows only one dictionary per id plus deltas that append to it, "
                + "so write a stream or keep the earlier values first"
        }
        #expect(try tracker.updates(for: [try column(["a", "b"])], names: ["word"]).isEmpty)
    }

    @Test func nestedDictionariesComeBeforeTheirParentAndIdsFollowPreOrder() throws {
        let inner = try column(["x", "y"], indices: [1, 0])
        let values = try ColumnFactory.structOf([("d", inner)], rows: 2)
        let outer = try Column.dictionary(indices: ColumnFactory.ints([1] as [Int8?], .int8), dictionary: values)
        let listed = try ColumnFactory.list(try column(["p"]), counts: [1])
        var tracker = DictionaryTracker(allowsReplacement: true)
        let updates = try tracker.updates(for: [outer, listed], names: ["o", "l"])
        #expect(updates.map(\.id) == [1, 0, 2])

        // The outer values read the same ({y}, {x}), but through a replaced inner
        // dictionary: the outer one must be resent, or its old indices would
        // point at the wrong inner values.
        let newInner = try column(["y", "x"], indices: [0, 1])
        let newOuter = try Column.dictionary(indices: ColumnFactory.ints([1] as [Int8?], .int8),
                                             dictionary: try ColumnFactory.structOf([("d", newInner)], rows: 2))
        let again = try tracker.updates(for: [newOuter, listed], names: ["o", "l"])
        #expect(again.map(\.id) == [1, 0] && again.allSatisfy { !$0.isDelta })
    }
}
