import Foundation
import Testing

@testable import BraidCore

@Suite struct ArchiveRoundTripTests {
    /// Files with the shapes a package meets: empty, binary, nested, long and non-ASCII names.
    static let files: [(path: String, bytes: [UInt8], executable: Bool)] = [
        ("empty.txt", [], false),
        ("flow.py", Array("print('hi')\n".utf8), false),
        ("bin/run.sh", Array("#!/bin/sh\necho run\n".utf8), true),
        ("data/binary.bin", (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }, false),
        (String(repeating: "deep/", count: 30) + "long_name_past_the_ustar_limit_of_one_hundred_bytes.R", Array("x <- 1\n".utf8), false),
        ("données/café.py", Array("é = 1\n".utf8), false),
    ]

    static func tarball() throws -> [UInt8] {
        let writer = try ArchiveWriter(label: "test archive")
        for file in files {
            try file.bytes.withUnsafeBytes { try writer.addFile(path: file.path, contents: $0, isExecutable: file.executable) }
        }
        return try writer.finish()
    }

    @Test func everyFileComesBackWithItsBytesAndMode() throws {
        try withScratchDirectory { dir in
            let archive = dir + "/code.tar.gz"
            try Data(try Self.tarball()).write(to: URL(fileURLWithPath: archive))
            let entries = try ArchiveReader.entries(path: archive)
            #expect(entries.map(\.path) == Self.files.map(\.path))
            #expect(entries.map(\.size) == Self.files.map { Int64($0.bytes.count) })
            #expect(entries.map(\.isExecutable) == Self.files.map(\.executable))
            #expect(entries.allSatisfy { $0.isRegularFile })

            let written = try ArchiveReader.extract(archiveAt: archive, to: dir + "/out")
            #expect(written.count == Self.files.count)
            for file in Self.files {
                let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/out/" + file.path))
                #expect(Array(data) == file.bytes, "\(file.path)")
                let mode = try FileManager.default.attributesOfItem(atPath: dir + "/out/" + file.path)[.posixPermissions] as? Int
                #expect((mode ?? 0) & 0o100 == (file.executable ? 0o100 : 0), "\(file.path)")
            }
            #expect(try ArchiveReader.contents(of: "flow.py", inArchiveAt: archive) == Self.files[1].bytes)
            #expect(try ArchiveReader.contents(of: "missing.py", inArchiveAt: archive) == nil)
        }
    }

    @Test func sameFilesGiveSameBytes() throws {
        let first = try Self.tarball()
        Thread.sleep(forTimeInterval: 1.1)  // a time in any header would now differ
        let second = try Self.tarball()
        #expect(first == second)
        #expect(first.starts(with: [0x1f, 0x8b]))  // gzip
    }

    @Test func gnuTarReadsIt() throws {
        try withScratchDirectory { dir in
            let archive = dir + "/code.tar.gz"
            try Data(try Self.tarball()).write(to: URL(fileURLWithPath: archive))
            let tar = Process()
            tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
            tar.arguments = ["-tzf", archive]
            let pipe = Pipe()
            tar.standardOutput = pipe
            try tar.run()
            let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            tar.waitUntilExit()
            #expect(tar.terminationStatus == 0)
            #expect(listing.split(separator: "\n").map(String.init) == Self.files.map(\.path))
        }
    }

    @Test func extractionNeverOverwrites() throws {
        try withScratchDirectory { dir in
            let archive = dir + "/code.tar.gz"
            try Data(try Self.tarball()).write(to: URL(fileURLWithPath: archive))
            try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
            try Data("mine".utf8).write(to: URL(fileURLWithPath: dir + "/out/flow.py"))
            let error = #expect(throws: ArchiveError.self) { try ArchiveReader.extract(archiveAt: archive, to: dir + "/out") }
            #expect(error?.description == "cannot create \(dir)/out/flow.py (\(archive)): it already exists; extract into an empty directory")
            #expect(try String(contentsOfFile: dir + "/out/flow.py", encoding: .utf8) == "mine")
        }
    }

    @Test func refusesPathsThatLeaveTheDirectory() throws {
        try withScratchDirectory { dir in
            let writer = try ArchiveWriter(label: "hostile")
            try [UInt8]("x".utf8).withUnsafeBytes { try writer.addFile(path: "../escape.py", contents: $0, isExecutable: false) }
            let archive = dir + "/hostile.tar.gz"
            try Data(try writer.finish()).write(to: URL(fileURLWithPath: archive))
            let error = #expect(throws: ArchiveError.self) { try ArchiveReader.extract(archiveAt: archive, to: dir + "/out") }
            #expect(error?.reason == "its path leaves the extraction directory (..)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/escape.py"))
        }
    }

    @Test func truncatedArchiveIsAnErrorNamingIt() throws {
        try withScratchDirectory { dir in
            // Incompressible contents, so cutting the gzip stream in half cuts the file's data.
            var generator = SystemRandomNumberGenerator()
            let noise = (0..<50_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let writer = try ArchiveWriter(label: "noise")
            try noise.withUnsafeBytes { try writer.addFile(path: "noise.bin", contents: $0, isExecutable: false) }
            let bytes = try writer.finish()
            let archive = dir + "/cut.tar.gz"
            try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: archive))
            let error = #expect(throws: ArchiveError.self) { try ArchiveReader.extract(archiveAt: archive, to: dir + "/out") }
            // libarchive reads ahead 64 KiB, so this cut shows when the archive is opened.
            #expect(error?.description == "cannot open the archive (\(archive)): truncated gzip input")
            #expect(error?.code != nil)
        }
    }

    @Test func notAnArchiveIsAnErrorNamingIt() throws {
        try withScratchDirectory { dir in
            let path = dir + "/notes.txt"
            try Data("just text, not a tar file\n".utf8).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: ArchiveError.self) { try ArchiveReader.entries(path: path) }
            #expect(error?.description.hasPrefix("cannot open the archive (\(path)): ") == true, "\(String(describing: error))")
        }
    }
}
