namespace FormulaLmm.Numerics;

/// <summary>Checks that a span can hold a column-major matrix; violations are programming errors.</summary>
internal static class MatrixArguments
{
    public static void Require(int length, int rows, int columns, int leadingDimension, string name)
    {
        if (rows < 0 || columns < 0)
        {
            throw new ArgumentOutOfRangeException(name, $"Matrix {name} has negative dimensions {rows}×{columns}.");
        }
        if (leadingDimension < Math.Max(1, rows))
        {
            throw new ArgumentOutOfRangeException(name, $"Leading dimension {leadingDimension} of {name} is smaller than its {rows} rows.");
        }
        if (rows > 0 && columns > 0 && length < (long)(columns - 1) * leadingDimension + rows)
        {
            throw new ArgumentException(
                $"Span {name} has {length} elements; a {rows}×{columns} matrix with leading dimension {leadingDimension} needs {(long)(columns - 1) * leadingDimension + rows}.",
                name);
        }
    }
}
