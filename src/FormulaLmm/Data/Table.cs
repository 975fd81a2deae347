using System.Diagnostics.CodeAnalysis;
namespace FormulaLmm.Data;

/// <summary>
/// A named column of a <see cref="Table"/>: <see cref="NumericColumn"/> (R's numeric vector) or
/// <see cref="CategoricalColumn"/> (R's factor or logical). Rows are indexed from 0.
/// </summary>
public abstract class TableColumn
{
    /// <summary>Sets the column's name; only the library's two column kinds derive from this class.</summary>
    /// <param name="name">The column's name, as formulas refer to it (case-sensitive, as in R).</param>
    protected TableColumn(string name) => Name = name;

    /// <summary>The column's name, as formulas refer to it (case-sensitive, as R's <c>names(data)</c>).</summary>
    public string Name { get; }

    /// <summary>Number of rows.</summary>
    public abstract int Length { get; }

    /// <summary>True when row <paramref name="row"/> holds no value (R's NA).</summary>
    /// <param name="row">A 0-based row index.</param>
    /// <exception cref="IndexOutOfRangeException"><paramref name="row"/> is not a row of the column.</exception>
    public abstract bool IsMissing(int row);
}

/// <summary>A numeric column (R's numeric vector). Missing values (R's NA) are stored as NaN.</summary>
public sealed class NumericColumn : TableColumn
{
    /// <summary>A numeric column over <paramref name="values"/>, which it keeps without copying.</summary>
    /// <param name="name">The column's name.</param>
    /// <param name="values">One value per row, NaN for missing; the caller must not change the array afterwards.</param>
    public NumericColumn(string name, double[] values) : base(name) => Values = values;

    /// <summary>The values; NaN marks a missing value. Do not modify.</summary>
    public double[] Values { get; }

    /// <inheritdoc/>
    public override int Length => Values.Length;

    /// <inheritdoc/>
    public override bool IsMissing(int row) => double.IsNaN(Values[row]);
}

/// <summary>
/// A categorical column (R's factor): one integer code per row indexing <see cref="Levels"/>,
/// -1 for a missing value. Level order is the order R would use unless the user gave one.
/// </summary>
public sealed class CategoricalColumn : TableColumn
{
    /// <summary>A categorical column over <paramref name="codes"/>, which it keeps without copying.</summary>
    /// <param name="name">The column's name.</param>
    /// <param name="codes">Per row, the 0-based index of its level in <paramref name="levels"/>, or -1 when missing; not to be changed afterwards.</param>
    /// <param name="levels">The level labels in R's level order (the first is the reference level of treatment contrasts).</param>
    /// <param name="isOrdered">True for R's ordered factor (coded with polynomial contrasts).</param>
    /// <param name="isLogical">True for R's logical (TRUE/FALSE); <paramref name="levels"/> must then be <c>FALSE, TRUE</c>.</param>
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

    /// <summary>The level labels in R's order (<c>levels(f)</c>); the first is the reference level of treatment contrasts.</summary>
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

    /// <inheritdoc/>
    public override int Length => Codes.Length;

    /// <inheritdoc/>
    public override bool IsMissing(int row) => Codes[row] < 0;

    /// <summary>The level label of a row (0-based), or null when missing.</summary>
    public string? ValueAt(int row) => Codes[row] < 0 ? null : Levels[Codes[row]];
}

/// <summary>
/// An immutable table of equally long named columns: FormulaLmm's counterpart of the R
/// <c>data.frame</c> given to lme4's <c>lmer(data = ...)</c>. Rows are indexed from 0 in the API
/// (messages count them from 1, as R does); missing values are NaN in numeric columns and code -1
/// in categorical ones. Make one with <see cref="CsvReader"/>, <see cref="Datasets.Load"/>,
/// <see cref="FromColumns(IReadOnlyDictionary{string, System.Collections.IEnumerable}, string)"/> or
/// <see cref="FromRecords{T}"/>; the <c>With...</c> methods return changed copies.
/// </summary>
public sealed partial class Table
{
    private readonly Dictionary<string, TableColumn> _byName;

    /// <summary>A table of the given columns, in that order (the columns are not copied).</summary>
    /// <param name="columns">The columns; all of the same length, with distinct names.</param>
    /// <param name="name">Where the table came from (a file or data set name), shown in summaries and messages.</param>
    /// <exception cref="ArgumentException">The columns differ in length, or two have the same name.</exception>
    public Table(IReadOnlyList<TableColumn> columns, string? name = null)
    {
        if (columns.Select(c => c.Length).Distinct().Count() > 1)
            throw new ArgumentException("all columns of a table must have the same length");
        Columns = columns;
        Name = name;
        _byName = new Dictionary<string, TableColumn>(StringComparer.Ordinal);
        foreach (var c in columns)
            if (!_byName.TryAdd(c.Name, c))
                throw new ArgumentException($"duplicate column name '{c.Name}'");
    }

    /// <summary>Where the table came from (a file or data set name), for messages.</summary>
    public string? Name { get; }

    /// <summary>The columns in table order (R's <c>data[[j]]</c>, 0-based here).</summary>
    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>Number of rows (R's <c>nrow(data)</c>); 0 for a table without columns.</summary>
    public int RowCount => Columns.Count == 0 ? 0 : Columns[0].Length;

    /// <summary>The column named <paramref name="name"/> (R's <c>data[[name]]</c>; case-sensitive).</summary>
    /// <param name="name">The column's name.</param>
    /// <exception cref="KeyNotFoundException">The table has no column of that name.</exception>
    public TableColumn this[string name] =>
        _byName.TryGetValue(name, out var c) ? c : throw new KeyNotFoundException($"no column '{name}'");

    /// <summary>Looks a column up by its name (case-sensitive) without throwing.</summary>
    /// <param name="name">The column's name.</param>
    /// <param name="column">The column when found; otherwise null.</param>
    /// <returns>True when the table has a column of that name.</returns>
    public bool TryGetColumn(string name, [MaybeNullWhen(false)] out TableColumn column) => _byName.TryGetValue(name, out column);

    /// <summary>The column names in table order (R's <c>names(data)</c>).</summary>
    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);
}
