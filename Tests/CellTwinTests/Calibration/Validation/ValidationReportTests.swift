import Foundation
import Testing
@testable import CellTwin

/// The validation report: its JSON keys, one row per seed row, and the summary.
@Suite struct ValidationReportTests {
    @Test func jsonHasTheDocumentedKeysAndOneRowPerSeedRow() throws {
        let r = try ValidationTests().result()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(try ValidationReport.json(r).utf8)) as? [String: Any])
        let rows = try #require(root["rows"] as? [[String: Any]])
        let summary = try #require(root["summary"] as? [String: Any])
        for row in rows {
            for key in ["electrolyte", "kind", "conditions", "measured", "predicted", "error", "tolerance", "within"] {
                #expect(row.keys.contains(key), "row without \(key): \(row)")
            }
        }
        let shipped = Set(Fixtures.models.electrolyteIDs)
        let seed = try ValidationTests().seedRows()
        let seedShipped = seed.filter { shipped.contains($0.electrolyte) }
        let jsonShipped = rows.filter { shipped.contains($0["electrolyte"] as? String ?? "") }
        #expect(jsonShipped.count == seedShipped.count)
        #expect(rows.count == seed.count)
        // The same rows in the same order, and every unshipped row not evaluated.
        #expect(jsonShipped.map { $0["kind"] as? String ?? "" } == seedShipped.map(\.kind))
        for row in rows where !shipped.contains(row["electrolyte"] as? String ?? "") {
            #expect(row["within"] is NSNull)
            #expect((row["note"] as? String ?? "").contains("not shipped"))
        }
        // Not-evaluated rows of shipped electrolytes say why.
        for row in r.rows where shipped.contains(row.electrolyte) && !row.evaluated {
            #expect(!(row.note ?? "").isEmpty, "\(row.location) has no reason")
        }
        let overall = try #require(summary["overall"] as? [String: Any])
        #expect(overall["rows"] as? Int == seed.count)
        #expect(overall["evaluated"] as? Int == r.rows.filter(\.evaluated).count)
        let per = try #require(summary["electrolytes"] as? [String: Any])
        #expect(Set(per.keys) == Set(seedShipped.map(\.electrolyte)))
        #expect((summary["tolerances"] as? [String])?.isEmpty == false)
        // The cheng2023 rows that state no temperature say which one was assumed.
        let cheng = r.rows.filter { $0.source == "cheng2023" && $0.kind == "rate_capability" }
        #expect(!cheng.isEmpty && cheng.allSatisfy { $0.conditions.hasPrefix("60 °C (not stated") })
    }
}
