using System.Numerics.Tensors;

namespace FormulaLmm.Numerics;

/// <summary>
/// Dense lower Cholesky factorisation of a symmetric positive-definite matrix stored row-major
/// (A[i, j] = a[i * n + j]). Only the lower triangle is read and written; the strict upper
/// triangle is left as it was. Kept behind this small static surface so that a tuned (multi-core)
/// kernel can replace it without touching callers.
/// </summary>
public static class DenseCholesky
{
    /// <summary>Panel width of the blocked factorisation: a panel of rows stays in cache during the update.</summary>
    private const int BlockSize = 96;

    /// <summary>
    /// Overwrites the lower triangle of the row-major n×n matrix <paramref name="a"/> with L, A = LL'.
    /// Returns false (leaving <paramref name="a"/> partly overwritten) when A is not numerically
    /// positive definite.
    /// </summary>
    public static bool FactorInPlace(Span<double> a, int n)
    {
        if (n <= BlockSize) return FactorUnblocked(a, n, 0, n, n);
        // Right-looking blocked: factor a diagonal block, solve the panel below it, then subtract
        // the panel's Gram matrix from the trailing matrix (where nearly all the work is, done by a
        // register-tiled kernel on contiguous row segments).
        for (int k0 = 0; k0 < n; k0 += BlockSize)
        {
            int kb = Math.Min(BlockSize, n - k0);
            if (!FactorUnblocked(a, n, k0, kb, n)) return false;
            int rest = k0 + kb;
            for (int r = rest; r < n; r++)
            {
                var row = a.Slice(r * n + k0, kb);
                for (int c = 0; c < kb; c++)
                {
                    var lc = a.Slice((k0 + c) * n + k0, c + 1);
                    row[c] = (row[c] - TensorPrimitives.Dot(lc[..c], row[..c])) / lc[c];
                }
            }
            if (rest < n) DenseKernels.SubtractGramLowerStrided(a, n, rest, n - rest, k0, kb);
        }
        return true;
    }

    /// <summary>Cholesky of the diagonal block a[k0.., k0..] of size kb (row stride n), row-oriented.</summary>
    private static bool FactorUnblocked(Span<double> a, int n, int k0, int kb, int stride)
    {
        for (int i = 0; i < kb; i++)
        {
            Span<double> rowI = a.Slice((k0 + i) * stride + k0, kb);
            for (int j = 0; j < i; j++)
            {
                ReadOnlySpan<double> rowJ = a.Slice((k0 + j) * stride + k0, j + 1);
                rowI[j] = (rowI[j] - TensorPrimitives.Dot(rowI[..j], rowJ[..j])) / rowJ[j];
            }
            double d = rowI[i] - TensorPrimitives.Dot(rowI[..i], rowI[..i]);
            if (!(d > 0.0)) return false;
            rowI[i] = Math.Sqrt(d);
        }
        return true;
    }

    /// <summary>Sum of log of the diagonal of a row-major n×n matrix (half of log|LL'|).</summary>
    public static double LogDiagonalSum(ReadOnlySpan<double> l, int n)
    {
        double s = 0.0;
        for (int i = 0; i < n; i++) s += Math.Log(l[i * n + i]);
        return s;
    }
}
