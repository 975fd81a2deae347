using System.Runtime.CompilerServices;

namespace FormulaLmm.Numerics;

/// <summary>B := B·L⁻ᵀ for a panel B (m×kb) and a kb×kb lower triangle L packed by
/// <see cref="Packing.PackLowerRows"/>. One item solves a few micro-panels of rows: the rows are packed,
/// solved in place tile by tile (so later tiles read the solved columns from cache), and written back.
/// The solved rows stay packed in <see cref="Packed"/>, ready to be the operand of the trailing update.</summary>
internal sealed unsafe class PanelSolveJob : IKernelJob
{
    public const int PanelsPerItem = 2;

    public SimdLevel Simd;
    public int Mr;
    public int Nr;
    public double* B;
    public nint Ldb;
    public int M;
    public int Kb;
    public int KStride;
    public double* Packed;
    public double* PackedL;
    public double* InvDiag;

    public int ItemCount => ((M + Mr - 1) / Mr + PanelsPerItem - 1) / PanelsPerItem;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int item)
    {
        int panels = (M + Mr - 1) / Mr;
        int last = Math.Min(panels, (item + 1) * PanelsPerItem);
        for (int q = item * PanelsPerItem; q < last; q++)
        {
            int r0 = q * Mr;
            int rows = Math.Min(Mr, M - r0);
            double* panel = Packed + (nint)q * Mr * KStride;
            double* src = B + r0;
            Packing.PackMicroPanel(src, 1, Ldb, rows, Kb, Mr, KStride, panel);
            for (int g0 = 0; g0 < Kb; g0 += Nr)
            {
                Tiles.Trsm(Simd, g0, panel, PackedL + (nint)g0 * KStride, InvDiag + g0);
            }
            uint bytes = (uint)(rows * sizeof(double));
            for (int p = 0; p < Kb; p++)
            {
                Unsafe.CopyBlockUnaligned(src + p * Ldb, panel + p * Mr, bytes);
            }
        }
    }
}

/// <summary>Lower triangle of C (m×m) -= P·Pᵀ with P (m×k) packed in micro-panels of Mr rows. Column tiles of
/// P are read straight from the row-packed panels (Nr divides Mr). An item is a block of rows; items are
/// numbered from the bottom block up, so the longest rows start first.</summary>
internal sealed unsafe class SyrkJob : IKernelJob
{
    public SimdLevel Simd;
    public int Mr;
    public int Nr;
    public double* Packed;
    public int KStride;
    public int M;
    public int K;
    public double* C;
    public nint Ldc;
    public int RowsPerItem;

    public int ItemCount => (M + RowsPerItem - 1) / RowsPerItem;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int item)
    {
        int i0 = (ItemCount - 1 - item) * RowsPerItem;
        int i1 = Math.Min(M, i0 + RowsPerItem);
        nint panelStride = (nint)Mr * KStride;
        for (int j0 = 0; j0 < i1; j0 += Nr)
        {
            double* b = Packed + j0 / Mr * panelStride + j0 % Mr;
            for (int i = i0; i < i1; i += Mr)
            {
                if (j0 >= i + Mr)
                {
                    continue;
                }
                double* a = Packed + i / Mr * panelStride;
                double* c = C + i + j0 * Ldc;
                if (i + Mr <= M && j0 + Nr - 1 <= i)
                {
                    Tiles.Gemm(Simd, K, a, b, Mr, c, Ldc);
                }
                else
                {
                    Tiles.GemmMasked(Simd, Mr, Nr, K, a, b, Mr, c, Ldc,
                        Math.Min(Mr, M - i), Math.Min(Nr, M - j0), i - j0);
                }
            }
        }
    }
}

/// <summary>C (m×n) -= A·Bᵀ with A packed in micro-panels of Mr rows and B in micro-panels of Nr rows.
/// An item is a block of rows of C times a block of columns.</summary>
internal sealed unsafe class GemmJob : IKernelJob
{
    public const int ColumnsPerItem = 512;

    public SimdLevel Simd;
    public int Mr;
    public int Nr;
    public double* PackedA;
    public int AKStride;
    public double* PackedB;
    public int BKStride;
    public int M;
    public int N;
    public int K;
    public double* C;
    public nint Ldc;
    public int RowsPerItem;

    private int RowItems => (M + RowsPerItem - 1) / RowsPerItem;

    public int ItemCount => RowItems * ((N + ColumnsPerItem - 1) / ColumnsPerItem);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int item)
    {
        int i0 = item % RowItems * RowsPerItem;
        int i1 = Math.Min(M, i0 + RowsPerItem);
        int jStart = item / RowItems * ColumnsPerItem;
        int jEnd = Math.Min(N, jStart + ColumnsPerItem);
        nint aPanel = (nint)Mr * AKStride;
        nint bPanel = (nint)Nr * BKStride;
        for (int j0 = jStart; j0 < jEnd; j0 += Nr)
        {
            double* b = PackedB + j0 / Nr * bPanel;
            for (int i = i0; i < i1; i += Mr)
            {
                double* a = PackedA + i / Mr * aPanel;
                double* c = C + i + j0 * Ldc;
                if (i + Mr <= M && j0 + Nr <= N)
                {
                    Tiles.Gemm(Simd, K, a, b, Nr, c, Ldc);
                }
                else
                {
                    Tiles.GemmMasked(Simd, Mr, Nr, K, a, b, Nr, c, Ldc,
                        Math.Min(Mr, M - i), Math.Min(Nr, N - j0), Tiles.NoTriangle);
                }
            }
        }
    }
}

/// <summary>Packs the rows of a matrix into micro-panels, one micro-panel per item.</summary>
internal sealed unsafe class PackJob : IKernelJob
{
    public double* Source;
    public nint RowStride;
    public nint ColumnStride;
    public int Rows;
    public int K;
    public int Width;
    public int KStride;
    public double* Destination;

    public int ItemCount => (Rows + Width - 1) / Width;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int item)
    {
        int r0 = item * Width;
        Packing.PackMicroPanel(Source + r0 * RowStride, RowStride, ColumnStride, Math.Min(Width, Rows - r0), K,
            Width, KStride, Destination + (nint)item * Width * KStride);
    }
}
