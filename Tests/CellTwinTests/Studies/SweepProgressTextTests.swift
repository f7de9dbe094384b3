import Foundation
import Testing
@testable import CellTwin

/// Progress text of a running sweep.
@Suite struct SweepProgressTextTests {
    @Test func progressTextShowsCountsAndETA() {
        let p = SweepProgress(completed: 12, total: 78, elapsed_s: 3)
        #expect(SweepProgressText.bar(p, width: 26) == "[####----------------------]  12/78 points  15 %  elapsed 0:03  ETA 0:17")
        #expect(SweepProgressText.line(p) == "sweep: 12/78 points, 15 %, elapsed 0:03, ETA 0:17")
        #expect(SweepProgressText.clock(3725) == "1:02:05")
    }
}
