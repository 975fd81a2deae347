namespace FormulaLmm.Tests.Numerics;

/// <summary>Textbook scalar loops on column-major storage, used as the reference for the blocked kernels.</summary>
internal static class ReferenceLinearAlgebra
{
    /// <summary>Cholesky–Banachiewicz, column by column; returns 0 or the 1-based failing column.</summary>
    public static int Cholesky(double[] a, int n, int lda)
    {
        for (int j = 0; j < n; j++)
        {
            double d = a[j + j * lda];
            for (int p = 0; p < j; p++)
            {
                d -= a[j + p * lda] * a[j + p * lda];
            }
            if (!(d > 0))
            {
                return j + 1;
            }
            d = Math.Sqrt(d);
            a[j + j * lda] = d;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i + j * lda];
                for (int p = 0; p < j; p++)
                {
                    s -= a[i + p * lda] * a[j + p * lda];
                }
                a[i + j * lda] = s / d;
            }
        }
        return 0;
    }

    /// <summary>C (m×n) -= A·Bᵀ, or only its lower triangle when <paramref name="lowerOnly"/>.</summary>
    public static void SubtractProduct(double[] a, int lda, double[] b, int ldb, double[] c, int ldc, int m, int n, int k, bool lowerOnly)
    {
        for (int j = 0; j < n; j++)
        {
            for (int i = lowerOnly ? j : 0; i < m; i++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    s += a[i + p * lda] * b[j + p * ldb];
                }
                c[i + j * ldc] -= s;
            }
        }
    }

    /// <summary>Solves L·x = b in place for column <paramref name="offset"/> / stride-1 vector.</summary>
    public static void ForwardSubstitute(double[] l, int n, int ldl, double[] x, int offset)
    {
        for (int i = 0; i < n; i++)
        {
            double s = x[offset + i];
            for (int p = 0; p < i; p++)
            {
                s -= l[i + p * ldl] * x[offset + p];
            }
            x[offset + i] = s / l[i + i * ldl];
        }
    }

    /// <summary>Solves Lᵀ·x = b in place.</summary>
    public static void BackSubstitute(double[] l, int n, int ldl, double[] x, int offset)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            double s = x[offset + i];
            for (int p = i + 1; p < n; p++)
            {
                s -= l[p + i * ldl] * x[offset + p];
            }
            x[offset + i] = s / l[i + i * ldl];
        }
    }

    /// <summary>Solves X·Lᵀ = B in place for B (m×n): row r of X solves L·xᵣ = bᵣ.</summary>
    public static void SolveRightTranspose(double[] l, int n, int ldl, double[] b, int m, int ldb)
    {
        for (int r = 0; r < m; r++)
        {
            for (int i = 0; i < n; i++)
            {
                double s = b[r + i * ldb];
                for (int p = 0; p < i; p++)
                {
                    s -= l[i + p * ldl] * b[r + p * ldb];
                }
                b[r + i * ldb] = s / l[i + i * ldl];
            }
        }
    }
}

/// <summary>Random test matrices, padded (rows n..lda of every column, and the strict upper triangle) with a
/// sentinel NaN so any read or write outside the allowed region shows up.</summary>
internal static class TestMatrices
{
    public static readonly double Sentinel = BitConverter.Int64BitsToDouble(0x7FF8_0000_DEAD_BEEF);

    public static double[] Random(Random rng, int rows, int columns, int ld)
    {
        var a = new double[Math.Max(1, ld * columns)];
        Array.Fill(a, Sentinel);
        for (int j = 0; j < columns; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                a[i + j * ld] = 2 * rng.NextDouble() - 1;
            }
        }
        return a;
    }

    /// <summary>Lower triangle of a symmetric positive definite, well-conditioned matrix, the strict upper
    /// triangle holding the sentinel: G·Gᵀ/n + I for a random G up to order 400, and above that (where the
    /// O(n³) product would slow the suite) a random symmetric matrix made strictly diagonally dominant.</summary>
    public static double[] SymmetricPositiveDefinite(Random rng, int n, int lda)
    {
        var a = new double[Math.Max(1, lda * n)];
        Array.Fill(a, Sentinel);
        if (n > 400)
        {
            for (int j = 0; j < n; j++)
            {
                a[j + j * lda] = n + rng.NextDouble();
                for (int i = j + 1; i < n; i++)
                {
                    a[i + j * lda] = 2 * rng.NextDouble() - 1;
                }
            }
            return a;
        }
        double[] g = Random(rng, n, n, n);
        for (int j = 0; j < n; j++)
        {
            for (int i = j; i < n; i++)
            {
                double s = 0;
                for (int p = 0; p < n; p++)
                {
                    s += g[i + p * n] * g[j + p * n];
                }
                a[i + j * lda] = s / n + (i == j ? 1.0 : 0.0);
            }
        }
        return a;
    }

    /// <summary>A random lower triangle with diagonal in [1, 2) (well conditioned), sentinel above.</summary>
    public static double[] LowerTriangle(Random rng, int n, int ldl)
    {
        var l = new double[Math.Max(1, ldl * n)];
        Array.Fill(l, Sentinel);
        for (int j = 0; j < n; j++)
        {
            l[j + j * ldl] = 1 + rng.NextDouble();
            for (int i = j + 1; i < n; i++)
            {
                l[i + j * ldl] = (2 * rng.NextDouble() - 1) / Math.Sqrt(n);
            }
        }
        return l;
    }

    /// <summary>max |x − reference| / max |reference| over the given region of two column-major matrices.</summary>
    public static double RelativeError(double[] x, double[] reference, int rows, int columns, int ld, bool lowerOnly)
    {
        double maxDiff = 0, maxRef = 0;
        for (int j = 0; j < columns; j++)
        {
            for (int i = lowerOnly ? j : 0; i < rows; i++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(x[i + j * ld] - reference[i + j * ld]));
                maxRef = Math.Max(maxRef, Math.Abs(reference[i + j * ld]));
            }
        }
        return maxRef == 0 ? maxDiff : maxDiff / maxRef;
    }

    /// <summary>True when every element outside the region (rows ≥ <paramref name="rows"/>, and above the
    /// diagonal when <paramref name="lowerOnly"/>) still holds the same bits as in <paramref name="before"/>.</summary>
    public static bool OutsideUnchanged(double[] after, double[] before, int rows, int ld, bool lowerOnly)
    {
        for (int idx = 0; idx < after.Length; idx++)
        {
            int i = idx % ld, j = idx / ld;
            bool inside = i < rows && (!lowerOnly || i >= j);
            if (!inside && BitConverter.DoubleToInt64Bits(after[idx]) != BitConverter.DoubleToInt64Bits(before[idx]))
            {
                return false;
            }
        }
        return true;
    }
}
