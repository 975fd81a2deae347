using System.Runtime.CompilerServices;

namespace FormulaLmm.Numerics;

/// <summary>Dispatches one register tile to the micro-kernel of the workspace's instruction set, and
/// handles tiles that stick out of the matrix or across its diagonal.</summary>
internal static unsafe class Tiles
{
    public const int MaxTileRows = 24;
    public const int MaxTileColumns = 8;

    /// <summary>Lets <see cref="GemmMasked"/> keep every element (no triangle).</summary>
    public const int NoTriangle = int.MaxValue / 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Gemm(SimdLevel simd, int k, double* a, double* b, nint bStride, double* c, nint ldc)
    {
        switch (simd)
        {
            case SimdLevel.Vector512:
                MicroKernels.V512x24x8Gemm(k, a, b, bStride, c, ldc);
                break;
            case SimdLevel.Vector256:
                MicroKernels.V256x12x4Gemm(k, a, b, bStride, c, ldc);
                break;
            default:
                MicroKernels.ScalarGemm(k, a, b, bStride, c, ldc);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Trsm(SimdLevel simd, int k, double* a, double* b, double* invDiag)
    {
        switch (simd)
        {
            case SimdLevel.Vector512:
                MicroKernels.V512x24x8Trsm(k, a, b, invDiag);
                break;
            case SimdLevel.Vector256:
                MicroKernels.V256x12x4Trsm(k, a, b, invDiag);
                break;
            default:
                MicroKernels.ScalarTrsm(k, a, b, invDiag);
                break;
        }
    }

    /// <summary>A tile of C -= A·Bᵀ of which only <paramref name="rows"/> × <paramref name="columns"/> lie inside C,
    /// and of those only elements on or below C's diagonal are written; <paramref name="rowMinusColumn"/> is the
    /// tile's first row minus its first column in C (pass <see cref="NoTriangle"/> to write the whole rectangle). The product goes through a zeroed scratch tile; c + (−t) equals
    /// c − t exactly, so masked and direct tiles round identically.</summary>
    public static void GemmMasked(SimdLevel simd, int mr, int nr, int k, double* a, double* b, nint bStride,
        double* c, nint ldc, int rows, int columns, int rowMinusColumn)
    {
        double* scratch = stackalloc double[MaxTileRows * MaxTileColumns];
        new Span<double>(scratch, mr * nr).Clear();
        Gemm(simd, k, a, b, bStride, scratch, mr);
        for (int j = 0; j < columns; j++)
        {
            int first = Math.Max(0, j - rowMinusColumn);
            double* cj = c + j * ldc;
            double* tj = scratch + j * mr;
            for (int i = first; i < rows; i++)
            {
                cj[i] += tj[i];
            }
        }
    }
}
