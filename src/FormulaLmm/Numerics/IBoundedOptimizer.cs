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
    public int MaxEvaluations { get; init; } = 100_000;
    /// <summary>Called after each evaluation with (count, f); for progress display.</summary>
    public Action<int, double>? Progress { get; init; }
}

/// <summary>Where a minimisation stopped and why.</summary>
public sealed record OptimizerResult(double[] Minimizer, double Minimum, int Evaluations, bool Converged, string Message);

/// <summary>Minimises f over the box lower ≤ x ≤ upper (bounds may be infinite) without derivatives.</summary>
public interface IBoundedOptimizer
{
    OptimizerResult Minimize(Func<double[], double> f, double[] start, double[] lower, double[] upper, OptimizerOptions options);
}
