import Foundation

/// The protocol assumptions behind a fit's predictions, stated beside the residuals: the charge rate of each
/// full-cell test (the study's `rate_test_charge_c_rate` or the default rule), temperatures and cathodes the rows
/// do not state, and the cell geometry with where each number comes from.
extension FitModel {
    /// What the prediction of `p` assumes that its row does not state ("" when nothing).
    func protocolText(_ p: FitPoint, _ e: Electrolyte) -> String {
        var parts: [String] = []
        if p.row.temperature_C == nil, let t = p.temperature_C { parts.append(String(format: "%g °C (set-up temperature_C)", t)) }
        let fullCell: Set<FitPointKind> = [.capacity, .cycledCapacity, .retention, .cyclingLife, .coulombicEfficiency, .voltageCurve]
        if fullCell.contains(p.kind) {
            if p.row.cathode == nil { parts.append("cathode \(setup.cathodeID ?? "LFP") (\(setup.cathodeID == nil ? "default" : "set-up cathode"))") }
            let rate = p.row.cRate ?? 0.5
            let rule = "default rule: the discharge rate up to 1C, 0.1C above"
            switch p.kind {
            case .capacity where p.row.kind == "rate_capability":
                let c = e.referenceCell.rateTestChargeCRate(forDischarge: rate)
                let from = e.referenceCell.rateTestChargeCRate == nil ? rule
                    : setup.rateTestChargeCRate != nil ? "set-up rate_test_charge_c_rate" : "model file rate_test_charge_c_rate"
                parts.append(String(format: "CC charge %gC (%@)", c, from))
            case .voltageCurve:
                parts.append(String(format: "CC charge and discharge at %gC", rate))
            case .capacity, .cyclingLife:
                parts.append(String(format: "CC charge %gC (%@)", Self.chargeRate(p, rate, e), rule))
            default:
                parts.append(String(format: "CC-CV charge %gC (%@)", CellFormat.defaultChargeCRate(forDischarge: rate), rule))
            }
        }
        if p.kind == .interfaceResistance, let n = p.row.cycle, n > 0 {
            if p.row.current_mA_cm2 == nil, let j = setup.symmetricCurrent_A_m2 { parts.append(String(format: "%g mA/cm2 (set-up)", Units.mA_cm2(A_m2: j))) }
            if p.row.arealCapacity_mAh_cm2 == nil, let q = setup.symmetricCapacity_C_m2 { parts.append(String(format: "%g mAh/cm2 (set-up)", Units.mAh_cm2(C_m2: q))) }
        }
        return parts.joined(separator: "; ")
    }

    /// The cell geometry the predictions use, one line per quantity, with its origin (fit set-up or model file).
    func geometryNotes(_ e: Electrolyte) -> [String] {
        func from(_ setUp: Bool) -> String { setUp ? "fit set-up [assumptions]" : "model file" }
        var notes = [String(format: "electrolyte thickness %g µm (%@)", e.thickness_m * 1e6, from(setup.thickness_m != nil)),
                     String(format: "electrode area %g cm² (%@)", (setup.electrodeArea_m2 ?? e.referenceCell.electrodeArea_m2) * 1e4,
                            from(setup.electrodeArea_m2 != nil))]
        let cathodesUsed = Set(points.filter { [.capacity, .cycledCapacity, .retention, .cyclingLife, .coulombicEfficiency, .voltageCurve].contains($0.kind) }
            .map { $0.row.cathode ?? setup.cathodeID ?? "LFP" }).sorted()
        for id in cathodesUsed {
            guard let d = try? Self.design(cathodeID: id, e, setup: setup, cathodes: cathodes, anode: anode, file: setup.path) else { continue }
            let loadingFrom = id == (setup.cathodeID ?? e.referenceCell.loadingCathodeID) && setup.cathodeLoading_kg_m2 != nil ? "fit set-up [assumptions]"
                : e.referenceCell.cathodeLoading_kg_m2 != nil && (e.referenceCell.loadingCathodeID == nil || e.referenceCell.loadingCathodeID == id)
                ? "model file" : "the cathode model's default"
            notes.append(String(format: "%@ loading %g mg/cm² (%@), Li foil %g µm (%@)", id, d.cathodeLoading_kg_m2 * 100, loadingFrom,
                                d.anode.thickness_m * 1e6, setup.lithiumThickness_m != nil ? "fit set-up [assumptions]"
                                    : e.referenceCell.lithiumThickness_m != nil ? "model file" : "the anode's default"))
        }
        return notes
    }
}
