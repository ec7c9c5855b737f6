import Foundation
import Testing
@testable import BraidCore

extension StoreTests {
    @Suite struct ArtifactFileCheckTests {
        @Test(arguments: [
            (Data(), "it is 0 bytes long, too short for an Arrow IPC file"),
            (Data("ARROW1".utf8), "it is 6 bytes long, too short for an Arrow IPC file"),
            (Data([0xff, 0xff, 0xff, 0xff]) + Data(count: 20), "it does not start with the Arrow file magic ARROW1 "
                + "(it looks like an Arrow IPC stream; write the file format)"),
            (arrowFileBytes().dropLast(3), "it does not end with the Arrow file magic ARROW1 (truncated?)"),
            (arrowFramingBytes(footer: ""), "its footer length 0 does not fit in its 32 bytes"),
        ])
        func refusesMalformedFiles(bytes: Data, reason: String) throws {
            try withScratchDirectory { dir in
                let path = dir + "/x.arrow"
                try bytes.write(to: URL(fileURLWithPath: path))
                let error = #expect(throws: StoreError.self) { try ArtifactFileCheck.check(path: path) }
                #expect(error?.description == "\(path) is not a valid artifact file: \(reason)")
                #expect(error?.code == .invalidArtifact)
            }
        }

        @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedArrowData + "/basic.arrow")))
        func acceptsARealArrowFileAndRefusesAStream() throws {
            // A valid Arrow file that does not say what value it holds is refused too.
            let error = #expect(throws: StoreError.self) { try ArtifactFileCheck.check(path: sharedArrowData + "/basic.arrow") }
            #expect(error?.description.contains("no 'braid' metadata") == true)
            #expect(throws: StoreError.self) { try ArtifactFileCheck.check(path: sharedArrowData + "/basic.arrows") }
        }

        @Test func parsesTheBraidMetadata() throws {
            let metadata = try ArtifactMetadata.parse(json: #"{"version": 1, "kind": "table", "language": "r", "type_name": "data.frame"}"#,
                                                      path: "x.arrow")
            #expect(metadata == ArtifactMetadata(kind: "table", language: "r", typeName: "data.frame"))
            let error = #expect(throws: StoreError.self) {
                try ArtifactMetadata.parse(json: #"{"version": 1, "kind": "frame", "language": "r", "type_name": "x"}"#, path: "x.arrow")
            }
            #expect(error?.description == "x.arrow is not a valid artifact file: its 'braid' metadata has kind 'frame', "
                + "which is not one of json, pickle, rds, scalar, table, vector")
        }
    }
}
