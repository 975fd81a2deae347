namespace FormulaLmm.Fitting;

/// <summary>
/// Storage decided once, symbolically, for every block of the random-effects part of the factor:
/// which diagonal blocks stay block-diagonal (first term; terms nested in all earlier ones, or
/// sharing their grouping factor) and which fill in to dense (crossed), and for each off-diagonal
/// block either its sparse level pattern (including fill-in) or dense storage. The first block
/// column is always sparse: the first diagonal block is block-diagonal, so it adds no fill there.
/// </summary>
internal sealed class FactorLayout
{
    /// <summary>An off-diagonal block denser than this fraction of its level grid is stored dense.</summary>
    private const double DenseFraction = 0.25;

    private FactorLayout(bool[] diagonalDense, bool[][] offDense, LevelPattern?[][] offPattern)
    {
        DiagonalDense = diagonalDense;
        OffDense = offDense;
        OffPattern = offPattern;
    }

    public bool[] DiagonalDense { get; }
    public bool[][] OffDense { get; }
    /// <summary>Pattern of L[i][j] when it is sparse, else null.</summary>
    public LevelPattern?[][] OffPattern { get; }

    public static FactorLayout Analyse(IReadOnlyList<FitTerm> terms, CrossProducts a)
    {
        int T = terms.Count;
        var diagDense = new bool[T];
        var offDense = new bool[T][];
        var keys = new HashSet<long>?[T][];
        var patterns = new LevelPattern?[T][];
        for (int i = 0; i < T; i++)
        {
            offDense[i] = new bool[i];
            keys[i] = new HashSet<long>?[i];
            patterns[i] = new LevelPattern?[i];
            for (int j = 0; j < i; j++)
            {
                var p = a.ZtZOff[i][j].Pattern;
                var set = new HashSet<long>(p.NonZeroCount);
                for (int c = 0; c < p.ColumnLevels; c++)
                    for (int s = p.ColumnStart[c]; s < p.ColumnStart[c + 1]; s++)
                        set.Add((long)c * p.RowLevels + p.RowLevel[s]);
                keys[i][j] = set;
            }
        }

        for (int j = 0; j < T; j++)
        {
            // Column j is final now: it only receives updates from earlier columns.
            for (int i = j + 1; i < T; i++)
            {
                if (diagDense[j] && j > 0) offDense[i][j] = true;
                if (offDense[i][j]) { keys[i][j] = null; continue; }
                patterns[i][j] = LevelPattern.FromKeys(terms[i].Levels, terms[j].Levels, keys[i][j]!);
                keys[i][j] = null;
            }
            for (int i = j + 1; i < T; i++)
                if (offDense[i][j] || patterns[i][j]!.MaxColumnCount() > 1) diagDense[i] = true;

            // Fill-in of L[i][h] from L[i][j] L[h][j]'.
            for (int i = j + 2; i < T; i++)
                for (int h = j + 1; h < i; h++)
                {
                    if (offDense[i][h]) continue;
                    if (offDense[i][j] || offDense[h][j]) { offDense[i][h] = true; keys[i][h] = null; continue; }
                    var pi = patterns[i][j]!;
                    var ph = patterns[h][j]!;
                    var target = keys[i][h]!;
                    long limit = (long)(DenseFraction * terms[i].Levels * (double)terms[h].Levels);
                    for (int c = 0; c < pi.ColumnLevels && !offDense[i][h]; c++)
                        for (int si = pi.ColumnStart[c]; si < pi.ColumnStart[c + 1]; si++)
                            for (int sh = ph.ColumnStart[c]; sh < ph.ColumnStart[c + 1]; sh++)
                                target.Add((long)ph.RowLevel[sh] * terms[i].Levels + pi.RowLevel[si]);
                    if (target.Count > limit && target.Count > 16) { offDense[i][h] = true; keys[i][h] = null; }
                }
        }
        return new FactorLayout(diagDense, offDense, patterns);
    }
}
