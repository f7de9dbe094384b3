import CGSL
import Foundation
import Testing
@testable import CellTwin

/// GSL status codes become errors that say what CellTwin was doing, with GSL's own reason.
@Suite struct GSLTests {
    @Test func successPassesAndAFailureNamesItsContextAndReason() throws {
        GSL.ensureConfigured()
        try GSL.check(Int32(GSL_SUCCESS), "never")
        do {
            try GSL.check(Int32(GSL_EDOM), "the diffusion eigenvalues")
            Issue.record("GSL_EDOM passed")
        } catch let e as GSLError {
            #expect(e == GSLError(status: Int32(GSL_EDOM), context: "the diffusion eigenvalues"))
            #expect(e.description == "the diffusion eigenvalues: GSL status \(GSL_EDOM) (input domain error)")
        }
    }

    /// With the error handler off, a call GSL refuses returns its status instead of aborting the process: an SVD whose
    /// V does not match A's columns is a bad length.
    @Test func theErrorHandlerIsOff() throws {
        GSL.ensureConfigured()
        let a = try #require(gsl_matrix_alloc(2, 2)), v = try #require(gsl_matrix_alloc(3, 3))
        let s = try #require(gsl_vector_alloc(2)), work = try #require(gsl_vector_alloc(2))
        defer { gsl_matrix_free(a); gsl_matrix_free(v); gsl_vector_free(s); gsl_vector_free(work) }
        #expect(gsl_linalg_SV_decomp(a, v, s, work) == Int32(GSL_EBADLEN))
    }
}
