import Testing
@testable import ArrowIPC

@Suite struct FlatbufferBuilderTests {
    @Test func emptyTableHasFourByteVtableRightBeforeIt() {
        let bytes = FlatbufferBuilder.finish(root: FlatbufferBuilder.Table())
        #expect(bytes == [
            0x08, 0, 0, 0,  // root uoffset -> table at 8
            0x04, 0, 0x04, 0,  // vtable: size 4, inline size 4
            0x04, 0, 0, 0,  // table: soffset 4 -> vtable at 4
            0, 0, 0, 0,  // padding to 16
        ])
    }

    @Test func scalarAndStringExactBytes() {
        var table = FlatbufferBuilder.Table()
        table.add(0, Int16(0x0102))
        table.add(1, string: "ab")
        let bytes = FlatbufferBuilder.finish(root: table)
        #expect(bytes == [
            0x10, 0, 0, 0,  // root uoffset -> table at 16
            0, 0, 0, 0,  // padding so the table starts at a multiple of 8
            0x08, 0, 0x0a, 0, 0x08, 0, 0x04, 0,  // vtable: size 8, inline 10, slot 0 at +8, slot 1 at +4
            0x08, 0, 0, 0,  // table: soffset 8
            0x08, 0, 0, 0,  // slot 1: uoffset 8 -> string at 28
            0x02, 0x01,  // slot 0: i16 0x0102
            0, 0,  // padding: the length word is 4-aligned
            0x02, 0, 0, 0, 0x61, 0x62, 0x00,  // "ab" and its NUL
            0, 0, 0, 0, 0,  // padding to 40
        ])
    }

    @Test func int64FieldsAreEightAlignedFromTheStart() {
        for prefixLength in 0..<8 {
            var child = FlatbufferBuilder.Table()
            child.add(0, Int8(1))
            child.add(1, Int64(-2))
            child.add(2, Int32(3))
            var root = FlatbufferBuilder.Table()
            root.add(0, string: String(repeating: "x", count: prefixLength))  // shifts what follows
            root.add(1, table: child)
            let probe = FlatbufferProbe(bytes: FlatbufferBuilder.finish(root: root))
            let table = probe.root.table(1)!
            #expect(table.field(1)! % 8 == 0)
            #expect(table.i64(1) == -2)
            #expect(table.i32(2) == 3 && table.field(2)! % 4 == 0)
            #expect(table.u8(0) == 1)
            #expect(table.position % 8 == 0)
        }
    }

    @Test func inlineFieldsFillTheGapBeforeAnInt64() {
        var table = FlatbufferBuilder.Table()
        table.add(0, Int64(5))
        table.add(1, Int32(6))
        let layout = FlatbufferBuilder.inlineLayout(of: table)
        #expect(layout.offsets == [8, 4])
        #expect(layout.inlineSize == 16)
    }

    @Test func vtableEndsWhereItsTableBegins() {
        var inner = FlatbufferBuilder.Table()
        inner.add(2, Int16(7))
        var root = FlatbufferBuilder.Table()
        root.add(0, .tables([inner, FlatbufferBuilder.Table(), inner]))
        let probe = FlatbufferProbe(bytes: FlatbufferBuilder.finish(root: root))
        for table in [probe.root] + probe.root.tables(0)! {
            #expect(table.vtable + table.vtableSize == table.position)
            #expect(table.vtable % 2 == 0 && table.position % 8 == 0)
        }
        let elements = probe.root.tables(0)!
        #expect(elements.map { $0.i16(2) } == [7, nil, 7])
        #expect(elements[0].slotCount == 3 && elements[0].field(0) == nil)
    }

    @Test func structVectorStartsOnAMultipleOfEight() {
        for prefixLength in 0..<8 {
            var root = FlatbufferBuilder.Table()
            root.add(0, string: String(repeating: "y", count: prefixLength))
            root.add(1, .structs(bytes: (0..<32).map { UInt8($0) }, count: 2))
            root.add(2, .int64s([-1, 2]))
            let probe = FlatbufferProbe(bytes: FlatbufferBuilder.finish(root: root))
            let structs = probe.root.vector(1)!
            #expect(structs.start % 8 == 0 && structs.count == 2)
            #expect(Array(probe.bytes[structs.start..<(structs.start + 32)]) == (0..<32).map { UInt8($0) })
            let longs = probe.root.vector(2)!
            #expect(longs.start % 8 == 0)
            #expect(probe.i64(at: longs.start) == -1 && probe.i64(at: longs.start + 8) == 2)
        }
    }

    @Test(arguments: 0..<10)
    func stringsEndWithNULAndTheResultIsPaddedToEight(length: Int) {
        var root = FlatbufferBuilder.Table()
        root.add(0, string: String(repeating: "é", count: length))
        let bytes = FlatbufferBuilder.finish(root: root)
        let probe = FlatbufferProbe(bytes: bytes)
        let start = probe.root.target(0)!
        #expect(start % 4 == 0)
        #expect(probe.u32(at: start) == UInt32(2 * length))
        #expect(bytes[start + 4 + 2 * length] == 0)
        #expect(probe.root.string(0) == String(repeating: "é", count: length))
        #expect(bytes.count % 8 == 0)
    }

    @Test func childrenFollowTheirTableInSlotOrder() {
        var root = FlatbufferBuilder.Table()
        root.add(3, string: "c")
        root.add(1, string: "a")
        root.add(2, .tables([]))
        let probe = FlatbufferProbe(bytes: FlatbufferBuilder.finish(root: root))
        let a = probe.root.target(1)!, empty = probe.root.target(2)!, c = probe.root.target(3)!
        #expect(probe.root.position < a && a < empty && empty < c)
        #expect(probe.u32(at: empty) == 0)
    }
}
