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
    /// <summary>Initial trust-region radius in θ units (NLopt's default step for θ = 1 with bound 0).</summary>
    public double InitialStep { get; init; } = 0.75;
    /// <summary>Final trust-region radius; smaller than lme4's effective 7.5e-5 so we end at least as close to the optimum.</summary>
    public double FinalStep { get; init; } = 1e-8;
    /// <summary>Stop when an iteration changes the objective by less than this (relative).</summary>
    public double RelativeTolerance { get; init; } = 1e-13;
    /// <summary>Called after each objective evaluation with (evaluations so far, objective).</summary>
    public Action<int, double>? Progress { get; init; }
    /// <summary>Start the optimisation here instead of at the templates' initial θ.</summary>
    public IReadOnlyList<double>? StartTheta { get; init; }
    /// <summary>Compute standard errors of the variance components (cost ~ q solves with the factor).</summary>
    public bool VarianceComponentErrors { get; init; } = true;
    /// <summary>lme4's isSingular tolerance.</summary>
    public double SingularTolerance { get; init; } = 1e-4;
}

/// <summary>Fits linear mixed models by minimising the profiled REML criterion or ML deviance over θ.</summary>
public static class LinearMixedModel
{
    /// <summary>
    /// Fits <paramref name="design"/>. Throws <see cref="FormulaLmmException"/> when the design
    /// cannot be fitted (its diagnostics say why).
    /// </summary>
    public static LmmFit Fit(LmmDesign design, FitOptions? options = null)
    {
        var (fit, diagnostics) = TryFit(design, options);
        return fit ?? throw new FormulaLmmException(diagnostics, design.Formula);
    }

    /// <summary>Fits <paramref name="design"/>, returning diagnostics instead of throwing for user errors.</summary>
    public static (LmmFit? Fit, IReadOnlyList<Diagnostic> Diagnostics) TryFit(LmmDesign design, FitOptions? options = null)
    {
        options ??= new FitOptions();
        var problems = Validate(design, options);
        if (problems.Any(d => d.IsError)) return (null, problems);

        var clock = Stopwatch.StartNew();
        var objective = new ProfiledObjective(design, options.Reml);
        double[] start = (options.StartTheta ?? objective.InitialTheta).ToArray();
        double[] lower = objective.LowerBounds.ToArray();
        double initialObjective = objective.Evaluate(start);

        double[] thetaHat;
        int evaluations;
        bool converged;
        string message, optimizerName;
        if (objective.ThetaCount == 0)
        {
            (thetaHat, evaluations, converged, message, optimizerName) = (Array.Empty<double>(), 1, true, "no covariance parameters", "none");
        }
        else
        {
            var optimizer = options.Optimizer ?? DefaultOptimizer();
            optimizerName = optimizer.GetType().Name;
            var upper = Enumerable.Repeat(double.PositiveInfinity, lower.Length).ToArray();
            var result = optimizer.Minimize(theta => objective.Evaluate(theta), start, lower, upper, new OptimizerOptions
            {
                InitialStep = options.InitialStep,
                FinalStep = options.FinalStep,
                RelativeTolerance = options.RelativeTolerance,
                MaxEvaluations = options.MaxEvaluations,
                Progress = options.Progress,
            });
            thetaHat = result.Minimizer;
            evaluations = result.Evaluations;
            converged = result.Converged;
            message = result.Message;
        }

        var fit = LmmFitBuilder.Build(objective, thetaHat, options, new ConvergenceDraft(optimizerName, evaluations, initialObjective, converged, message), clock);
        if (fit is null)
            return (null, problems.Append(Diagnostic.Error(FittingCodes.ExactFit,
                "the model reproduces the response exactly (the penalised residual sum of squares is 0); nothing to estimate")).ToList());
        return (fit, fit.Diagnostics);
    }

    private static IBoundedOptimizer DefaultOptimizer() => new Bobyqa();

    private static List<Diagnostic> Validate(LmmDesign design, FitOptions options)
    {
        var list = new List<Diagnostic>();
        if (design.Diagnostics.Any(d => d.IsError))
            list.Add(Diagnostic.Error(FittingCodes.DesignHasErrors, "the model design has errors, so the model was not fitted"));
        foreach (var t in design.RandomTerms)
            if (t.Covariance.Structure is not (CovarianceStructure.Unstructured or CovarianceStructure.Diagonal))
                list.Add(Diagnostic.Error(FittingCodes.UnsupportedCovariance,
                    $"random-effects term for '{t.GroupName}': the {t.Covariance.Structure} covariance structure cannot be fitted yet", t.Span));
        int n = design.RowCount, p = design.Fixed.ColumnCount;
        if (options.Reml && n <= p)
            list.Add(Diagnostic.Error(FittingCodes.TooFewObservations,
                $"REML needs more observations ({n}) than fixed-effects coefficients ({p})"));
        if (options.StartTheta is { } st && st.Count != design.ThetaCount)
            list.Add(Diagnostic.Error(FittingCodes.BadStart, $"the starting θ has {st.Count} values; the model has {design.ThetaCount}"));
        return list;
    }
}

/// <summary>Diagnostic codes of the Fitting stage (docs/diagnostics.md).</summary>
public static class FittingCodes
{
    public const string DesignHasErrors = "FL0400";
    public const string SingularFit = "FL0401";
    public const string DroppedColumns = "FL0402";
    public const string NotConverged = "FL0403";
    public const string UnsupportedCovariance = "FL0404";
    public const string TooFewObservations = "FL0405";
    public const string ExactFit = "FL0406";
    public const string BadStart = "FL0407";
    public const string LargeGradient = "FL0408";
    public const string NoVarianceComponentErrors = "FL0409";
}

internal sealed record ConvergenceDraft(string Optimizer, int Evaluations, double InitialObjective, bool Converged, string Message);
