using FormulaLmm.Diagnostics;

namespace FormulaLmm.Syntax;

/// <summary>The outcome of parsing: the AST when there were no errors, and every diagnostic.</summary>
public sealed record ParseResult(FormulaSyntax? Syntax, IReadOnlyList<Diagnostic> Diagnostics, string Text)
{
    public bool Success => Syntax is not null && !Diagnostics.Any(d => d.IsError);
}

/// <summary>Entry points for parsing lme4-style formulas.</summary>
public static class Formula
{
    /// <summary>The longest formula text accepted, in characters.</summary>
    public const int MaxLength = 100_000;

    /// <summary>How deeply parentheses may nest (R's own parser allows 50).</summary>
    public const int MaxParenthesisDepth = 100;

    /// <summary>
    /// How many operator, call and argument levels may nest on either side of '~'. Every AST that
    /// parsing returns respects it (an expression is at most this deep plus its leaf), so later
    /// stages may walk the tree recursively. A sum of n terms is n - 1 nested '+' nodes, so this
    /// also bounds a sum to 1001 terms.
    /// </summary>
    public const int MaxNestingDepth = 1000;

    /// <summary>Parses a formula; never throws, whatever the input.</summary>
    public static ParseResult TryParse(string? text)
    {
        text ??= "";
        try
        {
            return FormulaParserDriver.Parse(text);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug of ours must not escape as a crash of the caller's input handling.
            return new ParseResult(null,
                new[] { Diagnostic.Error(DiagnosticCodes.InternalParserError, $"internal parser error: {ex.Message}") },
                text);
        }
    }

    /// <summary>Parses a formula or throws <see cref="FormulaLmmException"/> carrying the diagnostics.</summary>
    public static FormulaSyntax Parse(string text)
    {
        var result = TryParse(text);
        if (!result.Success) throw new FormulaLmmException(result.Diagnostics, text);
        return result.Syntax!;
    }

    /// <summary>The canonical text of a formula (whitespace-insensitive).</summary>
    public static string Canonical(string text) => FormulaPrinter.Print(Parse(text));
}
