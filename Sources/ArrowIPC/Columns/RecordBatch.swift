/// A set of equal-length columns matching a schema: the unit Arrow IPC
/// writes and reads.
public struct RecordBatch: Sendable {
    public let schema: Schema
    public let columns: [Column]
    /// The number of rows.
    public let length: Int

    /// Checks that there is one column per field, of the field's type, each
    /// at least `length` long.
    ///
    /// - Parameter length: the row count; taken from the first column when
    ///   nil, and required when there are no columns.
    /// - Throws: `ArrowIPCError` naming the column that does not fit.
    public init(schema: Schema, columns: [Column], length: Int? = nil) throws(ArrowIPCError) {
        guard columns.count == schema.fields.count else {
            throw .invalidArgument("the schema has \(schema.fields.count) fields but \(columns.count) columns were given")
        }
        guard let rows = length ?? columns.first?.length else {
            throw .invalidArgument("a record batch without columns needs an explicit length")
        }
        for (i, (field, column)) in zip(schema.fields, columns).enumerated() {
            guard field.type == column.type else {
                throw .invalidArgument("column \(i) ('\(field.name)') is declared \(field.type) but holds \(column.type)")
            }
            guard column.length == rows else {
                throw .invalidArgument("column \(i) ('\(field.name)') has \(column.length) rows, the batch has \(rows)")
            }
        }
        self.schema = schema
        self.columns = columns
        self.length = rows
    }

    /// The first column called `name`.
    public func column(named name: String) -> Column? {
        schema.firstIndex(of: name).map { columns[$0] }
    }
}
