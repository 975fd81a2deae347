using FormulaLmm.Text;

namespace FormulaLmm.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>A note on what was done, e.g. rows omitted for missing values (R would say nothing or print a message).</summary>
    Info,
    /// <summary>The result was produced but deserves a look (R's <c>warning()</c>).</summary>
    Warning,
    /// <summary>Nothing can be produced until the input is fixed (R's <c>stop()</c>).</summary>
    Error
}

/// <summary>
/// A problem found in a formula, a data set or a model, with a stable code (see docs/diagnostics.md),
/// and, where one applies, the span of the formula text it is about. Its <see cref="ToString"/> is
/// <c>"error FL0301: message"</c>; <see cref="DiagnosticRenderer"/> adds the formula and a caret.
/// </summary>
/// <param name="Code">The stable code, e.g. <c>FL0301</c>: FL00xx syntax, FL01xx terms, FL02xx data, FL03xx design, FL04xx fitting, FL09xx command line.</param>
/// <param name="Severity">Error, warning or information.</param>
/// <param name="Message">What is wrong, naming the culprit, in words a statistician knows (lme4's wording where lme4 has a message).</param>
/// <param name="Span">The part of the formula text the message is about, when one applies.</param>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, TextSpan? Span = null)
{
    /// <summary>True when <see cref="Severity"/> is <see cref="DiagnosticSeverity.Error"/>.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>An error diagnostic.</summary>
    /// <param name="code">The stable code, e.g. <c>FL0301</c>.</param>
    /// <param name="message">What is wrong, naming the culprit.</param>
    /// <param name="span">The part of the formula it is about, if any.</param>
    public static Diagnostic Error(string code, string message, TextSpan? span = null) =>
        new(code, DiagnosticSeverity.Error, message, span);

    /// <summary>A warning diagnostic.</summary>
    /// <param name="code">The stable code, e.g. <c>FL0312</c>.</param>
    /// <param name="message">What deserves a look, naming the culprit.</param>
    /// <param name="span">The part of the formula it is about, if any.</param>
    public static Diagnostic Warning(string code, string message, TextSpan? span = null) =>
        new(code, DiagnosticSeverity.Warning, message, span);

    /// <summary>An informational diagnostic.</summary>
    /// <param name="code">The stable code, e.g. <c>FL0307</c>.</param>
    /// <param name="message">What was done.</param>
    /// <param name="span">The part of the formula it is about, if any.</param>
    public static Diagnostic Info(string code, string message, TextSpan? span = null) =>
        new(code, DiagnosticSeverity.Info, message, span);

    /// <summary>The diagnostic on one line, <c>"error FL0301: message"</c> (severity in lower case).</summary>
    public override string ToString() =>
        $"{Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
}

/// <summary>
/// Thrown by the convenience entry points (Formula.Parse, Lmm.Fit, ...) when user input is wrong.
/// Carries every diagnostic; the text they refer to is in <see cref="Source"/> when there is one.
/// </summary>
public sealed class FormulaLmmException : Exception
{
    /// <summary>An exception carrying <paramref name="diagnostics"/>; its message is the first error's text.</summary>
    /// <param name="diagnostics">Every diagnostic found, errors first.</param>
    /// <param name="source">The formula text the diagnostics' spans refer to, if any.</param>
    public FormulaLmmException(IEnumerable<Diagnostic> diagnostics, string? source = null)
        : this(DiagnosticList.From(diagnostics), source)
    {
    }

    private FormulaLmmException(DiagnosticList diagnostics, string? source)
        : base(diagnostics.FirstOrDefault()?.ToString() ?? "invalid input")
    {
        Diagnostics = diagnostics;
        Source = source;
    }

    /// <summary>An exception carrying one diagnostic.</summary>
    /// <param name="diagnostic">The problem found.</param>
    /// <param name="source">The formula text the diagnostic's span refers to, if any.</param>
    public FormulaLmmException(Diagnostic diagnostic, string? source = null) : this(new[] { diagnostic }, source) { }

    /// <summary>Every diagnostic, errors first in order of position.</summary>
    public DiagnosticList Diagnostics { get; }

    /// <summary>
    /// The formula text the spans refer to, if any (hides <see cref="Exception.Source"/>); render the
    /// diagnostics with it through <see cref="DiagnosticRenderer.RenderAll"/>.
    /// </summary>
    public new string? Source { get; }
}
