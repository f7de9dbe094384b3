import Foundation
import Testing
@testable import CellTwin

/// The comment line of a partial sweep CSV: what it records and how it reads back.
@Suite struct SweepPartTests {
    @Test func aPartialCSVStartsWithItsGridAndAPointColumn() throws {
        let g = try SweepMergeTests().grid()
        let text = try SweepMergeTests().parts(g, count: 2)[1].text
        let lines = text.split(separator: "\n")
        #expect(lines[0].hasPrefix("# celltwin sweep part: shard=2/2 points=6 grid=\(g.spec.fingerprint)"))
        #expect(lines[1] == "point,temperature_C,c_rate,first_discharge_capacity_mAh_g,final_retention,cycles_to_80,mean_overpotential_V,discharge_energy_mWh_g,end_reason")
        #expect(lines[2].hasPrefix("1,0,1.5,0.0123457,,,,0.04,"))
    }

    @Test("the comment line reads back as the same part, a title with spaces and symbols included")
    func commentLineRoundTrips() throws {
        let part = SweepPart(shard: try Shard(index: 3, count: 4), points: 12, fingerprint: "abc123",
                             context: SweepContext(title: "ANP-C-2.0K | LFP & more", cycles: 300, threshold: 0.7), metrics: [.retention, .energy])
        let line = part.commentLine
        #expect(line.hasPrefix(SweepPart.prefix) && !line.dropFirst(SweepPart.prefix.count).contains("|"))
        #expect(try SweepPart(commentLine: line, file: "p.csv") == part)
        let plain = SweepPart(shard: try Shard(index: 1, count: 1), points: 1, fingerprint: "f", context: SweepContext(title: "t", cycles: 1, threshold: nil))
        #expect(try SweepPart(commentLine: plain.commentLine, file: "p.csv") == plain)
    }

    @Test("a line that is not a part's, or lacks or garbles a field, is a merge error naming the file")
    func badCommentLines() {
        let good = "\(SweepPart.prefix) shard=1/2 points=4 grid=g cycles=10 until=- metrics=- title=t"
        let cases: [(String, String)] = [
            ("point,temperature_C", "not a partial sweep CSV"),
            (good.replacingOccurrences(of: " grid=g", with: ""), "line 1 lacks 'grid='"),
            (good.replacingOccurrences(of: "shard=1/2", with: "shard=3/2"), "line 1: bad shard"),
            (good.replacingOccurrences(of: "cycles=10", with: "cycles=0"), "line 1: bad cycle count"),
            (good.replacingOccurrences(of: "until=-", with: "until=soon"), "line 1: bad until"),
            (good.replacingOccurrences(of: "metrics=-", with: "metrics=speed"), "unknown metric 'speed'"),
            (good + " stray", "cannot read 'stray' on line 1"),
        ]
        for (line, words) in cases {
            #expect { try SweepPart(commentLine: line, file: "p.csv") } throws: { "\($0)".hasPrefix("p.csv: ") && "\($0)".contains(words) }
        }
    }
}
