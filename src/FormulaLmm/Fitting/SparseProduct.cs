using System.Runtime.CompilerServices;
using FormulaLmm.Numerics;

namespace FormulaLmm.Fitting;

/// <summary>
/// Left-looking products of a dense target with a sparse block B of the factor whose sub-blocks
/// are scalars (ki = kj = 1, the random intercepts of crossed designs), done target column by
/// target column so that all writes of a column stay in cache, on both cores:
/// <list type="bullet">
/// <item><see cref="SubtractSparse"/>: t −= A B' with A sparse on the same column levels (the
/// fill-in between two crossed terms below a first term, e.g. InstEval's dept × lecturer block);</item>
/// <item><see cref="SubtractDenseRows"/>: t −= A B' with A the dense [X y] rows of the same column
/// levels (t the [X y] rows of B's row term).</item>
/// </list>
/// The row index of B (for every row level, its entries and their column levels) is built once.
/// Nothing is allocated per call.
/// </summary>
internal sealed class SparseProduct : IKernelJob
{
    private const long ParallelWork = 100_000;

    private readonly SparseBlock _b;
    private readonly int[] _rowStart, _rowEntry, _rowColumn;
    private int[] _chunkStart = [];
    private long _work;
    private ColumnMajorBlock? _target, _denseA;
    private SparseBlock? _sparseA;

    public SparseProduct(SparseBlock b)
    {
        if (b.Ki != 1 || b.Kj != 1) throw new ArgumentException("scalar sub-blocks only", nameof(b));
        _b = b;
        var pat = b.Pattern;
        int rows = pat.RowLevels;
        _rowStart = new int[rows + 1];
        for (int e = 0; e < pat.NonZeroCount; e++) _rowStart[pat.RowLevel[e] + 1]++;
        for (int r = 0; r < rows; r++) _rowStart[r + 1] += _rowStart[r];
        _rowEntry = new int[pat.NonZeroCount];
        _rowColumn = new int[pat.NonZeroCount];
        var next = (int[])_rowStart.Clone();
        for (int c = 0; c < pat.ColumnLevels; c++)
            for (int e = pat.ColumnStart[c]; e < pat.ColumnStart[c + 1]; e++)
            {
                int slot = next[pat.RowLevel[e]]++;
                _rowEntry[slot] = e;
                _rowColumn[slot] = c;
            }
    }

    /// <summary>Splits the target columns into equal-work chunks for A (sparse when given, else dense rows of <paramref name="denseRows"/>).</summary>
    public void Plan(SparseBlock? a, int denseRows)
    {
        int rows = _b.Pattern.RowLevels;
        var rowWork = new long[rows];
        for (int r = 0; r < rows; r++)
            for (int x = _rowStart[r]; x < _rowStart[r + 1]; x++)
            {
                int c = _rowColumn[x];
                rowWork[r] += a is null ? denseRows : a.Pattern.ColumnStart[c + 1] - a.Pattern.ColumnStart[c];
            }
        _work = rowWork.Sum();
        int chunks = Math.Clamp((int)Math.Min(rows, 8L * Environment.ProcessorCount), 1, Math.Max(rows, 1));
        var starts = new List<int> { 0 };
        long perChunk = Math.Max(1, _work / chunks), acc = 0;
        for (int r = 0; r < rows; r++)
        {
            acc += rowWork[r];
            if (acc >= perChunk * starts.Count && r + 1 < rows && starts.Count < chunks) starts.Add(r + 1);
        }
        starts.Add(rows);
        _chunkStart = starts.ToArray();
    }

    /// <summary>t −= A B' for A sparse with scalar sub-blocks on B's column levels; t is (A's row levels) × (B's row levels).</summary>
    public void SubtractSparse(ColumnMajorBlock target, SparseBlock a)
    {
        _target = target;
        _sparseA = a;
        KernelWorkspace.ForCurrentThread.Runner.Run(this, _chunkStart.Length - 1, _work >= ParallelWork);
        _target = null;
        _sparseA = null;
    }

    /// <summary>t −= A B' for dense A (few rows × B's column levels); t is (A's rows) × (B's row levels).</summary>
    public void SubtractDenseRows(ColumnMajorBlock target, ColumnMajorBlock a)
    {
        _target = target;
        _denseA = a;
        KernelWorkspace.ForCurrentThread.Runner.Run(this, _chunkStart.Length - 1, _work >= ParallelWork);
        _target = null;
        _denseA = null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void Execute(int item)
    {
        var t = _target!;
        int r0 = _chunkStart[item], r1 = _chunkStart[item + 1];
        fixed (double* tv = t.Values, bv = _b.Values)
        fixed (int* rowStart = _rowStart, rowEntry = _rowEntry, rowColumn = _rowColumn)
        {
            if (_sparseA is { } a)
            {
                fixed (double* av = a.Values)
                fixed (int* aStart = a.Pattern.ColumnStart, aRow = a.Pattern.RowLevel)
                {
                    for (int r = r0; r < r1; r++)
                    {
                        double* column = tv + t.Offset + (long)r * t.Ld;
                        for (int x = rowStart[r]; x < rowStart[r + 1]; x++)
                        {
                            double bvx = bv[rowEntry[x]];
                            int c = rowColumn[x];
                            for (int e = aStart[c]; e < aStart[c + 1]; e++) column[aRow[e]] -= av[e] * bvx;
                        }
                    }
                }
                return;
            }
            var da = _denseA!;
            int m = da.Rows;
            fixed (double* av = da.Values)
            {
                for (int r = r0; r < r1; r++)
                {
                    double* column = tv + t.Offset + (long)r * t.Ld;
                    for (int x = rowStart[r]; x < rowStart[r + 1]; x++)
                    {
                        double bvx = bv[rowEntry[x]];
                        double* ac = av + da.Offset + (long)rowColumn[x] * da.Ld;
                        for (int i = 0; i < m; i++) column[i] -= ac[i] * bvx;
                    }
                }
            }
        }
    }
}
