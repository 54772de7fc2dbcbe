import PRCCore

/// Reads the text of `train-log.csv` into `TrainLogRow`s. Columns are found by header name, in any
/// order, case-insensitive: `epoch`; `reconstruction_mse` (or `recon_mse`, `reconstruction`);
/// `prediction_mse` (or `pred_mse`, `prediction`); optional `recall_mse` (or `recall`; an empty cell,
/// `nan` or `-` means not measured); optional `seconds` (or `time_s`, `time`). Other columns are ignored.
public enum TrainLogCSV {
    /// Parses CSV text; `path` only names the source in error messages.
    public static func parse(_ text: String, path: String) throws -> [TrainLogRow] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        while let last = lines.last, last.trimmingSpaces.isEmpty { lines.removeLast() }
        guard let header = lines.first else {
            throw FileError.invalid(path: path, expected: "a CSV header with epoch, reconstruction_mse, prediction_mse", found: "an empty file")
        }
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces.lowercased() }
        func column(_ aliases: [String]) -> Int? { names.firstIndex { aliases.contains($0) } }
        guard let epochCol = column(["epoch"]),
              let reconCol = column(["reconstruction_mse", "recon_mse", "reconstruction"]),
              let predCol = column(["prediction_mse", "pred_mse", "prediction"]) else {
            throw FileError.invalid(path: path, expected: "header columns epoch, reconstruction_mse, prediction_mse",
                                    found: "\"\(header)\"")
        }
        let recallCol = column(["recall_mse", "recall"])
        let secondsCol = column(["seconds", "time_s", "time"])
        var rows: [TrainLogRow] = []
        for (i, line) in lines.enumerated().dropFirst() where !line.trimmingSpaces.isEmpty {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            func cell(_ c: Int) -> String { c < cells.count ? cells[c] : "" }
            func number(_ c: Int, _ name: String) throws -> Double {
                guard let v = Double(cell(c)) else {
                    throw FileError.invalid(path: "\(path):\(i + 1)", expected: "a number in column \(name)", found: "\"\(cell(c))\"")
                }
                return v
            }
            guard let epoch = Int(cell(epochCol)) else {
                throw FileError.invalid(path: "\(path):\(i + 1)", expected: "a whole epoch number", found: "\"\(cell(epochCol))\"")
            }
            var recall: Double? = nil
            if let rc = recallCol {
                let raw = cell(rc).lowercased()
                if !(raw.isEmpty || raw == "nan" || raw == "-") { recall = try number(rc, names[rc]) }
            }
            let seconds = try secondsCol.map { try number($0, names[$0]) } ?? 0
            rows.append(TrainLogRow(epoch: epoch, reconstructionMSE: try number(reconCol, names[reconCol]),
                                    predictionMSE: try number(predCol, names[predCol]), recallMSE: recall, seconds: seconds))
        }
        return rows
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let chars = Array(self)
        var a = 0, b = chars.count
        while a < b, chars[a] == " " || chars[a] == "\t" { a += 1 }
        while b > a, chars[b - 1] == " " || chars[b - 1] == "\t" { b -= 1 }
        return String(chars[a..<b])
    }
}
