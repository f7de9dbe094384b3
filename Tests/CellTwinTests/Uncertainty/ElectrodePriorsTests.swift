import Foundation
import Testing
@testable import CellTwin

/// The electrode priors of a prediction on a cathode its twin's calibration has no rows on.
@Suite struct ElectrodePriorsTests {
    static func shipped(_ id: String) throws -> (Electrolyte, ParameterUncertainty, ElectrodePriors.Calibration) {
        let lib = Fixtures.models
        let e = try lib.electrolyte(id)
        return (e, try FitCovarianceFile.uncertainty(path: lib.electrolytePath(id), electrolyte: e),
                try ElectrodePriors.Calibration.shipped(id, library: lib))
    }

    /// A cathode the twin's set-up has full-cell rows on adds nothing: its fit covariance is the statement.
    @Test func aCalibratedCathodeAddsNothing() throws {
        let (e, u, cal) = try Self.shipped("CPCSE")
        #expect(cal.calibratedCathodes.contains("LFP"))
        let out = ElectrodePriors.adding(to: u, electrolyte: e, cathodes: [try Fixtures.models.cathode("LFP")], calibration: cal)
        #expect(out.parameters == u.parameters)
        #expect(out.covariance == u.covariance)
    }

    /// No rows of the study on the cathode and no lender: each leaf with the material's spread about the value the
    /// cell uses (the cathode model's), uncorrelated with the rest.
    @Test func anUncalibratedCathodeCarriesTheMaterialsSpread() throws {
        let (e, u, cal) = try Self.shipped("LiPMCE-0.16")
        #expect(cal.calibratedCathodes.isEmpty && cal.lender == nil)
        let lfp = try Fixtures.models.cathode("LFP")
        let out = ElectrodePriors.adding(to: u, electrolyte: e, cathodes: [lfp, lfp], calibration: cal)
        #expect(out.count == u.count + 3, "one set per cathode, however often it is named")
        func param(_ leaf: String) throws -> (UncertainParameter, Int) {
            let i = try #require(out.parameters.firstIndex { $0.key == "electrodes.LFP.\(leaf)" })
            return (out.parameters[i], i)
        }
        let (tau, iTau) = try param("diffusion_time_s")
        #expect(tau.value == lfp.diffusionTime_s && tau.transform == .log && tau.origin == .prior)
        #expect(abs(out.covariance[iTau][iTau] - pow(log(2), 2)) < 1e-15)
        let (ea, iEa) = try param("diffusion_activation_energy_kJ_mol")
        #expect(abs(ea.value - lfp.diffusionActivationEnergy_J_mol / 1000) < 1e-12 && ea.transform == .linear)
        // The LFP literature range 20–58 kJ/mol as a 95 % interval: ×/÷ (58/20)^(1/3.92) about the model's value.
        let sd = ea.value * log(pow(58.0 / 20, 1 / (2 * 1.959963984540054)))
        #expect(abs(out.covariance[iEa][iEa].squareRoot() - sd) < 1e-9 * sd)
        let (q, iQ) = try param("specific_capacity_mAh_g")
        #expect(abs(q.value - lfp.specificCapacity_C_kg / 3600) < 1e-9 && abs(out.covariance[iQ][iQ] - pow(log(1.03), 2)) < 1e-15)
        for i in [iTau, iEa, iQ] {
            for j in out.parameters.indices where j != i { #expect(out.covariance[i][j] == 0 && out.covariance[j][i] == 0) }
        }
        // The fitted block is untouched.
        for a in 0..<u.count { #expect(Array(out.covariance[a].prefix(u.count)) == u.covariance[a]) }
    }

    /// A borrowed electrode (`electrodes_from`, same study) carries the lender's fit covariance of the keys it
    /// borrows, and only those: a key the lender holds is held here too.
    @Test func aBorrowedElectrodeCarriesTheLendersCovariance() throws {
        let (e, u, cal) = try Self.shipped("CMP-MMT")
        let lender = try #require(cal.lender)
        #expect(lender.id == "CMP-VAMMT" && lender.calibratedCathodes.contains("LFP") && cal.calibratedCathodes.isEmpty)
        let out = ElectrodePriors.adding(to: u, electrolyte: e, cathodes: [try Fixtures.models.cathode("LFP")], calibration: cal)
        let lent = lender.uncertainty.parameters.indices.filter {
            lender.uncertainty.parameters[$0].origin == .fit && lender.uncertainty.parameters[$0].key.hasPrefix("electrodes.LFP.")
        }
        try #require(!lent.isEmpty)
        #expect(out.count == u.count + lent.count)
        for a in lent {
            let p = lender.uncertainty.parameters[a]
            let i = try #require(out.parameters.firstIndex { $0.key == p.key })
            #expect(out.parameters[i].value == p.value && out.parameters[i].origin == .prior)
            #expect(ParameterUncertainty.value(p.key, of: e) == p.value, "CMP-MMT's value is the lender's")
            for b in lent {
                let j = try #require(out.parameters.firstIndex { $0.key == lender.uncertainty.parameters[b].key })
                #expect(out.covariance[i][j] == lender.uncertainty.covariance[a][b])
            }
        }
    }

    /// A twin that fits its own full-cell rows with a borrowed electrode (PHE, electrodes from HE-PEIgPHE) carries the
    /// borrowed keys' covariance, and holds the electrode keys neither fit frees, as its fit did.
    @Test func ownRowsWithABorrowedElectrode() throws {
        let (e, u, cal) = try Self.shipped("PHE")
        let lender = try #require(cal.lender)
        #expect(cal.calibratedCathodes.contains("LFP") && lender.id == "HE-PEIgPHE")
        let out = ElectrodePriors.adding(to: u, electrolyte: e, cathodes: [try Fixtures.models.cathode("LFP")], calibration: cal)
        let lent = Set(lender.uncertainty.parameters.filter { $0.origin == .fit && $0.key.hasPrefix("electrodes.LFP.") }.map(\.key))
        try #require(!lent.isEmpty)
        #expect(Set(out.parameters.dropFirst(u.count).map(\.key)) == lent)
    }

    /// Another cathode than the calibrated ones gets the material's priors; the keys of cathodes a cell does not use
    /// leave its band.
    @Test func anotherCathodeAndOnlyItsKeys() throws {
        let (e, u, cal) = try Self.shipped("CPCSE")
        let ncm523 = try Fixtures.models.cathode("NCM523")
        #expect(!cal.calibratedCathodes.contains("NCM523"))
        let kept = u.keepingElectrodes(of: ["NCM523"])
        #expect(kept.parameters.allSatisfy { !$0.key.hasPrefix("electrodes.") })
        #expect(kept.count == u.parameters.filter { !$0.key.hasPrefix("electrodes.") }.count)
        #expect(u.keepingElectrodes(of: ["LFP"]).parameters.contains { $0.key == "electrodes.LFP.diffusion_time_s" })
        #expect(!u.keepingElectrodes(of: ["LFP"]).parameters.contains { $0.key.hasPrefix("electrodes.NCM811.") })
        let out = ElectrodePriors.adding(to: kept, electrolyte: e, cathodes: [ncm523], calibration: cal)
        #expect(Set(out.parameters.filter { $0.key.hasPrefix("electrodes.") }.map(\.key))
                == Set(ElectrodePriors.leaves.map { "electrodes.NCM523.\($0)" }))
        // NCM523 has no literature range of its activation energy: the cross-study floor, ×/÷ 1.2.
        let i = try #require(out.parameters.firstIndex { $0.key == "electrodes.NCM523.diffusion_activation_energy_kJ_mol" })
        let ea = out.parameters[i].value
        #expect(abs(out.covariance[i][i].squareRoot() - ea * log(1.2)) < 1e-9 * ea)
    }

    /// The band of a cell on a cathode its twin never saw widens by what the electrode adds, about the same centre:
    /// LiPMCE-0.16 (no full cell) | LFP at 25 °C, first discharge at 0.2C, linearised.
    @Test func theBandWidensAboutTheSameCentre() throws {
        let design = try Fixtures.design(electrolyte: "LiPMCE-0.16", cathode: "LFP")
        var options = LifeOptions()
        options.maxCycles = 2
        options.attribution = false
        let steps = try LifeSimulator.standardCycle(cathode: design.cathode, chargeRate: 0.2, dischargeRate: 0.2)
        let experiment = Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 2)])
        let central = try LifeSimulator(design: design, temperature_C: 25, options: options).run(experiment)
        let (e, u, cal) = try Self.shipped("LiPMCE-0.16")
        let lfp = try Fixtures.models.cathode("LFP")
        var band = BandOptions()
        band.method = .linearised
        func capacity(_ u: ParameterUncertainty) throws -> (Double, Double, Double) {
            let b = try LifeBands.compute(design: design, baseCathode: lfp, temperature_C: 25, options: options, experiment: experiment,
                                          central: central, uncertainty: u, band: band)
            var r = LifeRecord(central)
            LifeBands.apply(b, to: &r)
            return (try #require(r.initial_discharge_capacity_mAh_g_low), r.initial_discharge_capacity_mAh_g,
                    try #require(r.initial_discharge_capacity_mAh_g_high))
        }
        let (lo0, q0, hi0) = try capacity(u.keepingElectrodes(of: ["LFP"]))
        let (lo, q, hi) = try capacity(ElectrodePriors.adding(to: u.keepingElectrodes(of: ["LFP"]), electrolyte: e, cathodes: [lfp],
                                                             calibration: cal))
        #expect(q == q0)
        #expect(lo <= q && q <= hi)
        // The accessible capacity alone is ×/÷ 1.03 at one standard deviation: at least ±5 % at 95 %.
        #expect((hi - lo) / 2 >= 0.05 * q && hi - lo > 2 * (hi0 - lo0), "\(lo0)–\(hi0) → \(lo)–\(hi)")
    }
}
