using FormulaLmm.Data;

namespace FormulaLmm.Design;

/// <summary>
/// What an expression of the model frame evaluates to, before it becomes a
/// <see cref="FrameVariable"/>. Kept apart from frame variables because evaluation also meets
/// values that can never be variables (a number, a string) and values that only become one
/// after a function (a logical vector becomes a FALSE/TRUE factor only at the top).
/// </summary>
internal abstract record FrameValue
{
    /// <summary>True for what arithmetic and the numeric functions accept: numbers and vectors.</summary>
    public virtual bool IsNumeric => false;
}

/// <summary>One number per row; NaN is missing. A logical vector holds 0/1 (NaN for NA), so that it also works in arithmetic.</summary>
internal sealed record VectorValue(double[] Data, bool IsLogical) : FrameValue
{
    public override bool IsNumeric => true;
}

/// <summary>A single number (or TRUE/FALSE/NA), recycled over the rows when combined with a vector.</summary>
internal sealed record ScalarValue(double Number, bool IsLogical) : FrameValue
{
    public override bool IsNumeric => true;
}

/// <summary>A string literal: only a level to compare a factor with.</summary>
internal sealed record TextValue(string Value) : FrameValue;

/// <summary>A factor: a level code per row (-1 when missing) and the levels in R's order.</summary>
internal sealed record FactorValue(int[] Codes, string[] Levels, bool IsOrdered) : FrameValue;

/// <summary>A numeric matrix such as poly(x, 2): its columns, each named by the variable's label followed by its suffix.</summary>
internal sealed record MatrixValue(double[][] Columns, string[] Suffixes) : FrameValue;

/// <summary>Conversions between values that R's coercions define.</summary>
internal static class FrameValues
{
    /// <summary>An R logical column: 1 for TRUE, 0 for FALSE, NaN when missing.</summary>
    public static VectorValue LogicalVector(CategoricalColumn column)
    {
        var levelValue = column.Levels.Select(l => l == "TRUE" ? 1.0 : 0.0).ToArray();
        var data = new double[column.Length];
        for (int i = 0; i < data.Length; i++) data[i] = column.Codes[i] < 0 ? double.NaN : levelValue[column.Codes[i]];
        return new VectorValue(data, true);
    }

    /// <summary>R's factor() of numbers: levels are the distinct values in numeric order, labelled as as.character does.</summary>
    public static FactorValue ToFactor(VectorValue v, bool ordered)
    {
        var data = v.Data;
        if (v.IsLogical)
        {
            // factor(logical) keeps the observed values only, FALSE before TRUE.
            bool hasFalse = data.Any(x => x == 0), hasTrue = data.Any(x => x == 1);
            var levels = new List<string>();
            if (hasFalse) levels.Add("FALSE");
            if (hasTrue) levels.Add("TRUE");
            var codes = data.Select(x => double.IsNaN(x) ? -1 : x == 0 ? 0 : hasFalse ? 1 : 0).ToArray();
            return new FactorValue(codes, levels.ToArray(), ordered);
        }
        var distinct = data.Where(x => !double.IsNaN(x)).Distinct().OrderBy(x => x).ToArray();
        var index = new Dictionary<double, int>(distinct.Length);
        for (int i = 0; i < distinct.Length; i++) index[distinct[i]] = i;
        var codesOut = new int[data.Length];
        for (int i = 0; i < data.Length; i++) codesOut[i] = double.IsNaN(data[i]) ? -1 : index[data[i]];
        return new FactorValue(codesOut, distinct.Select(RNumber.Format).ToArray(), ordered);
    }

    /// <summary>
    /// Applies a binary function to two numeric values (numbers or vectors of <paramref name="rowCount"/>
    /// rows), recycling a number over the rows as R does. The result is never logical; callers mark it.
    /// </summary>
    public static FrameValue Combine(FrameValue left, FrameValue right, Func<double, double, double> op, int rowCount)
    {
        if (left is ScalarValue ls && right is ScalarValue rs) return new ScalarValue(op(ls.Number, rs.Number), false);
        var result = new double[rowCount];
        for (int i = 0; i < rowCount; i++)
        {
            double x = left is ScalarValue l ? l.Number : ((VectorValue)left).Data[i];
            double y = right is ScalarValue r ? r.Number : ((VectorValue)right).Data[i];
            result[i] = op(x, y);
        }
        return new VectorValue(result, false);
    }

    public static double[] Map(double[] data, Func<double, double> f)
    {
        var result = new double[data.Length];
        for (int i = 0; i < data.Length; i++) result[i] = f(data[i]);
        return result;
    }
}
