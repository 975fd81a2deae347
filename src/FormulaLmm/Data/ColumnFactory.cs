using System.Collections;
using System.Globalization;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Data;

/// <summary>
/// Turns .NET values into columns: numbers become numeric columns; strings, chars, bools and
/// enums become categorical; null (or a null Nullable) is a missing value.
/// </summary>
internal static class ColumnFactory
{
    public static TableColumn FromValues(string name, IEnumerable? values)
    {
        switch (values)
        {
            case null:
                throw DataErrors.Error(DataCodes.UnsupportedColumnType, $"column '{name}' is null: give an array or list of values");
            case string:
                throw DataErrors.Error(DataCodes.UnsupportedColumnType,
                    $"column '{name}' is a single string: give an array or list of values, e.g. new[] {{ \"a\", \"b\" }}");
        }

        // By the declared element type, not by pattern: the runtime lets a uint[] pass as an int[]
        // and an enum array as its underlying type's array.
        var elementType = ElementType(values.GetType());
        var underlying = Nullable.GetUnderlyingType(elementType) ?? elementType;
        if (underlying.IsEnum) return EnumColumn(name, values.Cast<object?>().ToArray(), underlying);
        if (elementType == typeof(double))
            return values is double[] a ? new NumericColumn(name, (double[])a.Clone()) : new NumericColumn(name, ((IEnumerable<double>)values).ToArray());
        if (elementType == typeof(double?)) return Numeric(name, (IEnumerable<double?>)values, v => v ?? double.NaN);
        if (elementType == typeof(float)) return Numeric(name, (IEnumerable<float>)values, v => v);
        if (elementType == typeof(float?)) return Numeric(name, (IEnumerable<float?>)values, v => v ?? double.NaN);
        if (elementType == typeof(int)) return Numeric(name, (IEnumerable<int>)values, v => v);
        if (elementType == typeof(int?)) return Numeric(name, (IEnumerable<int?>)values, v => v ?? double.NaN);
        if (elementType == typeof(long)) return Numeric(name, (IEnumerable<long>)values, v => v);
        if (elementType == typeof(long?)) return Numeric(name, (IEnumerable<long?>)values, v => v ?? double.NaN);
        if (elementType == typeof(string)) return Categorical(name, (IEnumerable<string?>)values);
        if (elementType == typeof(bool)) return Logical(name, ((IEnumerable<bool>)values).Select(v => (bool?)v));
        if (elementType == typeof(bool?)) return Logical(name, (IEnumerable<bool?>)values);
        if (elementType == typeof(char)) return Categorical(name, ((IEnumerable<char>)values).Select(c => c.ToString()));
        if (elementType == typeof(char?)) return Categorical(name, ((IEnumerable<char?>)values).Select(c => c?.ToString()));
        if (IsNumericType(underlying)) return Numeric(name, values.Cast<object?>(), ToDouble);
        if (elementType == typeof(object)) return FromObjects(name, values.Cast<object?>().ToArray());
        throw Unsupported(name, elementType);
    }

    /// <summary>Types that become numeric columns.</summary>
    public static bool IsNumericType(Type t) =>
        t == typeof(Half)
        || (!t.IsEnum && Type.GetTypeCode(t) is TypeCode.Double or TypeCode.Single or TypeCode.Decimal
            or TypeCode.Int32 or TypeCode.Int64 or TypeCode.Int16 or TypeCode.SByte
            or TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.UInt16 or TypeCode.Byte);

    /// <summary>Types that a column can be made of (directly or as Nullable&lt;T&gt;).</summary>
    public static bool IsSupportedType(Type t)
    {
        var u = Nullable.GetUnderlyingType(t) ?? t;
        return IsNumericType(u) || u.IsEnum || u == typeof(string) || u == typeof(bool) || u == typeof(char);
    }

    public static FormulaLmmException Unsupported(string name, Type type) =>
        DataErrors.Error(DataCodes.UnsupportedColumnType,
            $"column '{name}' has values of type {Describe(type)}, which cannot be a model variable: " +
            "use numbers (numeric), or strings, bools, chars or enums (categorical)");

    private static string Describe(Type t) =>
        Nullable.GetUnderlyingType(t) is { } u ? u.Name + "?" : t.Name;

    private static NumericColumn Numeric<T>(string name, IEnumerable<T> values, Func<T, double> convert)
    {
        var list = values as IReadOnlyCollection<T>;
        var result = new List<double>(list?.Count ?? 16);
        foreach (var v in values) result.Add(convert(v));
        return new NumericColumn(name, result.ToArray());
    }

    private static double ToDouble(object? v) =>
        v is null ? double.NaN : v is Half h ? (double)h : Convert.ToDouble(v, CultureInfo.InvariantCulture);

    /// <summary>Strings: null is missing; levels in the default order (<see cref="LevelOrder"/>).</summary>
    public static CategoricalColumn Categorical(string name, IEnumerable<string?> values)
    {
        var labels = values.ToArray();
        var levels = LevelOrder.Sort(labels.Where(s => s is not null)!);
        return WithLevels(name, labels, levels, isOrdered: false, isLogical: false);
    }

    /// <summary>Codes for <paramref name="labels"/> against a complete list of levels.</summary>
    public static CategoricalColumn WithLevels(string name, IReadOnlyList<string?> labels, IReadOnlyList<string> levels,
        bool isOrdered, bool isLogical)
    {
        var index = new Dictionary<string, int>(levels.Count, StringComparer.Ordinal);
        for (int i = 0; i < levels.Count; i++) index[levels[i]] = i;
        var codes = new int[labels.Count];
        for (int r = 0; r < codes.Length; r++)
            codes[r] = labels[r] is { } s ? index[s] : -1;
        return new CategoricalColumn(name, codes, levels, isOrdered, isLogical);
    }

    /// <summary>R's logical: levels FALSE, TRUE always.</summary>
    private static CategoricalColumn Logical(string name, IEnumerable<bool?> values)
    {
        var codes = values.Select(b => b is null ? -1 : b.Value ? 1 : 0).ToArray();
        return new CategoricalColumn(name, codes, LogicalLevels, isOrdered: false, isLogical: true);
    }

    public static readonly IReadOnlyList<string> LogicalLevels = new[] { "FALSE", "TRUE" };

    /// <summary>
    /// Enums: the members that occur, in declaration (value) order, which is the order the
    /// programmer chose; undeclared values (flag combinations) follow, labelled by ToString.
    /// Unused members are left out so that they do not become all-zero model-matrix columns.
    /// </summary>
    private static CategoricalColumn EnumColumn(string name, object?[] values, Type enumType)
    {
        var used = new HashSet<object>(values.Where(v => v is not null)!);
        var declared = Enum.GetValues(enumType).Cast<object>().Where(used.Contains).ToList();
        var undeclared = used.Where(v => !Enum.IsDefined(enumType, v)).OrderBy(v => v).ToList();
        var order = declared.Concat(undeclared).ToList();
        var levels = order.Select(v => v.ToString()!).ToArray();
        var codeOf = new Dictionary<object, int>();
        for (int i = 0; i < order.Count; i++) codeOf[order[i]] = i;
        var codes = values.Select(v => v is null ? -1 : codeOf[v]).ToArray();
        return new CategoricalColumn(name, codes, levels);
    }

    /// <summary>A column typed only at run time (object[], ArrayList): all values must be of one kind.</summary>
    private static TableColumn FromObjects(string name, object?[] values)
    {
        var present = values.Where(v => v is not null).ToArray();
        if (present.All(v => IsNumericType(v!.GetType()))) return Numeric(name, values, ToDouble);
        if (present.All(v => v is string or char)) return Categorical(name, values.Select(v => v?.ToString()));
        if (present.All(v => v is bool)) return Logical(name, values.Select(v => (bool?)v));
        if (present.Length > 0 && present.All(v => v!.GetType().IsEnum && v.GetType() == present[0]!.GetType()))
            return EnumColumn(name, values, present[0]!.GetType());
        var kinds = present.Select(v => v!.GetType()).Distinct().Take(3).Select(t => t.Name);
        throw DataErrors.Error(DataCodes.UnsupportedColumnType,
            $"column '{name}' mixes values of types {string.Join(", ", kinds)}: a column must be all numbers or all labels");
    }

    private static Type ElementType(Type sequenceType)
    {
        if (sequenceType.IsArray) return sequenceType.GetElementType()!;
        var generic = sequenceType.GetInterfaces().Append(sequenceType)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return generic?.GetGenericArguments()[0] ?? typeof(object);
    }
}

/// <summary>Builds the exceptions that carry Data-stage diagnostics.</summary>
internal static class DataErrors
{
    public static FormulaLmmException Error(string code, string message) => new(Diagnostic.Error(code, message));
}
