using System.Text;

namespace FormulaLmm.Diagnostics;

/// <summary>
/// Renders a diagnostic for a terminal: the message, then the formula with a caret under the
/// first character of the span and tildes under the rest.
/// </summary>
public static class DiagnosticRenderer
{
    public static string Render(Diagnostic diagnostic, string? source)
    {
        var sb = new StringBuilder();
        sb.Append(diagnostic.Severity.ToString().ToLowerInvariant()).Append(' ')
          .Append(diagnostic.Code).Append(": ").Append(diagnostic.Message).Append('\n');
        if (source is not null && diagnostic.Span is { } span && !source.Contains('\n'))
        {
            sb.Append("  ").Append(source).Append('\n');
            sb.Append("  ").Append(CaretLine(source, span)).Append('\n');
        }
        return sb.ToString();
    }

    public static string RenderAll(IEnumerable<Diagnostic> diagnostics, string? source) =>
        string.Concat(diagnostics.Select(d => Render(d, source)));

    /// <summary>'^' under the span's first character, '~' under the rest; a span at the end points past the text.</summary>
    public static string CaretLine(string source, Syntax.TextSpan span)
    {
        int start = Math.Clamp(span.Start, 0, source.Length);
        int end = Math.Clamp(span.End, start + 1, Math.Max(start + 1, source.Length));
        var sb = new StringBuilder();
        for (int i = 0; i < start; i++) sb.Append(source[i] == '\t' ? '\t' : ' ');
        sb.Append('^');
        for (int i = start + 1; i < end; i++) sb.Append('~');
        return sb.ToString();
    }
}
