import Foundation

/// Progress texts for a terminal (a bar redrawn in place) and for logs (plain lines).
public enum SweepProgressText {
    /// `[##########----------]  12/78 points  15 %  elapsed 0:03  ETA 0:17` (`width`: characters inside the bar).
    public static func bar(_ p: SweepProgress, width: Int = 30) -> String {
        let fraction = p.total > 0 ? Double(p.completed) / Double(p.total) : 1
        let filled = min(max(Int((fraction * Double(width)).rounded(.down)), 0), width)
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]  "
            + summary(p)
    }

    /// `sweep: 12/78 points (15 %), elapsed 0:03, ETA 0:17`.
    public static func line(_ p: SweepProgress) -> String { "sweep: " + summary(p).replacingOccurrences(of: "  ", with: ", ") }

    static func summary(_ p: SweepProgress) -> String {
        let percent = p.total > 0 ? 100 * p.completed / p.total : 100
        var s = "\(p.completed)/\(p.total) points  \(percent) %  elapsed \(clock(p.elapsed_s))"
        if let r = p.remaining_s, p.completed < p.total { s += "  ETA \(clock(r))" }
        return s
    }

    /// `m:ss`, or `h:mm:ss` from an hour on.
    public static func clock(_ seconds: Double) -> String {
        let t = Int(max(seconds, 0).rounded())
        let h = t / 3600, m = (t % 3600) / 60, s = t % 60
        func two(_ x: Int) -> String { x < 10 ? "0\(x)" : "\(x)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }

    /// Whether a plain line is due: at the first and last point, every 10 % and at least every `interval_s`.
    public static func lineDue(_ p: SweepProgress, lastLine_s: Double, lastCompleted: Int, interval_s: Double = 5) -> Bool {
        if p.completed == p.total || lastCompleted == 0 { return true }
        let step = max(p.total / 10, 1)
        return p.completed / step != lastCompleted / step || p.elapsed_s - lastLine_s >= interval_s
    }
}
