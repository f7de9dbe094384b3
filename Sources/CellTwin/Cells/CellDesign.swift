import Foundation

/// A Li | electrolyte | cathode cell: materials plus the format they are assembled in (DOMAIN A1).
/// Everything is per unit area; `electrodeArea_m2` converts to cell currents.
public struct CellDesign: Sendable, Equatable {
    public var cathode: Cathode
    public var electrolyte: Electrolyte
    public var anode: LithiumAnode
    /// Active-material loading, kg m⁻².
    public var cathodeLoading_kg_m2: Double
    public var electrodeArea_m2: Double
    /// Contact ASR, Ω m².
    public var contactASR_ohm_m2: Double
    /// Charge per kg that defines 1C, C kg⁻¹ (studies often use 170 mA g⁻¹ for LFP).
    public var cRateBasis_C_kg: Double

    /// Values not given come from the electrolyte's reference cell (the study's format), then from
    /// the materials' defaults; the cathode takes the study's electrode parameters (`[electrodes.<ID>]` of the
    /// electrolyte's model file) where there are any. `anode` is the Li foil material; its thickness is replaced by
    /// `lithiumThickness_m` or the reference cell's when given.
    public init(cathode: Cathode, electrolyte: Electrolyte, anode: LithiumAnode = LithiumAnode(thickness_m: 50e-6),
                cathodeLoading_kg_m2: Double? = nil, electrodeArea_m2: Double? = nil,
                contactASR_ohm_m2: Double? = nil, lithiumThickness_m: Double? = nil, cRateBasis_C_kg: Double? = nil) {
        let format = electrolyte.referenceCell
        // The study's own electrode of this cathode, where the electrolyte's model file describes one.
        self.cathode = format.electrodes[cathode.id]?.applied(to: cathode) ?? cathode
        self.electrolyte = electrolyte
        self.anode = anode.withThickness(lithiumThickness_m ?? format.lithiumThickness_m ?? anode.thickness_m)
        let studyLoading = format.loadingCathodeID == nil || format.loadingCathodeID == cathode.id ? format.cathodeLoading_kg_m2 : nil
        self.cathodeLoading_kg_m2 = cathodeLoading_kg_m2 ?? studyLoading ?? cathode.defaultLoading_kg_m2
        self.electrodeArea_m2 = electrodeArea_m2 ?? format.electrodeArea_m2
        self.contactASR_ohm_m2 = contactASR_ohm_m2 ?? format.contactASR_ohm_m2
        self.cRateBasis_C_kg = cRateBasis_C_kg ?? cathode.nominalCapacity_C_kg
    }

    /// Areal capacity that defines 1C: Q₀ = q·m, C m⁻² (DOMAIN A1).
    public var nominalCapacity_C_m2: Double { cRateBasis_C_kg * cathodeLoading_kg_m2 }

    /// Li capacity over the nominal cathode capacity (N/P).
    public var negativeToPositiveRatio: Double { anode.capacity_C_m2 / nominalCapacity_C_m2 }

    /// Charge per unit stoichiometry, C m⁻².
    public var stoichiometricCapacity_C_m2: Double { cathode.specificCapacity_C_kg * cathodeLoading_kg_m2 }

    /// Current density for a C-rate (positive on discharge), A m⁻².
    public func currentDensity(cRate: Double) -> Double { cRate * nominalCapacity_C_m2 / 3600 }

    /// Converts an areal charge (C m⁻²) to mAh per gram of active material.
    public func mAh_g(_ charge_C_m2: Double) -> Double { charge_C_m2 / cathodeLoading_kg_m2 / 3600 }
}
