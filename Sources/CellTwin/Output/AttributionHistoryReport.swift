import Foundation

extension LifeRecord {
    /// The attribution up to one checkpoint (``AttributionPoint``), in mAh/g of cathode.
    public struct AttributionStep: Codable, Sendable, Equatable {
        public var cycle: Int
        public var resistance_mAh_g: Double
        public var lithium_inventory_mAh_g: Double
        public var active_material_mAh_g: Double
        public var short_mAh_g: Double
        /// The loss no named mechanism explains so far.
        public var interaction_mAh_g: Double
        /// The retention reference minus this checkpoint's discharge capacity.
        public var total_mAh_g: Double

        public init(_ p: AttributionPoint, design: CellDesign) {
            cycle = p.cycle
            resistance_mAh_g = design.mAh_g(p.lost(.resistance))
            lithium_inventory_mAh_g = design.mAh_g(p.lost(.lithiumInventory))
            active_material_mAh_g = design.mAh_g(p.lost(.activeMaterial))
            short_mAh_g = design.mAh_g(p.lost(.short))
            interaction_mAh_g = design.mAh_g(p.interaction_C_m2)
            total_mAh_g = design.mAh_g(p.total_C_m2)
        }
    }
}

extension LifeReport {
    /// `attribution-history.svg`: each mechanism's cumulative capacity loss against cycle as stacked areas, in % of the
    /// retention reference, so the chart shows when each loss happened (the top edge is the capacity lost in all, the
    /// interaction included); nil without an attribution history.
    public static func attributionHistoryChart(_ r: LifeRecord, subtitle: String) -> String? {
        guard let h = r.attribution_history, h.count >= 2, r.retention_reference_mAh_g > 0 else { return nil }
        let percent = 100 / r.retention_reference_mAh_g
        let stacks: [(name: String, values: [Double])] = [
            ("resistance", h.map { $0.resistance_mAh_g * percent }),
            ("Li inventory", h.map { $0.lithium_inventory_mAh_g * percent }),
            ("active material", h.map { $0.active_material_mAh_g * percent }),
            ("short", h.map { $0.short_mAh_g * percent }),
            ("interaction", h.map { $0.interaction_mAh_g * percent }),
        ]
        return StackedAreaChart(title: "When the capacity was lost, by mechanism" + subtitle, xLabel: "cycle",
                                yLabel: "capacity lost since the reference (%)", x: h.map { Double($0.cycle) },
                                stacks: stacks).svg()
    }
}
