import Foundation

/// A deterministic slice of a grid for runs on several machines: shard `i` of `n` (1-based) holds the points
/// whose grid index k (0-based) satisfies k mod n = i − 1. The shards of one `n` partition the grid.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based.
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1 else { throw SweepError.invalidOption(name: "--shard", reason: "the number of shards n must be at least 1, got \(count)") }
        guard (1...count).contains(index) else {
            throw SweepError.invalidOption(name: "--shard", reason: "'\(index)/\(count)': i must lie in 1…\(count) (write i/n, e.g. 1/\(count))")
        }
        self.index = index
        self.count = count
    }

    /// Reads `i/n`, e.g. `2/8`.
    public init(parsing text: String) throws {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw SweepError.invalidOption(name: "--shard", reason: "cannot read '\(text)' (write i/n with whole numbers, e.g. 2/8)")
        }
        try self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    public func contains(point k: Int) -> Bool { k % count == index - 1 }

    /// The grid indices of this shard among `total` points, ascending.
    public func points(of total: Int) -> [Int] { Array(stride(from: index - 1, to: total, by: count)) }
}
