namespace FormulaLmm.Numerics;

/// <summary>
/// Dense level-3 building blocks on column-major matrices with leading dimensions, working in place:
/// symmetric and general rank-k subtraction, triangular solves with a lower Cholesky factor, and its
/// log-determinant. Operands must not overlap the output. Results do not depend on the number of threads
/// (see <see cref="DenseCholesky"/>). Scratch memory comes from the workspace, which defaults to
/// <see cref="KernelWorkspace.ForCurrentThread"/>.
/// </summary>
internal static class DenseKernels
{
    /// <summary>Lower triangle of C (n×n) -= A·Aᵀ for A (n×k); C's strict upper triangle is not touched.</summary>
    public static unsafe void SyrkLowerSubtract(int n, int k, ReadOnlySpan<double> a, int lda, Span<double> c, int ldc,
        KernelWorkspace? workspace = null)
    {
        MatrixArguments.Require(a.Length, n, k, lda, nameof(a));
        MatrixArguments.Require(c.Length, n, n, ldc, nameof(c));
        if (n == 0 || k == 0)
        {
            return;
        }
        KernelWorkspace ws = workspace ?? KernelWorkspace.ForCurrentThread;
        fixed (double* pa = a)
        fixed (double* pc = c)
        {
            LevelThree.Syrk(ws, pa, lda, pc, ldc, n, k);
        }
    }

    /// <summary>C (m×n) -= A·Bᵀ for A (m×k) and B (n×k).</summary>
    public static unsafe void GemmSubtract(int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb,
        Span<double> c, int ldc, KernelWorkspace? workspace = null)
    {
        MatrixArguments.Require(a.Length, m, k, lda, nameof(a));
        MatrixArguments.Require(b.Length, n, k, ldb, nameof(b));
        MatrixArguments.Require(c.Length, m, n, ldc, nameof(c));
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }
        KernelWorkspace ws = workspace ?? KernelWorkspace.ForCurrentThread;
        fixed (double* pa = a)
        fixed (double* pb = b)
        fixed (double* pc = c)
        {
            LevelThree.Gemm(ws, m, n, k, pa, 1, lda, pb, 1, ldb, pc, ldc);
        }
    }

    /// <summary>B (m×n) := B·L⁻ᵀ, i.e. solves X·Lᵀ = B, for the n×n lower triangle L (the panel step of a
    /// blocked Cholesky: the off-diagonal block of a factor from the corresponding block of the matrix).</summary>
    public static unsafe void TrsmLowerRightTranspose(int m, int n, ReadOnlySpan<double> l, int ldl, Span<double> b, int ldb,
        KernelWorkspace? workspace = null)
    {
        MatrixArguments.Require(l.Length, n, n, ldl, nameof(l));
        MatrixArguments.Require(b.Length, m, n, ldb, nameof(b));
        if (m == 0 || n == 0)
        {
            return;
        }
        KernelWorkspace ws = workspace ?? KernelWorkspace.ForCurrentThread;
        fixed (double* pl = l)
        fixed (double* pb = b)
        {
            LevelThree.TrsmRightLowerTranspose(ws, pl, ldl, pb, ldb, m, n);
        }
    }

    /// <summary>B (n×nrhs) := L⁻¹·B, i.e. solves L·X = B (forward substitution), for the n×n lower triangle L.</summary>
    public static unsafe void TrsmLowerLeft(int n, int nrhs, ReadOnlySpan<double> l, int ldl, Span<double> b, int ldb,
        KernelWorkspace? workspace = null)
    {
        MatrixArguments.Require(l.Length, n, n, ldl, nameof(l));
        MatrixArguments.Require(b.Length, n, nrhs, ldb, nameof(b));
        if (n == 0 || nrhs == 0)
        {
            return;
        }
        KernelWorkspace ws = workspace ?? KernelWorkspace.ForCurrentThread;
        fixed (double* pl = l)
        fixed (double* pb = b)
        {
            LevelThree.TrsmLeftLower(ws, pl, ldl, pb, ldb, n, nrhs);
        }
    }

    /// <summary>B (n×nrhs) := L⁻ᵀ·B, i.e. solves Lᵀ·X = B (back substitution), for the n×n lower triangle L.</summary>
    public static unsafe void TrsmLowerLeftTranspose(int n, int nrhs, ReadOnlySpan<double> l, int ldl, Span<double> b, int ldb,
        KernelWorkspace? workspace = null)
    {
        MatrixArguments.Require(l.Length, n, n, ldl, nameof(l));
        MatrixArguments.Require(b.Length, n, nrhs, ldb, nameof(b));
        if (n == 0 || nrhs == 0)
        {
            return;
        }
        KernelWorkspace ws = workspace ?? KernelWorkspace.ForCurrentThread;
        fixed (double* pl = l)
        fixed (double* pb = b)
        {
            LevelThree.TrsmLeftLowerTranspose(ws, pl, ldl, pb, ldb, n, nrhs);
        }
    }

    /// <summary>x := L⁻¹·x (forward substitution) for the n×n lower triangle L; x has n elements.</summary>
    public static unsafe void SolveLower(ReadOnlySpan<double> l, int n, int ldl, Span<double> x)
    {
        MatrixArguments.Require(l.Length, n, n, ldl, nameof(l));
        MatrixArguments.Require(x.Length, n, 1, Math.Max(1, n), nameof(x));
        fixed (double* pl = l)
        fixed (double* px = x)
        {
            LevelThree.SolveLower(SimdSupport.Best, pl, ldl, px, n);
        }
    }

    /// <summary>x := L⁻ᵀ·x (back substitution) for the n×n lower triangle L; x has n elements.</summary>
    public static unsafe void SolveLowerTranspose(ReadOnlySpan<double> l, int n, int ldl, Span<double> x)
    {
        MatrixArguments.Require(l.Length, n, n, ldl, nameof(l));
        MatrixArguments.Require(x.Length, n, 1, Math.Max(1, n), nameof(x));
        fixed (double* pl = l)
        fixed (double* px = x)
        {
            LevelThree.SolveLowerTranspose(SimdSupport.Best, pl, ldl, px, n);
        }
    }

    /// <summary>log det(L·Lᵀ) = 2 Σ log L_ii for a Cholesky factor L (n×n); summing logarithms cannot
    /// overflow where the product of the diagonal would.</summary>
    public static double LogDetFromCholesky(ReadOnlySpan<double> l, int n, int ldl)
    {
        MatrixArguments.Require(l.Length, n, n, ldl, nameof(l));
        double sum = 0.0;
        for (int i = 0; i < n; i++)
        {
            sum += Math.Log(l[i + i * ldl]);
        }
        return 2.0 * sum;
    }
}
