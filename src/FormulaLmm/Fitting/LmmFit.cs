using FormulaLmm.Design;
using FormulaLmm.Diagnostics;

namespace FormulaLmm.Fitting;

/// <summary>
/// A fitted linear mixed model: everything lme4's summary, fixef, vcov, VarCorr, ranef
/// (condVar = TRUE), fitted, residuals, logLik, AIC, BIC and isSingular report, plus standard
/// errors of the variance components and a convergence check. Immutable. Get one from
/// <see cref="Lmm.Fit(string, Data.Table, LmmOptions)"/> or <see cref="LinearMixedModel.Fit(LmmDesign, FitOptions)"/>;
/// print it with <c>fit.Summary()</c>. Vectors of length n (fitted, residuals) follow the rows
/// used, <see cref="LmmDesign.KeptRows"/> of the data.
/// </summary>
public sealed class LmmFit
{
    internal LmmFit() { }

    /// <summary>The design that was fitted (response, X, random-effects terms, kept rows).</summary>
    public required LmmDesign Design { get; init; }
    /// <summary>REML or ML (lme4's <c>isREML(m)</c>; a model without fixed effects is always fitted by ML, as in lme4).</summary>
    public required EstimationMethod Method { get; init; }
    /// <summary>True for a REML fit (lme4's <c>isREML(m)</c>).</summary>
    public bool IsReml => Method == EstimationMethod.Reml;

    /// <summary>θ̂ in the design's order (lme4's getME(m, "theta")).</summary>
    public required IReadOnlyList<double> Theta { get; init; }
    /// <summary>Lower bounds of θ (lme4's getME(m, "lower")).</summary>
    public required IReadOnlyList<double> ThetaLowerBounds { get; init; }

    /// <summary>
    /// β̂ with standard errors and t values, one per kept column of X in R's order and names
    /// (lme4's <c>fixef(m)</c> and <c>coef(summary(m))</c>); e.g. <c>FixedEffects[1].Estimate</c>.
    /// </summary>
    public required IReadOnlyList<FixedEffect> FixedEffects { get; init; }
    /// <summary>lme4's <c>vcov(m)</c>: σ̂² (L_X L_X')⁻¹, p×p in the order of <see cref="FixedEffects"/>.</summary>
    public required ReadOnlyMatrix FixedEffectsCovariance { get; init; }
    /// <summary>Correlation of the fixed-effects estimates (summary's last table).</summary>
    public required ReadOnlyMatrix FixedEffectsCorrelation { get; init; }
    /// <summary>Columns of X dropped as linearly dependent before the fit (not estimable).</summary>
    public IReadOnlyList<string> DroppedColumns => Design.Fixed.DroppedColumns;

    /// <summary>σ̂, the residual standard deviation (REML or ML estimate; lme4's <c>sigma(m)</c>).</summary>
    public required double Sigma { get; init; }
    /// <summary>σ̂², the residual variance (the "Residual" row of lme4's <c>VarCorr(m)</c>).</summary>
    public double ResidualVariance => Sigma * Sigma;

    /// <summary>The minimised objective: the REML criterion (REML, lme4's <c>REMLcrit(m)</c>) or the deviance −2 log L (ML, lme4's <c>deviance(m)</c>).</summary>
    public required double Objective { get; init; }
    /// <summary>−Objective/2: the REML log-likelihood for REML fits, else the log-likelihood (lme4's <c>logLik(m)</c>).</summary>
    public double LogLikelihood => -Objective / 2.0;
    /// <summary>Number of parameters as lme4 counts them: p + length(θ) + 1.</summary>
    public int ParameterCount => FixedEffects.Count + Theta.Count + 1;
    /// <summary>lme4's <c>AIC(m)</c>: <see cref="Objective"/> + 2 × <see cref="ParameterCount"/> (from the REML criterion for a REML fit, as lme4).</summary>
    public double Aic => Objective + 2.0 * ParameterCount;
    /// <summary>lme4's <c>BIC(m)</c>: <see cref="Objective"/> + log(n) × <see cref="ParameterCount"/>.</summary>
    public double Bic => Objective + Math.Log(ObservationCount) * ParameterCount;
    /// <summary>n, the number of observations used (lme4's <c>nobs(m)</c>), after omitting rows with missing values.</summary>
    public int ObservationCount => Design.RowCount;
    /// <summary>lme4's df.residual: n minus the parameter count (p + length(θ) + 1), as summary's df.resid.</summary>
    public int ResidualDegreesOfFreedom => ObservationCount - ParameterCount;

    /// <summary>Per random-effects term (design order): D = σ̂² λλ' with SDs and correlations (lme4's <c>VarCorr(m)</c>).</summary>
    public required IReadOnlyList<TermCovariance> VarCorr { get; init; }
    /// <summary>lme4's as.data.frame(VarCorr(m)) rows, the residual last, with standard errors when computed.</summary>
    public required IReadOnlyList<VarCorrRow> VarCorrRows { get; init; }
    /// <summary>Standard errors of the variance parameters (null when not computed).</summary>
    public VarianceComponentErrors? VarianceComponentErrors { get; init; }

    /// <summary>
    /// BLUPs b̂ = Λû per term (design order) with conditional SDs (lme4's <c>ranef(m, condVar = TRUE)</c>); also by grouping factor,
    /// <c>RandomEffects["Subject"]</c>, which joins the terms that share the factor.
    /// </summary>
    public required RandomEffectsCollection RandomEffects { get; init; }
    /// <summary>lme4's <c>fitted(m)</c>: Xβ̂ + Zb̂ + offset, one per kept row.</summary>
    public required IReadOnlyList<double> Fitted { get; init; }
    /// <summary>lme4's <c>residuals(m)</c> (response residuals): y − fitted, one per kept row.</summary>
    public required IReadOnlyList<double> Residuals { get; init; }

    /// <summary>lme4's isSingular (tol 1e-4): some θ with lower bound 0 is below the tolerance.</summary>
    public required bool IsSingular { get; init; }
    /// <summary>How the optimisation ended: optimiser, evaluations, objective, gradient, time (lme4's <c>m@optinfo</c>).</summary>
    public required ConvergenceInfo Convergence { get; init; }
    /// <summary>Messages from the fit (singular fit, dropped columns, convergence), FL04xx (see <see cref="FittingCodes"/>); the design's notes, such as rows omitted, are in <see cref="LmmDesign.Diagnostics"/>.</summary>
    public required DiagnosticList Diagnostics { get; init; }

    /// <summary>The BLUPs as flat rows: term by term, column by column, level by level.</summary>
    /// <returns>One row per level and random effect, as lme4's <c>as.data.frame(ranef(m, condVar = TRUE))</c>.</returns>
    public IEnumerable<BlupRow> BlupRows()
    {
        foreach (var t in RandomEffects)
            for (int c = 0; c < t.Names.Count; c++)
                for (int l = 0; l < t.Levels.Count; l++)
                    yield return new BlupRow(t.Group, t.Names[c], t.Levels[l], t.Values[l, c], t.ConditionalSds[l, c]);
    }
}
