namespace FormulaLmm.Data;

/// <summary>How <see cref="CsvReader"/> types the columns of a CSV file.</summary>
public sealed record CsvReadOptions
{
    /// <summary>
    /// Columns to read as categorical even when every value is a number (R's
    /// <c>colClasses = "factor"</c>), e.g. subject ids 308, 309, ... Their levels sort numerically.
    /// </summary>
    public IReadOnlyCollection<string> CategoricalColumns { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Level order per column (R's <c>factor(x, levels = ...)</c>); the column becomes categorical.
    /// Every value in the column must be among the levels.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> LevelOrders { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Columns to read as ordered factors (R's <c>ordered()</c>); they become categorical.</summary>
    public IReadOnlyCollection<string> OrderedColumns { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Field values that mean "missing" (R's <c>na.strings</c>), compared after trimming spaces.
    /// Default: the empty field and <c>NA</c>.
    /// </summary>
    public IReadOnlyCollection<string> MissingTokens { get; init; } = DefaultMissingTokens;

    /// <summary>The field separator: ',' by default; ';' or '\t' for other dialects.</summary>
    public char Separator { get; init; } = ',';

    /// <summary>The default <see cref="MissingTokens"/>: the empty field and <c>NA</c> (R's <c>na.strings = "NA"</c>, plus empty fields in every column).</summary>
    public static IReadOnlyCollection<string> DefaultMissingTokens { get; } = new[] { "", "NA" };

    /// <summary>The options with more columns declared categorical.</summary>
    /// <param name="columns">Column names to add to <see cref="CategoricalColumns"/>.</param>
    /// <returns>New options; these are unchanged.</returns>
    public CsvReadOptions WithCategorical(params string[] columns) =>
        this with { CategoricalColumns = CategoricalColumns.Concat(columns).Distinct().ToArray() };
}
