namespace FormulaLmm.Fitting;

/// <summary>
/// One block of the blocked lower Cholesky factor, or of the cross-product matrix it is computed
/// from. Rows and columns are Z (or [X y]) columns: a random-effects term's columns are ordered
/// level-major (level ℓ, column a at ℓ·k + a), as in <see cref="Design.RandomEffectsTerm"/>.
/// </summary>
internal abstract class MatrixBlock
{
    public abstract int RowCount { get; }
    public abstract int ColumnCount { get; }
}

/// <summary>A dense block, row-major (B[r, c] = Values[r * ColumnCount + c]).</summary>
internal sealed class DenseBlock : MatrixBlock
{
    public DenseBlock(int rows, int columns)
    {
        Rows = rows;
        Columns = columns;
        Values = new double[checked(rows * columns)];
    }

    public int Rows { get; }
    public int Columns { get; }
    public double[] Values { get; }
    public override int RowCount => Rows;
    public override int ColumnCount => Columns;
}

/// <summary>
/// A block-diagonal square block: one k×k row-major block per level (diagonal when k = 1).
/// Diagonal blocks of the factor stay this way for the first term and for nested terms.
/// </summary>
internal sealed class BlockDiagonalBlock : MatrixBlock
{
    public BlockDiagonalBlock(int levels, int k)
    {
        Levels = levels;
        K = k;
        Values = new double[checked(levels * k * k)];
    }

    public int Levels { get; }
    public int K { get; }
    public double[] Values { get; }
    public override int RowCount => Levels * K;
    public override int ColumnCount => Levels * K;

    public Span<double> Level(int level) => Values.AsSpan(level * K * K, K * K);
}

/// <summary>
/// Where the non-zero ki×kj sub-blocks of a sparse block sit: compressed by column level
/// (CSC at level granularity), row levels sorted within each column.
/// </summary>
internal sealed class LevelPattern
{
    public LevelPattern(int rowLevels, int columnLevels, int[] columnStart, int[] rowLevel)
    {
        RowLevels = rowLevels;
        ColumnLevels = columnLevels;
        ColumnStart = columnStart;
        RowLevel = rowLevel;
    }

    public int RowLevels { get; }
    public int ColumnLevels { get; }
    /// <summary>Sub-blocks of column level c are ColumnStart[c] .. ColumnStart[c+1]-1.</summary>
    public int[] ColumnStart { get; }
    public int[] RowLevel { get; }
    public int NonZeroCount => RowLevel.Length;

    /// <summary>Index of sub-block (row, column), or -1 when it is structurally zero.</summary>
    public int Find(int row, int column)
    {
        int i = Array.BinarySearch(RowLevel, ColumnStart[column], ColumnStart[column + 1] - ColumnStart[column], row);
        return i >= 0 ? i : -1;
    }

    /// <summary>Largest number of sub-blocks in one column.</summary>
    public int MaxColumnCount()
    {
        int m = 0;
        for (int c = 0; c < ColumnLevels; c++) m = Math.Max(m, ColumnStart[c + 1] - ColumnStart[c]);
        return m;
    }

    /// <summary>Builds the pattern from (row level, column level) pairs packed as column * rowLevels + row.</summary>
    public static LevelPattern FromKeys(int rowLevels, int columnLevels, IEnumerable<long> keys)
    {
        long[] sorted = keys.Distinct().ToArray();
        Array.Sort(sorted);
        var start = new int[columnLevels + 1];
        var rows = new int[sorted.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            int c = (int)(sorted[i] / rowLevels);
            rows[i] = (int)(sorted[i] % rowLevels);
            start[c + 1]++;
        }
        for (int c = 0; c < columnLevels; c++) start[c + 1] += start[c];
        return new LevelPattern(rowLevels, columnLevels, start, rows);
    }
}

/// <summary>
/// A sparse block between two random-effects terms: ki×kj row-major sub-blocks at the positions of
/// a <see cref="LevelPattern"/>. Sub-block s occupies Values[s*ki*kj .. (s+1)*ki*kj).
/// </summary>
internal sealed class SparseBlock : MatrixBlock
{
    public SparseBlock(LevelPattern pattern, int ki, int kj)
    {
        Pattern = pattern;
        Ki = ki;
        Kj = kj;
        Values = new double[checked(pattern.NonZeroCount * ki * kj)];
    }

    public LevelPattern Pattern { get; }
    public int Ki { get; }
    public int Kj { get; }
    public double[] Values { get; }
    public override int RowCount => Pattern.RowLevels * Ki;
    public override int ColumnCount => Pattern.ColumnLevels * Kj;
    public int SubBlockSize => Ki * Kj;

    public Span<double> SubBlock(int index) => Values.AsSpan(index * Ki * Kj, Ki * Kj);
}
