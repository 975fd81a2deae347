using System.Runtime.CompilerServices;
using FormulaLmm.Numerics;

namespace FormulaLmm.Fitting;

/// <summary>
/// The lower triangle of a dense diagonal block minus S S' for a sparse off-diagonal block S of the
/// factor (the fill-in of a crossed term, e.g. items × subjects): Σ over the columns c of S of the
/// outer products of their sub-blocks. Done target column by target column (left-looking): for
/// target column r2, every column c of S with a sub-block in row r2 contributes its sub-blocks at
/// rows ≥ r2. All writes of one target column stay in cache, where scattering column c's outer
/// product over the whole block (right-looking) misses the cache on nearly every update. The row
/// index of S and the split of the target columns into equal-work chunks are computed once; chunks
/// run on both cores through the kernels' helper threads. Nothing is allocated per call.
/// </summary>
internal sealed class SparseGram : IKernelJob
{
    /// <summary>Updates (sub-block products) below which one thread does it all.</summary>
    private const long ParallelWork = 200_000;

    private readonly SparseBlock _s;
    private readonly int[] _rowStart;    // entries of row level r: _rowStart[r] .. _rowStart[r+1]-1
    private readonly int[] _rowEntry;    // sub-block index e in S
    private readonly int[] _rowEntryEnd; // end of e's column in S (ColumnStart[c + 1])
    private readonly int[] _chunkStart;  // target row levels of chunk i: _chunkStart[i] .. _chunkStart[i+1]-1
    private readonly long _work;
    private ColumnMajorBlock? _target;

    public SparseGram(SparseBlock s)
    {
        _s = s;
        var pat = s.Pattern;
        int rows = pat.RowLevels;
        _rowStart = new int[rows + 1];
        for (int e = 0; e < pat.NonZeroCount; e++) _rowStart[pat.RowLevel[e] + 1]++;
        for (int r = 0; r < rows; r++) _rowStart[r + 1] += _rowStart[r];
        _rowEntry = new int[pat.NonZeroCount];
        _rowEntryEnd = new int[pat.NonZeroCount];
        var next = (int[])_rowStart.Clone();
        var rowWork = new long[rows];
        for (int c = 0; c < pat.ColumnLevels; c++)
            for (int e = pat.ColumnStart[c]; e < pat.ColumnStart[c + 1]; e++)
            {
                int r = pat.RowLevel[e];
                int slot = next[r]++;
                _rowEntry[slot] = e;
                _rowEntryEnd[slot] = pat.ColumnStart[c + 1];
                rowWork[r] += pat.ColumnStart[c + 1] - e;
            }
        _work = rowWork.Sum();

        // About eight chunks per core, of equal work, so that a busy core does not hold up the other.
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

    /// <summary>Number of sub-block products per call (the work of one update).</summary>
    public long Work => _work;

    /// <summary>Lower triangle of <paramref name="target"/> −= S S'.</summary>
    public void Subtract(ColumnMajorBlock target)
    {
        _target = target;
        KernelWorkspace.ForCurrentThread.Runner.Run(this, _chunkStart.Length - 1, _work >= ParallelWork);
        _target = null;
    }

    /// <summary>The scalar case (ki = kj = 1) without bounds checks: this loop is most of a crossed fit's sparse work.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void ScalarChunk(int item, double[] target, int offset, int ld, double[] values, int[] rowLevel)
    {
        fixed (double* tv = target, sv = values)
        fixed (int* rl = rowLevel, rowStart = _rowStart, rowEntry = _rowEntry, rowEntryEnd = _rowEntryEnd)
        {
            for (int r2 = _chunkStart[item]; r2 < _chunkStart[item + 1]; r2++)
            {
                double* column = tv + offset + (long)r2 * ld;
                for (int x = rowStart[r2]; x < rowStart[r2 + 1]; x++)
                {
                    int e2 = rowEntry[x], end = rowEntryEnd[x];
                    double v2 = sv[e2];
                    int e1 = e2;
                    for (; e1 + 1 < end; e1 += 2)
                    {
                        double a0 = sv[e1] * v2, a1 = sv[e1 + 1] * v2;
                        column[rl[e1]] -= a0;
                        column[rl[e1 + 1]] -= a1;
                    }
                    if (e1 < end) column[rl[e1]] -= sv[e1] * v2;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int item)
    {
        var t = _target!;
        var s = _s;
        int ki = s.Ki, kj = s.Kj, sb = ki * kj, ld = t.Ld;
        var tv = t.Values;
        var sv = s.Values;
        var rl = s.Pattern.RowLevel;
        if (sb == 1)
        {
            ScalarChunk(item, tv, t.Offset, ld, sv, rl);
            return;
        }
        for (int r2 = _chunkStart[item]; r2 < _chunkStart[item + 1]; r2++)
        {
            for (int x = _rowStart[r2]; x < _rowStart[r2 + 1]; x++)
            {
                int e2 = _rowEntry[x], end = _rowEntryEnd[x];
                var b2 = sv.AsSpan(e2 * sb, sb);
                for (int e1 = e2; e1 < end; e1++)
                {
                    // Element (r1·ki + a, r2·ki + b) −= Σ_d S1[a, d] S2[b, d].
                    int o = t.Offset + r2 * ki * ld + rl[e1] * ki;
                    for (int a = 0; a < ki; a++)
                        for (int b = 0; b < (e1 == e2 ? a + 1 : ki); b++)
                        {
                            double acc = 0.0;
                            for (int d = 0; d < kj; d++) acc += sv[e1 * sb + a * kj + d] * b2[b * kj + d];
                            tv[o + b * ld + a] -= acc;
                        }
                }
            }
        }
    }
}
