import Testing
@testable import ArrowIPC

/// `validate()`: the data checks of pyarrow's `validate(full=True)`.
@Suite struct ValidationTests {
    static func offsets(_ values: [Int32]) -> ByteBuffer { ByteBuffer(copying: values.flatMap { le($0) }) }

    @Test(arguments: TestData.referenceFiles)
    func passesOnEveryReferenceFile(_ name: String) throws {
        for batch in try ArrowTable.read(path: TestData.path(name)).batches { try batch.validate() }
    }

    @Test func rejectsAWrongNullCount() throws {
        // 10 values, bitmap 0b11111110 0b11: one null, but the count says 2.
        let column = try Column(type: .int8, length: 10, nullCount: 2, validity: ByteBuffer(copying: [0xFE, 0x03]),
                                buffers: [ByteBuffer(copying: [UInt8](repeating: 0, count: 10))])
        #expect(throws: ArrowIPCError(.invalidData, "the null count is 2 but the validity bitmap has 1 nulls")) {
            try column.validate()
        }
    }

    @Test func ignoresBitmapBitsPastTheLength() throws {
        // Long bitmap (word-sized fast path), 70 rows, junk bits after row 69.
        var bitmap = [UInt8](repeating: 0xFF, count: 16)
        bitmap[2] = 0xEF  // row 20 null
        bitmap[8] = 0xFF  // rows 64...69 valid; the bits for 70 and 71 are junk past the length
        let column = try Column(type: .int8, length: 70, nullCount: 1, validity: ByteBuffer(copying: bitmap),
                                buffers: [ByteBuffer(copying: [UInt8](repeating: 0, count: 70))])
        try column.validate()
    }

    @Test func rejectsDecreasingOffsets() throws {
        let column = try Column(type: .binary, length: 3, nullCount: 0,
                                buffers: [Self.offsets([0, 3, 1, 4]), ByteBuffer(copying: [1, 2, 3, 4])])
        #expect(throws: ArrowIPCError(.invalidData, "offset 2 (1) is less than offset 1 (3)")) { try column.validate() }
    }

    @Test func rejectsInvalidUTF8InANonNullString() throws {
        let strings = try Column(type: .utf8, length: 3, nullCount: 0,
                                 buffers: [Self.offsets([0, 1, 1, 3]), ByteBuffer(copying: [0x61, 0xC3, 0x28])])
        #expect(throws: ArrowIPCError(.invalidData, "the string at row 2 is not valid UTF-8")) { try strings.validate() }
        // The same bytes under a null slot are not checked.
        let nullSlot = try Column(type: .utf8, length: 3, nullCount: 1, validity: ByteBuffer(copying: [0b011]),
                                  buffers: [Self.offsets([0, 1, 1, 3]), ByteBuffer(copying: [0x61, 0xC3, 0x28])])
        try nullSlot.validate()
    }

    @Test func namesTheChildAndTheColumn() throws {
        let bad = try Column(type: .utf8, length: 1, nullCount: 0,
                             buffers: [Self.offsets([0, 1]), ByteBuffer(copying: [0xFF])])
        let list = try Column.list(bad, offsets: [0, 1])
        let batch = try RecordBatch(schema: Schema([Field("words", list.type)]), columns: [list])
        #expect(throws: ArrowIPCError(.invalidData, "the string at row 0 is not valid UTF-8",
                                      context: ["child 'item'", "column 'words' (0)"])) {
            try batch.validate()
        }
    }

    static let utf8Cases: [([UInt8], Bool)] = [
        (Array("plain ascii, long enough for the word path".utf8), true),
        (Array("été 日本 😀".utf8), true),
        ([0xC0, 0x80], false),              // overlong NUL
        ([0xE0, 0x80, 0x80], false),        // overlong
        ([0xED, 0xA0, 0x80], false),        // surrogate U+D800
        ([0xF4, 0x90, 0x80, 0x80], false),  // above U+10FFFF
        ([0xF0, 0x9F, 0x98], false),        // truncated
        ([0x80], false),                    // lone continuation
        ([0xEF, 0xBF, 0xBF], true),         // U+FFFF
        ([0xF4, 0x8F, 0xBF, 0xBF], true),   // U+10FFFF
    ]

    @Test(arguments: utf8Cases)
    func validatesUTF8LikeTheStandardLibrary(_ bytes: [UInt8], _ isValid: Bool) {
        let ours = bytes.withUnsafeBytes { UTF8Validation.isValid($0) }
        #expect(ours == isValid)
        #expect(ours == (String(validating: bytes, as: UTF8.self) != nil))
    }
}
