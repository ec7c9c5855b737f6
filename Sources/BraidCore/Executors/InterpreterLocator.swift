import Foundation
import Glibc

/// Finds the interpreter each language's workers run with, once per run.
///
/// Order: the flow spec's `interpreters` (resolved by the client), then
/// `BRAID_PYTHON` / `BRAID_RSCRIPT`, then `PATH` (`python3`, `python`;
/// `Rscript`). A found file that is a script rather than a binary is a
/// version-manager shim (pyenv's costs ~80 ms a start in bash): the locator
/// asks it once for the real interpreter (`sys.executable`, `R.home("bin")`)
/// and caches the answer, so workers start the binary directly.
///
/// Symlinks are deliberately *not* resolved: a virtualenv's `bin/python` is a
/// symlink to the base interpreter, and Python finds the venv's packages
/// through the path it was started by. The kernel follows the link at exec.
public final class InterpreterLocator {
    private let configured: [String: String]
    private let environment: [String: String]
    private var cache: [String: String] = [:]

    /// The environment variable that names each language's interpreter.
    public static let environmentKeys = ["python": "BRAID_PYTHON", "r": "BRAID_RSCRIPT"]
    /// The names looked up on PATH, in order.
    public static let pathNames = ["python": ["python3", "python"], "r": ["Rscript"]]

    /// - Parameters:
    ///   - configured: the flow spec's `interpreters`, by language.
    ///   - environment: the environment to read the variables and PATH from; the engine's own when nil.
    public init(configured: [String: String] = [:], environment: [String: String]? = nil) {
        self.configured = configured
        self.environment = environment ?? ProcessInfo.processInfo.environment
    }

    /// The absolute path of the interpreter for `language` (`python` or `r`).
    /// - Throws: ``InterpreterError`` naming where it looked.
    public func interpreter(for language: String) throws(InterpreterError) -> String {
        if let cached = cache[language] { return cached }
        guard let names = Self.pathNames[language] else { throw .unknownLanguage(language) }
        let found: String
        if let path = configured[language], !path.isEmpty {
            guard Self.isExecutable(path) else { throw .notExecutable(language: language, path: path, source: "the flow spec's interpreters") }
            found = path
        } else if let key = Self.environmentKeys[language], let path = environment[key], !path.isEmpty {
            guard Self.isExecutable(path) else { throw .notExecutable(language: language, path: path, source: key) }
            found = path
        } else if let path = searchPath(names) {
            found = path
        } else {
            throw .notFound(language: language, names: names, variable: Self.environmentKeys[language] ?? "")
        }
        let resolved = Self.isScript(found) ? (Self.askForBinary(found, language: language) ?? found) : found
        cache[language] = resolved
        return resolved
    }

    private func searchPath(_ names: [String]) -> String? {
        let directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in names {
            for directory in directories where !directory.isEmpty {
                let candidate = "\(directory)/\(name)"
                if Self.isExecutable(candidate) { return candidate }
            }
        }
        return nil
    }

    static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        return path.hasPrefix("/") && stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }

    /// Whether the file starts with `#!`: a shell (or other) script, not the interpreter binary.
    static func isScript(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var magic: [UInt8] = [0, 0]
        return read(fd, &magic, 2) == 2 && magic == [UInt8(ascii: "#"), UInt8(ascii: "!")]
    }

    /// Runs the shim once and returns the binary it would have run, when that is an executable file.
    static func askForBinary(_ shim: String, language: String) -> String? {
        let arguments = language == "python"
            ? ["-c", "import sys; sys.stdout.write(sys.executable)"]
            : ["--vanilla", "-e", "cat(file.path(R.home('bin'), 'Rscript'))"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shim)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, isExecutable(path), !isScript(path) else { return nil }
        return path
    }
}

/// No interpreter for a language could be found or used.
public enum InterpreterError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownLanguage(String)
    case notExecutable(language: String, path: String, source: String)
    case notFound(language: String, names: [String], variable: String)

    /// What is missing and how to fix it.
    public var description: String {
        switch self {
        case .unknownLanguage(let language):
            "there is no worker for the language '\(language)' (braid runs python and r steps)"
        case let .notExecutable(language, path, source):
            "the \(language) interpreter '\(path)' given by \(source) is not an executable file"
        case let .notFound(language, names, variable):
            "no \(language) interpreter found: none of \(names.joined(separator: ", ")) is on PATH; set \(variable) to its absolute path"
        }
    }
}
