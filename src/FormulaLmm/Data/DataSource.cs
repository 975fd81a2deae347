namespace FormulaLmm.Data;

/// <summary>
/// Resolves what a user means by <c>--data X</c>: a CSV file when X is one, otherwise an embedded
/// data set of that name (see <see cref="Datasets"/>).
/// </summary>
public static class DataSource
{
    /// <summary>
    /// Loads a CSV file or an embedded data set, then makes <paramref name="categorical"/> columns
    /// categorical (for a file they are read as categorical, keeping their text as labels).
    /// </summary>
    /// <exception cref="Diagnostics.FormulaLmmException">
    /// FL0201 when X is neither a file nor a data set (with a suggestion), FL0208 for an unknown
    /// categorical column, and any CSV error.
    /// </exception>
    public static Table Load(string fileOrDataset, IEnumerable<string>? categorical = null)
    {
        var columns = categorical?.Where(c => c.Length > 0).Distinct().ToArray() ?? Array.Empty<string>();
        if (File.Exists(fileOrDataset) || LooksLikePath(fileOrDataset) || Directory.Exists(fileOrDataset))
        {
            char separator = fileOrDataset.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase)
                || fileOrDataset.EndsWith(".tsv.gz", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
            return CsvReader.ReadFile(fileOrDataset, new CsvReadOptions { CategoricalColumns = columns, Separator = separator });
        }
        if (Datasets.TryLoad(fileOrDataset, out var table))
            return columns.Length == 0 ? table : table.WithCategorical(columns);
        throw DataErrors.Error(DataCodes.FileNotFound,
            $"'{fileOrDataset}' is neither a data file nor an embedded data set{NameSuggestion.DidYouMean(fileOrDataset, Datasets.Names)}; " +
            $"data sets: {string.Join(", ", Datasets.Names)}");
    }

    private static bool LooksLikePath(string s) =>
        s.Contains('/') || s.Contains('\\') || s.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
        || s.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || s.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
        || s.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase);
}
