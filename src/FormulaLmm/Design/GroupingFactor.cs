namespace FormulaLmm.Design;

/// <summary>
/// The grouping factor of a random-effects term: the observed combinations of its variables
/// (lme4's a %i% b), ordered by the first variable's level, then the second's, and so on, and
/// labelled with the levels joined by ':'.
/// </summary>
internal static class GroupingFactor
{
    public static (string[] Levels, int[] Codes) Combine(IReadOnlyList<FactorVariable> factors)
    {
        if (factors.Count == 1) return (factors[0].Levels, (int[])factors[0].Codes.Clone());

        int n = factors[0].Length;
        var keys = new long[n];
        for (int i = 0; i < n; i++)
        {
            long key = 0;
            foreach (var f in factors) key = key * f.Levels.Length + f.Codes[i];
            keys[i] = key;
        }
        var distinct = keys.Distinct().OrderBy(k => k).ToArray();
        var index = new Dictionary<long, int>(distinct.Length);
        for (int l = 0; l < distinct.Length; l++) index[distinct[l]] = l;
        var codes = new int[n];
        for (int i = 0; i < n; i++) codes[i] = index[keys[i]];

        var levels = new string[distinct.Length];
        var parts = new string[factors.Count];
        for (int l = 0; l < distinct.Length; l++)
        {
            long key = distinct[l];
            for (int k = factors.Count - 1; k >= 0; k--)
            {
                int size = factors[k].Levels.Length;
                parts[k] = factors[k].Levels[(int)(key % size)];
                key /= size;
            }
            levels[l] = string.Join(":", parts);
        }
        return (levels, codes);
    }
}
