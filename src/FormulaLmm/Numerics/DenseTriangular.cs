using System.Numerics.Tensors;

namespace FormulaLmm.Numerics;

/// <summary>
/// Small dense row-major helpers: Cholesky, triangular solves and inverse with a lower triangle L
/// stored row-major (L[i, j] = l[i * n + j]; the upper triangle is never read). Used for the
/// fixed-effects factor L_X and the variance-component information, which are at most a few
/// hundred wide; the large blocks of a fit go to the column-major kernels
/// (<see cref="DenseCholesky"/>, <see cref="DenseKernels"/>).
/// </summary>
internal static class DenseTriangular
{
    /// <summary>
    /// Overwrites the lower triangle of the row-major n×n symmetric matrix <paramref name="a"/> with
    /// its Cholesky factor. Returns false (leaving <paramref name="a"/> partly overwritten) when a
    /// pivot is not positive.
    /// </summary>
    public static bool FactorLowerInPlace(Span<double> a, int n)
    {
        for (int i = 0; i < n; i++)
        {
            Span<double> rowI = a.Slice(i * n, i + 1);
            for (int j = 0; j < i; j++)
            {
                ReadOnlySpan<double> rowJ = a.Slice(j * n, j + 1);
                rowI[j] = (rowI[j] - TensorPrimitives.Dot(rowI[..j], rowJ[..j])) / rowJ[j];
            }
            double d = rowI[i] - TensorPrimitives.Dot(rowI[..i], rowI[..i]);
            if (!(d > 0.0)) return false;
            rowI[i] = Math.Sqrt(d);
        }
        return true;
    }

    /// <summary>Solves L x = b in place (forward substitution).</summary>
    public static void SolveLower(ReadOnlySpan<double> l, int n, Span<double> x)
    {
        for (int c = 0; c < n; c++)
        {
            ReadOnlySpan<double> row = l.Slice(c * n, c + 1);
            x[c] = (x[c] - TensorPrimitives.Dot(row[..c], x[..c])) / row[c];
        }
    }

    /// <summary>Solves L' x = b in place (back substitution with the transpose).</summary>
    public static void SolveLowerTransposed(ReadOnlySpan<double> l, int n, Span<double> x)
    {
        // Column-oriented on L' = row-oriented on L: after x[i] is final, remove its contribution
        // from the earlier unknowns using row i of L, which is contiguous.
        for (int i = n - 1; i >= 0; i--)
        {
            ReadOnlySpan<double> row = l.Slice(i * n, i + 1);
            double xi = x[i] / row[i];
            x[i] = xi;
            if (xi != 0.0)
                TensorPrimitives.MultiplyAdd(row[..i], -xi, x[..i], x[..i]);
        }
    }

    /// <summary>
    /// Inverse of a lower-triangular row-major n×n matrix, written into the lower triangle of
    /// <paramref name="inverse"/> (upper triangle set to zero).
    /// </summary>
    public static void InvertLower(ReadOnlySpan<double> l, int n, Span<double> inverse)
    {
        inverse[..(n * n)].Clear();
        Span<double> col = n <= 256 ? stackalloc double[n] : new double[n];
        for (int j = 0; j < n; j++)
        {
            col.Clear();
            col[j] = 1.0;
            for (int c = j; c < n; c++)
            {
                ReadOnlySpan<double> row = l.Slice(c * n, c + 1);
                col[c] = (col[c] - TensorPrimitives.Dot(row[j..c], col[j..c])) / row[c];
            }
            for (int c = j; c < n; c++) inverse[c * n + j] = col[c];
        }
    }
}
