import CGSL

/// A failed GSL call, with the GSL status code and what CellTwin was doing.
public struct GSLError: Error, CustomStringConvertible, Equatable {
    public let status: Int32
    public let context: String

    public init(status: Int32, context: String) {
        self.status = status
        self.context = context
    }

    public var description: String {
        let reason = String(cString: gsl_strerror(status))
        return "\(context): GSL status \(status) (\(reason))"
    }
}

/// Process-wide GSL set-up. GSL's default error handler calls `abort()`; CellTwin turns it off
/// once and checks every status code instead.
enum GSL {
    private static let configured: Bool = {
        cgsl_error_handler_off()
        return true
    }()

    /// Call before any GSL use. Cheap after the first call.
    @inline(__always)
    static func ensureConfigured() {
        _ = configured
    }

    /// Throws a `GSLError` for any status other than `GSL_SUCCESS`.
    @inline(__always)
    static func check(_ status: Int32, _ context: @autoclosure () -> String) throws {
        if status != GSL_SUCCESS {
            throw GSLError(status: status, context: context())
        }
    }
}
