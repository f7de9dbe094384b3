import Foundation

/// A fittable electrolyte parameter, named by its model-file key (`section.key`). `get`/`set` work in the
/// model file's lab unit (the key's suffix); the conversion to the SI value inside ``Electrolyte`` happens here.
public struct FitKey: Sendable {
    public var key: String
    /// Lab unit of the model-file value.
    public var unit: String
    /// nil when the electrolyte does not have this parameter (e.g. `vft_B_K` of an Arrhenius law).
    public var get: @Sendable (Electrolyte) -> Double?
    public var set: @Sendable (inout Electrolyte, Double) -> Void
    /// Domain the solver keeps the value in (positive keys are fitted in log space).
    public var constraint: @Sendable (Electrolyte) -> ParameterConstraint

    /// The model-file section and key (`conductivity`, `sigma_S_cm`).
    public var section: String { String(key.split(separator: ".").first ?? "") }
    public var leaf: String { String(key.split(separator: ".").last ?? "") }
}

/// Every parameter `celltwin calibrate` can fit.
public enum FitParameterRegistry {
    public static func key(_ name: String) -> FitKey? { all.first { $0.key == name } ?? electrodeKey(name) }
    public static var names: [String] { all.map(\.key) + electrodeLeaves.map { "electrodes.<cathode>.\($0.leaf)" } }

    /// The fittable keys of the key table (``ElectrolyteKeys``), in file order. A key the electrolyte's conductivity
    /// law does not have reads nil.
    public static let all: [FitKey] = ElectrolyteKeys.all.compactMap { k in
        guard let constraint = k.fit else { return nil }
        let laws = k.laws
        return FitKey(key: k.path, unit: k.unit, get: { e in
            laws.map { $0.contains(e.conductivity.name) } ?? true ? k.get(e) : nil
        }, set: { e, v in
            if laws.map({ $0.contains(e.conductivity.name) }) ?? true { k.set(&e, v) }
        }, constraint: constraint)
    }

    // MARK: - The study's electrodes (`[electrodes.<cathode>]` of the model file)

    private struct ElectrodeLeaf {
        var leaf: String, unit: String, scale: Double
        var path: WritableKeyPath<ElectrodeOverrides, Double?> & Sendable
        var cathode: @Sendable (Cathode) -> Double
    }

    private static let electrodeLeaves: [ElectrodeLeaf] = [
        ElectrodeLeaf(leaf: "diffusion_time_s", unit: "s", scale: 1, path: \.diffusionTime_s, cathode: { $0.diffusionTime_s }),
        ElectrodeLeaf(leaf: "diffusion_activation_energy_kJ_mol", unit: "kJ/mol", scale: 1000,
                      path: \.diffusionActivationEnergy_J_mol, cathode: { $0.diffusionActivationEnergy_J_mol }),
        // mA cm⁻² → A m⁻²: × 10.
        ElectrodeLeaf(leaf: "exchange_current_mA_cm2", unit: "mA/cm²", scale: 10, path: \.exchangeCurrent_A_m2,
                      cathode: { $0.exchangeCurrent.referenceValue }),
        // mAh g⁻¹ → C kg⁻¹: × 3600.
        ElectrodeLeaf(leaf: "specific_capacity_mAh_g", unit: "mAh/g", scale: 3600, path: \.specificCapacity_C_kg,
                      cathode: { $0.specificCapacity_C_kg }),
    ]

    /// The cathode ID and leaf of an electrode key `electrodes.<cathode ID>.<leaf>` (`electrodes.LFP.diffusion_time_s`
    /// → (`LFP`, `diffusion_time_s`)); nil for any other key (another section, or not three non-empty parts). The one
    /// place such a key is split: the registry's electrode keys, ``FallbackPrior`` and ``ParameterUncertainty``'s
    /// electrode terms read it from here.
    public static func electrodeKeyParts(_ name: String) -> (cathode: String, leaf: String)? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "electrodes", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        return (String(parts[1]), String(parts[2]))
    }

    /// `electrodes.<cathode ID>.<leaf>`: a parameter of the study's electrode of that cathode. Without a value in
    /// the model file the start is the shipped cathode's (``cathodeValue(_:cathodes:)``).
    static func electrodeKey(_ name: String) -> FitKey? {
        guard let (id, leafName) = electrodeKeyParts(name), let leaf = electrodeLeaves.first(where: { $0.leaf == leafName }) else { return nil }
        let path = leaf.path, scale = leaf.scale
        return FitKey(key: name, unit: leaf.unit, get: { e in
            e.referenceCell.electrodes[id]?[keyPath: path].map { $0 / scale }
        }, set: { e, v in
            e.referenceCell.electrodes[id, default: ElectrodeOverrides()][keyPath: path] = v * scale
        }, constraint: { _ in .positive })
    }

    /// The shipped cathode's value of an electrode key (lab units), the start when the model file has none.
    public static func cathodeValue(_ name: String, cathodes: [String: Cathode]) -> Double? {
        guard let (id, leafName) = electrodeKeyParts(name), let c = cathodes[id],
              let leaf = electrodeLeaves.first(where: { $0.leaf == leafName }) else { return nil }
        return leaf.cathode(c) / leaf.scale
    }

    /// The electrode keys an electrolyte's model file sets (`electrodes.<cathode>.<leaf>`), sorted.
    public static func electrodeKeyNames(_ e: Electrolyte) -> [String] {
        e.referenceCell.electrodes.keys.sorted().flatMap { id in
            electrodeLeaves.filter { e.referenceCell.electrodes[id]?[keyPath: $0.path] != nil }.map { "electrodes.\(id).\($0.leaf)" }
        }
    }
}
