namespace FormulaLmm.Numerics;

/// <summary>
/// Derivative-free minimisation subject to simple bounds by M. J. D. Powell's BOBYQA
/// ("The BOBYQA algorithm for bound constrained optimization without derivatives", DAMTP 2009/NA06):
/// a trust-region method on a quadratic model that interpolates f at m = 2n + 1 points, the
/// freedom left by so few points being taken up by the least Frobenius-norm change of the
/// model's second derivatives. This is the algorithm behind lme4's default optimizer
/// (nloptwrap = NLopt's LN_BOBYQA).
/// </summary>
/// <remarks>
/// <para>Conventions, mostly Powell's:</para>
/// <list type="bullet">
/// <item>Every point handed to f lies inside the box; a coordinate that the algorithm puts on a
/// bound receives exactly that bound (a variance parameter can converge to exactly 0).</item>
/// <item>A start closer than <see cref="OptimizerOptions.InitialStep"/> to a bound is moved onto
/// the bound or to that distance from it, as Powell does, so the first model is well posed.</item>
/// <item>The initial trust-region radius is reduced to half the narrowest free interval when the
/// box is narrower than 2 × InitialStep; variables with lower = upper are held fixed.</item>
/// <item>n = 1 runs the same algorithm with m = 3 points, where the interpolating quadratic is
/// fully determined (as NLopt does for lme4's one-parameter models); no separate 1-D method.</item>
/// <item>A NaN or infinite f is replaced by a penalty above every finite value seen so far, so
/// the trust region shrinks away from the region; a non-finite f at the start stops the run.</item>
/// <item>The array passed to f is reused between calls: f must not keep it.</item>
/// </list>
/// </remarks>
public sealed class Bobyqa : IBoundedOptimizer
{
    OptimizerResult IBoundedOptimizer.Minimize(
        Func<double[], double> f, double[] start, double[] lower, double[] upper, OptimizerOptions options) =>
        Minimize(f, start, lower, upper, options);

    /// <summary>Minimises <paramref name="f"/> over lower ≤ x ≤ upper starting from <paramref name="start"/>.</summary>
    /// <param name="f">The objective; it receives a reused array of the full dimension.</param>
    /// <param name="start">Starting point; values outside the box are clamped into it.</param>
    /// <param name="lower">Lower bounds (−∞ allowed); null means unbounded below.</param>
    /// <param name="upper">Upper bounds (+∞ allowed); null means unbounded above.</param>
    /// <param name="options">Settings; null means the defaults of <see cref="OptimizerOptions"/>.</param>
    public static OptimizerResult Minimize(
        Func<double[], double> f,
        double[] start,
        double[]? lower = null,
        double[]? upper = null,
        OptimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(start);
        options ??= new OptimizerOptions();
        int dimension = start.Length;
        lower ??= Filled(dimension, double.NegativeInfinity);
        upper ??= Filled(dimension, double.PositiveInfinity);
        Validate(start, lower, upper, options);

        var x = new double[dimension];
        var free = new List<int>(dimension);
        double narrowest = double.PositiveInfinity;
        for (int i = 0; i < dimension; i++)
        {
            x[i] = Math.Clamp(start[i], lower[i], upper[i]);
            if (upper[i] > lower[i])
            {
                free.Add(i);
                narrowest = Math.Min(narrowest, upper[i] - lower[i]);
            }
        }

        if (free.Count == 0)
            return EvaluateFixedPoint(f, x);

        double initialStep = Math.Min(options.InitialStep, 0.5 * narrowest);
        double finalStep = Math.Min(options.FinalStep, initialStep);
        var solver = new BobyqaSolver(f, x, lower, upper, free.ToArray(), initialStep, finalStep, options);
        return solver.Run();
    }

    private static OptimizerResult EvaluateFixedPoint(Func<double[], double> f, double[] x)
    {
        double value = f(x);
        bool finite = double.IsFinite(value);
        return new OptimizerResult(x, value, 1, finite,
            finite ? "every variable is fixed by its bounds; evaluated once"
                   : "every variable is fixed by its bounds and the objective is not finite there");
    }

    private static void Validate(double[] start, double[] lower, double[] upper, OptimizerOptions options)
    {
        if (lower.Length != start.Length || upper.Length != start.Length)
            throw new ArgumentException(
                $"start, lower and upper must have the same length ({start.Length}, {lower.Length}, {upper.Length}).");
        for (int i = 0; i < start.Length; i++)
        {
            if (double.IsNaN(start[i]) || double.IsInfinity(start[i]))
                throw new ArgumentException($"start[{i}] = {start[i]} is not a finite number.", nameof(start));
            if (double.IsNaN(lower[i]) || double.IsNaN(upper[i]) || lower[i] > upper[i])
                throw new ArgumentException($"bounds of variable {i} are invalid: [{lower[i]}, {upper[i]}].");
            if (lower[i] == double.PositiveInfinity || upper[i] == double.NegativeInfinity)
                throw new ArgumentException($"bounds of variable {i} leave no finite value: [{lower[i]}, {upper[i]}].");
        }
        if (!(options.InitialStep > 0) || double.IsInfinity(options.InitialStep))
            throw new ArgumentException($"InitialStep must be positive and finite, not {options.InitialStep}.", nameof(options));
        if (!(options.FinalStep > 0))
            throw new ArgumentException($"FinalStep must be positive, not {options.FinalStep}.", nameof(options));
        if (options.MaxEvaluations < 1)
            throw new ArgumentException($"MaxEvaluations must be at least 1, not {options.MaxEvaluations}.", nameof(options));
        if (!(options.RelativeTolerance >= 0) || !(options.AbsoluteTolerance >= 0))
            throw new ArgumentException("RelativeTolerance and AbsoluteTolerance must be non-negative.", nameof(options));
    }

    private static double[] Filled(int length, double value)
    {
        var a = new double[length];
        Array.Fill(a, value);
        return a;
    }
}
