import Testing
@testable import BraidCore

extension ProtocolTests {
    @Suite struct LineFramerTests {
        private func text(_ lines: [[UInt8]]) -> [String] { lines.map { String(decoding: $0, as: UTF8.self) } }

        @Test func splitsLinesAcrossChunks() throws {
            var framer = LineFramer(maxLineBytes: 100, overlong: .fail)
            #expect(text(try framer.lines(in: Array("ab\ncd".utf8))) == ["ab"])
            #expect(framer.hasPartialLine)
            #expect(text(try framer.lines(in: Array("e\n\nf\n".utf8))) == ["cde", "", "f"])
            #expect(framer.finish() == nil)
        }

        @Test func returnsTheUnterminatedTailAtTheEnd() throws {
            var framer = LineFramer(maxLineBytes: 100, overlong: .fail)
            _ = try framer.lines(in: Array("x\npartial".utf8))
            #expect(framer.finish() == Array("partial".utf8))
            #expect(!framer.hasPartialLine)
        }

        @Test func acceptsALineOfExactlyTheLimit() throws {
            var framer = LineFramer(maxLineBytes: 4, overlong: .fail)
            #expect(text(try framer.lines(in: Array("abcd\n".utf8))) == ["abcd"])
            _ = try framer.lines(in: Array("ab".utf8))
            #expect(text(try framer.lines(in: Array("cd\n".utf8))) == ["abcd"])
        }

        @Test func anOverlongLineIsAnErrorNamingTheLimit() throws {
            var framer = LineFramer(maxLineBytes: ProtocolVersion.maxWorkerLineBytes, overlong: .fail)
            _ = try framer.lines(in: [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20))
            let error = #expect(throws: ProtocolError.self) {
                _ = try framer.lines(in: Array("y".utf8))
            }
            #expect(error?.reason == "the line is longer than the 1 MiB limit")
            #expect(error?.line.utf8.count == 200)
            #expect(error?.line.hasSuffix("…") == true)
        }

        @Test func failsWithoutWaitingForANewline() {
            // The limit is enforced on the partial line, so garbage without newlines can't grow memory.
            var framer = LineFramer(maxLineBytes: 8, overlong: .fail)
            #expect(throws: ProtocolError.self) { _ = try framer.lines(in: Array("123456789".utf8)) }
        }

        @Test func splitsOverlongOutputLines() throws {
            var framer = LineFramer(maxLineBytes: 4, overlong: .split)
            #expect(text(try framer.lines(in: Array("abcdefghij\nxy".utf8))) == ["abcd", "efgh", "ij"])
            #expect(text(try framer.lines(in: Array("zzzz".utf8))) == ["xyzz"])
            #expect(framer.finish() == Array("zz".utf8))
        }
    }

    @Suite struct ProtocolErrorTests {
        @Test func keepsShortLinesWhole() {
            #expect(ProtocolError(line: Array("garbage".utf8), reason: "not valid JSON").line == "garbage")
        }

        @Test func cutsExcerptsOnCharacterBoundaries() {
            // 196 ASCII bytes then "é" (2 bytes) straddling the 197-byte cut.
            let bytes = [UInt8](repeating: 0x61, count: 196) + Array("éééé".utf8)
            let excerpt = ProtocolError(line: bytes, reason: "r").line
            #expect(excerpt.utf8.count <= 200)
            #expect(excerpt == String(repeating: "a", count: 196) + "…")
        }

        @Test func describesItselfWithTheReasonAndLine() {
            let error = ProtocolError(line: Array("{]".utf8), reason: "not valid JSON")
            #expect(error.description == "protocol violation: not valid JSON (line: {])")
            #expect(error.failure == .protocolViolation(line: "{]", reason: "not valid JSON"))
        }
    }
}
