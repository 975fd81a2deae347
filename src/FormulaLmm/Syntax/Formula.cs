using System.Diagnostics.CodeAnalysis;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Syntax;

/// <summary>The outcome of parsing: the AST when there were no errors, and every diagnostic.</summary>
/// <param name="Syntax">The formula's syntax tree; null when parsing failed.</param>
/// <param name="Diagnostics">Every syntax diagnostic (FL00xx, see <see cref="SyntaxCodes"/>); empty for a clean formula.</param>
/// <param name="Text">The formula text that was parsed (empty for a null input); diagnostics' spans index into it.</param>
public sealed record ParseResult(FormulaSyntax? Syntax, DiagnosticList Diagnostics, string Text)
{
    /// <summary>True when there is a syntax tree and no diagnostic is an error (warnings such as FL0027 may remain).</summary>
    [MemberNotNullWhen(true, nameof(Syntax))]
    public bool Success => Syntax is not null && !Diagnostics.HasErrors;
}

/// <summary>
/// Entry points for parsing lme4-style formulas, e.g. <c>Reaction ~ Days + (Days | Subject)</c>,
/// into a syntax tree. Parsing checks syntax only; what the terms mean (R's <c>terms()</c>, lme4's
/// <c>findbars()</c>) is <see cref="Terms.ModelSpecBuilder"/>'s job.
/// </summary>
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
    /// <param name="text">The formula text; null is read as the empty formula (FL0001).</param>
    /// <returns>
    /// The syntax tree and every diagnostic. Check <see cref="ParseResult.Success"/>: on a syntax error
    /// the tree is null and the diagnostics (FL00xx) say what is wrong and where.
    /// </returns>
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
                DiagnosticList.Of(Diagnostic.Error(DiagnosticCodes.InternalParserError, $"internal parser error: {ex.Message}")),
                text);
        }
    }

    /// <summary>Parses a formula or throws <see cref="FormulaLmmException"/> carrying the diagnostics.</summary>
    /// <param name="text">The formula text.</param>
    /// <returns>The formula's syntax tree.</returns>
    /// <exception cref="FormulaLmmException">The formula has a syntax error (FL00xx); every diagnostic is attached.</exception>
    public static FormulaSyntax Parse(string text)
    {
        var result = TryParse(text);
        if (!result.Success) throw new FormulaLmmException(result.Diagnostics, text);
        return result.Syntax!;
    }

    /// <summary>
    /// The canonical text of a formula (whitespace-insensitive), as R's <c>deparse()</c> prints it:
    /// <c>"y~x+(1|g)"</c> gives <c>"y ~ x + (1 | g)"</c>.
    /// </summary>
    /// <param name="text">The formula text.</param>
    /// <returns>Text that parses back to an equal syntax tree.</returns>
    /// <exception cref="FormulaLmmException">The formula has a syntax error (FL00xx).</exception>
    public static string Canonical(string text) => FormulaPrinter.Print(Parse(text));
}
