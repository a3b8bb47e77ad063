import BlackHailCore
import Foundation
import Synchronization

/// One output: a format and a file, or stdout.
struct OutputDestination {
    var format: ReportFormat
    /// nil: stdout.
    var path: String?

    var name: String { path ?? "stdout" }

    /// Writes the whole output: to stdout, or atomically to the file (directly to a file that is not a regular
    /// file, such as /dev/null or a pipe).
    func write(_ text: String) throws {
        try write(Data(text.utf8))
    }

    func write(_ data: Data) throws {
        guard let path else {
            FileHandle.standardOutput.write(data)
            return
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let isRegular =
            !exists
            || (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
        do {
            try data.write(to: URL(fileURLWithPath: path), options: isRegular ? .atomic : [])
        } catch {
            throw CommandFailure(.environment, "cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Writes the whole output from a file, a part at a time (a result of hundreds of megabytes): to stdout, or to
    /// the file through a copy renamed over it (directly to a file that is not a regular file).
    func write(contentsOf source: URL) throws {
        do {
            let input = try FileHandle(forReadingFrom: source)
            defer { try? input.close() }
            guard let path else {
                while let part = try input.read(upToCount: 1 << 20), !part.isEmpty {
                    FileHandle.standardOutput.write(part)
                }
                return
            }
            let isRegular =
                !FileManager.default.fileExists(atPath: path)
                || (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType)
                    == .typeRegular
            let target = URL(fileURLWithPath: path)
            let partial =
                isRegular
                ? target.deletingLastPathComponent().appendingPathComponent(
                    ".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial") : target
            guard isRegular ? FileManager.default.createFile(atPath: partial.path, contents: nil) : true else {
                throw CocoaError(.fileWriteNoPermission)
            }
            let output = try FileHandle(forWritingTo: partial)
            do {
                while let part = try input.read(upToCount: 1 << 20), !part.isEmpty {
                    try output.write(contentsOf: part)
                }
                try output.close()
            } catch {
                try? output.close()
                if isRegular { try? FileManager.default.removeItem(at: partial) }
                throw error
            }
            // Renamed over the file, so that a reader never sees it half written.
            if isRegular, rename(partial.path, target.path) != 0 {
                try? FileManager.default.removeItem(at: partial)
                throw CocoaError(.fileWriteUnknown)
            }
        } catch let error as CommandFailure {
            throw error
        } catch {
            throw CommandFailure(.environment, "cannot write \(path ?? "stdout"): \(error.localizedDescription)")
        }
    }

    /// Opens the destination for writing as results arrive (NDJSON): stdout, or the file created or emptied now,
    /// so that an unwritable file fails before any seller is contacted.
    func openStream() throws -> FileHandle {
        guard let path else { return FileHandle.standardOutput }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw CommandFailure(.environment, "cannot write \(path)")
        }
        return handle
    }
}

/// NDJSON outputs that lines are written to as each seller finishes, unbuffered, one seller's lines at a time.
final class OutputStreams: Sendable {
    /// Each handle, and whether it is a file of ours to close (stdout is not).
    private let handles: Mutex<[(handle: FileHandle, owned: Bool)]>

    init(_ destinations: [OutputDestination]) throws {
        handles = Mutex(try destinations.map { (try $0.openStream(), $0.path != nil) })
    }

    /// Whether any NDJSON output is open: when none is, the lines are not even rendered.
    var isEmpty: Bool { handles.withLock { $0.isEmpty } }

    func write(_ text: @autoclosure () throws -> String) rethrows {
        guard !isEmpty else { return }
        let data = Data(try text().utf8)
        handles.withLock { handles in
            for (handle, _) in handles { try? handle.write(contentsOf: data) }
        }
    }

    func close() {
        handles.withLock { handles in
            for (handle, owned) in handles where owned { try? handle.close() }
            handles = []
        }
    }
}
