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

/// <summary>
/// A dense block, row-major (B[r, c] = Values[r * ColumnCount + c]): the [X y] rows of the factor
/// and of the cross products, which have few rows (p + 1) and many columns.
/// </summary>
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
/// A dense block stored column-major: B[r, c] = Values[Offset + c * Ld + r]. The random-effects
/// blocks of the factor that fill in (crossed terms) and the [X y] rows of the factor are stored
/// this way, so that the blocked SIMD kernels of <see cref="Numerics.DenseCholesky"/> and
/// <see cref="Numerics.DenseKernels"/> work on them in place. A block may be a view into a larger
/// column-major matrix (the factor's dense tail); a symmetric diagonal block keeps only its lower
/// triangle meaningful.
/// </summary>
internal sealed class ColumnMajorBlock : MatrixBlock
{
    public ColumnMajorBlock(int rows, int columns)
        : this(new double[checked(rows * columns)], 0, Math.Max(rows, 1), rows, columns) { }

    public ColumnMajorBlock(double[] values, int offset, int ld, int rows, int columns)
    {
        Values = values;
        Offset = offset;
        Ld = ld;
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }
    public int Columns { get; }
    /// <summary>The storage, possibly shared with other blocks (views of one matrix).</summary>
    public double[] Values { get; }
    /// <summary>Index of element (0, 0) in <see cref="Values"/>.</summary>
    public int Offset { get; }
    /// <summary>Leading dimension: distance between the starts of two columns.</summary>
    public int Ld { get; }
    public override int RowCount => Rows;
    public override int ColumnCount => Columns;

    /// <summary>Element (r, c).</summary>
    public ref double this[int r, int c] => ref Values[Offset + c * Ld + r];

    /// <summary>Column c, contiguous.</summary>
    public Span<double> Column(int c) => Values.AsSpan(Offset + c * Ld, Rows);

    /// <summary>From element (0, 0) to the end of the storage, for the kernels (with <see cref="Ld"/>).</summary>
    public Span<double> Storage => Values.AsSpan(Offset);

    /// <summary>Sets the block (or only its lower triangle, for a square diagonal block) to zero.</summary>
    public void Clear(bool lowerOnly)
    {
        if (Offset == 0 && Ld == Rows && !lowerOnly) { Array.Clear(Values, 0, Rows * Columns); return; }
        for (int c = 0; c < Columns; c++)
        {
            int from = lowerOnly ? Math.Min(c, Rows) : 0;
            Values.AsSpan(Offset + c * Ld + from, Rows - from).Clear();
        }
    }
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
