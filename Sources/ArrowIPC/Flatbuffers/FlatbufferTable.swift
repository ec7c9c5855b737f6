/// A read-only, bounds-checked view of one table inside a flatbuffer.
///
/// Follows the wire rules of the notes §3.1: a table starts with an i32
/// soffset to its vtable (`vtable = table − soffset`, so the vtable may sit
/// before or after the table and be shared with any other table); the vtable
/// holds its own size, the table's inline size (ignored, as readers must), and
/// one u16 field offset per slot, 0 for an absent field. Slots beyond a short
/// vtable are absent. Absent scalars read as their declared default.
///
/// Every read checks its bytes against the flatbuffer, and nothing is
/// allocated before the size it claims has been checked against the bytes
/// that remain. Fields are named `Type.field` in errors:
/// "Field.name: 4 bytes at offset 900 lie outside the 448-byte Message flatbuffer".
struct FlatbufferTable {
    let context: FlatbufferContext
    /// The table's first byte (its soffset), from the flatbuffer's start.
    let position: Int
    /// The schema type, for errors: "Message", "Field", "Int".
    let typeName: String
    /// Tables between the root and this one (the root is 0).
    let depth: Int
    private let vtable: Int
    private let slotCount: Int

    /// The root table: the flatbuffer starts with a uoffset to it (Arrow uses no
    /// file identifier and no size prefix).
    static func root(of bytes: ByteBuffer, typeName: String) throws(ArrowIPCError) -> FlatbufferTable {
        let context = FlatbufferContext(bytes: bytes, name: typeName)
        let position = try context.followUOffset(at: 0, minimumSize: 4, what: "\(typeName) root offset")
        return try FlatbufferTable(context: context, position: position, typeName: typeName, depth: 0)
    }

    private init(context: FlatbufferContext, position: Int, typeName: String, depth: Int) throws(ArrowIPCError) {
        guard depth <= FlatbufferContext.maxDepth else {
            throw .invalid("\(typeName): tables nest deeper than \(FlatbufferContext.maxDepth) levels")
        }
        try context.spend(1)
        let bytes = context.bytes
        guard let soffset = bytes.load(Int32.self, at: position) else {
            throw context.outOfBounds("\(typeName) table", position, 4)
        }
        let vtable = position - Int(soffset)
        guard let vtableSize = bytes.load(UInt16.self, at: vtable) else {
            throw context.outOfBounds("\(typeName) vtable", vtable, 4)
        }
        guard vtableSize >= 4, vtableSize % 2 == 0 else {
            throw .invalid("\(typeName) vtable at offset \(vtable) declares a size of \(vtableSize) bytes; it must be even and at least 4")
        }
        guard bytes.contains(offset: vtable, length: Int(vtableSize)) else {
            throw context.outOfBounds("\(typeName) vtable", vtable, Int(vtableSize))
        }
        self.context = context
        self.position = position
        self.typeName = typeName
        self.depth = depth
        self.vtable = vtable
        slotCount = (Int(vtableSize) - 4) / 2
    }

    // MARK: - Slots

    /// Where field `slot` is stored, from the flatbuffer's start, or nil when
    /// the field is absent (a 0 entry, or a slot past a short vtable's end).
    func fieldPosition(_ slot: Int) -> Int? {
        guard slot < slotCount else { return nil }
        let entry = context.bytes.loadUnchecked(UInt16.self, at: vtable + 4 + 2 * slot)
        return entry == 0 ? nil : position + Int(entry)
    }

    /// A scalar field (integer, enum, bool as u8), or `defaultValue` when absent.
    func scalar<T: FixedWidthInteger>(_ slot: Int, _ field: String, default defaultValue: T) throws(ArrowIPCError) -> T {
        guard let at = fieldPosition(slot) else { return defaultValue }
        guard let value = context.bytes.load(T.self, at: at) else {
            throw context.outOfBounds("\(typeName).\(field)", at, MemoryLayout<T>.size)
        }
        return value
    }

    /// A bool field: any non-zero byte is true.
    func bool(_ slot: Int, _ field: String, default defaultValue: Bool = false) throws(ArrowIPCError) -> Bool {
        try scalar(slot, field, default: UInt8(defaultValue ? 1 : 0)) != 0
    }

    /// A sub-table field, or nil when absent.
    func table(_ slot: Int, _ field: String, type childType: String) throws(ArrowIPCError) -> FlatbufferTable? {
        guard let at = fieldPosition(slot) else { return nil }
        return try table(atUOffset: at, what: "\(typeName).\(field)", type: childType)
    }

    /// A sub-table field that must be present.
    func requiredTable(_ slot: Int, _ field: String, type childType: String) throws(ArrowIPCError) -> FlatbufferTable {
        guard let table = try table(slot, field, type: childType) else {
            throw .invalid("\(typeName).\(field) is missing")
        }
        return table
    }

    /// The table a uoffset stored at `at` points to, one level deeper.
    func table(atUOffset at: Int, what: @autoclosure () -> String, type childType: String) throws(ArrowIPCError) -> FlatbufferTable {
        let target = try context.followUOffset(at: at, minimumSize: 4, what: what())
        return try FlatbufferTable(context: context, position: target, typeName: childType, depth: depth + 1)
    }

    /// A string field, or nil when absent. The bytes must be valid UTF-8; the
    /// NUL byte that writers put after them is not required.
    func string(_ slot: Int, _ field: String) throws(ArrowIPCError) -> String? {
        guard let at = fieldPosition(slot) else { return nil }
        return try string(atUOffset: at, what: "\(typeName).\(field)")
    }

    /// The string a uoffset stored at `at` points to.
    func string(atUOffset at: Int, what: @autoclosure () -> String) throws(ArrowIPCError) -> String {
        let target = try context.followUOffset(at: at, minimumSize: 4, what: what())
        let length = Int(context.bytes.loadUnchecked(UInt32.self, at: target))
        guard context.bytes.contains(offset: target + 4, length: length) else {
            throw context.outOfBounds("\(what()) string", target + 4, length)
        }
        try context.spend(1 + length)
        let decoded = context.bytes.withUnsafeBytes { raw in
            String(validating: raw[(target + 4)..<(target + 4 + length)], as: UTF8.self)
        }
        guard let decoded else { throw .invalid("\(what()): the string at offset \(target) is not valid UTF-8") }
        return decoded
    }

    /// A vector field whose elements are `elementSize` bytes each (4 for
    /// tables and strings), or nil when absent.
    func vector(_ slot: Int, _ field: String, elementSize: Int) throws(ArrowIPCError) -> FlatbufferVector? {
        guard let at = fieldPosition(slot) else { return nil }
        let what = "\(typeName).\(field)"
        let target = try context.followUOffset(at: at, minimumSize: 4, what: what)
        let count = Int(context.bytes.loadUnchecked(UInt32.self, at: target))
        // Check the claimed count against the bytes before anyone allocates for it.
        guard count <= (context.bytes.count - target - 4) / elementSize else {
            throw .invalid("\(what): a vector of \(count) elements of \(elementSize) bytes at offset \(target) overruns the \(context.bytes.count)-byte \(context.name) flatbuffer")
        }
        try context.spend(1 + count)
        return FlatbufferVector(owner: self, what: what, start: target + 4, count: count, elementSize: elementSize)
    }

    /// A union field, stored in two slots (notes §3.1): the u8 type tag at
    /// `typeSlot` (0 = NONE) and the uoffset to the member table at `typeSlot + 1`.
    /// - Returns: the tag and the member table; nil table only for tag 0.
    func union(typeSlot: Int, _ field: String, type childType: (UInt8) -> String) throws(ArrowIPCError) -> (tag: UInt8, table: FlatbufferTable?) {
        let tag = try scalar(typeSlot, "\(field)_type", default: UInt8(0))
        guard tag != 0 else { return (0, nil) }
        guard let table = try table(typeSlot + 1, field, type: childType(tag)) else {
            throw .invalid("\(typeName).\(field) has type tag \(tag) but no value")
        }
        return (tag, table)
    }
}
