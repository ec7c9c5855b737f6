import Foundation
import Testing
@testable import BraidCore

extension StoreTests {
    @Suite struct ObjectStoreTests {
        private func spool(_ data: Data, _ layout: StoreLayout, name: String) throws -> String {
            let path = layout.spoolDirectory + "/" + name
            try data.write(to: URL(fileURLWithPath: path))
            return path
        }

        @Test func ingestsIntoTheHashNamedPathAndDedupes() throws {
            try withScratchDirectory { dir in
                let layout = StoreLayout(root: dir)
                try layout.createDirectories()
                let objects = ObjectStore(layout: layout)
                let bytes = arrowFileBytes()
                let expected = bytes.withUnsafeBytes { SHA256.hash($0).hex }

                let first = try objects.ingest(spoolFile: try spool(bytes, layout, name: "a.arrow"))
                #expect(first.hash == expected && first.size == Int64(bytes.count))
                #expect(objects.path(of: expected) == "\(dir)/objects/\(expected.prefix(2))/\(expected).arrow")
                #expect(objects.contains(expected))
                #expect(try Data(contentsOf: URL(fileURLWithPath: objects.path(of: expected))) == bytes)
                let mode = try FileManager.default.attributesOfItem(atPath: objects.path(of: expected))[.posixPermissions] as? Int
                #expect(mode == 0o444)

                // The same bytes again: same object, the spool file is removed, one file stored.
                let second = try objects.ingest(spoolFile: try spool(bytes, layout, name: "b.arrow"))
                #expect(second.hash == first.hash)
                #expect(try FileManager.default.contentsOfDirectory(atPath: layout.spoolDirectory).isEmpty)
                #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/objects/\(expected.prefix(2))") == ["\(expected).arrow"])

                // Different bytes: a different object.
                let other = try objects.ingest(spoolFile: try spool(arrowFileBytes(body: "other"), layout, name: "c.arrow"))
                #expect(other.hash != first.hash && objects.contains(other.hash))
            }
        }

        @Test func concurrentIngestsOfTheSameBytesStoreOneObject() throws {
            try withScratchDirectory { dir in
                let layout = StoreLayout(root: dir)
                try layout.createDirectories()
                let bytes = arrowFileBytes(body: String(repeating: "same", count: 10_000))
                let paths = try (0..<8).map { try spool(bytes, layout, name: "\($0).arrow") }
                let hashes = Hashes()
                DispatchQueue.concurrentPerform(iterations: paths.count) { index in
                    hashes.add(Result { try ObjectStore(layout: layout).ingest(spoolFile: paths[index]).hash })
                }
                let results = try hashes.all.map { try $0.get() }
                #expect(Set(results).count == 1)
                let hash = try #require(results.first)
                #expect(try FileManager.default.contentsOfDirectory(atPath: layout.spoolDirectory).isEmpty)
                #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/objects/\(hash.prefix(2))") == ["\(hash).arrow"])
                #expect(try Data(contentsOf: URL(fileURLWithPath: layout.objectPath(hash))) == bytes)
            }
        }

        @Test func refusesAFileThatIsNotArrowAndKeepsIt() throws {
            try withScratchDirectory { dir in
                let layout = StoreLayout(root: dir)
                try layout.createDirectories()
                let path = try spool(Data("name,value\nx,1\ny,2\nz,3\n".utf8), layout, name: "bad.arrow")
                let error = #expect(throws: StoreError.self) { try ObjectStore(layout: layout).ingest(spoolFile: path) }
                #expect(error?.description == "\(path) is not a valid artifact file: it does not start with the Arrow file magic ARROW1")
                #expect(FileManager.default.fileExists(atPath: path))
            }
        }

        @Test func aMissingSpoolFileIsNamed() throws {
            try withScratchDirectory { dir in
                let layout = StoreLayout(root: dir)
                let error = #expect(throws: StoreError.self) { try ObjectStore(layout: layout).ingest(spoolFile: dir + "/gone.arrow") }
                #expect(error?.code == .notFound)
                #expect(error?.description == "cannot open \(dir)/gone.arrow: no such file or directory (ENOENT)")
            }
        }

        @Test func containsOnlyWellFormedHashes() throws {
            let objects = ObjectStore(layout: StoreLayout(root: "/nonexistent"))
            #expect(!objects.contains("../../etc/passwd"))
            #expect(!objects.contains(String(repeating: "A", count: 64)))
            #expect(ObjectStore.isHash(String(repeating: "0f", count: 32)))
        }

        @Test func hashesAFile() throws {
            try withScratchDirectory { dir in
                try Data("abc".utf8).write(to: URL(fileURLWithPath: dir + "/abc"))
                #expect(try ObjectStore.hash(fileAt: dir + "/abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
                try Data().write(to: URL(fileURLWithPath: dir + "/empty"))
                #expect(try ObjectStore.hash(fileAt: dir + "/empty") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            }
        }
    }
}

/// Results gathered from several threads.
private final class Hashes: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<String, any Error>] = []

    func add(_ result: Result<String, any Error>) {
        lock.withLock { results.append(result) }
    }

    var all: [Result<String, any Error>] { lock.withLock { results } }
}
