using FormulaLmm.Design;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Fitting;

/// <summary>
/// A fitted linear mixed model: everything lme4's summary, fixef, vcov, VarCorr, ranef
/// (condVar = TRUE), fitted, residuals, logLik, AIC, BIC and isSingular report, plus standard
/// errors of the variance components and a convergence check. Immutable.
/// </summary>
public sealed class LmmFit
{
    internal LmmFit() { }

    /// <summary>The design that was fitted (response, X, random-effects terms, kept rows).</summary>
    public required LmmDesign Design { get; init; }
    public required EstimationMethod Method { get; init; }
    public bool IsReml => Method == EstimationMethod.Reml;

    /// <summary>θ̂ in the design's order (lme4's getME(m, "theta")).</summary>
    public required IReadOnlyList<double> Theta { get; init; }
    /// <summary>Lower bounds of θ (lme4's getME(m, "lower")).</summary>
    public required IReadOnlyList<double> ThetaLowerBounds { get; init; }

    public required IReadOnlyList<FixedEffect> FixedEffects { get; init; }
    /// <summary>vcov(β̂) = σ̂² (L_X L_X')⁻¹.</summary>
    public required ReadOnlyMatrix FixedEffectsCovariance { get; init; }
    /// <summary>Correlation of the fixed-effects estimates (summary's last table).</summary>
    public required ReadOnlyMatrix FixedEffectsCorrelation { get; init; }
    /// <summary>Columns of X dropped as linearly dependent before the fit (not estimable).</summary>
    public IReadOnlyList<string> DroppedColumns => Design.Fixed.DroppedColumns;

    /// <summary>σ̂, the residual standard deviation (REML or ML estimate).</summary>
    public required double Sigma { get; init; }
    public double ResidualVariance => Sigma * Sigma;

    /// <summary>The minimised objective: the REML criterion (REML) or the deviance −2 log L (ML).</summary>
    public required double Objective { get; init; }
    /// <summary>−Objective/2: the REML log-likelihood for REML fits (as lme4's logLik), else the log-likelihood.</summary>
    public double LogLikelihood => -Objective / 2.0;
    /// <summary>Number of parameters as lme4 counts them: p + length(θ) + 1.</summary>
    public int ParameterCount => FixedEffects.Count + Theta.Count + 1;
    public double Aic => Objective + 2.0 * ParameterCount;
    public double Bic => Objective + Math.Log(ObservationCount) * ParameterCount;
    public int ObservationCount => Design.RowCount;
    /// <summary>lme4's df.residual: n minus the parameter count (p + length(θ) + 1), as summary's df.resid.</summary>
    public int ResidualDegreesOfFreedom => ObservationCount - ParameterCount;

    /// <summary>Per random-effects term (design order): D = σ̂² λλ' with SDs and correlations.</summary>
    public required IReadOnlyList<TermCovariance> VarCorr { get; init; }
    /// <summary>lme4's as.data.frame(VarCorr(m)) rows, the residual last, with standard errors when computed.</summary>
    public required IReadOnlyList<VarCorrRow> VarCorrRows { get; init; }
    /// <summary>Standard errors of the variance parameters (null when not computed).</summary>
    public VarianceComponentErrors? VarianceComponentErrors { get; init; }

    /// <summary>
    /// BLUPs b̂ = Λû per term (design order) with conditional SDs; also by grouping factor,
    /// <c>RandomEffects["Subject"]</c>, which joins the terms that share the factor.
    /// </summary>
    public required RandomEffectsCollection RandomEffects { get; init; }
    /// <summary>Xβ̂ + Zb̂ + offset, one per kept row.</summary>
    public required IReadOnlyList<double> Fitted { get; init; }
    /// <summary>y − fitted.</summary>
    public required IReadOnlyList<double> Residuals { get; init; }

    /// <summary>lme4's isSingular (tol 1e-4): some θ with lower bound 0 is below the tolerance.</summary>
    public required bool IsSingular { get; init; }
    public required ConvergenceInfo Convergence { get; init; }
    /// <summary>Messages from the fit (singular fit, dropped columns, convergence), FL04xx.</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>The BLUPs as flat rows: term by term, column by column, level by level.</summary>
    public IEnumerable<BlupRow> BlupRows()
    {
        foreach (var t in RandomEffects)
            for (int c = 0; c < t.Names.Count; c++)
                for (int l = 0; l < t.Levels.Count; l++)
                    yield return new BlupRow(t.Group, t.Names[c], t.Levels[l], t.Values[l, c], t.ConditionalSds[l, c]);
    }
}
