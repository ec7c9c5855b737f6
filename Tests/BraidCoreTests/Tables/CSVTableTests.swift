import ArrowIPC
import Testing
@testable import BraidCore

@Suite struct CSVTableTests {
    func read(_ text: String, schema: String? = nil) throws -> ArrowTable {
        try read(Array(text.utf8), schema: schema)
    }

    func read(_ bytes: [UInt8], schema: String? = nil) throws -> ArrowTable {
        try CSVTable.read(bytes, schema: schema.map { try CSVTable.parseSchema($0) }, source: "data.csv")
    }

    /// The error message reading `text` gives.
    func failure(_ text: String, schema: String? = nil) -> String? {
        failure(Array(text.utf8), schema: schema)
    }

    func failure(_ bytes: [UInt8], schema: String? = nil) -> String? {
        do {
            _ = try read(bytes, schema: schema)
            return nil
        } catch {
            return "\(error)"
        }
    }

    func schemaFailure(_ text: String) -> String? {
        do {
            _ = try CSVTable.parseSchema(text)
            return nil
        } catch {
            return error.description
        }
    }

    /// Each column's values, over all batches.
    func columns(_ table: ArrowTable) -> [[Value]] {
        table.schema.fields.indices.map { c in table.batches.flatMap { $0.columns[c].values } }
    }

    func types(_ table: ArrowTable) -> [DataType] {
        table.schema.fields.map(\.type)
    }

    // MARK: - Inference

    @Test func infersEachTypeWithNulls() throws {
        let table = try read("i,f,b,s\n1,1.5,true,x\n-2,1e3,FALSE,2\n,,,\n")
        #expect(table.schema.fields.map(\.name) == ["i", "f", "b", "s"])
        #expect(types(table) == [.int64, .float64, .bool, .utf8])
        #expect(table.schema.fields.allSatisfy { $0.isNullable })
        #expect(table.rowCount == 3)
        #expect(columns(table) == [
            [.int(1), .int(-2), .null],
            [.double(1.5), .double(1000), .null],
            [.bool(true), .bool(false), .null],
            [.string("x"), .string("2"), .null],
        ])
    }

    @Test func int64Limits() throws {
        let table = try read("n\n9223372036854775807\n-9223372036854775808\n+5\n007\n")
        #expect(types(table) == [.int64])
        #expect(columns(table) == [[.int(.max), .int(.min), .int(5), .int(7)]])
        // One past Int64.max is still a number.
        let wider = try read("n\n9223372036854775808\n1\n")
        #expect(types(wider) == [.float64])
        #expect(columns(wider) == [[.double(9223372036854775808), .double(1)]])
    }

    @Test func floatSpellings() throws {
        let table = try read("x\n-0.5\n.5\n5.\n+2\n1E-3\n2.5e+2\nNaN\ninf\n-Infinity\nnan\n0.1\n")
        #expect(types(table) == [.float64])
        #expect(columns(table) == [[.double(-0.5), .double(0.5), .double(5), .double(2), .double(0.001), .double(250),
                                    .double(.nan), .double(.infinity), .double(-.infinity), .double(.nan), .double(0.1)]])
    }

    @Test func floatsNeedingTheSlowPathAreExact() throws {
        let texts = ["3.141592653589793238462643", "1e300", "-2.2250738585072014e-308", "4.9e-324", "123456789012345678901",
                     "9007199254740993", "0.30000000000000004", "1e400", "0e999"]
        let table = try read("x\n" + texts.joined(separator: "\n") + "\n")
        #expect(types(table) == [.float64])
        #expect(columns(table) == [texts.map { .double(Double($0)!) }])
    }

    @Test(arguments: ["1.2.3", "1e", "e5", " 1", "1 ", "0x10", "-", ".", "nanx", "in", "1_000", "١"])
    func notNumbersAreUtf8(_ text: String) throws {
        let table = try read("x\n1\n\(text)\n")
        #expect(types(table) == [.utf8])
        #expect(columns(table) == [[.string("1"), .string(text)]])
    }

    @Test func boolSpellings() throws {
        let table = try read("b\ntrue\nTRUE\nTrue\nfalse\nFALSE\nFalse\n")
        #expect(types(table) == [.bool])
        #expect(columns(table) == [[.bool(true), .bool(true), .bool(true), .bool(false), .bool(false), .bool(false)]])
        #expect(try types(read("b\ntrue\nyes\n")) == [.utf8])
        #expect(try types(read("b\ntrue\n1\n")) == [.utf8])
        #expect(try types(read("b\n0\ntrue\n")) == [.utf8])
        #expect(try types(read("b\ntRUE\n")) == [.utf8])
    }

    @Test func integersAndFloatsTogetherAreFloats() throws {
        let table = try read("x\n1\n2.5\n-3\n")
        #expect(types(table) == [.float64])
        #expect(columns(table) == [[.double(1), .double(2.5), .double(-3)]])
    }

    @Test func anAllEmptyColumnIsUtf8AndNull() throws {
        let table = try read("a,b\n1,\n2,\n")
        #expect(types(table) == [.int64, .utf8])
        #expect(columns(table)[1] == [.null, .null])
    }

    @Test func aQuotedEmptyFieldIsTheEmptyStringOnlyInUtf8() throws {
        let table = try read("a,s,b\n\"\",\"\",\"\"\n1,,true\n")
        #expect(types(table) == [.int64, .utf8, .bool])
        #expect(columns(table) == [[.null, .int(1)], [.string(""), .null], [.null, .bool(true)]])
    }

    @Test func quotedValuesConvertLikeUnquotedOnes() throws {
        let table = try read("a,b,c\n\"12\",\"true\",\"1.5\"\n")
        #expect(types(table) == [.int64, .bool, .float64])
        #expect(columns(table) == [[.int(12)], [.bool(true)], [.double(1.5)]])
    }

    @Test func aValueWithAnEscapedQuoteIsUtf8() throws {
        let table = try read("a\n1\n\"2\"\"\"\n")
        #expect(types(table) == [.utf8])
        #expect(columns(table) == [[.string("1"), .string("2\"")]])
    }

    // MARK: - Quoting and line ends

    @Test func quotedFieldsHoldCommasLineEndsAndQuotes() throws {
        let table = try read("name,note\n\"Smith, J\",\"line 1\nline 2\"\n\"say \"\"hi\"\"\",\"\"\"\"\nplain,it's 5'11\"\n")
        #expect(columns(table) == [
            [.string("Smith, J"), .string("say \"hi\""), .string("plain")],
            [.string("line 1\nline 2"), .string("\""), .string("it's 5'11\"")],
        ])
    }

    @Test func crlfLineEndsAndAByteOrderMark() throws {
        let table = try read([0xEF, 0xBB, 0xBF] + Array("id,name\r\n1,\"a\r\nb\"\r\n2,c\r\n3,\"d\"\r\n".utf8))
        #expect(table.schema.fields.map(\.name) == ["id", "name"])
        #expect(columns(table) == [[.int(1), .int(2), .int(3)], [.string("a\r\nb"), .string("c"), .string("d")]])
    }

    @Test func aLoneCarriageReturnIsData() throws {
        let table = try read("a,b\nx\ry,1\n")
        #expect(columns(table) == [[.string("x\ry")], [.int(1)]])
    }

    @Test func theFinalLineEndIsOptionalAndTrailingBlankLinesAreIgnored() throws {
        for text in ["a,b\n1,x", "a,b\n1,x\n", "a,b\r\n1,x\r\n", "a,b\n1,x\n\n\r\n\n", "a,b\n1,\"x\"", "a,b\n1,\"x\"\r\n", "a,b\n1,x\r"] {
            let table = try read(text)
            #expect(columns(table) == [[.int(1)], [.string("x")]], "\(text.debugDescription)")
        }
    }

    @Test func aBlankLineInASingleColumnFileIsANull() throws {
        let table = try read("a\n1\n\n2\n")
        #expect(columns(table) == [[.int(1), .null, .int(2)]])
    }

    @Test func aTrailingCommaIsAnEmptyLastField() throws {
        #expect(try columns(read("a,b\n1,\n")) == [[.int(1)], [.null]])
        #expect(try columns(read("a,b\n1,")) == [[.int(1)], [.null]])
    }

    @Test func aQuotedHeaderName() throws {
        let table = try read("\"id, first\",\"say \"\"x\"\"\"\n1,2\n")
        #expect(table.schema.fields.map(\.name) == ["id, first", "say \"x\""])
    }

    @Test func utf8TextIsKept() throws {
        let table = try read("ville,prix\nZürich,1\n東京,2\n😀,3\n")
        #expect(columns(table)[0] == [.string("Zürich"), .string("東京"), .string("😀")])
    }

    // MARK: - Header only

    @Test func aHeaderOnlyGivesZeroRowsOfUtf8() throws {
        for text in ["a,b\n", "a,b"] {
            let table = try read(text)
            #expect(table.rowCount == 0)
            #expect(table.batches.count == 1)
            #expect(types(table) == [.utf8, .utf8])
        }
    }

    @Test func aHeaderOnlyWithASchemaHasTheSchemasTypes() throws {
        let table = try read("a,b,c,d\n", schema: "a:int64,b:float64,c:bool,d:utf8")
        #expect(table.rowCount == 0)
        #expect(types(table) == [.int64, .float64, .bool, .utf8])
    }

    // MARK: - With a schema

    @Test func aSchemaGivesTheTypes() throws {
        let table = try read("id,price,day,ok\n1,2.5,mon,true\n007,3,,\n", schema: "id:int64,price:float64,day:utf8,ok:bool")
        #expect(types(table) == [.int64, .float64, .utf8, .bool])
        #expect(columns(table) == [[.int(1), .int(7)], [.double(2.5), .double(3)], [.string("mon"), .null], [.bool(true), .null]])
    }

    @Test func aSchemaCanKeepNumbersAsText() throws {
        let table = try read("zip\n00501\n\"\"\n", schema: "zip:string")
        #expect(columns(table) == [[.string("00501"), .string("")]])
    }

    @Test func aValueThatDoesNotConvertIsNamed() {
        let schema = "id:int64,price:float64,ok:bool"
        #expect(failure("id,price,ok\n1,2.5,true\n2,abc,false\n", schema: schema)
                == "data.csv:3: column 'price': 'abc' is not a valid float64")
        #expect(failure("id,price,ok\n1.5,2.5,true\n", schema: schema) == "data.csv:2: column 'id': '1.5' is not a valid int64")
        #expect(failure("id,price,ok\n1,2.5,yes\n", schema: schema)
                == "data.csv:2: column 'ok': 'yes' is not a valid bool; use true or false")
        #expect(failure("id,price,ok\n\"1\"\"\",2.5,true\n", schema: schema) == "data.csv:2: column 'id': '1\"' is not a valid int64")
        #expect(failure("id,price,ok\n1,\"a\nb\",true\n2,x,true\n", schema: schema)
                == "data.csv:2: column 'price': 'a\nb' is not a valid float64")
        #expect(failure("id,price,ok\n1,\"a\nb\",true\n", schema: "id:int64,price:utf8,ok:bool") == nil)
        #expect(failure("id,price,ok\n1,\"a\nb\",true\nx,1,true\n", schema: "id:int64,price:utf8,ok:bool")
                == "data.csv:4: column 'id': 'x' is not a valid int64")
        let long = String(repeating: "z", count: 50)
        #expect(failure("id,price,ok\n\(long),1,true\n", schema: schema)
                == "data.csv:2: column 'id': '\(String(repeating: "z", count: 40))…' is not a valid int64")
    }

    @Test func theErrorCarriesItsParts() throws {
        let error = #expect(throws: CSVError.self) {
            try read("id\n1\nx\n", schema: "id:int64")
        }
        #expect(error == CSVError(source: "data.csv", line: 3, column: "id", message: "'x' is not a valid int64"))
    }

    @Test func theHeaderMustMatchTheSchema() {
        #expect(failure("id,price\n", schema: "id:int64,price:float64,day:utf8")
                == "data.csv:1: the header has 2 columns (id, price) but the schema has 3 (id, price, day)")
        #expect(failure("id,cost\n1,2\n", schema: "id:int64,price:float64")
                == "data.csv:1: column 2 of the header is 'cost' but the schema names 'price'; the schema must name the header's columns in order")
        #expect(failure("price,id\n", schema: "id:int64,price:float64")
                == "data.csv:1: column 1 of the header is 'price' but the schema names 'id'; the schema must name the header's columns in order")
    }

    @Test func aSchemaTypeACSVCannotHold() {
        let specs = [CSVColumnSpec(name: "a", type: .int32)]
        #expect(throws: CSVError(source: "data.csv", message: "the schema gives column 'a' the type int32; a CSV column can be int64, float64, bool, utf8")) {
            try CSVTable.read(Array("a\n1\n".utf8), schema: specs, source: "data.csv")
        }
    }

    // MARK: - Malformed files

    @Test func anEmptyFile() {
        let message = "data.csv: the file is empty; a CSV needs a header row naming its columns"
        #expect(failure("") == message)
        #expect(failure([0xEF, 0xBB, 0xBF]) == message)
        #expect(failure("\n\r\n") == message)
    }

    @Test func headerNamesMustBeUniqueAndNonEmpty() {
        #expect(failure("a,,c\n1,2,3\n") == "data.csv:1: column 2 of the header has no name; every column needs one")
        #expect(failure("a,b,\"\"\n") == "data.csv:1: column 3 of the header has no name; every column needs one")
        #expect(failure("id,x,id\n1,2,3\n") == "data.csv:1: the header names 'id' twice (columns 1 and 3); column names must be unique")
    }

    @Test func raggedRowsAreRefusedNamingTheLine() {
        #expect(failure("a,b,c\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n1,2,3,4\n") == "data.csv:7: 4 fields, the header has 3")
        #expect(failure("a,b,c\n1,2\n") == "data.csv:2: 2 fields, the header has 3")
        #expect(failure("a,b\n1,2\n\n3,4\n") == "data.csv:3: 1 field, the header has 2")
        // The row after a quoted field holding a line end starts on line 4.
        #expect(failure("a,b\n\"x\ny\",1\n1,2,3\n") == "data.csv:4: 3 fields, the header has 2")
        #expect(failure("a,b\n1\n", schema: "a:int64,b:int64") == "data.csv:2: 1 field, the header has 2")
        #expect(failure("a,b\n1,2,\n", schema: "a:int64,b:int64") == "data.csv:2: 3 fields, the header has 2")
    }

    @Test func anUnterminatedQuoteNamesTheLineItStartsOn() {
        #expect(failure("a,b\n1,2\n3,\"abc\nd\ne\n") == "data.csv:3: the quoted field that starts here has no closing quote")
        #expect(failure("\"a,b\n1,2\n") == "data.csv:1: the quoted field that starts here has no closing quote")
        #expect(failure("a\n\"x\"\"") == "data.csv:2: the quoted field that starts here has no closing quote")
    }

    @Test func textAfterAClosingQuote() {
        #expect(failure("a,b\n\"x\"y,1\n")
                == "data.csv:2: field 1 has text after its closing quote; write a quote inside a quoted field as \"\"")
        #expect(failure("a,b\n1,\"x\ny\" \n")
                == "data.csv:3: field 2 has text after its closing quote; write a quote inside a quoted field as \"\"")
    }

    @Test func invalidUTF8NamesTheLine() {
        let head = Array("a,b\n1,2\n3,".utf8)
        let message = { (byte: String) in "data.csv:3: invalid UTF-8 (byte \(byte)); save the file as UTF-8" }
        #expect(failure(head + [0xFF] + Array("\n".utf8)) == message("0xFF"))
        #expect(failure(head + [0xC0, 0x80]) == message("0xC0"))        // overlong NUL
        #expect(failure(head + [0xED, 0xA0, 0x80]) == message("0xED"))  // a surrogate
        #expect(failure(head + [0xF4, 0x90, 0x80, 0x80]) == message("0xF4"))  // above U+10FFFF
        #expect(failure(head + [0xE2, 0x82]) == message("0xE2"))        // cut short
        #expect(failure(head + [0xE2, 0x82, 0x41]) == message("0xE2"))  // a bad continuation
        #expect(failure(Array("a\n\"x\ny\",".utf8) + [0x80]) == "data.csv:3: invalid UTF-8 (byte 0x80); save the file as UTF-8")
        #expect(failure(head + [0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80] + Array("\n".utf8)) == nil)
    }

    // MARK: - Schema text

    @Test func parsesASchema() throws {
        #expect(try CSVTable.parseSchema("id:int64,price:float64,day:utf8,ok:bool") == [
            CSVColumnSpec(name: "id", type: .int64), CSVColumnSpec(name: "price", type: .float64),
            CSVColumnSpec(name: "day", type: .utf8), CSVColumnSpec(name: "ok", type: .bool),
        ])
    }

    @Test func schemaTypeAliasesSpacesAndColons() throws {
        let specs = try CSVTable.parseSchema(" a : int ,b:float,c:double,d:boolean,e:str,f:string,g:INT64,h:w:Bool")
        #expect(specs.map(\.name) == ["a", "b", "c", "d", "e", "f", "g", "h:w"])
        #expect(specs.map(\.type) == [.int64, .float64, .float64, .bool, .utf8, .utf8, .int64, .bool])
    }

    @Test func schemaErrors() {
        #expect(schemaFailure("") == "the schema is empty; write name:type pairs separated by commas, e.g. 'id:int64,price:float64'")
        #expect(schemaFailure("  ") == "the schema is empty; write name:type pairs separated by commas, e.g. 'id:int64,price:float64'")
        #expect(schemaFailure("id:int64,price")
                == "schema entry 'price' has no type; write it as price:TYPE, with TYPE one of int64, float64, bool, utf8")
        #expect(schemaFailure("id:int64,,ok:bool") == "schema entry 2 is empty; remove the extra comma")
        #expect(schemaFailure("id:int64,") == "schema entry 2 is empty; remove the extra comma")
        #expect(schemaFailure(" :int64") == "schema entry ':int64' has no column name before the ':'")
        #expect(schemaFailure("id:decimal") == "schema entry 'id:decimal' has the unknown type 'decimal'; use one of int64, float64, bool, utf8")
        #expect(schemaFailure("id:") == "schema entry 'id:' has the unknown type ''; use one of int64, float64, bool, utf8")
        #expect(schemaFailure("id:int64,id:utf8") == "the schema names 'id' twice; each column can have one type")
    }

    // MARK: - Volume

    /// Rows of every type with nulls, quotes, commas and line ends, as CSV
    /// text and as the values a reader should give back.
    static func generated(rows: Int) -> (bytes: [UInt8], columns: [[Value]]) {
        var random = SeededGenerator(seed: 42)
        var text = "id,price,ok,note\n"
        var columns: [[Value]] = [[], [], [], []]
        for i in 0..<rows {
            let id = Int64(bitPattern: random.next()) >> Int64(random.next() % 64)
            let price = Double(bitPattern: random.next() >> 2) * (random.next() % 2 == 0 ? 1 : -1)
            let roll = random.next() % 10
            let note = roll == 0 ? "a \"quoted\", \nvalue \(i)" : roll == 1 ? "" : "note \(i)"
            let isNull = random.next() % 20 == 0
            text += isNull ? "," : "\(id),"
            text += roll == 2 ? "," : "\(price),"
            text += i % 7 == 0 ? "," : (i % 2 == 0 ? "true," : "False,")
            if roll == 0 {
                let escaped: String = note.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"")
                text += "\"" + escaped + "\""
            } else {
                text += roll == 1 ? "\"\"" : note
            }
            text += i % 3 == 0 ? "\r\n" : "\n"
            columns[0].append(isNull ? .null : .int(id))
            columns[1].append(roll == 2 ? .null : .double(price))
            columns[2].append(i % 7 == 0 ? .null : .bool(i % 2 == 0))
            columns[3].append(.string(note))
        }
        return (Array(text.utf8), columns)
    }

    @Test func fiftyThousandRowsRoundTrip() throws {
        let (bytes, expected) = Self.generated(rows: 50_000)
        let table = try read(bytes)
        #expect(types(table) == [.int64, .float64, .bool, .utf8])
        #expect(table.rowCount == 50_000)
        #expect(columns(table) == expected)
        let typed = try read(bytes, schema: "id:int64,price:float64,ok:bool,note:utf8")
        #expect(columns(typed) == expected)
    }

    @Test func largeInputsAreSplitIntoBatches() throws {
        let (bytes, expected) = Self.generated(rows: 2_000)
        let table = try bytes.withUnsafeBytes { buffer in
            try CSVTable.read(buffer, schema: nil, source: "data.csv", batchByteLimit: 10_000)
        }
        #expect(table.batches.count > 5)
        #expect(table.batches.allSatisfy { $0.schema == table.schema && $0.length > 0 })
        #expect(columns(table) == expected)
    }

    /// SplitMix64 (Steele, Lea and Flood), seeded, so that the generated CSV is the same every run.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
