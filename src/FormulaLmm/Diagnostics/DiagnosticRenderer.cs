using FormulaLmm.Text;
using System.Text;

namespace FormulaLmm.Diagnostics;

/// <summary>
/// Renders a diagnostic for a terminal: "error FL0003: message", then the line of the formula the
/// span is on, and under it a caret at the span's first character and tildes under the rest.
/// Long lines are cut to a window around the span; control characters show as '?', so the
/// caret stays aligned and nothing reaches the terminal that could upset it.
/// </summary>
public static class DiagnosticRenderer
{
    /// <summary>Lines longer than this are shown as a window around the span.</summary>
    public const int MaxLineWidth = 100;

    private const string Ellipsis = "...";
    private const string Indent = "  ";

    /// <summary>
    /// One diagnostic for a terminal: <c>"error FL0003: message"</c>, and when it has a span and the
    /// source is given, the formula line indented and a caret line under the span.
    /// </summary>
    /// <param name="diagnostic">The diagnostic.</param>
    /// <param name="source">The formula text its span refers to, or null to print the message alone.</param>
    /// <returns>Two or three lines, each ending in '\n'.</returns>
    public static string Render(Diagnostic diagnostic, string? source)
    {
        var sb = new StringBuilder();
        sb.Append(diagnostic.Severity.ToString().ToLowerInvariant()).Append(' ')
          .Append(diagnostic.Code).Append(": ").Append(diagnostic.Message).Append('\n');
        if (source is not null && diagnostic.Span is { } span)
        {
            var (line, caret) = Excerpt(source, span);
            sb.Append(Indent).Append(line).Append('\n');
            sb.Append(Indent).Append(caret).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Every diagnostic rendered as <see cref="Render"/> does, one after the other, in the order given.</summary>
    /// <param name="diagnostics">The diagnostics.</param>
    /// <param name="source">The formula text their spans refer to, or null.</param>
    public static string RenderAll(IEnumerable<Diagnostic> diagnostics, string? source) =>
        string.Concat(diagnostics.Select(d => Render(d, source)));

    /// <summary>
    /// '^' under the span's first character and '~' under the rest, for a one-line source; a span
    /// at the end points just past the text.
    /// </summary>
    public static string CaretLine(string source, TextSpan span) => Excerpt(source, span).Caret;

    /// <summary>The source line holding the span's start (windowed when long) and its caret line.</summary>
    public static (string Line, string Caret) Excerpt(string source, TextSpan span)
    {
        int start = Math.Clamp(span.Start, 0, source.Length);
        int lineStart = start == 0 ? 0 : source.LastIndexOf('\n', start - 1) + 1;
        int lineEnd = source.IndexOf('\n', start);
        if (lineEnd < 0) lineEnd = source.Length;
        if (lineEnd > lineStart && source[lineEnd - 1] == '\r') lineEnd--;
        start = Math.Min(start, Math.Max(lineEnd, lineStart));

        // The caret covers the span on this line, and at least one column.
        int end = Math.Clamp(span.End, start + 1, Math.Max(start + 1, lineEnd));

        int from = lineStart, to = lineEnd;
        if (lineEnd - lineStart > MaxLineWidth)
        {
            from = Math.Max(lineStart, start - MaxLineWidth / 3);
            to = Math.Min(lineEnd, from + MaxLineWidth);
            from = Math.Max(lineStart, Math.Min(from, to - MaxLineWidth));
        }
        var line = new StringBuilder();
        var caret = new StringBuilder();
        if (from > lineStart) { line.Append(Ellipsis); caret.Append(' ', Ellipsis.Length); }
        for (int i = from; i < to; i++)
        {
            char c = source[i];
            char shown = c == '\t' ? '\t' : char.IsControl(c) ? '?' : c;
            line.Append(shown);
            if (i < start) caret.Append(c == '\t' ? '\t' : ' ');
        }
        if (to < lineEnd) line.Append(Ellipsis);
        caret.Append('^');
        for (int i = start + 1; i < Math.Min(end, Math.Max(to, start + 1)); i++) caret.Append('~');
        return (line.ToString(), caret.ToString());
    }
}
