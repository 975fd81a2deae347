namespace FormulaLmm.Syntax;

/// <summary>Diagnostic codes of the Syntax stage (FL00xx). Catalogue: docs/diagnostics.md.</summary>
public static class SyntaxCodes
{
    public const string EmptyFormula = "FL0001";
    public const string UnexpectedCharacter = "FL0002";
    public const string UnclosedParenthesis = "FL0003";
    public const string UnmatchedClosingParenthesis = "FL0004";
    public const string UnterminatedQuote = "FL0005";
    public const string MissingTilde = "FL0006";
    public const string MoreThanOneTilde = "FL0007";
    public const string BarOutsideParentheses = "FL0008";
    public const string MissingGroupingFactor = "FL0009";
    public const string MissingEffectsBeforeBar = "FL0010";
    public const string MissingOperand = "FL0011";
    public const string MissingOperator = "FL0012";
    public const string UnknownOperator = "FL0013";
    public const string OperatorOutsideI = "FL0014";
    public const string NestedBar = "FL0015";
    public const string SyntaxError = "FL0016";
    public const string EmptyParentheses = "FL0017";
    public const string MissingRightHandSide = "FL0018";
    public const string NestedTooDeeply = "FL0019";
    public const string FormulaTooLong = "FL0020";
    public const string EmptyBackquotedName = "FL0021";
    public const string MissingArgument = "FL0022";
    public const string ReservedWord = "FL0023";
    public const string MalformedNumber = "FL0024";
    public const string StringOutsideCall = "FL0025";
    public const string RandomTermInResponse = "FL0026";
    public const string NonIntegerLiteral = "FL0027";
    public const string UnsupportedRSyntax = "FL0028";

    /// <summary>Every code above, for the catalogue test.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(SyntaxCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();
}

/// <summary>Codes shared by all stages.</summary>
public static class DiagnosticCodes
{
    public const string InternalParserError = "FL0099";
}
