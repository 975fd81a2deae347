using System.Numerics.Tensors;

namespace FormulaLmm.Numerics;

/// <summary>
/// Triangular solves and products with dense row-major matrices, used by the blocked Cholesky
/// factor. L is the lower triangle of a row-major n×n array (the upper triangle is never read).
/// </summary>
public static class DenseTriangular
{
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
    /// B ← B L^{-T} for a row-major rows×n block B: every row b solves L x = b.
    /// </summary>
    public static void SolveRightLowerTransposed(ReadOnlySpan<double> l, int n, Span<double> b, int rows)
    {
        for (int r = 0; r < rows; r++) SolveLower(l, n, b.Slice(r * n, n));
    }

    /// <summary>C ← C − A B' with A (m×k), B (p×k) and C (m×p), all row-major.</summary>
    public static void SubtractProductTransposed(ReadOnlySpan<double> a, int m, ReadOnlySpan<double> b, int p, int k, Span<double> c) =>
        DenseKernels.SubtractProductTransposed(a, k, b, k, m, p, k, c, p);

    /// <summary>Lower triangle of C ← C − A A' with A (m×k) and C (m×m), row-major.</summary>
    public static void SubtractGramLower(ReadOnlySpan<double> a, int m, int k, Span<double> c) =>
        DenseKernels.SubtractGramLower(a, k, m, k, c, m);

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
