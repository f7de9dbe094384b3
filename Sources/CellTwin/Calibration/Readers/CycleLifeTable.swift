import Foundation

/// A table of observed cycle lives per protocol (Attia et al. 2020, `final_results.csv`, which starts with a UTF-8
/// BOM): columns `C1, C2, …` hold the protocol's charge C-rates and `R1, R2, …` the cycle lives of its replicate cells.
/// Rows are read in order, so cell `r·n + i` (with n replicates per row) is replicate i of row r — the row order of
/// the matching ``CapacityMatrix``.
public struct CycleLifeTable: Sendable, Equatable {
    public let path: String
    /// Charge C-rates of each protocol (row), the `C…` columns in order.
    public let chargeRates_C: [[Double]]
    /// Cycle lives of the replicates of each protocol, the `R…` columns in order.
    public let cycleLives: [[Int]]

    /// All cycle lives, row after row (one per cell).
    public var cycleLivesByCell: [Int] { cycleLives.flatMap { $0 } }

    public init(path: String) throws {
        try self.init(text: DelimitedText.text(path: path), path: path)
    }

    public init(text: String, path: String) throws {
        let t = try CyclerTable(text: text, path: path, format: "cycle-life table", delimiter: .comma)
        func numbered(_ prefix: Character) -> [CyclerTable.Column] {
            t.header.indices.filter { i in
                let h = t.header[i]
                return h.first == prefix && h.count > 1 && h.dropFirst().allSatisfy(\.isNumber)
            }.map { t.column($0) }
        }
        let rates = numbered("C"), lives = numbered("R")
        guard !lives.isEmpty else {
            throw InputError(file: path, line: t.headerLine, message:
                "no replicate columns R1, R2, … among " + t.header.map { "'\($0)'" }.joined(separator: ", "))
        }
        let rateValues = try rates.map { try t.values($0) }
        let lifeValues = try lives.map { try t.integers($0) }
        for (c, values) in zip(lives, lifeValues) {
            if let k = values.firstIndex(where: { $0 <= 0 }) {
                throw InputError(file: path, line: t.rows[k].line, message: "\(c.label): cycle life \(values[k]) is not positive")
            }
        }
        self.path = path
        chargeRates_C = t.rows.indices.map { k in rateValues.map { $0[k] } }
        cycleLives = t.rows.indices.map { k in lifeValues.map { $0[k] } }
    }
}
