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
/// <item>A NaN or infinite f, or one more than 10⁶ times the spread of the values seen above their
/// maximum, is replaced by a moderate penalty above every value seen, so the trust region shrinks
/// away from that region without wrecking the model; a non-finite f at the start stops the run.</item>
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
                double scale = options.Scales?[i] ?? 1.0;
                narrowest = Math.Min(narrowest, (upper[i] - lower[i]) / scale);
            }
        }

        if (free.Count == 0)
            return EvaluateFixedPoint(f, x);

        double initialStep = Math.Min(options.InitialStep, 0.5 * narrowest);
        double finalStep = Math.Min(options.FinalStep, initialStep);
        var solver = new BobyqaSolver(f, x, lower, upper, free.ToArray(), initialStep, finalStep, options);
        return solver.Run();
    }

    /// <summary>
    /// Options that make this optimizer take the same path as NLopt's LN_BOBYQA with the given
    /// stopping settings; the defaults are those of lme4 1.1-31's <c>nloptwrap</c> (xtol_rel = 1e-4,
    /// the nloptr default; xtol_abs = 1e-8; ftol_abs = 1e-8; maxeval = 1e5). NLopt picks an initial
    /// step per variable by a heuristic (¾ of the distance to a finite bound, else |x|, else 1),
    /// rescales the variables so that those steps are equal, and then runs BOBYQA with
    /// rhobeg = the first step and rhoend = max(xtol_rel·rhobeg, xtol_abs / scale).
    /// </summary>
    public static OptimizerOptions NloptOptions(
        double[] start,
        double[] lower,
        double[] upper,
        double xtolRel = 1e-4,
        double xtolAbs = 1e-8,
        double ftolAbs = 1e-8,
        int maxEvaluations = 100_000)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        int n = start.Length;
        if (n == 0)
            return new OptimizerOptions { MaxEvaluations = maxEvaluations };
        var steps = new double[n];
        for (int i = 0; i < n; i++)
            steps[i] = NloptDefaultStep(start[i], lower[i], upper[i]);

        // NLopt divides by the signed ratio; a negative ratio (a negative start far from any bound)
        // would mirror that variable, which only changes the order of the first trial points.
        var scales = new double[n];
        bool allEqual = steps.All(s => s == steps[0]);
        for (int i = 0; i < n; i++)
            scales[i] = allEqual ? 1.0 : Math.Abs(steps[i] / steps[0]);

        double rhoBegin = Math.Abs(steps[0]);
        double rhoEnd = xtolRel * rhoBegin;
        for (int i = 0; i < n; i++)
            rhoEnd = Math.Max(rhoEnd, xtolAbs / scales[i]);

        return new OptimizerOptions
        {
            InitialStep = rhoBegin,
            FinalStep = rhoEnd,
            RelativeTolerance = 0,
            AbsoluteTolerance = ftolAbs,
            MaxEvaluations = maxEvaluations,
            Scales = scales,
        };
    }

    /// <summary>NLopt's heuristic initial step for one variable (nlopt_set_default_initial_step).</summary>
    internal static double NloptDefaultStep(double x, double lower, double upper)
    {
        double step = double.PositiveInfinity;
        if (!double.IsInfinity(upper) && !double.IsInfinity(lower) && (upper - lower) * 0.25 < step && upper > lower)
            step = (upper - lower) * 0.25;
        if (!double.IsInfinity(upper) && upper - x < step && upper > x)
            step = (upper - x) * 0.75;
        if (!double.IsInfinity(lower) && x - lower < step && x > lower)
            step = (x - lower) * 0.75;
        if (double.IsInfinity(step))
        {
            if (!double.IsInfinity(upper) && Math.Abs(upper - x) < Math.Abs(step))
                step = (upper - x) * 1.1;
            if (!double.IsInfinity(lower) && Math.Abs(x - lower) < Math.Abs(step))
                step = (x - lower) * 1.1;
        }
        if (double.IsInfinity(step) || IsTiny(step))
            step = x;
        if (double.IsInfinity(step) || step == 0)
            step = 1;
        return step;
    }

    // NLopt's nlopt_istiny: zero or subnormal.
    private static bool IsTiny(double x) => x == 0 || Math.Abs(x) < 2.2250738585072014e-308;

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
        if (options.Scales is { } scales)
        {
            if (scales.Length != start.Length)
                throw new ArgumentException($"Scales has length {scales.Length}, not {start.Length}.", nameof(options));
            foreach (double sc in scales)
                if (!(sc > 0) || double.IsInfinity(sc))
                    throw new ArgumentException($"Scales must be positive and finite, not {sc}.", nameof(options));
        }
    }

    private static double[] Filled(int length, double value)
    {
        var a = new double[length];
        Array.Fill(a, value);
        return a;
    }
}
