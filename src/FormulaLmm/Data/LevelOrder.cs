namespace FormulaLmm.Data;

/// <summary>
/// The default order of a categorical column's levels: numeric when every label is a number
/// (so "2" comes before "10", as R orders a factor made from numbers), otherwise R's collation
/// (<see cref="Collation"/>).
/// </summary>
public static class LevelOrder
{
    /// <summary>R's default order of character labels (<see cref="RCollation"/>: ICU root collation).</summary>
    public static IComparer<string> Collation => RCollation.Instance;

    /// <summary>The distinct labels in default level order.</summary>
    public static string[] Sort(IEnumerable<string> labels)
    {
        var distinct = labels.Distinct(StringComparer.Ordinal).ToArray();
        var numbers = new double[distinct.Length];
        bool allNumeric = true;
        for (int i = 0; i < distinct.Length && allNumeric; i++)
            allNumeric = RNumber.TryParse(distinct[i].AsSpan(), out numbers[i]);
        if (allNumeric)
        {
            var index = Enumerable.Range(0, distinct.Length).ToArray();
            Array.Sort(index, (a, b) =>
            {
                int c = CompareNumbers(numbers[a], numbers[b]);
                return c != 0 ? c : string.CompareOrdinal(distinct[a], distinct[b]);
            });
            return index.Select(i => distinct[i]).ToArray();
        }
        Array.Sort(distinct, Collation);
        return distinct;
    }

    // NaN after every number, as R's sort(na.last = TRUE) puts it.
    private static int CompareNumbers(double a, double b) =>
        double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : double.IsNaN(b) ? -1 : a.CompareTo(b);
}

/// <summary>"Did you mean" suggestions for misspelt names (columns, data sets, variables).</summary>
public static class NameSuggestion
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/> by edit distance, ignoring case, or null
    /// when none is close (more than a third of the name's characters would have to change).
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            if (string.Equals(c, name, StringComparison.OrdinalIgnoreCase)) return c;
            int d = EditDistance(name.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        int allowed = Math.Max(1, (name.Length + 2) / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or an empty string.</summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } s ? $" (did you mean '{s}'?)" : "";

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                d[i, j] = v;
            }
        return d[a.Length, b.Length];
    }
}
