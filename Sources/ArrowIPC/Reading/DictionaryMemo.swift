/// The current dictionary of every dictionary id, as dictionary batches
/// arrive (notes §1, message order).
///
/// A dictionary batch for an id either defines or replaces its dictionary
/// (`isDelta` false) or appends to it (`isDelta` true). Record batches take
/// the dictionary current when they are read; a column keeps the dictionary
/// it was built with, so a later replacement does not change batches already
/// returned. Dictionaries may themselves hold dictionary-encoded values (a
/// dictionary inside a list or struct value type); their batches must come first.
struct DictionaryMemo: Sendable {
    /// The value field of each dictionary id the schema uses.
    private let valueFields: [Int64: DecodedField]
    private var dictionaries: [Int64: Column] = [:]

    /// Collects the dictionary ids of `schema`, including those nested in
    /// children and in dictionary value types.
    ///
    /// - Throws: `.invalidData` when one id is used for two different value types.
    init(schema: DecodedSchema) throws(ArrowIPCError) {
        var valueFields: [Int64: DecodedField] = [:]
        var pending = schema.fields
        while let decoded = pending.popLast() {
            pending.append(contentsOf: decoded.children)
            guard let id = decoded.dictionaryID, let values = decoded.dictionaryValueField else { continue }
            if let existing = valueFields[id], existing.field.type != values.field.type {
                throw .invalid("dictionary id \(id) is used by fields of different value types")
            }
            valueFields[id] = values
        }
        self.valueFields = valueFields
    }

    /// The dictionary ids the schema uses.
    var ids: Dictionary<Int64, DecodedField>.Keys { valueFields.keys }

    /// The current dictionary for `id`.
    ///
    /// - Throws: `.invalidData` when no dictionary batch has defined it yet.
    func dictionary(id: Int64) throws(ArrowIPCError) -> Column {
        guard let dictionary = dictionaries[id] else {
            throw .invalid("dictionary id \(id) is used before a dictionary batch defines it")
        }
        return dictionary
    }

    /// Decodes a dictionary batch and defines, replaces or extends its dictionary.
    ///
    /// - Parameter allowsReplacement: false for files, where each id has at
    ///   most one non-delta dictionary batch (notes §2).
    mutating func apply(_ batch: DictionaryBatchHeader, body: ByteBuffer, allowsReplacement: Bool) throws(ArrowIPCError) {
        guard let valueField = valueFields[batch.id] else {
            throw .invalid("dictionary id \(batch.id) is not used by any field of the schema")
        }
        let columns = try BatchDecoder.decodeColumns([valueField], header: batch.data, body: body, dictionaries: self)
        let values = columns[0]
        if batch.isDelta {
            guard let existing = dictionaries[batch.id] else {
                throw .invalid("a delta for dictionary id \(batch.id) arrives before the dictionary itself")
            }
            dictionaries[batch.id] = try existing.appending(values)
        } else {
            if dictionaries[batch.id] != nil && !allowsReplacement {
                throw .invalid("dictionary id \(batch.id) is defined twice; a file may only extend a dictionary with deltas")
            }
            dictionaries[batch.id] = values
        }
    }
}
