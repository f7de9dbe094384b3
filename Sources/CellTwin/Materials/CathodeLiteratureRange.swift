import Foundation

/// Literature ranges of a cathode's per-study electrode parameters (`[literature]` of `Models/cathodes/*.toml`):
/// a study's fitted electrode (`[electrodes.<cathode>]` of an electrolyte model file) is checked against them and
/// `celltwin list` prints them beside each value. Keys are the electrode keys with `_min` / `_max`, in the electrode
/// keys' lab units.
public enum CathodeLiteratureRange {
    /// The electrode keys that carry a range.
    public static let leaves = ["diffusion_time_s", "diffusion_activation_energy_kJ_mol", "specific_capacity_mAh_g", "porosity"]

    /// Keys allowed in `[literature]`.
    public static var keys: [String] { leaves.flatMap { [$0 + "_min", $0 + "_max"] } }

    /// Reads `[literature]`: every leaf with both ends, min < max.
    static func read(_ section: Section) throws -> [String: ClosedRange<Double>] {
        try section.rejectUnknownKeys(Set(keys))
        var ranges: [String: ClosedRange<Double>] = [:]
        for leaf in leaves {
            // Both ends lie within the physical range of the electrode key (``CathodeKeys/electrodeOverrides``).
            guard let k = CathodeKeys.override(leaf) else { continue }
            let lo = try section.optionalNumber(leaf + "_min", as: k), hi = try section.optionalNumber(leaf + "_max", as: k)
            switch (lo, hi) {
            case (nil, nil): continue
            case let (l?, h?):
                guard l < h else { throw section.error(leaf + "_max", "must exceed \(leaf)_min (\(l))") }
                ranges[leaf] = l...h
            default:
                throw section.error(leaf + (lo == nil ? "_min" : "_max"), "a range needs both \(leaf)_min and \(leaf)_max")
            }
        }
        return ranges
    }
}
