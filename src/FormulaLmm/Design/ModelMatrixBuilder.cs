using FormulaLmm.Terms;

namespace FormulaLmm.Design;

/// <summary>A model matrix with R's column names, column-major (Values[j * RowCount + i]).</summary>
internal sealed record ModelMatrix(int RowCount, string[] ColumnNames, double[] Values)
{
    public int ColumnCount => ColumnNames.Length;

    /// <summary>The entries row by row (row i's are at [i * ColumnCount ..]), the layout of a random-effects term's z.</summary>
    public double[] RowMajor()
    {
        int n = RowCount, k = ColumnCount;
        var z = new double[n * k];
        for (int j = 0; j < k; j++)
            for (int i = 0; i < n; i++) z[i * k + j] = Values[j * n + i];
        return z;
    }
}

/// <summary>
/// R's model.matrix for an intercept flag and a list of terms over model-frame variables.
/// Which factors of a term get contrasts and which full indicator coding follows R's rule: a
/// factor is coded by contrasts when the term without it is empty or contained in an earlier
/// term, otherwise by indicators; without an intercept, the first factor of the first term that
/// has one is coded by indicators. Columns of an interaction vary fastest in its first variable.
/// </summary>
internal static class ModelMatrixBuilder
{
    public static ModelMatrix Build(
        bool intercept,
        IReadOnlyList<ModelTerm> terms,
        IReadOnlyDictionary<string, FrameVariable> frame,
        Func<FactorVariable, ContrastKind> contrastOf,
        int rowCount)
    {
        var termVariables = terms.Select(t => t.Variables.Select(v => frame[v.Label]).ToArray()).ToArray();
        var useIndicators = FactorPattern(intercept, terms, termVariables);

        var names = new List<string>();
        var columns = new List<double[]>();
        if (intercept)
        {
            names.Add("(Intercept)");
            var ones = new double[rowCount];
            Array.Fill(ones, 1.0);
            columns.Add(ones);
        }

        for (int t = 0; t < terms.Count; t++)
        {
            var parts = new List<(string[] Names, double[][] Columns)>();
            for (int v = 0; v < termVariables[t].Length; v++)
                parts.Add(VariableColumns(termVariables[t][v], useIndicators[t][v], contrastOf));
            AddInteractionColumns(parts, rowCount, names, columns);
        }

        var values = new double[rowCount * columns.Count];
        for (int j = 0; j < columns.Count; j++) columns[j].CopyTo(values, j * rowCount);
        return new ModelMatrix(rowCount, names.ToArray(), values);
    }

    /// <summary>For each term and each of its variables: true when a factor gets indicator columns.</summary>
    internal static bool[][] FactorPattern(bool intercept, IReadOnlyList<ModelTerm> terms, FrameVariable[][] termVariables)
    {
        var pattern = new bool[terms.Count][];
        for (int t = 0; t < terms.Count; t++)
        {
            var vars = terms[t].Variables;
            pattern[t] = new bool[vars.Count];
            for (int v = 0; v < vars.Count; v++)
            {
                if (termVariables[t][v] is not FactorVariable) continue;
                var reduced = vars.Where((_, k) => k != v).Select(x => x.Label).ToHashSet(StringComparer.Ordinal);
                bool margin = reduced.Count == 0;
                for (int s = 0; s < t && !margin; s++)
                    margin = reduced.All(label => terms[s].Variables.Any(x => x.Label == label));
                pattern[t][v] = !margin;
            }
        }

        if (!intercept)
        {
            for (int t = 0; t < terms.Count; t++)
                for (int v = 0; v < termVariables[t].Length; v++)
                    if (termVariables[t][v] is FactorVariable { Levels.Length: > 1 })
                    {
                        pattern[t][v] = true;
                        return pattern;
                    }
        }
        return pattern;
    }

    private static (string[] Names, double[][] Columns) VariableColumns(
        FrameVariable variable, bool indicators, Func<FactorVariable, ContrastKind> contrastOf)
    {
        switch (variable)
        {
            case NumericVariable numeric:
                return (Enumerable.Range(0, numeric.ColumnCount).Select(numeric.ColumnName).ToArray(), numeric.Columns);
            case FactorVariable factor:
            {
                var coding = indicators
                    ? FactorCoding.Indicators(factor.Levels)
                    : FactorCoding.Contrasts(contrastOf(factor), factor.Levels);
                var names = coding.Suffixes.Select(s => factor.Label + s).ToArray();
                var cols = new double[coding.ColumnCount][];
                for (int c = 0; c < cols.Length; c++)
                {
                    var byLevel = coding.Columns[c];
                    var col = new double[factor.Length];
                    for (int i = 0; i < col.Length; i++) col[i] = byLevel[factor.Codes[i]];
                    cols[c] = col;
                }
                return (names, cols);
            }
            default:
                throw new InvalidOperationException($"unknown variable kind {variable.GetType().Name}");
        }
    }

    private static void AddInteractionColumns(
        List<(string[] Names, double[][] Columns)> parts, int rowCount, List<string> names, List<double[]> columns)
    {
        int total = 1;
        foreach (var p in parts) total *= p.Names.Length;
        var index = new int[parts.Count];
        for (int c = 0; c < total; c++)
        {
            // Mixed-radix counter: the first variable's column index moves fastest.
            int rest = c;
            for (int k = 0; k < parts.Count; k++)
            {
                index[k] = rest % parts[k].Names.Length;
                rest /= parts[k].Names.Length;
            }
            var name = string.Join(":", parts.Select((p, k) => p.Names[index[k]]));
            var col = new double[rowCount];
            var first = parts[0].Columns[index[0]];
            Array.Copy(first, col, rowCount);
            for (int k = 1; k < parts.Count; k++)
            {
                var other = parts[k].Columns[index[k]];
                for (int i = 0; i < rowCount; i++) col[i] *= other[i];
            }
            names.Add(name);
            columns.Add(col);
        }
    }
}
