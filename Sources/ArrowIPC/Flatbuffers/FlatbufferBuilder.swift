/// Lays out a flatbuffer front to back, following the recipe of the notes'
/// §3.3: each table is preceded by its own vtable and starts at a multiple of
/// 8; the strings, vectors and sub-tables a table refers to follow it, in slot
/// order, and the table's uoffsets are patched to point forward to them.
///
/// The caller first describes the objects as values (`Table`, `Child`) and
/// then calls `finish(root:)`, so no object is ever half-written.
///
/// ```swift
/// var schema = FlatbufferBuilder.Table()
/// schema.add(0, Int16(0))                       // endianness
/// schema.add(1, .tables(fields))                // fields
/// let bytes = FlatbufferBuilder.finish(root: schema)
/// ```
///
/// Alignment, counted from the first byte of the flatbuffer (notes §3.1):
/// every inline scalar at a multiple of its size, tables at multiples of 8,
/// vtables at multiples of 2, string and vector length words at multiples of
/// 4, the first element of a struct or i64 vector at a multiple of 8. The
/// result is zero-padded to a multiple of 8, so `8 + M ≡ 0 mod 8` when it is
/// framed as a message (notes §1).
struct FlatbufferBuilder {
    /// A table to be written: scalars and references, each at a vtable slot.
    struct Table {
        /// One present field. Absent fields are simply not added.
        fileprivate struct Entry {
            let slot: Int
            let value: Value
        }

        fileprivate enum Value {
            /// Up to 8 bytes, little-endian, stored inline.
            case scalar(bits: UInt64, size: Int)
            /// A uoffset to an object stored after the table.
            case child(Child)

            var size: Int {
                switch self {
                case .scalar(_, let size): size
                case .child: 4
                }
            }
        }

        fileprivate var entries: [Entry] = []

        init() {}

        /// Adds an integer (or enum value) field, stored with `T`'s width.
        mutating func add<T: FixedWidthInteger>(_ slot: Int, _ value: T) {
            let bits = UInt64(truncatingIfNeeded: value) & (T.bitWidth == 64 ? ~0 : (1 << T.bitWidth) - 1)
            entries.append(Entry(slot: slot, value: .scalar(bits: bits, size: MemoryLayout<T>.size)))
        }

        /// Adds a bool field (one byte, 0 or 1).
        mutating func add(_ slot: Int, bool: Bool) {
            add(slot, UInt8(bool ? 1 : 0))
        }

        /// Adds a reference field: a string, vector or sub-table.
        mutating func add(_ slot: Int, _ child: Child) {
            entries.append(Entry(slot: slot, value: .child(child)))
        }

        /// Adds a string field.
        mutating func add(_ slot: Int, string: String) {
            add(slot, .string(string))
        }

        /// Adds a sub-table field.
        mutating func add(_ slot: Int, table: Table) {
            add(slot, .table(table))
        }
    }

    /// An object stored outside a table and reached through a uoffset.
    indirect enum Child {
        case table(Table)
        /// UTF-8 bytes with a NUL after them (not counted in the length).
        case string(String)
        /// A vector of uoffsets, one per table.
        case tables([Table])
        /// A vector of structs already laid out (little-endian) back to back;
        /// `count` structs of `bytes.count / count` bytes each. The first
        /// element lands on a multiple of 8.
        case structs(bytes: [UInt8], count: Int)
        /// A vector of i64 scalars, the first at a multiple of 8.
        case int64s([Int64])
    }

    private(set) var bytes: [UInt8] = []

    /// The finished flatbuffer for `root`: root uoffset, objects, zero padding
    /// to a multiple of 8.
    static func finish(root: Table) -> [UInt8] {
        var builder = FlatbufferBuilder()
        builder.bytes.reserveCapacity(256)
        builder.appendZeros(4)  // the root uoffset, patched below
        let rootPosition = builder.write(root)
        builder.store(UInt32(rootPosition), at: 0)
        builder.pad(toMultipleOf: 8)
        return builder.bytes
    }

    // MARK: - Tables

    /// Writes vtable + table + the table's children; returns the table's position.
    private mutating func write(_ table: Table) -> Int {
        let layout = Self.inlineLayout(of: table)
        let slotCount = (table.entries.map(\.slot).max() ?? -1) + 1
        let vtableSize = 4 + 2 * slotCount

        // The vtable ends exactly where the table begins, and the table begins
        // at a multiple of 8 so its i64 fields are 8-aligned (notes §3.3 step 2).
        pad(toMultipleOf: 2)
        while (bytes.count + vtableSize) % 8 != 0 { appendZeros(2) }
        let vtableStart = bytes.count
        append(UInt16(vtableSize))
        append(UInt16(layout.inlineSize))
        var slotOffsets = [UInt16](repeating: 0, count: slotCount)
        for (entry, offset) in zip(table.entries, layout.offsets) { slotOffsets[entry.slot] = UInt16(offset) }
        for offset in slotOffsets { append(offset) }

        let tableStart = bytes.count
        appendZeros(layout.inlineSize)
        store(Int32(tableStart - vtableStart), at: tableStart)  // soffset: table minus vtable
        var references: [(slot: Int, at: Int, child: Child)] = []
        for (entry, offset) in zip(table.entries, layout.offsets) {
            switch entry.value {
            case .scalar(let bits, let size): storeBits(bits, size: size, at: tableStart + offset)
            case .child(let child): references.append((entry.slot, tableStart + offset, child))
            }
        }
        // Children follow the table in slot order; every uoffset points forward.
        for reference in references.sorted(by: { $0.slot < $1.slot }) {
            link(from: reference.at, to: write(reference.child))
        }
        return tableStart
    }

    /// Where each entry goes inside the table: the soffset takes bytes 0..<4,
    /// then fields by decreasing size, each at the first free multiple of its
    /// size (so a 4-byte field can fill the gap before an 8-byte one).
    struct InlineLayout {
        /// Byte offset from the table start, per entry (in entry order).
        var offsets: [Int]
        /// The table's inline extent, soffset included.
        var inlineSize: Int
    }

    static func inlineLayout(of table: Table) -> InlineLayout {
        let order = table.entries.indices.sorted {
            let (a, b) = (table.entries[$0], table.entries[$1])
            return a.value.size != b.value.size ? a.value.size > b.value.size : a.slot < b.slot
        }
        var used = [Bool](repeating: true, count: 4)  // the soffset
        var offsets = [Int](repeating: 0, count: table.entries.count)
        for index in order {
            let size = table.entries[index].value.size
            var position = 4
            while true {
                position = (position + size - 1) / size * size
                let end = position + size
                if end > used.count { used += [Bool](repeating: false, count: end - used.count) }
                if !used[position..<end].contains(true) { break }
                position += 1
            }
            for i in position..<(position + size) { used[i] = true }
            offsets[index] = position
        }
        return InlineLayout(offsets: offsets, inlineSize: used.count)
    }

    // MARK: - Children

    /// Writes a string, vector or table; returns the position its uoffset targets.
    private mutating func write(_ child: Child) -> Int {
        switch child {
        case .table(let table):
            return write(table)
        case .string(let string):
            pad(toMultipleOf: 4)
            let start = bytes.count
            let utf8 = Array(string.utf8)
            append(UInt32(utf8.count))
            bytes += utf8
            bytes.append(0)  // NUL, required by pyarrow's verifier (notes §3.1)
            return start
        case .tables(let tables):
            pad(toMultipleOf: 4)
            let start = bytes.count
            append(UInt32(tables.count))
            let firstSlot = bytes.count
            appendZeros(4 * tables.count)
            for (i, table) in tables.enumerated() {
                link(from: firstSlot + 4 * i, to: write(table))
            }
            return start
        case .structs(let structBytes, let count):
            precondition(count == 0 ? structBytes.isEmpty : structBytes.count % count == 0,
                         "\(structBytes.count) bytes do not make \(count) equal structs")
            let start = startEightAlignedVector(count: count)
            bytes += structBytes
            return start
        case .int64s(let values):
            let start = startEightAlignedVector(count: values.count)
            for value in values { append(UInt64(bitPattern: value)) }
            return start
        }
    }

    /// Writes a vector's length word at 4 mod 8, so the elements start at a
    /// multiple of 8 (as every FlatBuffers builder does; notes §3.1).
    private mutating func startEightAlignedVector(count: Int) -> Int {
        pad(toMultipleOf: 4)
        if bytes.count % 8 == 0 { appendZeros(4) }
        let start = bytes.count
        append(UInt32(count))
        return start
    }

    // MARK: - Bytes

    private mutating func appendZeros(_ n: Int) {
        bytes.append(contentsOf: repeatElement(0, count: n))
    }

    private mutating func pad(toMultipleOf n: Int) {
        let remainder = bytes.count % n
        if remainder != 0 { appendZeros(n - remainder) }
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func store<T: FixedWidthInteger>(_ value: T, at position: Int) {
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: position, as: T.self) }
    }

    private mutating func storeBits(_ bits: UInt64, size: Int, at position: Int) {
        for i in 0..<size { bytes[position + i] = UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i))) }
    }

    /// Patches the uoffset at `position` to reach `target` (target minus position).
    private mutating func link(from position: Int, to target: Int) {
        precondition(target > position, "a uoffset must point forward")
        store(UInt32(target - position), at: position)
    }
}
