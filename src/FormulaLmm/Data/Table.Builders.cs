using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Data;

// Ways to build a table from .NET data, and the derived tables R users make with factor(),
// factor(x, levels = ...) and row subsetting. Every method returns a new table.
public sealed partial class Table
{
    /// <summary>
    /// A table from named arrays or lists. <c>double[] int[] float[] long[]</c> (and their
    /// nullable forms) become numeric columns; <c>string[] bool[] char[]</c> and enum arrays become
    /// categorical; null (and NaN) is a missing value. Columns keep the dictionary's order. The
    /// counterpart of R's <c>data.frame(a = ..., b = ...)</c>.
    /// </summary>
    /// <param name="columns">Column name to values (an array or list with one element per row).</param>
    /// <param name="name">A name for the table, shown in summaries ("Data: ...") and messages.</param>
    /// <returns>A new table.</returns>
    /// <exception cref="FormulaLmmException">FL0212 unsupported value type, FL0213 columns of different lengths, FL0214 no columns.</exception>
    public static Table FromColumns(IReadOnlyDictionary<string, IEnumerable> columns, string? name = null) =>
        FromColumns(columns.Select(kv => (kv.Key, kv.Value)).ToArray(), name);

    /// <summary>A table from (name, values) pairs, in the order given; see the dictionary overload.</summary>
    /// <param name="columns">(name, values) pairs, one per column.</param>
    /// <param name="name">A name for the table, shown in summaries and messages.</param>
    /// <returns>A new table.</returns>
    /// <exception cref="FormulaLmmException">FL0204 a name given twice, FL0212 unsupported value type, FL0213 columns of different lengths, FL0214 no columns.</exception>
    public static Table FromColumns(IReadOnlyList<(string Name, IEnumerable Values)> columns, string? name = null)
    {
        if (columns.Count == 0)
            throw DataErrors.Error(DataCodes.NoColumns, "the data has no columns");
        var built = columns.Select(c => ColumnFactory.FromValues(c.Name, c.Values)).ToArray();
        EnsureEqualLengths(built);
        EnsureUniqueNames(built.Select(c => c.Name));
        return new Table(built, name);
    }

    /// <summary>
    /// A table with one row per element and one column per public property or field of
    /// <typeparamref name="T"/> (declaration order). Numbers become numeric columns; string, bool,
    /// char and enum members categorical; a null value (reference or Nullable) is missing.
    /// </summary>
    /// <typeparam name="T">The record type; its public readable instance properties and fields become the columns.</typeparam>
    /// <param name="rows">The records, one per row; none may be null.</param>
    /// <param name="name">A name for the table, shown in summaries and messages.</param>
    /// <returns>A new table.</returns>
    /// <exception cref="FormulaLmmException">FL0212 when a member has a type that cannot be a variable (e.g. DateTime); FL0214 when <typeparamref name="T"/> has no public property or field.</exception>
    /// <exception cref="ArgumentException">An element of <paramref name="rows"/> is null.</exception>
    public static Table FromRecords<T>(IEnumerable<T> rows, string? name = null)
    {
        var list = rows as IReadOnlyList<T> ?? rows.ToArray();
        var members = RecordMembers(typeof(T));
        if (members.Count == 0)
            throw DataErrors.Error(DataCodes.NoColumns,
                $"type {typeof(T).Name} has no public properties or fields to make columns from");
        var extract = typeof(Table).GetMethod(nameof(ExtractMember), BindingFlags.NonPublic | BindingFlags.Static)!;
        var columns = new TableColumn[members.Count];
        for (int i = 0; i < members.Count; i++)
        {
            var (member, type) = members[i];
            if (!ColumnFactory.IsSupportedType(type)) throw ColumnFactory.Unsupported(member.Name, type);
            var values = (IEnumerable)extract.MakeGenericMethod(typeof(T), type).Invoke(null, new object[] { list, member })!;
            columns[i] = ColumnFactory.FromValues(member.Name, values);
        }
        return new Table(columns, name);
    }

    private static List<(MemberInfo Member, Type Type)> RecordMembers(Type t)
    {
        var members = new List<(MemberInfo, Type)>();
        foreach (var m in t.GetMembers(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.MetadataToken))
        {
            if (m is PropertyInfo p && p.CanRead && p.GetMethod!.IsPublic && p.GetIndexParameters().Length == 0)
                members.Add((p, p.PropertyType));
            else if (m is FieldInfo f)
                members.Add((f, f.FieldType));
        }
        return members;
    }

    // A compiled getter reads each row's member without boxing, so a million records stay fast.
    private static TMember[] ExtractMember<T, TMember>(IReadOnlyList<T> rows, MemberInfo member)
    {
        var row = Expression.Parameter(typeof(T), "row");
        var getter = Expression.Lambda<Func<T, TMember>>(Expression.MakeMemberAccess(row, member), row).Compile();
        var values = new TMember[rows.Count];
        for (int i = 0; i < values.Length; i++)
        {
            var r = rows[i];
            if (r is null) throw new ArgumentException($"row {i} is null", nameof(rows));
            values[i] = getter(r);
        }
        return values;
    }

    /// <summary>
    /// The table with the named columns made categorical, as R's <c>factor()</c> does: a numeric
    /// column's levels are its distinct values in increasing order, labelled as R prints them
    /// (<c>2</c>, <c>10</c>, <c>1.5</c>, <c>1e+05</c>); NaN stays missing. Categorical columns are unchanged.
    /// </summary>
    /// <param name="columnNames">The columns to make categorical.</param>
    /// <returns>A new table; this one is unchanged.</returns>
    /// <exception cref="FormulaLmmException">FL0208 naming each unknown column, with a suggestion.</exception>
    public Table WithCategorical(IEnumerable<string> columnNames)
    {
        var wanted = columnNames.ToHashSet(StringComparer.Ordinal);
        EnsureColumnsExist(wanted, "to make categorical");
        var columns = Columns.Select(c => wanted.Contains(c.Name) ? ToCategorical(c) : c).ToArray();
        return new Table(columns, Name);
    }

    /// <summary>The table with the named columns made categorical; see the other overload.</summary>
    /// <param name="columnNames">The columns to make categorical.</param>
    /// <returns>A new table; this one is unchanged.</returns>
    /// <exception cref="FormulaLmmException">FL0208 naming each unknown column, with a suggestion.</exception>
    public Table WithCategorical(params string[] columnNames) => WithCategorical((IEnumerable<string>)columnNames);

    /// <summary>
    /// The table with <paramref name="column"/>'s levels in the given order (R's
    /// <c>factor(x, levels = ...)</c>); a numeric column is made categorical first. The levels must
    /// include every value that occurs; levels that do not occur are kept (as R keeps them).
    /// </summary>
    /// <param name="column">The column's name.</param>
    /// <param name="levels">Every level, in order.</param>
    /// <param name="isOrdered">Make it an ordered factor (true), unordered (false) or keep as is (null).</param>
    /// <returns>A new table; this one is unchanged.</returns>
    /// <exception cref="FormulaLmmException">FL0208 unknown column, FL0209 a value not among the levels, FL0210 a level given twice.</exception>
    public Table WithLevelOrder(string column, IReadOnlyList<string> levels, bool? isOrdered = null)
    {
        EnsureColumnsExist(new[] { column }, "to order the levels of");
        var old = ToCategorical(this[column]);
        var reordered = Reorder(old, levels, isOrdered ?? old.IsOrdered, $"column '{column}'");
        return WithColumn(reordered);
    }

    /// <summary>
    /// The rows at the given 0-based indices, in that order (R's <c>data[rows + 1, ]</c>); categorical
    /// levels are kept, used or not, as R keeps them.
    /// </summary>
    /// <param name="rows">0-based row indices; may repeat.</param>
    /// <returns>A new table with <c>rows.Length</c> rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside 0 .. <see cref="RowCount"/> - 1.</exception>
    public Table Subset(int[] rows)
    {
        int n = RowCount;
        foreach (var r in rows)
            if ((uint)r >= (uint)n) throw new ArgumentOutOfRangeException(nameof(rows), $"row {r} is outside 0..{n - 1}");
        var columns = Columns.Select<TableColumn, TableColumn>(c => c switch
        {
            NumericColumn num => new NumericColumn(c.Name, Pick(num.Values, rows)),
            CategoricalColumn cat => new CategoricalColumn(c.Name, Pick(cat.Codes, rows), cat.Levels, cat.IsOrdered, cat.IsLogical),
            _ => throw new InvalidOperationException($"unknown column kind {c.GetType().Name}"),
        }).ToArray();
        return new Table(columns, Name);
    }

    /// <summary>The table with <paramref name="column"/> replacing the column of the same name, or appended.</summary>
    /// <param name="column">The new column; as long as the table's columns.</param>
    /// <returns>A new table; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">The column's length differs from <see cref="RowCount"/>.</exception>
    public Table WithColumn(TableColumn column)
    {
        if (Columns.Count > 0 && column.Length != RowCount)
            throw new ArgumentException($"column '{column.Name}' has {column.Length} rows but the table has {RowCount}");
        var columns = Columns.Select(c => c.Name == column.Name ? column : c).ToList();
        if (!_byName.ContainsKey(column.Name)) columns.Add(column);
        return new Table(columns, Name);
    }

    private static T[] Pick<T>(T[] source, int[] rows)
    {
        var result = new T[rows.Length];
        for (int i = 0; i < rows.Length; i++) result[i] = source[rows[i]];
        return result;
    }

    /// <summary>
    /// R's <c>factor()</c> of one column: a numeric column's distinct values, increasing, become the
    /// levels, labelled as R prints them; NaN is missing. A categorical column is returned as is.
    /// </summary>
    /// <param name="column">A numeric or categorical column.</param>
    /// <returns>The categorical column (the same instance when it already was one).</returns>
    public static CategoricalColumn ToCategorical(TableColumn column)
    {
        if (column is CategoricalColumn cat) return cat;
        var values = ((NumericColumn)column).Values;
        var distinct = values.Where(v => !double.IsNaN(v)).Distinct().ToArray();
        Array.Sort(distinct);
        // Distinct doubles can print alike (0.1 + 0.2 and 0.3 are both "0.3"): R merges them into one level.
        var levels = new List<string>();
        var codeOfValue = new Dictionary<double, int>(distinct.Length);
        foreach (var v in distinct)
        {
            var label = RNumber.Format(v);
            if (levels.Count == 0 || levels[^1] != label) levels.Add(label);
            codeOfValue[v] = levels.Count - 1;
        }
        var codes = new int[values.Length];
        for (int r = 0; r < codes.Length; r++)
            codes[r] = double.IsNaN(values[r]) ? -1 : codeOfValue[values[r]];
        return new CategoricalColumn(column.Name, codes, levels);
    }

    /// <summary>A categorical column with its codes mapped onto a new, complete level list.</summary>
    internal static CategoricalColumn Reorder(CategoricalColumn column, IReadOnlyList<string> levels, bool isOrdered, string what)
    {
        var position = new Dictionary<string, int>(levels.Count, StringComparer.Ordinal);
        for (int i = 0; i < levels.Count; i++)
            if (!position.TryAdd(levels[i], i))
                throw DataErrors.Error(DataCodes.DuplicateLevel, $"the levels given for {what} list '{levels[i]}' twice");

        var used = new bool[column.Levels.Count];
        foreach (var c in column.Codes) if (c >= 0) used[c] = true;
        var map = new int[column.Levels.Count];
        var uncovered = new List<string>();
        for (int i = 0; i < map.Length; i++)
        {
            if (position.TryGetValue(column.Levels[i], out var p)) map[i] = p;
            else if (used[i]) uncovered.Add(column.Levels[i]);
        }
        if (uncovered.Count > 0)
            throw DataErrors.Error(DataCodes.LevelsDoNotCoverData,
                $"the levels given for {what} do not include {QuoteList(uncovered, 5)}, which occur in the data; " +
                $"levels given: {QuoteList(levels, 8)}");

        var codes = new int[column.Codes.Length];
        for (int r = 0; r < codes.Length; r++)
            codes[r] = column.Codes[r] < 0 ? -1 : map[column.Codes[r]];
        return new CategoricalColumn(column.Name, codes, levels.ToArray(), isOrdered, isLogical: false);
    }

    internal static string QuoteList(IReadOnlyList<string> items, int max)
    {
        var shown = string.Join(", ", items.Take(max).Select(s => $"'{s}'"));
        return items.Count > max ? $"{shown} and {items.Count - max} more" : shown;
    }

    private void EnsureColumnsExist(IEnumerable<string> names, string purpose)
    {
        var diagnostics = names.Where(n => !_byName.ContainsKey(n))
            .Select(n => Diagnostic.Error(DataCodes.UnknownColumn,
                $"there is no column '{n}' {purpose}{NameSuggestion.DidYouMean(n, ColumnNames)}; columns: {string.Join(", ", ColumnNames)}"))
            .ToList();
        if (diagnostics.Count > 0) throw new FormulaLmmException(diagnostics);
    }

    private static void EnsureEqualLengths(IReadOnlyList<TableColumn> columns)
    {
        var first = columns[0];
        var odd = columns.FirstOrDefault(c => c.Length != first.Length);
        if (odd is not null)
            throw DataErrors.Error(DataCodes.ColumnLengthMismatch,
                $"column '{odd.Name}' has {odd.Length} values but column '{first.Name}' has {first.Length}: all columns must have the same length");
    }

    private static void EnsureUniqueNames(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names)
            if (!seen.Add(n))
                throw DataErrors.Error(DataCodes.DuplicateColumnName, $"two columns are named '{n}'");
    }
}
