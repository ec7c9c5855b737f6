import Testing
@testable import ArrowIPC

/// Exact error text for typical corruptions of basic.arrow / basic.arrows.
/// Byte positions come from the annotated dump in the notes §7.4.
@Suite struct CorruptionErrorTests {
    /// A change to a reference file's bytes.
    struct Corruption: CustomTestStringConvertible, Sendable {
        let name: String
        let change: @Sendable ([UInt8]) -> [UInt8]
        var testDescription: String { name }

        static func truncate(_ name: String, to count: Int) -> Corruption {
            Corruption(name: name) { Array($0.prefix(count)) }
        }

        static func patch<T: FixedWidthInteger & Sendable>(_ name: String, at offset: Int, _ value: T) -> Corruption {
            patch(name, [(offset, le(value))])
        }

        static func patch(_ name: String, _ writes: [(Int, [UInt8])]) -> Corruption {
            Corruption(name: name) { bytes in
                var bytes = bytes
                for (offset, value) in writes { bytes.replaceSubrange(offset..<(offset + value.count), with: value) }
                return bytes
            }
        }
    }

    static func readFile(_ bytes: [UInt8]) throws(ArrowIPCError) -> ArrowTable {
        let reader = try FileReader(bytes: ByteBuffer(copying: bytes))
        return ArrowTable(schema: reader.schema, batches: try reader.readAll(), format: .file)
    }

    static let fileCorruptions: [(Corruption, ArrowIPCError.Code, String)] = [
        (.truncate("truncated", to: 1000), .invalidData, "the file does not end with the magic bytes ARROW1"),
        (.truncate("tiny", to: 10), .invalidData, "the file has 10 bytes, too few for an Arrow file (magic, footer length, magic)"),
        (.patch("bad leading magic", at: 0, UInt8(ascii: "B")), .invalidData, "the file does not start with the magic bytes ARROW1"),
        (.patch("footer length too big", at: 1808, Int32(5000)), .invalidData,
         "the footer length 5000 does not fit in the file of 1818 bytes"),
        (.patch("footer length zero", at: 1808, Int32(0)), .invalidData, "the footer length 0 does not fit in the file of 1818 bytes"),
        (.patch("footer length negative", at: 1808, Int32(-1)), .invalidData, "the footer length -1 does not fit in the file of 1818 bytes"),
        (.patch("buffer outside the body", at: 0x300, Int64(4096)), .invalidData,
         "record batch 0, column 'i32' (0), buffer 1: 12 bytes at body offset 4096 lie outside the 176-byte body"),
        (.patch("negative buffer length", at: 0x308, Int64(-12)), .invalidData,
         "record batch 0, column 'i32' (0), buffer 1: -12 bytes at body offset 8 lie outside the 176-byte body"),
        (.patch("node longer than its buffer", at: 0x448, Int64(1000)), .invalidData,
         "record batch 0, column 'cat' (6): indices buffer has 12 bytes, 4000 needed for 1000 values of dictionary<values=string, indices=int32, ordered=0>"),
        (.patch("node longer than its bitmap", at: 0x3E8, Int64(1000)), .invalidData,
         "record batch 0, column 'i32' (0): validity bitmap has 1 bytes, 125 needed for 1000 values"),
        (.patch("null count above length", at: 0x3F0, Int64(4)), .invalidData,
         "record batch 0, column 'i32' (0): null count 4 is outside 0...3"),
        (.patch("batch length differs from its columns", at: 0x2E0, Int64(2)), .invalidData,
         "record batch 0, column 'i32' (0): the column has 3 rows, the record batch 2"),
        (.patch("unaligned block", at: 0x538, Int64(660)), .invalidData,
         "record batch 0: the block (offset 660, metaDataLength 448, bodyLength 176) is not aligned to 8 bytes"),
        (.patch("block past the footer", at: 0x538, Int64(1 << 40)), .invalidData,
         "record batch 0: the block (offset 1099511627776, metaDataLength 448, bodyLength 176) does not lie between the magic bytes and the footer at offset 1296"),
        (.patch("metaDataLength mismatch", at: 0x540, Int32(456)), .invalidData,
         "record batch 0: the block (offset 664, metaDataLength 456, bodyLength 176) does not match the message's metadata length 448"),
        (.patch("bodyLength mismatch", at: 0x548, Int64(184)), .invalidData,
         "record batch 0: the block (offset 664, metaDataLength 448, bodyLength 184) does not match the message's body length 176"),
        (.patch("block at a dictionary batch", [(0x538, le(Int64(464))), (0x540, le(Int32(176))), (0x548, le(Int64(24)))]), .invalidData,
         "record batch 0: the block at offset 464 holds a DictionaryBatch message, not a RecordBatch"),
        (.patch("block at the end-of-stream marker", [(0x538, le(Int64(1288))), (0x540, le(Int32(8))), (0x548, le(Int64(0)))]), .invalidData,
         "record batch 0: the block (offset 1288, metaDataLength 8, bodyLength 0) holds an end-of-stream marker, not a message"),
        (.patch("old footer version", at: 0x526, Int16(2)), .unsupported,
         "footer: Footer.version is V3; only V4 and V5 metadata is supported"),
        (.patch("old message version", at: 0x2BA, Int16(0)), .unsupported,
         "record batch 0, message at offset 664: Message.version is V1; only V4 and V5 metadata is supported"),
        (.patch("bad dictionary index", at: 0x4FC, Int32(7)), .invalidData,
         "record batch 0, column 'cat' (6): dictionary index 7 at row 1 is outside the dictionary of 2 values"),
    ]

    @Test(arguments: fileCorruptions)
    func reportsFileCorruptions(_ corruption: Corruption, _ code: ArrowIPCError.Code, _ message: String) throws {
        let bytes = corruption.change(try TestData.bytes("basic.arrow"))
        #expect(throws: ArrowIPCError.self) { try Self.readFile(bytes) }
        do {
            _ = try Self.readFile(bytes)
        } catch {
            #expect(error.description == message)
            #expect(error.code == code)
        }
    }

    static let streamCorruptions: [(Corruption, String)] = [
        (.truncate("truncated in metadata", to: 700),
         "message 2 at offset 656: the metadata length 440 overruns the 36 bytes that remain"),
        (.truncate("truncated in a body", to: 1200),
         "message 2 at offset 656: the body of 176 bytes overruns the 96 bytes that remain"),
        (.patch("metadata length too big", at: 660, Int32.max),
         "message 2 at offset 656: the metadata length 2147483647 overruns the 624 bytes that remain"),
        (.patch("root offset out of bounds", at: 664, UInt32(5000)),
         "message 2 at offset 656: Message root offset: 4 bytes at offset 5000 lie outside the 440-byte Message flatbuffer"),
    ]

    @Test(arguments: streamCorruptions)
    func reportsStreamCorruptions(_ corruption: Corruption, _ message: String) throws {
        let bytes = corruption.change(try TestData.bytes("basic.arrows"))
        #expect(throws: ArrowIPCError.self) {
            var reader = try StreamReader(bytes: ByteBuffer(copying: bytes))
            _ = try reader.readAll()
        }
        do {
            var reader = try StreamReader(bytes: ByteBuffer(copying: bytes))
            _ = try reader.readAll()
        } catch {
            #expect(error.description == message)
        }
    }

    static let unsupportedFiles: [(String, String)] = [
        ("decimal.arrow", "footer, field 'amount': the Decimal type is not supported"),
        ("map.arrow", "footer, field 'm': the Map type is not supported"),
        ("fixed_binary.arrow", "footer, field 'fb': the FixedSizeBinary type is not supported"),
    ]

    @Test(arguments: unsupportedFiles)
    func namesTheFieldOfAnUnsupportedType(_ name: String, _ message: String) {
        let path = TestData.fixturePath(name)
        #expect(throws: ArrowIPCError.self) { try ArrowTable.read(path: path) }
        do {
            _ = try ArrowTable.read(path: path)
        } catch {
            #expect(error.code == .unsupported)
            #expect(error.description == "file \(path), \(message)")
        }
    }
}
