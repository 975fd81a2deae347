namespace FormulaLmm.Fitting;

/// <summary>REML (lme4's default) or maximum likelihood.</summary>
public enum EstimationMethod
{
    Reml,
    MaximumLikelihood,
}

/// <summary>An immutable dense matrix (row-major), for covariance matrices and per-level tables.</summary>
public sealed class ReadOnlyMatrix
{
    private readonly double[] _values;

    public ReadOnlyMatrix(int rows, int columns, double[] rowMajorValues)
    {
        if (rowMajorValues.Length != rows * columns) throw new ArgumentException("size mismatch");
        Rows = rows;
        Columns = columns;
        _values = (double[])rowMajorValues.Clone();
    }

    public int Rows { get; }
    public int Columns { get; }
    public double this[int row, int column] => _values[row * Columns + column];

    public double[] Row(int row) => _values.AsSpan(row * Columns, Columns).ToArray();

    public double[,] ToArray()
    {
        var a = new double[Rows, Columns];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++) a[r, c] = _values[r * Columns + c];
        return a;
    }
}

/// <summary>One fixed-effects coefficient: estimate, standard error and t value (lme4's coef table).</summary>
public sealed record FixedEffect(string Name, double Estimate, double StandardError, double TValue);

/// <summary>
/// The estimated covariance of one random-effects term, D = σ² λλ' (lme4's VarCorr for the term).
/// <see cref="Group"/> is lme4's VarCorr name: the grouping factor, with ".1", ".2", ... added to
/// later terms on the same factor (as `||` produces).
/// <see cref="CovarianceStandardErrors"/> are the asymptotic standard errors of D's entries from the
/// expected Fisher information (NaN where an entry is not a parameter, e.g. off-diagonals of a
/// diagonal structure; null when they were not computed).
/// </summary>
public sealed record TermCovariance(
    string Group,
    IReadOnlyList<string> GroupVariables,
    IReadOnlyList<string> Names,
    ReadOnlyMatrix Covariance,
    ReadOnlyMatrix Correlation,
    IReadOnlyList<double> StandardDeviations,
    bool HasCorrelations,
    ReadOnlyMatrix? CovarianceStandardErrors);

/// <summary>
/// One row of the variance-components table, as lme4's as.data.frame(VarCorr(m)): a variance
/// (Name2 null; Value is the variance, SdOrCorrelation the SD), a covariance (Value is the
/// covariance, SdOrCorrelation the correlation), or the residual (Group "Residual", both names null).
/// StandardError is that of Value (the variance or covariance), when computed.
/// </summary>
public sealed record VarCorrRow(string Group, string? Name1, string? Name2, double Value, double SdOrCorrelation, double? StandardError);

/// <summary>
/// BLUPs (conditional modes) of one term: Values[level, column] and their conditional standard
/// deviations (lme4's condVar: from σ² Λ (Λ'Z'ZΛ + I)⁻¹ Λ', β held at β̂).
/// </summary>
public sealed record TermRandomEffects(
    string Group,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Levels,
    ReadOnlyMatrix Values,
    ReadOnlyMatrix ConditionalSds,
    ReadOnlyMatrix[] ConditionalCovariances);

/// <summary>One BLUP as a flat row (lme4's as.data.frame(ranef(m, condVar = TRUE))).</summary>
public sealed record BlupRow(string Group, string Term, string Level, double Value, double ConditionalSd);

/// <summary>How the optimisation over θ ended.</summary>
public sealed record ConvergenceInfo(
    string Optimizer,
    int Evaluations,
    double InitialObjective,
    double FinalObjective,
    bool Converged,
    string Message,
    IReadOnlyList<double> Gradient,
    TimeSpan FitTime);

/// <summary>
/// Asymptotic standard errors of the variance parameters φ (the distinct entries of each term's
/// D, then σ²) from the expected Fisher information I_jk = ½ tr(P ∂V/∂φ_j P ∂V/∂φ_k) (REML; V⁻¹
/// in place of P for ML), evaluated at the estimates. See docs/model.md.
/// </summary>
public sealed record VarianceComponentErrors(
    IReadOnlyList<string> ParameterNames,
    IReadOnlyList<double> Estimates,
    IReadOnlyList<double> StandardErrors,
    ReadOnlyMatrix Information,
    ReadOnlyMatrix? Covariance);
