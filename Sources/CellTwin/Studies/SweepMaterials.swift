import Foundation

/// The materials a sweep uses, read once from the model files (values, safe to share between tasks).
public struct SweepMaterials: Sendable {
    public var electrolytes: [String: Electrolyte]
    public var cathodes: [String: Cathode]
    public var anode: LithiumAnode

    /// Loads every electrolyte and cathode the spec names and checks the upper cut-offs against each cathode's
    /// lower cut-off (errors name the option).
    public init(spec: SweepSpec, library: ModelLibrary) throws {
        var electrolytes: [String: Electrolyte] = [:], cathodes: [String: Cathode] = [:]
        for id in spec.identifiers(.electrolyte) { electrolytes[id] = try library.electrolyte(id) }
        for id in spec.identifiers(.cathode) { cathodes[id] = try library.cathode(id) }
        self.electrolytes = electrolytes
        self.cathodes = cathodes
        anode = try library.lithiumAnode()
        for cutoff in (spec.values[.upperCutoff] ?? []).compactMap(\.number) {
            for c in cathodes.values.sorted(by: { $0.id < $1.id }) where cutoff <= c.minimumVoltage_V {
                throw SweepError.invalidOption(
                    name: SweepVariable.upperCutoff.option,
                    reason: String(format: "%@ V must lie above the lower cut-off of %@ (%g V)", SweepFormat.variable(cutoff), c.id,
                                   c.minimumVoltage_V))
            }
        }
    }

    /// The cell of one point: the named materials with the point's thickness, loading and cut-off, in the spec's
    /// cell format.
    public func design(for point: SweepPoint, cell: SweepCellFormat) throws -> CellDesign {
        guard var electrolyte = electrolytes[point.electrolyte] else {
            throw SweepError.invalidOption(name: "--electrolyte", reason: "'\(point.electrolyte)' was not loaded")
        }
        guard var cathode = cathodes[point.cathode] else {
            throw SweepError.invalidOption(name: "--cathode", reason: "'\(point.cathode)' was not loaded")
        }
        if let t = point.thickness_um { electrolyte.thickness_m = t * 1e-6 }
        if let v = point.upperCutoff_V { cathode.maximumVoltage_V = v }
        return CellDesign(cathode: cathode, electrolyte: electrolyte, anode: anode,
                          cathodeLoading_kg_m2: point.loading_mg_cm2.map { Units.kg_m2(mg_cm2: $0) },
                          electrodeArea_m2: cell.electrodeArea_m2, lithiumThickness_m: cell.lithiumThickness_m,
                          cRateBasis_C_kg: cell.cRateBasis_C_kg)
    }
}
