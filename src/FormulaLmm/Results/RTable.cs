using System.Text;

namespace FormulaLmm.Results;

/// <summary>
/// Prints tables of strings as R's <c>print</c> does for a character matrix (quote = FALSE) and a
/// named vector, so that lme4-style output keeps R's spacing: one space between columns, row
/// names left-justified, columns wrapped into blocks when the lines would exceed the width.
/// </summary>
internal static class RTable
{
    /// <summary>R's default console width (options("width")).</summary>
    public const int Width = 80;

    /// <summary>
    /// A character matrix: <paramref name="cells"/>[row][column]. With <paramref name="right"/>
    /// the cells and column labels are right-justified (printCoefmat), otherwise left-justified
    /// (R's default for print(..., quote = FALSE)).
    /// </summary>
    public static string Matrix(IReadOnlyList<string> rowNames, IReadOnlyList<string> columnNames,
        IReadOnlyList<IReadOnlyList<string>> cells, bool right) =>
        Matrix(rowNames, columnNames, cells, Enumerable.Repeat(right, columnNames.Count).ToArray());

    /// <summary>A character matrix with each column justified on its own (true: right-justified).</summary>
    public static string Matrix(IReadOnlyList<string> rowNames, IReadOnlyList<string> columnNames,
        IReadOnlyList<IReadOnlyList<string>> cells, IReadOnlyList<bool> right)
    {
        int rowNameWidth = rowNames.Count == 0 ? 0 : rowNames.Max(r => r.Length);
        var widths = columnNames.Select((c, j) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[j].Length))).ToArray();
        var sb = new StringBuilder();
        int start = 0;
        while (start < columnNames.Count || (start == 0 && columnNames.Count == 0))
        {
            // As many columns as fit in the width (at least one).
            int end = start, used = rowNameWidth;
            while (end < columnNames.Count && (end == start || used + 1 + widths[end] <= Width))
            {
                used += 1 + widths[end];
                end++;
            }
            sb.Append(new string(' ', rowNameWidth));
            for (int j = start; j < end; j++) sb.Append(' ').Append(Justify(columnNames[j], widths[j], right[j]));
            sb.Append('\n');
            for (int i = 0; i < rowNames.Count; i++)
            {
                sb.Append(rowNames[i].PadRight(rowNameWidth));
                for (int j = start; j < end; j++) sb.Append(' ').Append(Justify(cells[i][j], widths[j], right[j]));
                sb.Append('\n');
            }
            if (columnNames.Count == 0) break;
            start = end;
        }
        return sb.ToString();
    }

    /// <summary>
    /// A named vector: names above values, every field right-justified to the widest name or value
    /// and followed by one space, as many fields per line as fit in the width.
    /// </summary>
    public static string NamedVector(IReadOnlyList<string> names, IReadOnlyList<string> values)
    {
        int width = Math.Max(names.Max(n => n.Length), values.Max(v => v.Length));
        int perLine = Math.Max(1, Width / (width + 1));
        var sb = new StringBuilder();
        for (int start = 0; start < names.Count; start += perLine)
        {
            int end = Math.Min(names.Count, start + perLine);
            for (int j = start; j < end; j++) sb.Append(names[j].PadLeft(width)).Append(' ');
            sb.Append('\n');
            for (int j = start; j < end; j++) sb.Append(values[j].PadLeft(width)).Append(' ');
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Justify(string s, int width, bool right) => right ? s.PadLeft(width) : s.PadRight(width);
}
