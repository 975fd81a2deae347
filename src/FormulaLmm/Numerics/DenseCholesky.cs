using System.Numerics.Tensors;

namespace FormulaLmm.Numerics;

/// <summary>
/// Dense lower Cholesky factorisation of a symmetric positive-definite matrix stored row-major
/// (A[i, j] = a[i * n + j]). Only the lower triangle is read and written; the strict upper
/// triangle is left as it was. Kept behind this small static surface so that a tuned (blocked,
/// register-tiled, multi-core) kernel can replace it without touching callers.
/// </summary>
public static class DenseCholesky
{
    /// <summary>
    /// Overwrites the lower triangle of the row-major n×n matrix <paramref name="a"/> with L, A = LL'.
    /// Returns false (leaving <paramref name="a"/> partly overwritten) when A is not numerically
    /// positive definite.
    /// </summary>
    public static bool FactorInPlace(Span<double> a, int n)
    {
        // Row-oriented (Cholesky–Banachiewicz): every inner product runs over two contiguous row
        // prefixes, which is what makes the row-major layout cache friendly.
        for (int i = 0; i < n; i++)
        {
            Span<double> rowI = a.Slice(i * n, n);
            for (int j = 0; j < i; j++)
            {
                ReadOnlySpan<double> rowJ = a.Slice(j * n, j + 1);
                double s = rowI[j] - TensorPrimitives.Dot(rowI[..j], rowJ[..j]);
                rowI[j] = s / rowJ[j];
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
