using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace FormulaLmm.Fitting;

/// <summary>
/// The lower triangle of A A' for a few long rows A (row-major): the [X y] rows under a term,
/// Gram'd into the (p+1)×(p+1) block when the factor has no dense tail. Pairs of rows by
/// <c>TensorPrimitives.Dot</c>, 4×4 tiles of rows with 16 vector accumulators once there are eight
/// rows or more. This is the arithmetic (and the order of summation) of the fit before the dense
/// kernels came in; it is kept so that nested models, which lme4 fits to the last printed digit,
/// take exactly the optimiser path they took then (a rounding difference here can change the
/// last digit lme4 prints on a flat optimum).
/// </summary>
internal static unsafe class RowGram
{
    /// <summary>sums[i * m + j] = Σ_t a[i, t] a[j, t] for j ≤ i (a: m rows of length k, row-major).</summary>
    public static void Lower(ReadOnlySpan<double> a, int m, int k, Span<double> sums)
    {
        sums[..(m * m)].Clear();
        fixed (double* pa = a)
        fixed (double* pc = sums)
        {
            int i = 0;
            for (; i + 4 <= m; i += 4)
            {
                int j = 0;
                for (; j + 4 <= i; j += 4)
                    Tile4x4(pa + (long)i * k, k, pa + (long)j * k, k, k, pc + (long)i * m + j, m);
                for (int ii = i; ii < i + 4; ii++)
                    for (int jj = j; jj <= ii; jj++)
                        pc[(long)ii * m + jj] -= Dot(pa + (long)ii * k, pa + (long)jj * k, k);
            }
            for (; i < m; i++)
                for (int jj = 0; jj <= i; jj++)
                    pc[(long)i * m + jj] -= Dot(pa + (long)i * k, pa + (long)jj * k, k);
        }
        // The sums were accumulated as 0 − Σ (the old kernel subtracted in place); flip the sign.
        for (int x = 0; x < m * m; x++) sums[x] = -sums[x];
    }

    private static double Dot(double* x, double* y, int k) =>
        TensorPrimitives.Dot(new ReadOnlySpan<double>(x, k), new ReadOnlySpan<double>(y, k));

    /// <summary>c[r, s] −= Σ_t a[r, t] b[s, t] for r, s &lt; 4.</summary>
    private static void Tile4x4(double* a, int lda, double* b, int ldb, int k, double* c, int ldc)
    {
        if (!Vector256.IsHardwareAccelerated || k < 8)
        {
            for (int r = 0; r < 4; r++)
                for (int q = 0; q < 4; q++) c[(long)r * ldc + q] -= Dot(a + (long)r * lda, b + (long)q * ldb, k);
            return;
        }
        double* a0 = a, a1 = a + lda, a2 = a + 2L * lda, a3 = a + 3L * lda;
        double* b0 = b, b1 = b + ldb, b2 = b + 2L * ldb, b3 = b + 3L * ldb;
        Vector256<double> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<double> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector256<double> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector256<double> c30 = default, c31 = default, c32 = default, c33 = default;
        int t = 0;
        for (; t + 4 <= k; t += 4)
        {
            var x0 = Vector256.Load(a0 + t); var x1 = Vector256.Load(a1 + t);
            var x2 = Vector256.Load(a2 + t); var x3 = Vector256.Load(a3 + t);
            var y0 = Vector256.Load(b0 + t);
            c00 = Vector256.FusedMultiplyAdd(x0, y0, c00); c10 = Vector256.FusedMultiplyAdd(x1, y0, c10);
            c20 = Vector256.FusedMultiplyAdd(x2, y0, c20); c30 = Vector256.FusedMultiplyAdd(x3, y0, c30);
            var y1 = Vector256.Load(b1 + t);
            c01 = Vector256.FusedMultiplyAdd(x0, y1, c01); c11 = Vector256.FusedMultiplyAdd(x1, y1, c11);
            c21 = Vector256.FusedMultiplyAdd(x2, y1, c21); c31 = Vector256.FusedMultiplyAdd(x3, y1, c31);
            var y2 = Vector256.Load(b2 + t);
            c02 = Vector256.FusedMultiplyAdd(x0, y2, c02); c12 = Vector256.FusedMultiplyAdd(x1, y2, c12);
            c22 = Vector256.FusedMultiplyAdd(x2, y2, c22); c32 = Vector256.FusedMultiplyAdd(x3, y2, c32);
            var y3 = Vector256.Load(b3 + t);
            c03 = Vector256.FusedMultiplyAdd(x0, y3, c03); c13 = Vector256.FusedMultiplyAdd(x1, y3, c13);
            c23 = Vector256.FusedMultiplyAdd(x2, y3, c23); c33 = Vector256.FusedMultiplyAdd(x3, y3, c33);
        }
        Span<double> s = stackalloc double[16];
        s[0] = Vector256.Sum(c00); s[1] = Vector256.Sum(c01); s[2] = Vector256.Sum(c02); s[3] = Vector256.Sum(c03);
        s[4] = Vector256.Sum(c10); s[5] = Vector256.Sum(c11); s[6] = Vector256.Sum(c12); s[7] = Vector256.Sum(c13);
        s[8] = Vector256.Sum(c20); s[9] = Vector256.Sum(c21); s[10] = Vector256.Sum(c22); s[11] = Vector256.Sum(c23);
        s[12] = Vector256.Sum(c30); s[13] = Vector256.Sum(c31); s[14] = Vector256.Sum(c32); s[15] = Vector256.Sum(c33);
        for (; t < k; t++)
            for (int r = 0; r < 4; r++)
            {
                double ar = a[(long)r * lda + t];
                s[r * 4 + 0] += ar * b0[t]; s[r * 4 + 1] += ar * b1[t]; s[r * 4 + 2] += ar * b2[t]; s[r * 4 + 3] += ar * b3[t];
            }
        for (int r = 0; r < 4; r++)
            for (int q = 0; q < 4; q++) c[(long)r * ldc + q] -= s[r * 4 + q];
    }
}
