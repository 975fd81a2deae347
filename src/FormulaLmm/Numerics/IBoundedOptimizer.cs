namespace FormulaLmm.Numerics;

/// <summary>Settings of a derivative-free bounded minimisation.</summary>
public sealed record OptimizerOptions
{
    /// <summary>Initial trust-region radius (BOBYQA's rhobeg).</summary>
    public double InitialStep { get; init; } = 0.2;
    /// <summary>Final trust-region radius (BOBYQA's rhoend).</summary>
    public double FinalStep { get; init; } = 1e-7;
    /// <summary>
    /// Stop when an iteration improves f by less than this, relative to the mean |f| of the two
    /// values (NLopt's ftol_rel). Zero disables the test.
    /// </summary>
    public double RelativeTolerance { get; init; } = 1e-12;
    /// <summary>
    /// Stop when an iteration improves f by less than this, absolute (NLopt's ftol_abs; lme4's
    /// nloptwrap uses 1e-8). Zero disables the test.
    /// </summary>
    public double AbsoluteTolerance { get; init; }
    /// <summary>
    /// Optional positive scale per variable: the optimizer works in u = x / scale, so InitialStep
    /// and FinalStep are lengths in u (NLopt rescales this way so that its initial steps become
    /// equal). Null means no scaling.
    /// </summary>
    public double[]? Scales { get; init; }
    /// <summary>Largest number of evaluations of f (NLopt's maxeval; lme4's default 1e5); reaching it ends without convergence.</summary>
    public int MaxEvaluations { get; init; } = 100_000;
    /// <summary>Called after each evaluation with (count, f); for progress display.</summary>
    public Action<int, double>? Progress { get; init; }
}

/// <summary>Where a minimisation stopped and why.</summary>
/// <param name="Minimizer">The best x found, within the bounds.</param>
/// <param name="Minimum">f at <paramref name="Minimizer"/>.</param>
/// <param name="Evaluations">How many times f was evaluated.</param>
/// <param name="Converged">True when a convergence test stopped the search (not the evaluation limit).</param>
/// <param name="Message">The reason for stopping, for people (e.g. NLopt's "xtol reached").</param>
public sealed record OptimizerResult(double[] Minimizer, double Minimum, int Evaluations, bool Converged, string Message);

/// <summary>
/// Minimises f over the box lower ≤ x ≤ upper (bounds may be infinite) without derivatives. The
/// fit minimises the profiled deviance over θ with one (lme4's <c>optimizer</c> control: BOBYQA
/// by default, <see cref="NelderMead"/> as alternative); set it through <c>FitOptions.Optimizer</c>.
/// </summary>
public interface IBoundedOptimizer
{
    /// <summary>Minimises <paramref name="f"/> from <paramref name="start"/> within the bounds.</summary>
    /// <param name="f">The function; it may return +∞ where it is undefined. Must not keep the array it is given.</param>
    /// <param name="start">The starting point, within the bounds; not modified.</param>
    /// <param name="lower">Lower bound per variable; −∞ for none.</param>
    /// <param name="upper">Upper bound per variable; +∞ for none.</param>
    /// <param name="options">Step sizes, tolerances, evaluation limit and progress callback.</param>
    /// <returns>The best point found, its value, the evaluation count and whether a convergence test was met.</returns>
    OptimizerResult Minimize(Func<double[], double> f, double[] start, double[] lower, double[] upper, OptimizerOptions options);
}
