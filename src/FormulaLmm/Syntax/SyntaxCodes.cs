namespace FormulaLmm.Syntax;

/// <summary>
/// Diagnostic codes of the Syntax stage (FL00xx), reported by <see cref="Formula.TryParse"/> with a
/// span into the formula. All are errors except FL0027. Catalogue with examples and messages:
/// docs/diagnostics.md.
/// </summary>
public static class SyntaxCodes
{
    /// <summary>FL0001: the formula is empty or blank.</summary>
    public const string EmptyFormula = "FL0001";
    /// <summary>FL0002: a character with no place in a formula, e.g. '?', curly quotes, a U+2212 minus or a control character.</summary>
    public const string UnexpectedCharacter = "FL0002";
    /// <summary>FL0003: an opening parenthesis is never closed (the span is the innermost unclosed one).</summary>
    public const string UnclosedParenthesis = "FL0003";
    /// <summary>FL0004: a closing parenthesis has no opening one, e.g. <c>y ~ x)</c>.</summary>
    public const string UnmatchedClosingParenthesis = "FL0004";
    /// <summary>FL0005: a backquoted name or a string is not closed on its line.</summary>
    public const string UnterminatedQuote = "FL0005";
    /// <summary>FL0006: the formula has no '~', e.g. <c>y + x</c>.</summary>
    public const string MissingTilde = "FL0006";
    /// <summary>FL0007: a second '~' (the span is the extra one), e.g. <c>y ~ x ~ z</c>.</summary>
    public const string MoreThanOneTilde = "FL0007";
    /// <summary>FL0008: a random-effects bar term outside parentheses, e.g. <c>y ~ x + 1 | g</c>.</summary>
    public const string BarOutsideParentheses = "FL0008";
    /// <summary>FL0009: nothing after '|' or '||', e.g. <c>(1 | )</c>.</summary>
    public const string MissingGroupingFactor = "FL0009";
    /// <summary>FL0010: nothing before '|' or '||', e.g. <c>( | g)</c>.</summary>
    public const string MissingEffectsBeforeBar = "FL0010";
    /// <summary>FL0011: an operator without a term on one side, e.g. <c>y ~ x +</c>.</summary>
    public const string MissingOperand = "FL0011";
    /// <summary>FL0012: two terms with no operator between them, e.g. <c>y ~ x z</c> or <c>2x</c>.</summary>
    public const string MissingOperator = "FL0012";
    /// <summary>FL0013: a %-operator other than %in% (and %% %/% inside calls), or a '%' never closed.</summary>
    public const string UnknownOperator = "FL0013";
    /// <summary>FL0014: a comparison, '&amp;', '!', %% or %/% outside a function call; it belongs inside I().</summary>
    public const string OperatorOutsideI = "FL0014";
    /// <summary>FL0015: a random-effects term holding another bar, e.g. <c>(1 | g | h)</c>.</summary>
    public const string NestedBar = "FL0015";
    /// <summary>FL0016: any other misplaced token: ',' or '=' outside a call, '&amp;&amp;', '&lt;-', a '~' inside parentheses.</summary>
    public const string SyntaxError = "FL0016";
    /// <summary>FL0017: empty parentheses that are not a call, e.g. <c>y ~ ()</c>.</summary>
    public const string EmptyParentheses = "FL0017";
    /// <summary>FL0018: nothing after '~', e.g. <c>y ~</c>.</summary>
    public const string MissingRightHandSide = "FL0018";
    /// <summary>FL0019: parentheses nested deeper than <see cref="Formula.MaxParenthesisDepth"/>, or operators and calls deeper than <see cref="Formula.MaxNestingDepth"/>.</summary>
    public const string NestedTooDeeply = "FL0019";
    /// <summary>FL0020: the formula is longer than <see cref="Formula.MaxLength"/> characters.</summary>
    public const string FormulaTooLong = "FL0020";
    /// <summary>FL0021: an empty backquoted name, <c>``</c>.</summary>
    public const string EmptyBackquotedName = "FL0021";
    /// <summary>FL0022: an empty function argument, e.g. <c>poly(x, )</c>.</summary>
    public const string MissingArgument = "FL0022";
    /// <summary>FL0023: an R reserved word (if, for, function, TRUE, NA, ...) used bare as a name; backquote it to use it as a variable.</summary>
    public const string ReservedWord = "FL0023";
    /// <summary>FL0024: a malformed number, e.g. <c>1e</c>.</summary>
    public const string MalformedNumber = "FL0024";
    /// <summary>FL0025: a string outside a function call, e.g. <c>y ~ x + "a"</c>.</summary>
    public const string StringOutsideCall = "FL0025";
    /// <summary>FL0026: a random-effects term in the response, e.g. <c>(1 | g) ~ x</c>.</summary>
    public const string RandomTermInResponse = "FL0026";
    /// <summary>FL0027 (warning): an integer literal (suffix L) that is not a whole number in R's integer range; read as a plain number, as R does.</summary>
    public const string NonIntegerLiteral = "FL0027";
    /// <summary>FL0028: R notation a formula cannot hold: <c>$</c>, <c>@</c>, <c>[ ]</c>, <c>{ }</c>, <c>;</c>, <c>::</c>, complex numbers.</summary>
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
    /// <summary>FL0099: the parser itself failed, a bug in FormulaLmm never caused by the input (please report it).</summary>
    public const string InternalParserError = "FL0099";
}
