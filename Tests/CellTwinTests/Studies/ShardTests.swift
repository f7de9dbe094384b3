import Foundation
import Testing
@testable import CellTwin

/// Shards of a sweep grid (`--shard i/n`).
@Suite struct ShardTests {
    @Test func shardsPartitionTheGrid() throws {
        let total = 23
        var seen: [Int] = []
        for i in 1...4 {
            let s = try Shard(parsing: "\(i)/4")
            let points = s.points(of: total)
            #expect(points.allSatisfy { $0 % 4 == i - 1 && s.contains(point: $0) })
            seen += points
        }
        #expect(seen.sorted() == Array(0..<total))
        let spaced = try Shard(parsing: " 2 / 3 "), plain = try Shard(index: 2, count: 3)
        #expect(spaced == plain)
    }

    @Test(arguments: ["3/2", "0/2", "1/0", "-1/2", "2", "a/b", "1/2/3", ""])
    func badShardsNameTheOption(text: String) throws {
        let error = try #require(throws: SweepError.self) { try Shard(parsing: text) }
        #expect(error.description.hasPrefix("--shard"), "\(error)")
    }
}
