using FormulaLmm.Syntax;
using FormulaLmm.Text;

namespace FormulaLmm.Design;

/// <summary>
/// A variable of the model frame: an expression of the formula evaluated on every row of the
/// data (R's model.frame column). Immutable; <see cref="Subset"/> gives the kept rows.
/// </summary>
internal abstract class FrameVariable
{
    protected FrameVariable(string label, TextSpan span)
    {
        Label = label;
        Span = span;
    }

    /// <summary>R's name of the variable (the deparsed expression), the stem of its column names.</summary>
    public string Label { get; }

    /// <summary>Where the expression is in the formula.</summary>
    public TextSpan Span { get; }

    public abstract int Length { get; }

    /// <summary>True when the row has a value that a model matrix can use (present and finite).</summary>
    public abstract bool IsUsable(int row);

    /// <summary>The variable on the given rows (in that order); factors drop levels no row uses.</summary>
    public abstract FrameVariable Subset(int[] rows);
}

/// <summary>
/// A numeric variable: one column (a vector) or several (a matrix such as poly(x, 2), whose
/// columns are named by the label followed by <see cref="Suffixes"/>). NaN marks a missing value.
/// </summary>
internal sealed class NumericVariable : FrameVariable
{
    public NumericVariable(string label, TextSpan span, double[][] columns, string[]? suffixes)
        : base(label, span)
    {
        Columns = columns;
        Suffixes = suffixes;
    }

    public double[][] Columns { get; }

    /// <summary>Column-name suffixes of a matrix variable; null for a vector (named by the label alone).</summary>
    public string[]? Suffixes { get; }

    public int ColumnCount => Columns.Length;

    public override int Length => Columns[0].Length;

    public string ColumnName(int c) => Suffixes is null ? Label : Label + Suffixes[c];

    public override bool IsUsable(int row)
    {
        foreach (var col in Columns)
            if (!double.IsFinite(col[row])) return false;
        return true;
    }

    public override FrameVariable Subset(int[] rows)
    {
        var cols = new double[Columns.Length][];
        for (int c = 0; c < cols.Length; c++)
        {
            var src = Columns[c];
            var dst = new double[rows.Length];
            for (int i = 0; i < rows.Length; i++) dst[i] = src[rows[i]];
            cols[c] = dst;
        }
        return new NumericVariable(Label, Span, cols, Suffixes);
    }
}

/// <summary>
/// A factor: a level code per row (-1 when missing). Logical values are factors with the levels
/// FALSE and TRUE, both kept even when one does not occur, as R's model.matrix does.
/// </summary>
internal sealed class FactorVariable : FrameVariable
{
    public FactorVariable(string label, TextSpan span, int[] codes, string[] levels, bool isOrdered, bool isLogical)
        : base(label, span)
    {
        Codes = codes;
        Levels = levels;
        IsOrdered = isOrdered;
        IsLogical = isLogical;
    }

    public int[] Codes { get; }

    public string[] Levels { get; }

    /// <summary>R's ordered factor: polynomial contrasts by default.</summary>
    public bool IsOrdered { get; }

    public bool IsLogical { get; }

    public override int Length => Codes.Length;

    public override bool IsUsable(int row) => Codes[row] >= 0;

    public override FrameVariable Subset(int[] rows)
    {
        var codes = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) codes[i] = Codes[rows[i]];
        if (IsLogical) return new FactorVariable(Label, Span, codes, Levels, IsOrdered, true);
        return DropUnusedLevels(codes);
    }

    private FactorVariable DropUnusedLevels(int[] codes)
    {
        var used = new bool[Levels.Length];
        foreach (var c in codes) if (c >= 0) used[c] = true;
        var map = new int[Levels.Length];
        var levels = new List<string>(Levels.Length);
        for (int l = 0; l < Levels.Length; l++)
        {
            map[l] = used[l] ? levels.Count : -1;
            if (used[l]) levels.Add(Levels[l]);
        }
        if (levels.Count != Levels.Length)
            for (int i = 0; i < codes.Length; i++) if (codes[i] >= 0) codes[i] = map[codes[i]];
        return new FactorVariable(Label, Span, codes, levels.ToArray(), IsOrdered, false);
    }
}
