using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace FormulaLmm.Numerics;

/// <summary>
/// C −= A B' on row-major data where the shared dimension is contiguous in both A and B rows.
/// A 4×4 tile of dot products is accumulated in 16 vector registers, so each loaded A and B
/// segment feeds four fused multiply-adds.
/// </summary>
internal static unsafe class DenseKernels
{
    /// <summary>
    /// For rows i, j in [r0, r0+m) with j ≤ i of the row-major n-column matrix a:
    /// a[i, j] −= Σ_{t &lt; kb} a[i, k0+t] a[j, k0+t].
    /// </summary>
    public static void SubtractGramLowerStrided(Span<double> a, int n, int r0, int m, int k0, int kb)
    {
        fixed (double* p = a)
            GramLower(p + (long)r0 * n + k0, n, m, kb, p + (long)r0 * n + r0, n);
    }

    /// <summary>Lower triangle of C (m×m, stride ldc) −= A A' with A m×k (stride lda).</summary>
    public static void SubtractGramLower(ReadOnlySpan<double> a, int lda, int m, int k, Span<double> c, int ldc)
    {
        fixed (double* pa = a)
        fixed (double* pc = c)
            GramLower(pa, lda, m, k, pc, ldc);
    }

    private static void GramLower(double* a, int lda, int m, int k, double* c, int ldc)
    {
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            int j = 0;
            for (; j + 4 <= i; j += 4)
                Tile4x4(a + (long)i * lda, lda, a + (long)j * lda, lda, k, c + (long)i * ldc + j, ldc);
            for (int ii = i; ii < i + 4; ii++)
                for (int jj = j; jj <= ii; jj++)
                    c[(long)ii * ldc + jj] -= Dot(a + (long)ii * lda, a + (long)jj * lda, k);
        }
        for (; i < m; i++)
            for (int jj = 0; jj <= i; jj++)
                c[(long)i * ldc + jj] -= Dot(a + (long)i * lda, a + (long)jj * lda, k);
    }

    /// <summary>C (m×p, row stride ldc) −= A (m×k, stride lda) B' (B p×k, stride ldb).</summary>
    public static void SubtractProductTransposed(ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, int m, int p, int k, Span<double> c, int ldc)
    {
        fixed (double* pa = a)
        fixed (double* pb = b)
        fixed (double* pc = c)
        {
            int i = 0;
            for (; i + 4 <= m; i += 4)
            {
                int j = 0;
                for (; j + 4 <= p; j += 4)
                    Tile4x4(pa + (long)i * lda, lda, pb + (long)j * ldb, ldb, k, pc + (long)i * ldc + j, ldc);
                for (int ii = i; ii < i + 4; ii++)
                    for (int jj = j; jj < p; jj++)
                        pc[(long)ii * ldc + jj] -= Dot(pa + (long)ii * lda, pb + (long)jj * ldb, k);
            }
            for (; i < m; i++)
                for (int jj = 0; jj < p; jj++)
                    pc[(long)i * ldc + jj] -= Dot(pa + (long)i * lda, pb + (long)jj * ldb, k);
        }
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
