import Foundation
import Testing
@testable import CellTwin

/// The priors and bounds that carry a parameter where a refit has lost the rows fixing it (`celltwin validate
/// --leave-condition-out`, DOMAIN B §9) are the cited values they claim: each prior's 95 % interval holds the family
/// measurements it is centred on, the bounds equal the cathode's literature range, and the shipped fits respect them.
@Suite struct TransferPriorTests {
    let library = Fixtures.models
    static let z95 = 1.959963984540054

    func setup(_ id: String) throws -> FitSetup {
        try FitSetup.load(path: Fixtures.packageRoot.appendingPathComponent("Calibration/\(id)/fit.toml").path)
    }

    func free(_ s: FitSetup, _ key: String) throws -> FreeParameter {
        try #require(s.free.first { $0.key.key == key }, "\(s.electrolyteID) does not free \(key)")
    }

    /// A normal prior's 95 % interval, or a log-normal prior's.
    func interval95(_ f: FreeParameter) throws -> ClosedRange<Double> {
        let p = try #require(f.prior)
        if let sd = f.priorSD { return (p - Self.z95 * sd)...(p + Self.z95 * sd) }
        let factor = pow(try #require(f.priorFactor), Self.z95)
        return (p / factor)...(p * factor)
    }

    /// Gel σ(T): the prior on CMP-VAMMT's Ea holds the carbonate liquid's 34.7 kJ/mol (PyBaMM Mohtat2020), the PVDF-HFP
    /// membranes' quoted 20.22 and 25.04 kJ/mol (ye2024) and the Ea of CMP-VAMMT's own two conductivities (li2022).
    @Test func gelActivationEnergyPriorHoldsTheCitedValues() throws {
        let f = try free(try setup("CMP-VAMMT"), "conductivity.activation_energy_kJ_mol")
        let band = try interval95(f)
        let twoPoint = Physical.gas * log(1.08e-3 / 2.49e-4) / (1 / 273.15 - 1 / 298.15) / 1000
        #expect(abs(twoPoint - 39.74) < 0.05)
        for ea in [34.7, 20.22, 25.04, twoPoint] { #expect(band.contains(ea), "\(ea) kJ/mol outside \(band)") }
        // The prior barely moves the two-point fit: the shipped Ea stays within 0.5 kJ/mol of the rows' own.
        let shipped = try library.electrolyte("CMP-VAMMT").conductivity.apparentActivationEnergy_J_mol(at: 285) / 1000
        #expect(abs(shipped - twoPoint) < 0.5, "shipped Ea \(shipped)")
    }

    /// Single-ion σ at 88 °C: the prior on ANP-C-2.0K's σ is the geometric mean of its family's shipped laws at 88 °C
    /// (ANP-C-1.0K of the same series, LiPMCE-0.16), each one standard deviation away, and its band holds the 88 °C
    /// measurement (3.36e-5 S/cm) without being ×/÷ 1000 wide.
    @Test func singleIonConductivityPriorIsCentredOnTheFamily() throws {
        let f = try free(try setup("ANP-C-2.0K"), "conductivity.sigma_S_cm")
        let t = Units.kelvin(celsius: 88)
        let a = try library.electrolyte("ANP-C-1.0K").conductivity.sigma_S_m(at: t) / 100
        let b = try library.electrolyte("LiPMCE-0.16").conductivity.sigma_S_m(at: t) / 100
        let prior = try #require(f.prior), factor = try #require(f.priorFactor)
        #expect(abs(prior / (a * b).squareRoot() - 1) < 0.05, "prior \(prior), family \(a), \(b)")
        #expect(abs(log(factor) / (0.5 * abs(log(b / a))) - 1) < 0.05, "factor \(factor)")
        let band = try interval95(f)
        #expect(band.contains(3.36e-5) && band.upperBound / band.lowerBound < 1000, "\(band)")
    }

    /// Single-ion t₊: the prior holds the Bruce–Vincent values of the PEG-based single-ion networks in the seed set
    /// (LiPMCE-0.16 0.84, ANP-C-2.0K 0.932) and stays below 1.
    @Test func singleIonTransferencePriorHoldsTheFamily() throws {
        let band = try interval95(try free(try setup("ANP-C-2.0K"), "transport.transference_number"))
        #expect(band.contains(0.84) && band.contains(0.932) && band.upperBound <= 1.01, "\(band)")
        #expect(try library.electrolyte("LiPMCE-0.16").family == "single-ion")
    }

    /// ANP-C-2.0K's LFP solid-diffusion Ea is bounded by the LFP model's literature range, and the shipped value lies
    /// in it (the unbounded fit took 54 kJ/mol).
    @Test func lfpDiffusionActivationEnergyStaysInTheLiteratureRange() throws {
        let f = try free(try setup("ANP-C-2.0K"), "electrodes.LFP.diffusion_activation_energy_kJ_mol")
        let range = try #require(try library.cathode("LFP").literatureRanges["diffusion_activation_energy_kJ_mol"])
        #expect(f.lower == range.lowerBound && f.upper == range.upperBound)
        let ea = try #require(try library.electrolyte("ANP-C-2.0K").referenceCell.electrodes["LFP"]?.diffusionActivationEnergy_J_mol)
        #expect(range.contains(ea / 1000 - 1e-9) || abs(ea / 1000 - range.upperBound) < 1e-6, "\(ea / 1000) kJ/mol")
    }

    /// cheng2023's PEO/LiTFSI composite (CPCSE): the prior on σ's Ea holds the Ea the same study quotes for its other
    /// PEO/LiTFSI membranes (CNCSE 0.16 eV, PPSE 0.32 eV) and the Ea of CPCSE's own two conductivities; the t₊ prior
    /// holds PEO/LiTFSI's 0.17 (Edman 2000) and CNCSE's 0.27 and stays below 0.75; the LFP electrode's capacity prior is
    /// the LFP literature range as a 95 % interval; the contact-loss prior is the composite family's default. The
    /// shipped fit lies inside each prior's 95 % interval (the rows do not fight the priors), and CNCSE and PPSE carry
    /// CPCSE's electrode (same study, same cells).
    @Test func compositePriorsHoldTheCitedValues() throws {
        let s = try setup("CPCSE")
        let twoPoint = Physical.gas * log(1.6e-3 / 5.2e-4) / (1 / 298.15 - 1 / 333.15) / 1000
        let eaBand = try interval95(try free(s, "conductivity.activation_energy_kJ_mol"))
        for ea in [0.16 * 96.485, 0.32 * 96.485, twoPoint] { #expect(eaBand.contains(ea), "\(ea) kJ/mol outside \(eaBand)") }
        let tBand = try interval95(try free(s, "transport.transference_number"))
        #expect(tBand.contains(0.17) && tBand.contains(0.27) && tBand.contains(0.62) && tBand.upperBound < 0.75, "\(tBand)")
        let capBand = try interval95(try free(s, "electrodes.LFP.specific_capacity_mAh_g"))
        let range = try #require(try library.cathode("LFP").literatureRanges["specific_capacity_mAh_g"])
        #expect(abs(capBand.lowerBound - range.lowerBound) < 0.1 && abs(capBand.upperBound - range.upperBound) < 0.1, "\(capBand) vs \(range)")
        let contact = try free(s, "aging.contact_loss_per_cycle")
        let family = try #require(ElectrolyteFamilyDefaults.value("aging.contact_loss_per_cycle", family: "composite"))
        #expect(contact.prior == family.value && contact.priorFactor == family.prior?.spread)

        let e = try library.electrolyte("CPCSE")
        let lfp = try #require(e.referenceCell.electrodes["LFP"])
        let capacity = try #require(lfp.specificCapacity_C_kg) / 3600
        #expect(capBand.contains(capacity) && range.contains(capacity), "\(capacity) mAh/g")
        #expect(tBand.contains(e.transferenceNumber))
        #expect(eaBand.contains(e.conductivity.apparentActivationEnergy_J_mol(at: 300) / 1000))
        for sibling in ["CNCSE", "PPSE"] {
            let other = try #require(try library.electrolyte(sibling).referenceCell.electrodes["LFP"])
            #expect(other.diffusionTime_s == lfp.diffusionTime_s && other.specificCapacity_C_kg == lfp.specificCapacity_C_kg, "\(sibling)")
        }
    }

    /// NCM523: the literature range of the accessible capacity per unit x of the OCV table is the practical 160–175
    /// mAh/g at 4.3 V (DOMAIN B 1.1) over the table's 3.0–4.3 V window, not the theoretical capacity; it holds the
    /// cathode's own value and the ye2024 electrode's fit.
    @Test func ncm523RangeIsPractical() throws {
        let c = try library.cathode("NCM523")
        let range = try #require(c.literatureRanges["specific_capacity_mAh_g"])
        func x(at v: Double) -> Double {
            let (xs, us) = (c.ocvStoichiometry, c.ocvVoltage_V)
            for i in 1..<xs.count where (us[i - 1] - v) * (us[i] - v) <= 0 {
                return xs[i - 1] + (xs[i] - xs[i - 1]) * (v - us[i - 1]) / (us[i] - us[i - 1])
            }
            return .nan
        }
        let window = x(at: 3.0) - x(at: 4.3)
        #expect(abs(window - 0.969) < 0.01, "window Δx \(window)")
        #expect(abs(range.upperBound * window - 175) < 2, "upper end delivers \(range.upperBound * window) mAh/g")
        #expect(range.upperBound < c.theoreticalCapacity_C_kg / 3600)
        let fitted = try #require(try library.electrolyte("HE-PEIgPHE").referenceCell.electrodes["NCM523"]?.specificCapacity_C_kg) / 3600
        #expect(range.contains(c.specificCapacity_C_kg / 3600) && range.contains(fitted), "\(range): \(c.specificCapacity_C_kg / 3600), \(fitted)")
    }
}

extension FitRecoveryTests {
    /// Two conductivities made by a known Arrhenius law (σ 1e-3 S/cm at 25 °C, Ea 40 kJ/mol) are fitted back through
    /// the gel prior (34.7 ± 10 kJ/mol): the data, not the prior, decide. With the 0 °C row left out (the 25 °C one measured twice), Ea returns to the
    /// prior's centre with the prior's spread, and the 0 °C conductivity lies inside the 95 % band that spread gives.
    @Test func activationEnergyPriorYieldsToDataAndCarriesALeftOutTemperature() throws {
        let prior = "key = \"conductivity.activation_energy_kJ_mol\"\nprior = 34.7\nprior_sd = 10"
        let both = try FitFixtures.setup(electrolyte: "CMP-VAMMT", rows: sigmaRows("CMP-VAMMT", [0, 25]),
                                         free: ["key = \"conductivity.sigma_S_cm\"", prior])
        try synthesize(both, noiseScale: 0.3) { e in
            FitParameterRegistry.key("conductivity.sigma_S_cm")?.set(&e, 1e-3)
            FitParameterRegistry.key("conductivity.activation_energy_kJ_mol")?.set(&e, 40)
        }
        let r = try Calibrator.run(setupPath: both, library: library)
        FitFixtures.expectRecovered(r, "conductivity.sigma_S_cm", 1e-3)
        FitFixtures.expectRecovered(r, "conductivity.activation_energy_kJ_mol", 40)
        let ea = try #require(r.parameters.first { $0.key == "conductivity.activation_energy_kJ_mol" })
        #expect(abs(ea.value - 40) < 1, "Ea \(ea.value): the prior pulled it from the data")

        // Two replicate rows at 25 °C (one degree of freedom): nothing but the prior says anything about Ea.
        let one = try FitFixtures.setup(electrolyte: "CMP-VAMMT", rows: sigmaRows("CMP-VAMMT", [25, 25]),
                                        free: ["key = \"conductivity.sigma_S_cm\"", prior])
        try synthesize(one, noiseScale: 0) { e in
            FitParameterRegistry.key("conductivity.sigma_S_cm")?.set(&e, 1e-3)
            FitParameterRegistry.key("conductivity.activation_energy_kJ_mol")?.set(&e, 40)
        }
        let r1 = try Calibrator.run(setupPath: one, library: library)
        let ea1 = try #require(r1.parameters.first { $0.key == "conductivity.activation_energy_kJ_mol" })
        // The covariance the prediction bands use (unscaled by the noise-free data's χ², DOMAIN B 9), in ln Ea.
        let u = ParameterUncertainty.fromCalibration(r1)
        let k = try #require(u.parameters.firstIndex { $0.key == "conductivity.activation_energy_kJ_mol" })
        let sd = ea1.value * u.standardDeviations[k]
        #expect(abs(ea1.value - 34.7) < 0.1 && abs(sd - 10) < 1, "Ea \(ea1.value) ± \(sd)")
        // σ(0 °C) of the truth against the band the prior's spread gives on ln σ(0 °C).
        let dInv = 1 / 273.15 - 1 / 298.15
        let truth0 = 1e-3 * exp(-40_000 / Physical.gas * dInv)
        let centre0 = 1e-3 * exp(-ea1.value * 1000 / Physical.gas * dInv)
        let half = 1.96 * sd * 1000 / Physical.gas * dInv
        #expect(abs(log(truth0 / centre0)) < half, "σ(0 °C) \(truth0) outside \(centre0) ×/÷ \(exp(half))")
    }
}
