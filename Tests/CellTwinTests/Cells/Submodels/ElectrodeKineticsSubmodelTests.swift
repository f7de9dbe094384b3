import Foundation
import Testing
@testable import CellTwin

/// The charge transfer at both electrodes (``ElectrodeKineticsSubmodel``): the Butler–Volmer overpotential against its
/// closed-form inverse J = 2i₀(1 − v)·sinh(η/(2RT/F)), its slope against central differences, and the cathode block
/// without a pore path against η_C + J·ASR_CEI.
@Suite struct ElectrodeKineticsSubmodelTests {
    static func kinetics() throws -> ElectrodeKineticsSubmodel {
        let design = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP")
        return ElectrodeKineticsSubmodel(design: design, temperature_K: 333.15)
    }

    @Test(arguments: [-40.0, -3, -0.01, 0, 0.5, 7, 60])
    func lithiumOverpotentialInvertsToTheCurrent(current j: Double) throws {
        let k = try Self.kinetics()
        let i0 = k.lithiumExchangeCurrent_A_m2, vt = k.thermalVoltage_V
        #expect(abs(vt - Physical.gas * 333.15 / Physical.faraday) <= 1e-15 * vt)
        for contact in [1.0, 0.7, 0.05] {
            let eta = k.lithium(current: j, contact: contact)
            let back = 2 * i0 * contact * sinh(eta.V / (2 * vt))
            #expect(abs(back - j) <= 1e-12 * max(abs(j), i0), "J \(j), contact \(contact): \(back)")
            #expect(abs(k.lithiumOverpotential_V(current: j, contact: contact) - eta.V) <= 1e-14 * max(abs(eta.V), 1e-3))
            let h = 1e-6 * max(abs(j), i0)
            let numeric = (k.lithium(current: j + h, contact: contact).V - k.lithium(current: j - h, contact: contact).V) / (2 * h)
            #expect(abs(numeric - eta.dVdJ) <= 1e-7 * eta.dVdJ, "∂η/∂J at \(j): \(eta.dVdJ) vs \(numeric)")
        }
        // Linear response: η → J·RT/(F·i₀) as J → 0.
        let small = 1e-6 * i0
        #expect(abs(k.lithium(current: small, contact: 1).V - small * vt / i0) <= 1e-6 * small * vt / i0)
    }

    @Test func cathodeBlockWithoutPorePathIsChargeTransferPlusFilm() throws {
        var k = try Self.kinetics()
        let c = k.compositeCathode
        let noPores = CompositeCathodeResolved(ionicASR_ohm_m2: 0, exchangeCurrent_A_m2: c.exchangeCurrent_A_m2,
                                               thermalVoltage_V: c.thermalVoltage_V)
        k = ElectrodeKineticsSubmodel(lithiumExchangeCurrent_A_m2: k.lithiumExchangeCurrent_A_m2, thermalVoltage_V: k.thermalVoltage_V,
                                      compositeCathode: noPores)
        let film = 3e-4, j = 12.0
        let block = k.cathode(current: j, film: film)
        let eta = ElectrodeKineticsSubmodel.butlerVolmer(j, exchange: c.exchangeCurrent_A_m2, thermalVoltage_V: c.thermalVoltage_V)
        #expect(abs(block.overpotential_V - (eta.V + j * film)) <= 1e-12 * block.overpotential_V)
        #expect(abs(block.slope_ohm_m2 - (eta.dVdJ + film)) <= 1e-9 * block.slope_ohm_m2)
        #expect(block.inverseUtilisation == 1 && block.ionicOverpotential_V == 0)
    }
    /// The Li | E | Li cell's kinetics: the full cell's Li term for the same electrolyte, an empty cathode block, and the
    /// cell's voltage at fixed state assembled from them (both electrodes' η, the bulk drop, no salt at a fresh state).
    @Test func symmetricCellAssemblesFromTheFullCellsLithiumKinetics() throws {
        let design = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP")
        let t = 333.15
        let full = ElectrodeKineticsSubmodel(design: design, temperature_K: t)
        let li = ElectrodeKineticsSubmodel(lithiumOf: design.electrolyte, temperature_K: t)
        #expect(li.lithiumExchangeCurrent_A_m2 == full.lithiumExchangeCurrent_A_m2 && li.thermalVoltage_V == full.thermalVoltage_V)
        let empty = li.cathode(current: 25, film: 0)
        #expect(empty.overpotential_V == 0 && empty.slope_ohm_m2 == 0 && empty.inverseUtilisation == 1)
        let cell = try SymmetricCellModel(electrolyte: design.electrolyte, temperature_K: t)
        #expect(cell.exchangeCurrent_A_m2 == full.lithiumExchangeCurrent_A_m2)
        #expect(cell.bulkASR_ohm_m2 == BulkTransportSubmodel(design: design, temperature_K: t).bulkASR_ohm_m2)
        let y = cell.initialState()
        let j = 4.0
        let (v, dv) = y.withUnsafeBufferPointer { cell.voltage($0.baseAddress!, current: j) }
        let a = y.withUnsafeBufferPointer { cell.interphaseASR($0.baseAddress!) }
        let eta = full.lithium(current: j, contact: 1)
        let expected = j * (cell.bulkASR_ohm_m2 + a.electrode1 + a.electrode2) + 2 * eta.V
        #expect(abs(v - expected) <= 1e-12 * expected, "V \(v) vs \(expected)")
        #expect(abs(dv - (cell.bulkASR_ohm_m2 + a.electrode1 + a.electrode2 + 2 * eta.dVdJ)) <= 1e-12 * dv)
    }
}
