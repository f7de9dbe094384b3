import Foundation
import Testing
@testable import CellTwin

/// `celltwin list`: each material's key numbers in lab units, the files that did not load beside the CSV, and the JSON
/// document with both.
@Suite struct ListingReportTests {
    @Test func keyNumbersInLabUnitsAndFailuresBesideTheCSV() throws {
        var listing = Listing(cathodes: [Fixtures.linearCathode()], electrolytes: [Fixtures.simpleElectrolyte()])
        listing.failures = [Listing.Failure(kind: "electrolyte", id: "BROKEN", error: "b.toml:3: key 'x': missing")]
        let cathode = try #require(listing.records.first { $0.kind == "cathode" })
        #expect(cathode.id == "LIN" && abs((cathode.details["practical_capacity_mAh_g"] ?? 0) - 150) < 1e-9)
        #expect(cathode.details["min_V"] == 3.05 && cathode.details["max_V"] == 3.95)
        let electrolyte = try #require(listing.records.first { $0.kind == "electrolyte" })
        // 50 µm; 0.1 S/m at its reference temperature is 1e-3 S/cm at 25 °C.
        #expect(abs((electrolyte.details["thickness_um"] ?? 0) - 50) < 1e-9 && electrolyte.details["t_plus"] == 0.5)
        #expect(abs((electrolyte.details["sigma_25C_S_cm"] ?? 0) - 1e-3) < 1e-9)
        #expect(electrolyte.family == "polymer" && electrolyte.study == "test")
        let report = ListingReport(listing)
        #expect(report.notesBesideCSV == ["error: electrolyte BROKEN: b.toml:3: key 'x': missing"])
        #expect(try report.files().isEmpty)
        let json = try report.json()
        #expect(json.contains("\"not_loaded\"") && json.contains("\"BROKEN\"") && json.contains("\"LIN\""))
    }
}
