using FormulaLmm.Terms;
using System.Diagnostics;
using FormulaLmm.Design;
using FormulaLmm.Diagnostics;
using FormulaLmm.Numerics;

namespace FormulaLmm.Fitting;

/// <summary>How to fit: REML or ML, which optimiser, how long, progress reporting.</summary>
public sealed record FitOptions
{
    /// <summary>REML (default, as lme4) or maximum likelihood.</summary>
    public bool Reml { get; init; } = true;
    /// <summary>The bounded derivative-free optimiser over θ; null for the default (BOBYQA).</summary>
    public IBoundedOptimizer? Optimizer { get; init; }
    /// <summary>Largest number of objective evaluations (lme4's nloptwrap maxeval: 1e5).</summary>
    public int MaxEvaluations { get; init; } = 100_000;
    /// <summary>
    /// Initial trust-region radius. Null (default): NLopt's default initial steps as lme4's
    /// nloptwrap gets them (0.75·(θ − lower) for a bounded θ, 1 for a free θ = 0, |θ| otherwise),
    /// with NLopt's rescaling of the coordinates when they differ.
    /// </summary>
    public double? InitialStep { get; init; }
    /// <summary>
    /// Final trust-region radius. Null (default): NLopt's, from lme4's xtol_rel = 1e-4 and
    /// xtol_abs = 1e-8 (max(1e-4 · initial radius, 1e-8 / scale)).
    /// </summary>
    public double? FinalStep { get; init; }
    /// <summary>Stop when a successful step improves the objective by less than this (lme4's ftol_abs = 1e-8).</summary>
    public double AbsoluteTolerance { get; init; } = 1e-8;
    /// <summary>
    /// Stop when a successful step improves the objective by less than this, relative (NLopt's
    /// ftol_rel; lme4 leaves it off, and so does the default). 1e-10 ends BOBYQA's slow final creep
    /// on large models (InstEval: 52 evaluations instead of 79; the convergence check's Newton step
    /// then takes θ̂ to within 1e-6 of the minimum's objective) at the price of leaving lme4's path,
    /// so that printed digits can differ from lme4's (docs/performance.md, "Fewer evaluations").
    /// </summary>
    public double RelativeTolerance { get; init; }
    /// <summary>
    /// lme4's restart_edge: when the optimum has some θ exactly on its bound and the objective
    /// decreases into the interior there, run the optimiser again from that point.
    /// </summary>
    public bool RestartEdge { get; init; } = true;
    /// <summary>
    /// When lme4's convergence check (max |scaled gradient| ≤ 0.002) still fails at θ̂ after the
    /// Newton steps of the convergence check, run the optimiser once more from θ̂. On flat objectives
    /// BOBYQA's trust region can shrink to its final radius well short of the minimum (NLopt's as
    /// well: lme4 then warns); a second run starts with a fresh radius and reaches it.
    /// </summary>
    public bool RestartOnLargeGradient { get; init; } = true;
    /// <summary>
    /// Newton steps on the diagonal of the finite-difference Hessian after the optimiser when lme4's
    /// convergence check fails there (where lme4 would warn). When the check passes, the fit keeps
    /// the optimiser's θ̂, which with the default settings is where lme4's nloptwrap stops.
    /// </summary>
    public bool NewtonPolish { get; init; } = true;
    /// <summary>lme4's boundary.tol: a θ this close to its bound is set onto it if that lowers the objective (0: off).</summary>
    public double BoundaryTolerance { get; init; } = 1e-5;
    /// <summary>Called after each objective evaluation with (evaluations so far, objective).</summary>
    public Action<int, double>? Progress { get; init; }
    /// <summary>Start the optimisation here instead of at the templates' initial θ.</summary>
    public IReadOnlyList<double>? StartTheta { get; init; }
    /// <summary>Compute standard errors of the variance components (cost: one solve with the factor per random effect).</summary>
    public bool VarianceComponentErrors { get; init; } = true;
    /// <summary>
    /// Skip the variance-component standard errors (with an informational diagnostic) when the
    /// model has more random effects than this; they cost q solves with the factor. Models with a
    /// single random-effects term are exempt: theirs cost O(levels) (<see cref="SingleTermInformation"/>).
    /// </summary>
    public int VarianceComponentErrorsMaxRandomEffects { get; init; } = 2000;
    /// <summary>lme4's isSingular tolerance.</summary>
    public double SingularTolerance { get; init; } = 1e-4;
    /// <summary>
    /// Told where the fit's phases end (the benchmarks time them); null, the default, for none.
    /// Internal: instrumentation for FormulaLmm.Benchmarks and the tests, not a user setting.
    /// </summary>
    internal IFitObserver? Observer { get; init; }
}

/// <summary>Fits linear mixed models by minimising the profiled REML criterion or ML deviance over θ.</summary>
public static class LinearMixedModel
{
    /// <summary>
    /// Fits <paramref name="design"/>. Throws <see cref="FormulaLmmException"/> when the design
    /// cannot be fitted (its diagnostics say why).
    /// </summary>
    /// <param name="design">A design from <see cref="DesignBuilder"/> (lme4's <c>lFormula()</c> output).</param>
    /// <param name="options">REML or ML, optimiser and its limits, progress; lme4's defaults when null.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="FormulaLmmException">The design has errors or cannot be fitted (FL04xx, see <see cref="FittingCodes"/>).</exception>
    public static LmmFit Fit(LmmDesign design, FitOptions? options = null)
    {
        var result = TryFit(design, options);
        return result.Success ? result.Fit : throw new FormulaLmmException(result.Diagnostics, design.Formula);
    }

    /// <summary>Fits <paramref name="design"/>, returning diagnostics instead of throwing for user errors.</summary>
    /// <param name="design">A design from <see cref="DesignBuilder"/>.</param>
    /// <param name="options">REML or ML, optimiser and its limits, progress; lme4's defaults when null.</param>
    /// <returns>
    /// The fit and its diagnostics (<see cref="LmmFit.Diagnostics"/>: singular fit, convergence), or a null
    /// fit and the errors (FL0400, FL0404-FL0407, FL0410) that prevented it.
    /// </returns>
    public static FitResult TryFit(LmmDesign design, FitOptions? options = null)
    {
        options ??= new FitOptions();
        var problems = Validate(design, options);
        if (problems.Exists(d => d.IsError)) return new FitResult(null, DiagnosticList.From(problems));

        var clock = Stopwatch.StartNew();
        var observer = options.Observer;
        observer?.FitStarted();
        // As lme4: without fixed effects REML is ML (its fit then reports isREML = FALSE).
        var objective = new ProfiledObjective(design, options.Reml && design.Fixed.ColumnCount > 0, observer?.Evaluations);
        observer?.SetupEnded();
        double[] start = (options.StartTheta ?? StartingTheta(design, objective)).ToArray();
        double[] lower = objective.LowerBounds.ToArray();
        double initialObjective = double.NaN;

        double[] thetaHat;
        ScoreAtTheta? score = null;
        int evaluations;
        bool converged;
        string message, optimizerName;
        if (objective.ThetaCount == 0)
        {
            (thetaHat, evaluations, converged, message, optimizerName) = (Array.Empty<double>(), 1, true, "no covariance parameters", "none");
            initialObjective = objective.Evaluate(start);
        }
        else
        {
            var optimizer = options.Optimizer ?? DefaultOptimizer();
            optimizerName = optimizer.GetType().Name;
            // The optimiser's first evaluation is usually exactly at the start: then its value is the
            // initial objective and need not be computed again.
            var result = OptimizerSetup.Minimize(optimizer, objective, start, lower, options,
                (theta, f) => { if (theta.AsSpan().SequenceEqual(start)) initialObjective = f; });
            evaluations = result.Evaluations;
            if (options.RestartEdge && OptimizerSetup.ShouldRestartAtEdge(objective, result.Minimizer, lower))
            {
                result = OptimizerSetup.Minimize(optimizer, objective, result.Minimizer, lower, options);
                evaluations += result.Evaluations;
            }
            thetaHat = options.BoundaryTolerance > 0
                ? OptimizerSetup.SnapToBoundary(objective, result.Minimizer, result.Minimum, lower, options.BoundaryTolerance)
                : result.Minimizer;
            converged = result.Converged;
            message = result.Message;

            // lme4's convergence check at θ̂; when it fails, Newton steps on the diagonal of the
            // finite-difference Hessian, and if that is not enough, BOBYQA once more from there.
            double? atTheta = ReferenceEquals(thetaHat, result.Minimizer) ? result.Minimum : null;
            var polished = ConvergenceCheck.Polish(objective, ConvergenceCheck.Score(objective, thetaHat, atTheta), options.NewtonPolish);
            score = polished.Score;
            evaluations += polished.Evaluations;
            if (options.RestartOnLargeGradient && converged && ConvergenceCheck.NeedsWork(score, lower))
            {
                var again = OptimizerSetup.Minimize(optimizer, objective, score.Theta, lower, options);
                evaluations += again.Evaluations;
                if (again.Minimum < score.Objective)
                {
                    var theta = options.BoundaryTolerance > 0
                        ? OptimizerSetup.SnapToBoundary(objective, again.Minimizer, again.Minimum, lower, options.BoundaryTolerance)
                        : again.Minimizer;
                    (converged, message) = (again.Converged, again.Message);
                    polished = ConvergenceCheck.Polish(objective, ConvergenceCheck.Score(objective, theta, ReferenceEquals(theta, again.Minimizer) ? again.Minimum : null), options.NewtonPolish);
                    score = polished.Score;
                    evaluations += polished.Evaluations;
                }
            }
            thetaHat = score.Theta;
            if (double.IsNaN(initialObjective)) initialObjective = objective.Evaluate(start);
        }

        observer?.OptimizerEnded();
        var draft = new ConvergenceDraft(optimizerName, evaluations, initialObjective, converged, message);
        var fit = LmmFitBuilder.Build(objective, thetaHat, options, draft, clock, score);
        observer?.FitEnded();
        if (fit is null)
            return new FitResult(null, DiagnosticList.From(problems.Append(Diagnostic.Error(FittingCodes.ExactFit,
                "the model reproduces the response exactly (the penalised residual sum of squares is 0); nothing to estimate"))));
        return new FitResult(fit, fit.Diagnostics);
    }

    private static IBoundedOptimizer DefaultOptimizer() => new Bobyqa();

    /// <summary>
    /// lme4's start: the templates' initial θ (λ = I), except when every term is a scalar random
    /// intercept on its own grouping factor; then θ_i = sqrt(v_i / v_e) with v_i the variance of
    /// the group means of y (expanded to the rows) and v_e = var(y) − Σ v_i, when v_e &gt; 0
    /// (lme4's mkLmerDevfun, on the response without the offset).
    /// </summary>
    internal static IReadOnlyList<double> StartingTheta(LmmDesign design, ProfiledObjective objective)
    {
        var terms = design.RandomTerms;
        bool intercepts = terms.Count > 0
            && terms.All(t => t.K == 1 && t.ColumnNames[0] == "(Intercept)" && t.Covariance.ThetaCount == 1)
            && terms.Select(t => t.GroupName).Distinct(StringComparer.Ordinal).Count() == terms.Count;
        if (!intercepts) return objective.InitialTheta;
        var y = design.Response;
        int n = y.Length;
        double SampleVariance(Func<int, double> v)
        {
            double mean = 0.0;
            for (int i = 0; i < n; i++) mean += v(i);
            mean /= n;
            double ss = 0.0;
            for (int i = 0; i < n; i++) { double d = v(i) - mean; ss += d * d; }
            return ss / (n - 1);
        }
        var groupVariance = new double[terms.Count];
        for (int t = 0; t < terms.Count; t++)
        {
            var codes = terms[t].LevelCodes;
            var sum = new double[terms[t].LevelCount];
            var count = new int[terms[t].LevelCount];
            for (int i = 0; i < n; i++) { sum[codes[i]] += y[i]; count[codes[i]]++; }
            groupVariance[t] = SampleVariance(i => sum[codes[i]] / count[codes[i]]);
        }
        double residual = SampleVariance(i => y[i]) - groupVariance.Sum();
        if (!(residual > 0)) return objective.InitialTheta;
        var start = groupVariance.Select(v => Math.Sqrt(v / residual)).ToArray();
        for (int t = 0; t < terms.Count; t++)
            if (start[t] * start[t] < terms[t].Covariance.LowerBounds[0] * terms[t].Covariance.LowerBounds[0]) return objective.InitialTheta;
        return start;
    }

    /// <summary>The reasons a design cannot be fitted with these options (also used by Lmm.Check).</summary>
    internal static List<Diagnostic> Validate(LmmDesign design, FitOptions options)
    {
        var list = new List<Diagnostic>();
        if (design.Diagnostics.Any(d => d.IsError))
            list.Add(Diagnostic.Error(FittingCodes.DesignHasErrors, "the model design has errors, so the model was not fitted"));
        foreach (var t in design.RandomTerms)
            if (t.Covariance.Structure is not (CovarianceStructure.Unstructured or CovarianceStructure.Diagonal))
                list.Add(Diagnostic.Error(FittingCodes.UnsupportedCovariance,
                    $"random-effects term for '{t.GroupName}': the {t.Covariance.Structure} covariance structure cannot be fitted yet", t.Span));
        // lme4 refuses a formula without random effects ("No random effects terms specified in
        // formula"); fitting it as a linear model under a mixed-model summary would mislead.
        if (design.RandomTerms.Count == 0)
            list.Add(Diagnostic.Error(FittingCodes.NoRandomEffects,
                "the formula has no random-effects term such as (1 | g), so it is not a mixed model; add one, or fit it with ordinary least squares"));
        int n = design.RowCount, p = design.Fixed.ColumnCount;
        if (!design.HasResponse)
            list.Add(Diagnostic.Error(FittingCodes.NoResponse, "the formula has no response (left-hand side), so there is nothing to fit"));
        if (options.Reml && n <= p)
            list.Add(Diagnostic.Error(FittingCodes.TooFewObservations,
                $"REML needs more observations ({n}) than fixed-effects coefficients ({p})"));
        if (options.StartTheta is { } st && st.Count != design.ThetaCount)
            list.Add(Diagnostic.Error(FittingCodes.BadStart, $"the starting θ has {st.Count} values; the model has {design.ThetaCount}"));
        return list;
    }
}

/// <summary>
/// How the optimiser is called so that, by default, it follows lme4 1.1-31's nloptwrap: NLopt's
/// LN_BOBYQA with its default initial steps and coordinate rescaling, xtol_rel = 1e-4,
/// xtol_abs = 1e-8 (which set the final radius) and ftol_abs = 1e-8. Following the same path
/// means we stop where lme4 stops, also on flat objectives where its stopping rule ends early.
/// </summary>
internal static class OptimizerSetup
{
    private const double XtolRel = 1e-4, XtolAbs = 1e-8;

    public static OptimizerResult Minimize(IBoundedOptimizer optimizer, ProfiledObjective objective, double[] start, double[] lower, FitOptions options,
        Action<double[], double>? firstValue = null)
    {
        int n = start.Length;
        var dx = new double[n];
        for (int i = 0; i < n; i++) dx[i] = Bobyqa.NloptDefaultStep(start[i], lower[i], double.PositiveInfinity);
        // NLopt rescales x so that every initial step equals the first one (when they differ).
        var scale = Enumerable.Repeat(1.0, n).ToArray();
        if (options.InitialStep is null && dx.Any(d => d != dx[0]))
            for (int i = 1; i < n; i++) scale[i] = dx[i] / dx[0];
        double rhoBegin = options.InitialStep ?? Math.Abs(dx[0] / scale[0]);
        double rhoEnd = options.FinalStep ?? Math.Max(XtolRel * rhoBegin, scale.Max(s => XtolAbs / Math.Abs(s)));

        var xs = new double[n];
        var lowerScaled = new double[n];
        var upperScaled = new double[n];
        for (int i = 0; i < n; i++)
        {
            // A negative scale (a negative start without finite bounds) mirrors the variable, and
            // its bounds swap, as in NLopt (nlopt_reorder_bounds).
            xs[i] = start[i] / scale[i];
            double a = lower[i] / scale[i], b = double.PositiveInfinity / scale[i];
            lowerScaled[i] = Math.Min(a, b);
            upperScaled[i] = Math.Max(a, b);
        }
        var theta = new double[n];
        bool first = true;
        double F(double[] x)
        {
            for (int i = 0; i < n; i++) theta[i] = x[i] * scale[i];
            double f = objective.Evaluate(theta);
            if (first) { first = false; firstValue?.Invoke(theta, f); }
            return f;
        }
        var result = optimizer.Minimize(F, xs, lowerScaled, upperScaled, new OptimizerOptions
        {
            InitialStep = rhoBegin,
            FinalStep = rhoEnd,
            AbsoluteTolerance = options.AbsoluteTolerance,
            RelativeTolerance = options.RelativeTolerance,
            MaxEvaluations = options.MaxEvaluations,
            Progress = options.Progress,
        });
        var minimizer = new double[n];
        for (int i = 0; i < n; i++) minimizer[i] = Math.Max(result.Minimizer[i] * scale[i], lower[i]);
        return result with { Minimizer = minimizer };
    }

    /// <summary>
    /// lme4's optimizeLmer restart test: for every θ exactly on its lower bound, the one-sided
    /// difference quotient (step 1e-5) into the interior; restart when one is negative.
    /// </summary>
    public static bool ShouldRestartAtEdge(ProfiledObjective objective, double[] theta, double[] lower)
    {
        const double step = 1e-5;
        var onBound = Enumerable.Range(0, theta.Length).Where(i => theta[i] == lower[i]).ToArray();
        if (onBound.Length == 0) return false;
        double f0 = objective.Evaluate(theta);
        var x = (double[])theta.Clone();
        bool restart = false;
        foreach (int i in onBound)
        {
            x[i] = lower[i] + step;
            if ((objective.Evaluate(x) - f0) / step < 0) restart = true;
            x[i] = theta[i];
        }
        return restart;
    }

    /// <summary>
    /// lme4's check.boundary: each θ within <paramref name="tolerance"/> above its bound is put on
    /// the bound when that alone gives a lower objective than the optimiser's minimum.
    /// </summary>
    public static double[] SnapToBoundary(ProfiledObjective objective, double[] theta, double minimum, double[] lower, double tolerance)
    {
        var result = (double[])theta.Clone();
        bool changed = false;
        for (int i = 0; i < theta.Length; i++)
        {
            double gap = theta[i] - lower[i];
            if (!(gap > 0 && gap < tolerance)) continue;
            var trial = (double[])result.Clone();
            trial[i] = lower[i];
            if (objective.Evaluate(trial) < minimum) { result[i] = lower[i]; changed = true; }
        }
        // The same array when nothing moved, so the caller knows f there (the optimiser's minimum).
        return changed ? result : theta;
    }
}

/// <summary>
/// Diagnostic codes of the Fitting stage (FL04xx), in <see cref="LmmFit.Diagnostics"/> or, for the
/// errors, in the <see cref="FormulaLmmException"/> that <see cref="LinearMixedModel.Fit(LmmDesign, FitOptions)"/>
/// throws. Catalogue: docs/diagnostics.md.
/// </summary>
public static class FittingCodes
{
    /// <summary>FL0400: the design has errors, so nothing was fitted.</summary>
    public const string DesignHasErrors = "FL0400";
    /// <summary>FL0401 (info): a boundary (singular) fit, lme4's isSingular: a θ with lower bound 0 is below 1e-4; names the terms.</summary>
    public const string SingularFit = "FL0401";
    /// <summary>FL0402 (info): X was rank deficient and columns were dropped before the fit (lme4: "fixed-effect model matrix is rank deficient so dropping ...").</summary>
    public const string DroppedColumns = "FL0402";
    /// <summary>FL0403 (warning): the optimiser stopped before converging, e.g. at <see cref="FitOptions.MaxEvaluations"/>.</summary>
    public const string NotConverged = "FL0403";
    /// <summary>FL0404: a covariance structure the fit does not support yet (cs, ar1).</summary>
    public const string UnsupportedCovariance = "FL0404";
    /// <summary>FL0405: REML with no more observations than fixed-effects coefficients.</summary>
    public const string TooFewObservations = "FL0405";
    /// <summary>FL0406: the model reproduces the response exactly (penalised residual sum of squares 0); nothing to estimate.</summary>
    public const string ExactFit = "FL0406";
    /// <summary>FL0407: <see cref="FitOptions.StartTheta"/> has the wrong length.</summary>
    public const string BadStart = "FL0407";
    /// <summary>FL0408 (warning): the gradient of the objective at the estimate exceeds 0.002 (lme4's "Model failed to converge with max|grad|" check).</summary>
    public const string LargeGradient = "FL0408";
    /// <summary>FL0409: the variance components' standard errors were not computed: too many random effects (info) or a singular information matrix (warning).</summary>
    public const string NoVarianceComponentErrors = "FL0409";
    /// <summary>FL0410: a one-sided formula (no response) cannot be fitted.</summary>
    public const string NoResponse = "FL0410";
    /// <summary>FL0411: the formula has no random-effects term, so it is not a mixed model (lme4 refuses it too).</summary>
    public const string NoRandomEffects = "FL0411";
}

internal sealed record ConvergenceDraft(string Optimizer, int Evaluations, double InitialObjective, bool Converged, string Message);
