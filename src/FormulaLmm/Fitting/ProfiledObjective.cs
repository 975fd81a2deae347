using FormulaLmm.Design;

namespace FormulaLmm.Fitting;

/// <summary>
/// The profiled deviance of a linear mixed model as a function of θ alone (Bates et al. 2015,
/// §3.4–3.5), with β and σ² profiled out:
/// <list type="bullet">
/// <item>ML: log|L_Z|² + n (1 + log(2π r²/n))</item>
/// <item>REML: log|L_Z|² + log|L_X|² + (n−p)(1 + log(2π r²/(n−p)))</item>
/// </list>
/// where L is the blocked Cholesky factor of the penalised cross-product matrix and r² its last
/// diagonal entry squared. Construction forms the cross products once (O(n)); each evaluation
/// works on those blocks only and allocates nothing. Not thread-safe: one evaluation at a time.
/// </summary>
public sealed class ProfiledObjective
{
    private readonly BlockedCholeskyFactor _factor;
    private readonly IEvaluationObserver? _observer;

    /// <summary>
    /// Prepares the objective of <paramref name="design"/>: forms the cross products of X, Z and y
    /// once (lme4's <c>mkLmerDevfun</c>). Use <see cref="Evaluate(ReadOnlySpan{double})"/> to get the deviance at a θ.
    /// </summary>
    /// <param name="design">A design without errors.</param>
    /// <param name="reml">True for the REML criterion (lme4's <c>REML = TRUE</c>), false for the ML deviance.</param>
    public ProfiledObjective(LmmDesign design, bool reml = true)
        : this(design, reml, observer: null)
    {
    }

    /// <summary>
    /// The objective of <paramref name="design"/>, with <paramref name="observer"/> told the
    /// phases of every evaluation (a fit's <see cref="IFitObserver.Evaluations"/>).
    /// </summary>
    internal ProfiledObjective(LmmDesign design, bool reml, IEvaluationObserver? observer)
    {
        _observer = observer;
        Design = design;
        Reml = reml;
        Terms = OrderTerms(design);
        CrossProducts = new CrossProducts(design, Terms);
        _factor = new BlockedCholeskyFactor(CrossProducts);
        var lower = new List<double>();
        var init = new List<double>();
        foreach (var t in design.RandomTerms)
        {
            lower.AddRange(t.Covariance.LowerBounds);
            init.AddRange(t.Covariance.Initial);
        }
        LowerBounds = lower;
        InitialTheta = init;
    }

    /// <summary>The design whose objective this is.</summary>
    public LmmDesign Design { get; }
    /// <summary>True: the REML criterion; false: the ML deviance.</summary>
    public bool Reml { get; }
    /// <summary>n, the number of observations.</summary>
    public int RowCount => CrossProducts.N;
    /// <summary>p, the number of columns of X.</summary>
    public int FixedCount => CrossProducts.P;
    /// <summary>Length of θ, the argument of <see cref="Evaluate(ReadOnlySpan{double})"/>.</summary>
    public int ThetaCount => LowerBounds.Count;
    /// <summary>Lower bounds of θ in the design's order (0 for diagonal entries of λ, −∞ otherwise).</summary>
    public IReadOnlyList<double> LowerBounds { get; }
    /// <summary>Starting θ from the covariance templates (λ = I for lme4's default).</summary>
    public IReadOnlyList<double> InitialTheta { get; }

    internal IReadOnlyList<FitTerm> Terms { get; }
    internal CrossProducts CrossProducts { get; }
    /// <summary>The factor at the θ of the last evaluation.</summary>
    internal BlockedCholeskyFactor Factor => _factor;

    /// <summary>
    /// The objective at <paramref name="theta"/> (design order). +∞ when the fixed-effects and
    /// response block is not positive definite (the response is fitted exactly).
    /// lme4: the function <c>mkLmerDevfun()</c> returns, or <c>getME(m, "devfun")</c>.
    /// </summary>
    /// <param name="theta">θ, <see cref="ThetaCount"/> values in the design's order, within <see cref="LowerBounds"/>.</param>
    /// <returns>The REML criterion or the ML deviance (−2 log L) at θ, profiled over β and σ.</returns>
    /// <exception cref="ArgumentException"><paramref name="theta"/> has the wrong length.</exception>
    public double Evaluate(ReadOnlySpan<double> theta) => Evaluate(theta, _observer);

    /// <summary>
    /// The objective at <paramref name="theta"/>, with <paramref name="observer"/> (instead of the
    /// one given at construction) told the phases of this evaluation; null observes nothing.
    /// </summary>
    internal double Evaluate(ReadOnlySpan<double> theta, IEvaluationObserver? observer)
    {
        if (theta.Length != ThetaCount)
            throw new ArgumentException($"θ has {theta.Length} entries; the model has {ThetaCount}");
        if (!_factor.Update(theta, observer)) return double.PositiveInfinity;
        return FromFactor();
    }

    /// <summary>The objective from the factor as it stands (after <see cref="Evaluate(ReadOnlySpan{double})"/>).</summary>
    internal double FromFactor()
    {
        double n = RowCount;
        double r2 = _factor.PenalisedRss();
        double logDetZ = _factor.LogDetRandom();
        if (!Reml) return logDetZ + n * (1.0 + Math.Log(2.0 * Math.PI * r2 / n));
        double nmp = n - FixedCount;
        return logDetZ + _factor.LogDetFixed() + nmp * (1.0 + Math.Log(2.0 * Math.PI * r2 / nmp));
    }

    /// <summary>
    /// Terms by decreasing number of levels (stable), which keeps the first diagonal block of the
    /// factor block-diagonal and puts the fill-in into the smaller blocks. lme4 already orders
    /// terms this way, so for its designs this is the identity.
    /// </summary>
    private static List<FitTerm> OrderTerms(LmmDesign design)
    {
        var offsets = new int[design.RandomTerms.Count];
        for (int t = 1; t < offsets.Length; t++) offsets[t] = offsets[t - 1] + design.RandomTerms[t - 1].Covariance.ThetaCount;
        return design.RandomTerms
            .Select((term, index) => new FitTerm(term, index, offsets[index]))
            .OrderByDescending(t => t.Levels)
            .ToList();
    }
}
