/// A minimal front-to-back flatbuffer writer for tests, in the manner of the
/// notes §3.3 (vtable, then the table, then its children), for messages that
/// no reference file contains. Each table is a list of slots; nil = absent.
indirect enum TestFB {
    case u8(UInt8), i8(Int8), i16(Int16), i32(Int32), i64(Int64)
    case string(String)
    case table([TestFB?])
    case tables([[TestFB?]])
    /// A vector of structs: raw little-endian bytes and the element count.
    case structs([UInt8], count: Int)

    var inlineSize: Int {
        switch self {
        case .u8, .i8: 1
        case .i16: 2
        case .i32: 4
        case .i64: 8
        default: 4  // a uoffset
        }
    }
}

struct TestFlatbufferWriter {
    private(set) var bytes: [UInt8] = [0, 0, 0, 0]

    /// The flatbuffer for `root`, padded to a multiple of 8.
    static func build(_ root: [TestFB?]) -> [UInt8] {
        var writer = TestFlatbufferWriter()
        let table = writer.table(root)
        writer.patchUOffset(at: 0, to: table)
        while writer.bytes.count % 8 != 0 { writer.bytes.append(0) }
        return writer.bytes
    }

    /// An encapsulated message: marker, length, flatbuffer (padded), body.
    static func message(_ root: [TestFB?], body: [UInt8] = []) -> [UInt8] {
        let flatbuffer = build(root)
        return [0xFF, 0xFF, 0xFF, 0xFF] + le(Int32(flatbuffer.count)) + flatbuffer + body
    }

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    private mutating func pad(to alignment: Int, extra: Int = 0) {
        while (bytes.count + extra) % alignment != 0 { bytes.append(0) }
    }

    private mutating func put<T: FixedWidthInteger>(_ value: T) {
        bytes += TestFlatbufferWriter.le(value)
    }

    private mutating func patch<T: FixedWidthInteger>(_ value: T, at position: Int) {
        bytes.replaceSubrange(position..<(position + MemoryLayout<T>.size), with: TestFlatbufferWriter.le(value))
    }

    private mutating func patchUOffset(at position: Int, to target: Int) {
        patch(UInt32(target - position), at: position)
    }

    private mutating func table(_ slots: [TestFB?]) -> Int {
        let present = slots.enumerated().compactMap { slot, value in value.map { (slot, $0) } }
            .sorted { $0.1.inlineSize > $1.1.inlineSize }
        var positions: [Int: Int] = [:]
        var size = 4
        for (slot, value) in present {
            size += (value.inlineSize - size % value.inlineSize) % value.inlineSize
            positions[slot] = size
            size += value.inlineSize
        }
        let slotCount = (present.map(\.0).max() ?? -1) + 1
        let vtableSize = 4 + 2 * slotCount
        pad(to: 8, extra: vtableSize)
        let vtable = bytes.count
        put(UInt16(vtableSize))
        put(UInt16(size))
        for slot in 0..<slotCount { put(UInt16(positions[slot] ?? 0)) }
        let start = bytes.count
        bytes += [UInt8](repeating: 0, count: size)
        patch(Int32(start - vtable), at: start)
        var children: [(Int, TestFB)] = []
        for (slot, value) in present {
            let at = start + positions[slot]!
            switch value {
            case .u8(let v): patch(v, at: at)
            case .i8(let v): patch(v, at: at)
            case .i16(let v): patch(v, at: at)
            case .i32(let v): patch(v, at: at)
            case .i64(let v): patch(v, at: at)
            default: children.append((at, value))
            }
        }
        for (at, value) in children { patchUOffset(at: at, to: child(value)) }
        return start
    }

    private mutating func child(_ value: TestFB) -> Int {
        switch value {
        case .string(let s):
            pad(to: 4)
            let start = bytes.count
            put(UInt32(s.utf8.count))
            bytes += Array(s.utf8) + [0]
            return start
        case .table(let slots):
            return table(slots)
        case .tables(let tables):
            pad(to: 4)
            let start = bytes.count
            put(UInt32(tables.count))
            let slots = tables.indices.map { _ in
                let at = bytes.count
                put(UInt32(0))
                return at
            }
            for (at, slots) in zip(slots, tables) { patchUOffset(at: at, to: table(slots)) }
            return start
        case .structs(let raw, let count):
            pad(to: 8, extra: 4)
            let start = bytes.count
            put(UInt32(count))
            bytes += raw
            return start
        default:
            preconditionFailure("\(value) is stored inline")
        }
    }
}

/// Arrow tables as `TestFB` slot lists (slots: notes §3.4).
enum TestArrow {
    static func message(header type: UInt8, _ header: [TestFB?], bodyLength: Int64 = 0, version: Int16 = 4) -> [TestFB?] {
        [.i16(version), .u8(type), .table(header), bodyLength == 0 ? nil : .i64(bodyLength)]
    }

    static func schema(_ fields: [[TestFB?]], endianness: Int16? = nil) -> [TestFB?] {
        [endianness.map { .i16($0) }, .tables(fields)]
    }

    static func field(_ name: String, typeTag: UInt8, type: [TestFB?], children: [[TestFB?]] = []) -> [TestFB?] {
        [.string(name), .u8(1), .u8(typeTag), .table(type), nil, .tables(children)]
    }

    static let int32Type: [TestFB?] = [.i32(32), .u8(1)]

    /// FieldNode and Buffer structs: pairs of i64.
    static func pairs(_ values: [(Int64, Int64)]) -> TestFB {
        .structs(values.flatMap { TestFlatbufferWriter.le($0.0) + TestFlatbufferWriter.le($0.1) }, count: values.count)
    }

    static func recordBatch(length: Int64, nodes: [(Int64, Int64)], buffers: [(Int64, Int64)]) -> [TestFB?] {
        [.i64(length), pairs(nodes), pairs(buffers)]
    }

    /// A stream of one int32 column "x" with the given batches' messages after the schema.
    static func int32Stream(_ messages: [[UInt8]]) -> [UInt8] {
        let schemaMessage = TestFlatbufferWriter.message(
            message(header: 1, schema([field("x", typeTag: 2, type: int32Type)])))
        return schemaMessage + messages.flatMap { $0 } + [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
    }
}

/// The little-endian bytes of `value`.
func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { TestFlatbufferWriter.le(value) }
