namespace FormulaLmm.Data;

/// <summary>A named column of a <see cref="DataTable"/>.</summary>
public abstract class DataColumn
{
    protected DataColumn(string name) => Name = name;

    public string Name { get; }

    /// <summary>Number of rows.</summary>
    public abstract int Length { get; }

    /// <summary>True when row <paramref name="row"/> holds no value (R's NA).</summary>
    public abstract bool IsMissing(int row);
}

/// <summary>A numeric column. Missing values are stored as NaN.</summary>
public sealed class NumericColumn : DataColumn
{
    public NumericColumn(string name, double[] values) : base(name) => Values = values;

    /// <summary>The values; NaN marks a missing value. Do not modify.</summary>
    public double[] Values { get; }

    public override int Length => Values.Length;

    public override bool IsMissing(int row) => double.IsNaN(Values[row]);
}

/// <summary>
/// A categorical column (R's factor): one integer code per row indexing <see cref="Levels"/>,
/// -1 for a missing value. Level order is the order R would use unless the user gave one.
/// </summary>
public sealed class CategoricalColumn : DataColumn
{
    public CategoricalColumn(string name, int[] codes, IReadOnlyList<string> levels, bool isOrdered = false, bool isLogical = false)
        : base(name)
    {
        Codes = codes;
        Levels = levels;
        IsOrdered = isOrdered;
        IsLogical = isLogical;
    }

    /// <summary>Level index per row, -1 when missing. Do not modify.</summary>
    public int[] Codes { get; }

    public IReadOnlyList<string> Levels { get; }

    /// <summary>
    /// R's ordered factor (e.g. cake's temperature). R codes ordered factors in model matrices
    /// with polynomial contrasts (<c>contr.poly</c>: <c>.L .Q .C ^4</c>) instead of treatment contrasts.
    /// </summary>
    public bool IsOrdered { get; }

    /// <summary>
    /// R's logical (TRUE/FALSE) column. Levels are always <c>FALSE, TRUE</c>, even when one of them
    /// is absent, because R's model.matrix codes a logical that way (column <c>xTRUE</c>).
    /// </summary>
    public bool IsLogical { get; }

    public override int Length => Codes.Length;

    public override bool IsMissing(int row) => Codes[row] < 0;

    /// <summary>The level label of a row, or null when missing.</summary>
    public string? ValueAt(int row) => Codes[row] < 0 ? null : Levels[Codes[row]];
}

/// <summary>An immutable table of equally long named columns.</summary>
public sealed partial class DataTable
{
    private readonly Dictionary<string, DataColumn> _byName;

    public DataTable(IReadOnlyList<DataColumn> columns, string? name = null)
    {
        if (columns.Select(c => c.Length).Distinct().Count() > 1)
            throw new ArgumentException("all columns of a table must have the same length");
        Columns = columns;
        Name = name;
        _byName = new Dictionary<string, DataColumn>(StringComparer.Ordinal);
        foreach (var c in columns)
            if (!_byName.TryAdd(c.Name, c))
                throw new ArgumentException($"duplicate column name '{c.Name}'");
    }

    /// <summary>Where the table came from (a file or data set name), for messages.</summary>
    public string? Name { get; }

    public IReadOnlyList<DataColumn> Columns { get; }

    public int RowCount => Columns.Count == 0 ? 0 : Columns[0].Length;

    public DataColumn this[string name] =>
        _byName.TryGetValue(name, out var c) ? c : throw new KeyNotFoundException($"no column '{name}'");

    public bool TryGetColumn(string name, out DataColumn column) => _byName.TryGetValue(name, out column!);

    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);
}
