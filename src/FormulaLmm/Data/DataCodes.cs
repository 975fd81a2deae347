namespace FormulaLmm.Data;

/// <summary>Diagnostic codes of the Data stage (FL02xx). Catalogue: docs/diagnostics.md.</summary>
public static class DataCodes
{
    public const string FileNotFound = "FL0201";
    public const string FileUnreadable = "FL0202";
    public const string EmptyFile = "FL0203";
    public const string DuplicateColumnName = "FL0204";
    public const string RaggedRow = "FL0205";
    public const string UnterminatedQuote = "FL0206";
    public const string TextAfterClosingQuote = "FL0207";
    public const string UnknownColumn = "FL0208";
    public const string LevelsDoNotCoverData = "FL0209";
    public const string DuplicateLevel = "FL0210";
    public const string UnknownDataset = "FL0211";
    public const string UnsupportedColumnType = "FL0212";
    public const string ColumnLengthMismatch = "FL0213";
    public const string NoColumns = "FL0214";
}
