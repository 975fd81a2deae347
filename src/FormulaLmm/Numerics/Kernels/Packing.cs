using System.Runtime.CompilerServices;

namespace FormulaLmm.Numerics;

/// <summary>Copies matrix rows into micro-panels: for each of k steps, <c>width</c> consecutive values (one per
/// row), zero-padded to a full micro-panel and to <c>kStride</c> steps, so the micro-kernels read one
/// contiguous, aligned stream and never test for edges.</summary>
internal static unsafe class Packing
{
    /// <summary>Packs element (r, p) = src[r·rs + p·cs] for r &lt; rows ≤ width, p &lt; k into dst[p·width + r].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackMicroPanel(double* src, nint rs, nint cs, int rows, int k, int width, int kStride, double* dst)
    {
        if (rs == 1 && rows == width)
        {
            uint bytes = (uint)(width * sizeof(double));
            for (int p = 0; p < k; p++)
            {
                Unsafe.CopyBlockUnaligned(dst + p * width, src + p * cs, bytes);
            }
        }
        else
        {
            for (int p = 0; p < k; p++)
            {
                double* s = src + p * cs;
                double* d = dst + p * width;
                for (int r = 0; r < rows; r++)
                {
                    d[r] = s[r * rs];
                }
                for (int r = rows; r < width; r++)
                {
                    d[r] = 0.0;
                }
            }
        }
        if (kStride > k)
        {
            new Span<double>(dst + (nint)k * width, (kStride - k) * width).Clear();
        }
    }

    /// <summary>Packs a kb×kb lower triangle L (column-major) as groups of <paramref name="nr"/> rows, group g
    /// holding L[g·nr + c, p] at [p·nr + c] for p &lt; kStride (zero above the diagonal and past kb), plus
    /// 1/L[i,i] (zero past kb). This is the right-hand operand of the triangular tile solve.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackLowerRows(double* l, nint ldl, int kb, int nr, int kStride, double* dst, double* invDiag)
    {
        for (int g0 = 0; g0 < kStride; g0 += nr)
        {
            double* group = dst + (nint)g0 * kStride;
            for (int p = 0; p < kStride; p++)
            {
                for (int c = 0; c < nr; c++)
                {
                    int row = g0 + c;
                    group[p * nr + c] = row < kb && p <= row ? l[row + p * ldl] : 0.0;
                }
            }
        }
        for (int i = 0; i < kStride; i++)
        {
            invDiag[i] = i < kb ? 1.0 / l[i + i * ldl] : 0.0;
        }
    }

    public static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
