import Foundation

/// A bad sweep, shard or merge input, or a cancelled sweep. `description` names the option (or file) at fault.
public enum SweepError: Error, CustomStringConvertible, Equatable {
    /// A value list that cannot be read (`hint`: the message shows how to write one) or holds a forbidden value;
    /// `name` is the option or file key.
    case invalidValues(name: String, text: String, reason: String, hint: Bool = true)
    /// An option with a bad value (`name` is the option).
    case invalidOption(name: String, reason: String)
    /// A partial CSV that cannot be merged.
    case merge(file: String, reason: String)
    /// The sweep was cancelled before every point ran.
    case cancelled

    public var description: String {
        switch self {
        case let .invalidValues(name, text, reason, hint):
            return "\(name) '\(text)': \(reason)"
                + (hint ? "; write a list such as 0.1,0.2,0.5 or a range start...end:step such as 0...120:10" : "")
        case let .invalidOption(name, reason): return "\(name): \(reason)"
        case let .merge(file, reason): return "\(file): \(reason)"
        case .cancelled: return "the sweep was cancelled"
        }
    }
}
