namespace FormulaLmm.Numerics;

/// <summary>
/// Blocked lower Cholesky factorisation A = L·Lᵀ of a dense symmetric positive definite matrix stored
/// column-major, in place. Right-looking: each 128-column panel is factored, solved against and subtracted
/// from the trailing triangle with register-tiled FMA micro-kernels (24×8 tiles of 512-bit vectors where
/// AVX-512 is available, 12×4 tiles of 256-bit vectors with FMA otherwise, else scalar); large updates are
/// spread over the workspace's threads.
/// </summary>
/// <remarks>
/// Reproducibility: every element is computed by one thread with a fixed order of operations that depends
/// only on n and the instruction set, never on how many threads ran, so results are bitwise identical
/// for any <see cref="KernelWorkspace.MaxDegreeOfParallelism"/> on the same instruction set. Different
/// instruction sets (and other BLAS/LAPACK libraries) agree to rounding only.
/// </remarks>
internal static class DenseCholesky
{
    /// <summary>Factors with the calling thread's <see cref="KernelWorkspace.ForCurrentThread"/>.</summary>
    public static int Factor(Span<double> a, int n, int lda) => Factor(a, n, lda, KernelWorkspace.ForCurrentThread);

    /// <summary>
    /// Overwrites the lower triangle of the n×n matrix <paramref name="a"/> (column-major, leading dimension
    /// <paramref name="lda"/>) with its Cholesky factor L. Only the lower triangle is read; the strict upper
    /// triangle and the rows between n and lda are never touched.
    /// </summary>
    /// <returns>0 on success; otherwise the 1-based column j at which the leading j×j minor is not positive
    /// definite (its pivot is ≤ 0, NaN or infinite), as LAPACK's dpotrf reports it. Columns before j then
    /// hold L; the rest of the lower triangle holds partially updated values.</returns>
    public static unsafe int Factor(Span<double> a, int n, int lda, KernelWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        MatrixArguments.Require(a.Length, n, n, lda, nameof(a));
        if (n == 0)
        {
            return 0;
        }
        fixed (double* p = a)
        {
            return LevelThree.Factor(workspace, p, n, lda);
        }
    }
}
