namespace FormulaLmm.Terms;

/// <summary>
/// The form of a random-effects term's covariance matrix: lme4's '|' is unstructured, '||' and
/// <c>diag(...)</c> diagonal; <c>cs(...)</c> and <c>ar1(...)</c> (glmmTMB's names) are parsed but cannot be fitted yet.
/// </summary>
public enum CovarianceStructure
{
    /// <summary>Unstructured: θ is the lower triangle of λ, column-wise (lme4's default).</summary>
    Unstructured,
    /// <summary>Diagonal λ: independent effects with their own variances.</summary>
    Diagonal,
    /// <summary>Compound symmetry (cs(...)): one variance and one correlation.</summary>
    CompoundSymmetry,
    /// <summary>First-order autoregressive (ar1(...)): one variance and one correlation ρ^|i-j|.</summary>
    AutoRegressive1,
}
