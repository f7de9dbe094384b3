import Foundation
import Testing
@testable import CellTwin

/// The dQ/dV and dV/dQ tables of `celltwin dqdv` on a straight discharge curve V = 3.6 − 0.4·Q (Q in Ah): dQ/dV is
/// −2.5 Ah/V and dV/dQ −0.4 V/Ah everywhere inside the curve, in the header's units.
@Suite struct DifferentialReportTests {
    static func report() throws -> DifferentialReport {
        let q = stride(from: 0.0, through: 1.0, by: 0.001).map { $0 }
        let curve = VoltageCapacityCurve(cycle: 3, direction: .discharge, capacity: q, voltage_V: q.map { 3.6 - 0.4 * $0 },
                                         capacityUnit: "Ah")
        return try DifferentialReport(subject: "a straight line", curves: [curve])
    }

    static func rows(_ csv: String) -> [[Substring]] { csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",") } }

    @Test func theDerivativesOfAStraightLine() throws {
        let r = try Self.report()
        let dqdv = r.dqdvCSV()
        #expect(dqdv.hasPrefix("cycle,direction,voltage_V,dQdV_Ah_per_V\n"))
        let qv = Self.rows(dqdv)
        #expect(qv.count > 10)
        // Away from the ends, where the smoothing window is whole.
        for row in qv.dropFirst(qv.count / 5).dropLast(qv.count / 5) {
            #expect(row[0] == "3" && row[1] == "discharge")
            #expect(abs(abs(Double(row[3]) ?? 0) - 2.5) < 1e-3, "\(row)")
        }
        let dvdq = r.dvdqCSV()
        #expect(dvdq.hasPrefix("cycle,direction,capacity_Ah,dVdQ_V_per_Ah\n"))
        let vq = Self.rows(dvdq)
        for row in vq.dropFirst(vq.count / 5).dropLast(vq.count / 5) {
            #expect(abs(abs(Double(row[3]) ?? 0) - 0.4) < 1e-4, "\(row)")
        }
        // A straight line has no peaks.
        #expect(r.peaksCSV() == "cycle,direction,kind,position,unit,height,prominence\n")
        #expect(try r.json().contains("\"subject\" : \"a straight line\""))
    }
}
