import Foundation

/// Named states of a cell model, laid out in order of declaration (no hand-numbered indices): each submodel adds
/// its states with a name and the scale the absolute tolerance and the trace refer to.
public struct StateLayout: Sendable, Equatable {
    public private(set) var names: [String] = []
    /// Natural scale of each state (absolute tolerance = atol × scale).
    public private(set) var scales: [Double] = []

    public init() {}

    public var count: Int { names.count }

    /// Adds one state; returns its index.
    public mutating func add(_ name: String, scale: Double = 1) -> Int {
        names.append(name)
        scales.append(scale)
        return names.count - 1
    }

    /// Adds `count` states named `name1…nameN`; returns their indices.
    public mutating func add(_ name: String, count: Int, scale: Double = 1) -> Range<Int> {
        let start = names.count
        for k in 0..<count { _ = add("\(name)\(k + 1)", scale: scale) }
        return start..<(start + count)
    }

    /// The index of the state called `name`.
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }
}
