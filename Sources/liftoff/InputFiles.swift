import Foundation
import LiftoffKit

/// Reading what the user named on the command line, with errors that say what to do.
enum InputFiles {
    static func readText(_ path: String, what: String = "runbook") throws(CLIError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .input("cannot read \(what) '\(path)': no such file")
        }
        guard !isDirectory.boolValue else {
            throw .input("cannot read \(what) '\(path)': it is a directory; name a Markdown file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .input("cannot read \(what) '\(path)': permission denied or unreadable")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(data)
            throw .input("\(path) is not UTF-8 text (invalid byte at offset \(offset)); convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8")
        }
        // A UTF-8 byte order mark is not part of the text.
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    static func vars(_ path: String?) throws(CLIError) -> LaunchVariables? {
        guard let path else { return nil }
        let text = try readText(path, what: "vars file")
        do {
            return try LaunchVariables.parse(text, file: path)
        } catch {
            throw .input(error.description)
        }
    }

    static func write(_ text: String, to output: String?) throws(CLIError) {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        // Written in place, not atomically: an atomic write renames a new file over the path,
        // which would replace a device or pipe given as the output (/dev/null, /dev/stdout).
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            throw CLIError(message: "cannot write '\(output)': \(error.localizedDescription)", code: 2)
        }
        Terminal.note("wrote \(output)")
    }

    /// As `write`, for output made in chunks: each chunk is written as it comes, so a large
    /// report is never held whole. `produce` hands its chunks to the function it is given.
    static func stream(to output: String?, _ produce: (_ write: @escaping ([UInt8]) -> Void) -> Void) throws(CLIError) {
        let handle: FileHandle
        if let output {
            // In place, as `write`: a device or pipe given as the output stays what it is.
            let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw CLIError(message: "cannot write '\(output)': \(String(cString: strerror(errno)))", code: 2)
            }
            handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        } else {
            handle = FileHandle.standardOutput
        }
        let failure = WriteFailure()
        produce { chunk in
            guard failure.error == nil else { return }
            do {
                try handle.write(contentsOf: chunk)
            } catch {
                failure.error = error
            }
        }
        guard let output else { return }
        if let error = failure.error {
            throw CLIError(message: "cannot write '\(output)': \(error.localizedDescription)", code: 2)
        }
        Terminal.note("wrote \(output)")
    }

    /// The first error of a streamed write; the chunks after it are dropped.
    private final class WriteFailure {
        var error: (any Error)?
    }

    private static func firstInvalidUTF8Offset(_ data: Data) -> Int {
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : (b >> 5 == 0b110 ? 2 : (b >> 4 == 0b1110 ? 3 : (b >> 3 == 0b11110 ? 4 : 0)))
            guard length > 0, i + length <= bytes.count else { return i }
            if length > 1, !bytes[(i + 1)..<(i + length)].allSatisfy({ $0 >> 6 == 0b10 }) { return i }
            if length > 1, String(validating: bytes[i..<(i + length)], as: UTF8.self) == nil { return i }
            i += length
        }
        return i
    }
}
