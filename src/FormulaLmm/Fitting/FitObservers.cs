namespace FormulaLmm.Fitting;

/// <summary>
/// Watches one fit at the boundaries of its phases: set-up (cross products and the factor's
/// storage), the optimiser (with lme4's restart and boundary checks and the convergence check),
/// and the post-fit (estimates, conditional variances, standard errors). Given through
/// <see cref="FitOptions.Observer"/>; the fit calls it only when one is given, so an ordinary fit
/// reads no clock and allocates nothing for it. The benchmarks (FormulaLmm.Benchmarks) time the
/// phases with it; tests count them.
/// </summary>
internal interface IFitObserver
{
    /// <summary>The fit starts: the design has been checked, the cross products are not yet formed.</summary>
    void FitStarted();

    /// <summary>The cross products and the factor's storage are ready; the optimiser starts next.</summary>
    void SetupEnded();

    /// <summary>θ̂ is chosen: the optimiser, its restarts and the convergence check are done.</summary>
    void OptimizerEnded();

    /// <summary>The fit is built (β̂, b̂, conditional variances, standard errors), or found impossible (an exact fit).</summary>
    void FitEnded();

    /// <summary>
    /// Who watches each objective evaluation of this fit, or null (the default) to leave them
    /// unobserved: a fit's timing observer stays out of the evaluations it times.
    /// </summary>
    IEvaluationObserver? Evaluations => null;
}

/// <summary>
/// Watches the parts of one objective evaluation, i.e. of one update of the blocked Cholesky
/// factor for a θ: scaling the cross products by Λ into the factor's blocks, the block columns
/// before the dense tail (sparse and block-diagonal work), and the dense tail's Cholesky
/// factorisation (or the small [X y] block when there is no tail). The calls come in that order,
/// once each per evaluation, except that an evaluation whose pivot fails in the sparse part ends
/// without <see cref="SparseEnded"/> (its objective is +∞).
/// </summary>
internal interface IEvaluationObserver
{
    /// <summary>An evaluation starts (before λ is filled from θ).</summary>
    void EvaluationStarted();

    /// <summary>The cross products have been scaled by Λ into the factor's blocks.</summary>
    void ScalingEnded();

    /// <summary>The block columns before the dense tail are factored.</summary>
    void SparseEnded();

    /// <summary>The evaluation is over: the dense tail (or the [X y] block) is factored, or a pivot failed.</summary>
    void EvaluationEnded();
}
