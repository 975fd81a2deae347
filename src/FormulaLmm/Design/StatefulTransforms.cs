using System.Collections.Immutable;
using System.Globalization;
using FormulaLmm.Syntax;

namespace FormulaLmm.Design;

/// <summary>
/// R's <c>scale</c> and <c>poly</c>, the model frame's functions that learn from the whole
/// column. Each has a learning half (the training data: value and learned state) and an
/// applying half (new data: value from the learned state), as R's <c>makepredictcall</c> splits them.
/// </summary>
internal static class StatefulTransforms
{
    /// <summary>
    /// R's scale(x, center = TRUE, scale = TRUE) on a vector: centred by the mean, divided by the
    /// SD (or by the root mean square when not centred).
    /// </summary>
    public static LearnedValue? LearnScale(FunctionCall call)
    {
        bool center = call.Arguments.Flag("center"), scale = call.Arguments.Flag("scale");
        var x = ScaleArgument(call);
        if (x is null) return null;

        // R uses the non-missing values of the whole column, before rows are dropped for other variables.
        int n = call.RowCount;
        int count = 0;
        double sum = 0;
        foreach (var xi in x) if (double.IsFinite(xi)) { count++; sum += xi; }
        double mean = center && count > 0 ? sum / count : 0;
        var result = new double[n];
        for (int i = 0; i < n; i++) result[i] = x[i] - mean;
        double? sd = null;
        if (scale)
        {
            double ss = 0;
            foreach (var r in result) if (double.IsFinite(r)) ss += r * r;
            sd = Math.Sqrt(ss / Math.Max(1, count - 1));
            for (int i = 0; i < n; i++) result[i] /= sd.Value;
        }
        return new LearnedValue(ScaleMatrix(result), new ScaleState(center ? mean : null, sd));
    }

    /// <summary>R's scale(x, center = c, scale = s) with the training data's c and s (makepredictcall.default).</summary>
    public static FrameValue? ApplyScale(FunctionCall call, TransformState? learned)
    {
        if (learned is not ScaleState state)
            throw new InvalidOperationException($"'{FormulaPrinter.Print(call.Syntax)}' has no learned centre and scale");
        var x = ScaleArgument(call);
        if (x is null) return null;
        double center = state.Center ?? 0;
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++) result[i] = x[i] - center;
        if (state.Scale is { } sd)
            for (int i = 0; i < result.Length; i++) result[i] /= sd;
        return ScaleMatrix(result);
    }

    private static double[]? ScaleArgument(FunctionCall call)
    {
        var value = call.Value("x");
        if (value is null) return null;
        if (value is not VectorValue v)
        {
            call.NotNumeric(call.Arguments.Data("x"), value);
            return null;
        }
        return v.Data;
    }

    // R's scale() returns a one-column matrix; its column is named by the label alone.
    private static MatrixValue ScaleMatrix(double[] column) => new(new[] { column }, new[] { "" });

    /// <summary>R's poly(x, degree) (orthonormal, learning the recurrence's coefficients) and poly(x, degree, raw = TRUE) (plain powers, nothing to learn).</summary>
    public static LearnedValue? LearnPoly(FunctionCall call)
    {
        int degree = (int)call.Arguments.Number("degree");
        var x = PolyArgument(call);
        if (x is null) return null;
        if (call.Arguments.Flag("raw")) return new LearnedValue(RawPowers(x, degree), null);

        // R refuses missing values in poly(); here the basis is computed on the rows where x is
        // finite (which is what R computes when it has none) and the other rows stay missing.
        int n = call.RowCount;
        var rows = new List<int>(n);
        for (int i = 0; i < n; i++) if (double.IsFinite(x[i])) rows.Add(i);
        var points = rows.Select(i => x[i]).ToArray();
        int distinct = points.Distinct().Count();
        if (degree >= distinct)
        {
            call.InvalidArgument(call.Syntax,
                $"the degree of {FormulaPrinter.Print(call.Syntax)} must be less than the number of distinct values of '{FormulaPrinter.Print(call.Arguments.Data("x"))}' ({distinct})");
            return null;
        }
        var basis = OrthogonalPolynomials.Basis(points, degree, out var alpha, out var norm2);
        var columns = new double[degree][];
        for (int d = 0; d < degree; d++)
        {
            var col = new double[n];
            Array.Fill(col, double.NaN);
            for (int k = 0; k < rows.Count; k++) col[rows[k]] = basis[d][k];
            columns[d] = col;
        }
        var state = new PolynomialState(ImmutableArray.Create(alpha), ImmutableArray.Create(norm2));
        return new LearnedValue(new MatrixValue(columns, Suffixes(degree)), state);
    }

    /// <summary>R's poly(x, degree, coefs = ...): the training basis continued to new x by the recurrence.</summary>
    public static FrameValue? ApplyPoly(FunctionCall call, TransformState? learned)
    {
        int degree = (int)call.Arguments.Number("degree");
        bool raw = call.Arguments.Flag("raw");
        if (!raw && (learned is not PolynomialState state || state.Degree != degree))
            throw new InvalidOperationException($"'{FormulaPrinter.Print(call.Syntax)}' has no learned coefficients of degree {degree}");
        var x = PolyArgument(call);
        if (x is null) return null;
        if (raw) return RawPowers(x, degree);
        var s = (PolynomialState)learned!;
        return new MatrixValue(OrthogonalPolynomials.Evaluate(x, s.Alpha, s.Norm2), Suffixes(degree));
    }

    private static double[]? PolyArgument(FunctionCall call)
    {
        var value = call.Value("x");
        if (value is null) return null;
        if (value is not VectorValue v)
        {
            call.NotNumeric(call.Arguments.Data("x"), value);
            return null;
        }
        return v.Data;
    }

    private static MatrixValue RawPowers(double[] x, int degree)
    {
        var columns = new double[degree][];
        for (int d = 0; d < degree; d++) columns[d] = FrameValues.Map(x, v => Math.Pow(v, d + 1));
        return new MatrixValue(columns, Suffixes(degree));
    }

    private static string[] Suffixes(int degree) =>
        Enumerable.Range(1, degree).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray();
}
