import ArrowIPC
import Foundation

/// What the store learns from an artifact file before accepting it.
public struct ArtifactHeader: Sendable, Equatable {
    /// The file's size in bytes.
    public var size: Int64
    /// The schema's `braid` metadata (docs/formats.md), when it was read.
    public var metadata: ArtifactMetadata?

    /// Creates a header.
    public init(size: Int64, metadata: ArtifactMetadata?) {
        self.size = size
        self.metadata = metadata
    }
}

/// The `braid` key of an artifact's schema metadata: how to turn the table
/// back into a value (docs/formats.md, "Artifacts").
public struct ArtifactMetadata: Codable, Sendable, Equatable {
    /// The metadata format's version; this engine reads version 1.
    public var version: Int
    /// `scalar`, `vector`, `json`, `table`, `pickle` or `rds`.
    public var kind: String
    /// The language that wrote it: `python` or `r`.
    public var language: String
    /// The writing language's own type name, for display.
    public var typeName: String

    /// Creates metadata (version 1 by default).
    public init(version: Int = 1, kind: String, language: String, typeName: String) {
        self.version = version
        self.kind = kind
        self.language = language
        self.typeName = typeName
    }

    enum CodingKeys: String, CodingKey {
        case version, kind, language
        case typeName = "type_name"
    }

    /// The kinds docs/formats.md defines.
    public static let kinds: Set<String> = ["scalar", "vector", "json", "table", "pickle", "rds"]

    /// Parses and checks the JSON text of the `braid` key.
    /// - Throws: `StoreError.invalidArtifact` naming `path` and what is wrong.
    public static func parse(json: String, path: String) throws -> ArtifactMetadata {
        let metadata: ArtifactMetadata
        do {
            metadata = try JSONDecoder().decode(ArtifactMetadata.self, from: Data(json.utf8))
        } catch {
            throw StoreError.invalidArtifact(path: path, "its 'braid' schema metadata is not the JSON docs/formats.md describes (\(json.prefix(200)))")
        }
        guard metadata.version == 1 else {
            throw StoreError.invalidArtifact(path: path, "its 'braid' metadata has version \(metadata.version); this engine reads version 1")
        }
        guard kinds.contains(metadata.kind) else {
            throw StoreError.invalidArtifact(path: path, "its 'braid' metadata has kind '\(metadata.kind)', which is not one of "
                + kinds.sorted().joined(separator: ", "))
        }
        return metadata
    }
}

/// Checks that a file is a well-formed Arrow IPC file before the store takes it.
public enum ArtifactFileCheck {
    /// Checks the artifact file at `path` and returns what it says about itself.
    /// - Parameter requiresMetadata: false for a table version, which may come from any Arrow writer.
    /// - Throws: `StoreError` (`.invalidArtifact`, or `.notFound` / `.io` when it cannot be read).
    public static func check(path: String, requiresMetadata: Bool = true) throws -> ArtifactHeader {
        let size = try FileMapping(path: path).withBytes { try check($0, path: path) }.size
        // The framing is sound; now the whole structure, with the same reader
        // every later read uses (O(buffers), no column data copied).
        let reader: FileReader
        do {
            reader = try FileReader(path: path)
            _ = try reader.readAll()
        } catch {
            throw StoreError.invalidArtifact(path: path, "it is not a readable Arrow IPC file: \(error)")
        }
        if !requiresMetadata && reader.schema.metadata[key: "braid"] == nil { return ArtifactHeader(size: size, metadata: nil) }
        guard let json = reader.schema.metadata[key: "braid"] else {
            throw StoreError.invalidArtifact(path: path, "its schema has no 'braid' metadata saying what value it holds (docs/formats.md)")
        }
        return ArtifactHeader(size: size, metadata: try ArtifactMetadata.parse(json: json, path: path))
    }

    /// The Arrow IPC file format's framing: "ARROW1", padding to 8 bytes, the
    /// stream, the footer, the footer's int32 length, "ARROW1"
    /// (https://arrow.apache.org/docs/format/Columnar.html#ipc-file-format).
    static func check(_ bytes: UnsafeRawBufferPointer, path: String) throws -> ArtifactHeader {
        let magic = Array("ARROW1".utf8)
        // The smallest framing: 8 bytes of magic and padding, 4 of footer length, 6 of magic.
        guard bytes.count >= 8 + 4 + 6 else {
            throw StoreError.invalidArtifact(path: path, "it is \(bytes.count) bytes long, too short for an Arrow IPC file")
        }
        guard bytes.prefix(6).elementsEqual(magic) else {
            throw StoreError.invalidArtifact(path: path, "it does not start with the Arrow file magic ARROW1"
                + (bytes.prefix(4).elementsEqual([0xff, 0xff, 0xff, 0xff]) ? " (it looks like an Arrow IPC stream; write the file format)" : ""))
        }
        guard bytes.suffix(6).elementsEqual(magic) else {
            throw StoreError.invalidArtifact(path: path, "it does not end with the Arrow file magic ARROW1 (truncated?)")
        }
        let footerLength = Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: bytes.count - 10, as: Int32.self)))
        guard footerLength > 0, footerLength <= bytes.count - 8 - 10 else {
            throw StoreError.invalidArtifact(path: path, "its footer length \(footerLength) does not fit in its \(bytes.count) bytes")
        }
        return ArtifactHeader(size: Int64(bytes.count), metadata: nil)
    }
}
