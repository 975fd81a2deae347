namespace FormulaLmm.Data;

/// <summary>Operations on <see cref="CategoricalColumn"/> that R users know as functions on factors.</summary>
public static class CategoricalColumnExtensions
{
    /// <summary>
    /// The column without levels that no row uses, other levels keeping their order (R's
    /// <c>droplevels</c>; lme4 does this to grouping factors). Returns the column itself when every
    /// level is used. A logical column keeps both levels, as R's model.matrix does.
    /// </summary>
    public static CategoricalColumn DropUnusedLevels(this CategoricalColumn column)
    {
        if (column.IsLogical) return column;
        var used = new bool[column.Levels.Count];
        foreach (var c in column.Codes) if (c >= 0) used[c] = true;
        if (Array.TrueForAll(used, u => u)) return column;
        var map = new int[used.Length];
        var levels = new List<string>();
        for (int i = 0; i < used.Length; i++)
        {
            map[i] = used[i] ? levels.Count : -1;
            if (used[i]) levels.Add(column.Levels[i]);
        }
        var codes = new int[column.Codes.Length];
        for (int r = 0; r < codes.Length; r++) codes[r] = column.Codes[r] < 0 ? -1 : map[column.Codes[r]];
        return new CategoricalColumn(column.Name, codes, levels, column.IsOrdered, isLogical: false);
    }
}
