namespace FormulaLmm.Text;

/// <summary>A half-open range [Start, Start + Length) of character offsets into the formula text.</summary>
/// <param name="Start">0-based offset of the first character (a UTF-16 code unit index, as <see cref="string"/> indexes).</param>
/// <param name="Length">Number of characters; 0 for a position between characters.</param>
public readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>The offset one past the last character.</summary>
    public int End => Start + Length;

    /// <summary>Creates a span from its start and end offsets.</summary>
    public static TextSpan FromBounds(int start, int end) => new(start, Math.Max(0, end - start));

    /// <summary>The smallest span covering both spans.</summary>
    public TextSpan Cover(TextSpan other) => FromBounds(Math.Min(Start, other.Start), Math.Max(End, other.End));

    /// <summary>The span as <c>[Start..End)</c>, for debugging.</summary>
    public override string ToString() => $"[{Start}..{End})";
}
