namespace FormulaLmm.Design;

/// <summary>
/// The coding of a factor in a model matrix: one row per level, one column per model-matrix
/// column, with the suffix R appends to the variable's label to name the column.
/// </summary>
internal sealed class FactorCoding
{
    private FactorCoding(double[][] columns, string[] suffixes)
    {
        Columns = columns;
        Suffixes = suffixes;
    }

    /// <summary>Columns[c][level] is the value of column c for a row at that level.</summary>
    public double[][] Columns { get; }

    public string[] Suffixes { get; }

    public int ColumnCount => Columns.Length;

    /// <summary>Full dummy (indicator) coding: one column per level, named by the level.</summary>
    public static FactorCoding Indicators(IReadOnlyList<string> levels)
    {
        int n = levels.Count;
        var columns = new double[n][];
        for (int c = 0; c < n; c++)
        {
            columns[c] = new double[n];
            columns[c][c] = 1;
        }
        return new FactorCoding(columns, levels.ToArray());
    }

    /// <summary>The contrasts R's contr.treatment / contr.sum / contr.helmert / contr.poly give for these levels.</summary>
    public static FactorCoding Contrasts(ContrastKind kind, IReadOnlyList<string> levels)
    {
        int n = levels.Count;
        int m = n - 1;
        var columns = new double[m][];
        var suffixes = new string[m];
        switch (kind)
        {
            case ContrastKind.Treatment:
                for (int c = 0; c < m; c++)
                {
                    columns[c] = new double[n];
                    columns[c][c + 1] = 1;
                    suffixes[c] = levels[c + 1];
                }
                break;
            case ContrastKind.Sum:
                for (int c = 0; c < m; c++)
                {
                    columns[c] = new double[n];
                    columns[c][c] = 1;
                    columns[c][n - 1] = -1;
                    suffixes[c] = (c + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                break;
            case ContrastKind.Helmert:
                // Column c compares level c+1 with the mean of the levels before it.
                for (int c = 0; c < m; c++)
                {
                    columns[c] = new double[n];
                    for (int r = 0; r <= c; r++) columns[c][r] = -1;
                    columns[c][c + 1] = c + 1;
                    suffixes[c] = (c + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                break;
            case ContrastKind.Polynomial:
                var basis = OrthogonalPolynomials.Contrasts(n);
                for (int c = 0; c < m; c++)
                {
                    columns[c] = basis[c];
                    suffixes[c] = OrthogonalPolynomials.ContrastName(c + 1);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
        return new FactorCoding(columns, suffixes);
    }
}
