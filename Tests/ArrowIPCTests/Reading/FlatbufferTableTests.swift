import Testing
@testable import ArrowIPC

/// The checked flatbuffer view on hand-laid bytes (wire rules: notes §3.1).
@Suite struct FlatbufferTableTests {
    static func root(_ bytes: [UInt8]) throws(ArrowIPCError) -> FlatbufferTable {
        try FlatbufferTable.root(of: ByteBuffer(copying: bytes), typeName: "T")
    }

    @Test func followsAVtableThatComesAfterTheTable() throws {
        // fb+0 root → fb+4; table: soffset -8 → vtable at fb+12; i32 at table+4.
        let bytes = le(UInt32(4)) + le(Int32(-8)) + le(Int32(42)) + le(UInt16(6)) + le(UInt16(8)) + le(UInt16(4))
        let table = try Self.root(bytes)
        #expect(try table.scalar(0, "x", default: Int32(0)) == 42)
        #expect(try table.scalar(1, "y", default: Int32(-3)) == -3)  // past the short vtable: default
    }

    @Test func readsTwoTablesThatShareOneVtable() throws {
        // vtable at fb+4 (2 slots: i16 at +4, absent); tables at fb+12 and fb+20.
        let vtable = le(UInt16(8)) + le(UInt16(6)) + le(UInt16(4)) + le(UInt16(0))
        let first = le(Int32(8)) + le(Int16(7)) + [0, 0]
        let second = le(Int32(16)) + le(Int16(9)) + [0, 0]
        let bytes = le(UInt32(12)) + vtable + first + second
        let table = try Self.root(bytes)
        #expect(try table.scalar(0, "a", default: Int16(0)) == 7)
        #expect(try table.scalar(1, "b", default: Int16(5)) == 5)
        let again = try Self.root(le(UInt32(20)) + bytes[4...])
        #expect(try again.scalar(0, "a", default: Int16(0)) == 9)
    }

    static let malformed: [(String, [UInt8], String)] = [
        ("empty", [], "T root offset: 4 bytes at offset 0 lie outside the 0-byte T flatbuffer"),
        ("zero root offset", le(UInt32(0)), "T root offset: offset 0 at 0 is not a valid forward offset"),
        ("root past the end", le(UInt32(100)), "T root offset: 4 bytes at offset 100 lie outside the 4-byte T flatbuffer"),
        ("vtable before the start", le(UInt32(4)) + le(Int32(100)), "T vtable: 4 bytes at offset -96 lie outside the 8-byte T flatbuffer"),
        ("odd vtable size", le(UInt32(4)) + le(Int32(-4)) + le(UInt16(5)) + le(UInt16(4)),
         "T vtable at offset 8 declares a size of 5 bytes; it must be even and at least 4"),
        ("vtable past the end", le(UInt32(4)) + le(Int32(-4)) + le(UInt16(40)) + le(UInt16(4)),
         "T vtable: 40 bytes at offset 8 lie outside the 12-byte T flatbuffer"),
    ]

    @Test(arguments: malformed)
    func rejectsMalformedTables(_ name: String, _ bytes: [UInt8], _ message: String) {
        #expect(throws: ArrowIPCError(.invalidData, message), "\(name)") { try Self.root(bytes) }
    }

    /// A table at fb+4 (vtable at fb+12) whose slot 0 is a uoffset to `child` at fb+20.
    static func tableWithChild(_ child: [UInt8]) -> [UInt8] {
        le(UInt32(4)) + le(Int32(-8)) + le(UInt32(12)) + le(UInt16(6)) + le(UInt16(8)) + le(UInt16(4)) + [0, 0] + child
    }

    @Test func checksStringsAndVectorsAgainstTheBytes() throws {
        let longString = try Self.root(Self.tableWithChild(le(UInt32(100)) + Array("abc".utf8)))
        #expect(throws: ArrowIPCError(.invalidData, "T.s string: 100 bytes at offset 24 lie outside the 27-byte T flatbuffer")) {
            try longString.string(0, "s")
        }
        let badUTF8 = try Self.root(Self.tableWithChild(le(UInt32(2)) + [0xC3, 0x28]))
        #expect(throws: ArrowIPCError(.invalidData, "T.s: the string at offset 20 is not valid UTF-8")) {
            try badUTF8.string(0, "s")
        }
        let hugeVector = try Self.root(Self.tableWithChild(le(UInt32.max) + [0, 0, 0, 0]))
        #expect(throws: ArrowIPCError(.invalidData, "T.v: a vector of 4294967295 elements of 16 bytes at offset 20 overruns the 28-byte T flatbuffer")) {
            try hugeVector.vector(0, "v", elementSize: 16)
        }
        let noNul = try Self.root(Self.tableWithChild(le(UInt32(2)) + Array("hi".utf8)))
        #expect(try noNul.string(0, "s") == "hi")
    }

    @Test func limitsNestingDepth() throws {
        var slots: [TestFB?] = [.i32(1)]
        for _ in 0..<70 { slots = [.table(slots)] }
        var table = try FlatbufferTable.root(of: ByteBuffer(copying: TestFlatbufferWriter.build(slots)), typeName: "T")
        #expect(throws: ArrowIPCError(.invalidData, "T: tables nest deeper than 64 levels")) {
            while let next = try table.table(0, "child", type: "T") { table = next }
        }
    }

    @Test func limitsTheWorkOfSharedSubtrees() throws {
        // 40 levels; level k's vector holds two uoffsets to level k+1's table,
        // so a naive walk would visit 2^40 tables in a 1 KB buffer.
        let vtable = le(UInt16(6)) + le(UInt16(8)) + le(UInt16(4)) + [0, 0]  // at fb+4
        var bytes = le(UInt32(12)) + vtable
        let levels = 40
        for level in 0..<levels {
            let table = bytes.count  // soffset, uoffset to the vector just after
            bytes += le(Int32(table - 4)) + le(UInt32(4))
            let isLast = level == levels - 1
            bytes += le(UInt32(isLast ? 0 : 2))
            if !isLast { bytes += le(UInt32(8)) + le(UInt32(4)) }  // both → the table after this vector
        }
        func visit(_ table: FlatbufferTable) throws(ArrowIPCError) -> Int {
            guard let children = try table.vector(0, "children", elementSize: 4) else { return 1 }
            var total = 1
            for i in 0..<children.count { total += try visit(children.table(at: i, type: "T")) }
            return total
        }
        let root = try Self.root(bytes)
        #expect(throws: ArrowIPCError(.invalidData, "the T flatbuffer refers to more tables, strings and vector elements than its \(bytes.count) bytes can hold")) {
            try visit(root)
        }
    }
}
