namespace FormulaLmm.Design;

/// <summary>The numeric functions of the model frame: each row's result depends on that row alone.</summary>
internal static class MathFunctions
{
    /// <summary>A function of one data argument applied to every number (of a vector, a matrix or a constant).</summary>
    public static PlainFunction Elementwise(string name, Func<double, double> f) =>
        new(name, new FormalArgument[] { new DataArgument("x") }, call => Apply(call, f));

    /// <summary>R's pmin/pmax: the elementwise minimum or maximum of numbers and vectors (NA when any is NA).</summary>
    public static PlainFunction ParallelExtreme(string name, bool max) =>
        new(name, new FormalArgument[] { new DotsArgument($"{name}() takes two or more numbers or numeric variables, e.g. {name}(x, 0)") },
            call => Extreme(call, max));

    public static FrameValue? Log(FunctionCall call)
    {
        double divisor = Math.Log(call.Arguments.Number("base"));
        return Apply(call, v => Math.Log(v) / divisor);
    }

    public static FrameValue? Round(FunctionCall call)
    {
        int digits = (int)call.Arguments.Number("digits");
        return Apply(call, v => RoundDigits(v, digits));
    }

    public static double Log1p(double v) => v == 0 ? v : Math.Abs(v) < 1e-4 ? Log1pSmall(v) : Math.Log(1 + v);

    public static double Expm1(double v) => Math.Abs(v) < 1e-5 ? v + v * v / 2 + v * v * v / 6 : Math.Exp(v) - 1;

    // log(1+v) for small v without cancellation: series to the precision of a double.
    private static double Log1pSmall(double v)
    {
        double sum = 0, term = v;
        for (int k = 1; k < 30; k++)
        {
            sum += term / k;
            term *= -v;
        }
        return sum;
    }

    // R rounds halves to even at the requested digit.
    private static double RoundDigits(double v, int digits)
    {
        if (!double.IsFinite(v)) return v;
        if (digits >= 0) return Math.Round(v, Math.Min(digits, 15), MidpointRounding.ToEven);
        double p = Math.Pow(10, -digits);
        return Math.Round(v / p, MidpointRounding.ToEven) * p;
    }

    private static FrameValue? Apply(FunctionCall call, Func<double, double> f)
    {
        var value = call.Value("x");
        return value switch
        {
            null => null,
            ScalarValue s => new ScalarValue(f(s.Number), false),
            VectorValue v => new VectorValue(FrameValues.Map(v.Data, f), false),
            MatrixValue m => new MatrixValue(m.Columns.Select(col => FrameValues.Map(col, f)).ToArray(), m.Suffixes),
            _ => call.NotNumeric(call.Arguments.Data("x"), value),
        };
    }

    private static FrameValue? Extreme(FunctionCall call, bool max)
    {
        // Evaluated one at a time: the first argument that fails stops the call, as in R.
        FrameValue? result = null;
        foreach (var argument in call.Arguments.Dots)
        {
            var value = call.Evaluate(argument);
            if (value is null) return null;
            if (!value.IsNumeric) return call.NotNumeric(argument, value);
            result = result is null ? value : FrameValues.Combine(result, value, (x, y) =>
                double.IsNaN(x) || double.IsNaN(y) ? double.NaN : max ? Math.Max(x, y) : Math.Min(x, y), call.RowCount);
        }
        return result switch
        {
            VectorValue v => v with { IsLogical = false },
            ScalarValue s => s with { IsLogical = false },
            _ => result,
        };
    }
}
