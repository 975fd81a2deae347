namespace FormulaLmm.Data;

/// <summary>
/// Diagnostic codes of the Data stage (FL02xx): errors thrown inside <see cref="Diagnostics.FormulaLmmException"/>
/// by <see cref="CsvReader"/>, <see cref="Datasets"/> and the <see cref="Table"/> builders. Catalogue: docs/diagnostics.md.
/// </summary>
public static class DataCodes
{
    /// <summary>FL0201: the data file does not exist (or a data source names neither a file nor an embedded data set; with a suggestion).</summary>
    public const string FileNotFound = "FL0201";
    /// <summary>FL0202: the file cannot be read: a folder, no permission, or corrupt gzip.</summary>
    public const string FileUnreadable = "FL0202";
    /// <summary>FL0203: the CSV file is empty: no header row.</summary>
    public const string EmptyFile = "FL0203";
    /// <summary>FL0204: two columns have the same name (CSV header or <c>FromColumns</c>); R would rename one, FormulaLmm stops.</summary>
    public const string DuplicateColumnName = "FL0204";
    /// <summary>FL0205: a CSV row has more or fewer fields than the header has columns; names the line.</summary>
    public const string RaggedRow = "FL0205";
    /// <summary>FL0206: a quoted CSV field is never closed; names the line where it opens.</summary>
    public const string UnterminatedQuote = "FL0206";
    /// <summary>FL0207: text after a closing quote in a CSV field (a quote inside a quoted field must be doubled).</summary>
    public const string TextAfterClosingQuote = "FL0207";
    /// <summary>FL0208: an option or call names a column that is not in the data (with a suggestion), e.g. <c>WithCategorical("subjct")</c>.</summary>
    public const string UnknownColumn = "FL0208";
    /// <summary>FL0209: a given level order leaves out values that occur in the data.</summary>
    public const string LevelsDoNotCoverData = "FL0209";
    /// <summary>FL0210: a given level order lists a level twice.</summary>
    public const string DuplicateLevel = "FL0210";
    /// <summary>FL0211: <see cref="Datasets.Load"/> was given a name that is not an embedded data set (with a suggestion).</summary>
    public const string UnknownDataset = "FL0211";
    /// <summary>FL0212: a .NET column or record member has a type that cannot be a model variable, e.g. DateTime.</summary>
    public const string UnsupportedColumnType = "FL0212";
    /// <summary>FL0213: the columns given to <c>FromColumns</c> have different lengths.</summary>
    public const string ColumnLengthMismatch = "FL0213";
    /// <summary>FL0214: there are no columns (an empty <c>FromColumns</c>, or a record type without public members).</summary>
    public const string NoColumns = "FL0214";
}
