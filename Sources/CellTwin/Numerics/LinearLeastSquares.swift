import CGSL

/// Minimum-norm linear least squares through the singular value decomposition (GSL's Golub–Reinsch
/// `gsl_linalg_SV_decomp`): x = A⁺b with A⁺ = V Σ⁺ Uᵀ, singular values below
/// `relativeCutoff`·σ_max treated as zero — NumPy's `pinv(A) @ b` with its default `rcond = 1e-15`.
///
/// `a` is row-major with `rows` rows and `columns` columns; any shape (a wide matrix is solved through its
/// transpose). A zero column gets a zero coefficient.
public enum LinearLeastSquares {
    public static func solve(_ a: [Double], rows: Int, columns: Int, _ b: [Double],
                             relativeCutoff: Double = 1e-15) throws -> [Double] {
        precondition(rows > 0 && columns > 0 && a.count == rows * columns && b.count == rows, "A is rows × columns, b has rows entries")
        GSL.ensureConfigured()
        // Decompose the tall one of A and Aᵀ: T = U Σ Vᵀ (m ≥ n).
        let tall = rows >= columns
        let m = tall ? rows : columns, n = tall ? columns : rows
        guard let u = gsl_matrix_alloc(m, n), let v = gsl_matrix_alloc(n, n), let s = gsl_vector_alloc(n),
              let work = gsl_vector_alloc(n) else { throw GSLError(status: Int32(GSL_ENOMEM), context: "linear least squares") }
        defer { gsl_matrix_free(u); gsl_matrix_free(v); gsl_vector_free(s); gsl_vector_free(work) }
        for i in 0..<rows {
            for j in 0..<columns {
                if tall { gsl_matrix_set(u, i, j, a[i * columns + j]) } else { gsl_matrix_set(u, j, i, a[i * columns + j]) }
            }
        }
        try GSL.check(gsl_linalg_SV_decomp(u, v, s, work), "singular value decomposition (\(rows) × \(columns))")
        var sigma = (0..<n).map { gsl_vector_get(s, $0) }
        let cutoff = relativeCutoff * (sigma.max() ?? 0)
        sigma = sigma.map { $0 > cutoff ? 1 / $0 : 0 }
        // A = T:  x = V Σ⁺ Uᵀ b.   A = Tᵀ = V Σ Uᵀ:  x = U Σ⁺ Vᵀ b.
        let left = tall ? u : v, right = tall ? v : u   // b is projected on `left`'s columns, x built from `right`'s
        var coefficients = [Double](repeating: 0, count: n)
        for k in 0..<n where sigma[k] != 0 {
            var dot = 0.0
            for i in 0..<rows { dot += gsl_matrix_get(left, i, k) * b[i] }
            coefficients[k] = dot * sigma[k]
        }
        var x = [Double](repeating: 0, count: columns)
        for j in 0..<columns {
            var sum = 0.0
            for k in 0..<n { sum += gsl_matrix_get(right, j, k) * coefficients[k] }
            x[j] = sum
        }
        return x
    }
}
