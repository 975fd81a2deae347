using FormulaLmm.Syntax;

namespace FormulaLmm.Diagnostics;

public enum DiagnosticSeverity { Info, Warning, Error }

/// <summary>
/// A problem found in a formula, a data set or a model, with a stable code (see docs/diagnostics.md),
/// and, where one applies, the span of the formula text it is about.
/// </summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, TextSpan? Span = null)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public static Diagnostic Error(string code, string message, TextSpan? span = null) =>
        new(code, DiagnosticSeverity.Error, message, span);

    public static Diagnostic Warning(string code, string message, TextSpan? span = null) =>
        new(code, DiagnosticSeverity.Warning, message, span);

    public static Diagnostic Info(string code, string message, TextSpan? span = null) =>
        new(code, DiagnosticSeverity.Info, message, span);

    public override string ToString() =>
        $"{Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
}

/// <summary>
/// Thrown by the convenience entry points (Formula.Parse, Lmm.Fit, ...) when user input is wrong.
/// Carries every diagnostic; the text they refer to is in <see cref="Source"/> when there is one.
/// </summary>
public sealed class FormulaLmmException : Exception
{
    public FormulaLmmException(IReadOnlyList<Diagnostic> diagnostics, string? source = null)
        : base(diagnostics.FirstOrDefault(d => d.IsError)?.ToString() ?? diagnostics.FirstOrDefault()?.ToString() ?? "invalid input")
    {
        Diagnostics = diagnostics;
        Source = source;
    }

    public FormulaLmmException(Diagnostic diagnostic, string? source = null) : this(new[] { diagnostic }, source) { }

    /// <summary>Every diagnostic, errors first in order of position.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The formula text the spans refer to, if any.</summary>
    public new string? Source { get; }
}
