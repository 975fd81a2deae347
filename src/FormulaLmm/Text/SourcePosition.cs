namespace FormulaLmm.Text;

/// <summary>Human positions in a formula: "column 9", or "line 2, column 3" when it spans lines.</summary>
internal static class SourcePosition
{
    /// <summary>1-based line and column of a character offset.</summary>
    public static (int Line, int Column) LineAndColumn(string text, int index)
    {
        index = Math.Clamp(index, 0, text.Length);
        int line = 1, lineStart = 0;
        for (int i = 0; i < index; i++)
            if (text[i] == '\n') { line++; lineStart = i + 1; }
        return (line, index - lineStart + 1);
    }

    /// <summary>
    /// A character offset as a person counts: "column 9" (1-based), or "line 2, column 3" when the
    /// formula has more than one line. Used in messages such as FL0003's.
    /// </summary>
    /// <param name="text">The formula text.</param>
    /// <param name="index">A 0-based character offset into <paramref name="text"/>; clamped to the text.</param>
    public static string Describe(string text, int index)
    {
        var (line, column) = LineAndColumn(text, index);
        return text.Contains('\n') ? $"line {line}, column {column}" : $"column {column}";
    }
}
