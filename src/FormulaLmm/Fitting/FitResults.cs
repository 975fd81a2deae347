namespace FormulaLmm.Fitting;

/// <summary>REML (lme4's default) or maximum likelihood.</summary>
public enum EstimationMethod
{
    /// <summary>Restricted (residual) maximum likelihood, lme4's <c>REML = TRUE</c>: the objective is the REML criterion.</summary>
    Reml,
    /// <summary>Maximum likelihood, lme4's <c>REML = FALSE</c> (needed to compare fixed effects with likelihood-ratio tests).</summary>
    MaximumLikelihood,
}

/// <summary>An immutable dense matrix (row-major), for covariance matrices and per-level tables.</summary>
public sealed class ReadOnlyMatrix
{
    private readonly double[] _values;

    /// <summary>A matrix holding a copy of <paramref name="rowMajorValues"/>.</summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="columns">Number of columns.</param>
    /// <param name="rowMajorValues">The entries row by row: entry [i, j] at <c>i * columns + j</c>.</param>
    /// <exception cref="ArgumentException">The array's length is not <c>rows * columns</c>.</exception>
    public ReadOnlyMatrix(int rows, int columns, double[] rowMajorValues)
    {
        if (rowMajorValues.Length != rows * columns) throw new ArgumentException("size mismatch");
        Rows = rows;
        Columns = columns;
        _values = (double[])rowMajorValues.Clone();
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }
    /// <summary>Number of columns.</summary>
    public int Columns { get; }
    /// <summary>The entry at a 0-based row and column (R's <c>m[row + 1, column + 1]</c>).</summary>
    public double this[int row, int column] => _values[row * Columns + column];

    /// <summary>A copy of row <paramref name="row"/> (0-based).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not a row of the matrix.</exception>
    public double[] Row(int row) => _values.AsSpan(row * Columns, Columns).ToArray();

    /// <summary>A copy as a two-dimensional array, <c>[row, column]</c>.</summary>
    public double[,] ToArray()
    {
        var a = new double[Rows, Columns];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++) a[r, c] = _values[r * Columns + c];
        return a;
    }
}

/// <summary>One fixed-effects coefficient: estimate, standard error and t value (lme4's coef table).</summary>
/// <param name="Name">The column of X it multiplies, in R's <c>model.matrix</c> naming: <c>(Intercept)</c>, <c>Days</c>, <c>SexFemale</c>, <c>age:SexFemale</c>.</param>
/// <param name="Estimate">β̂ (lme4's <c>fixef(m)</c> entry).</param>
/// <param name="StandardError">The square root of the diagonal of <c>vcov(m)</c> ("Std. Error" in lme4's summary).</param>
/// <param name="TValue">Estimate / StandardError ("t value"; lme4 gives no p-value, and neither does FormulaLmm).</param>
public sealed record FixedEffect(string Name, double Estimate, double StandardError, double TValue);

/// <summary>
/// The estimated covariance of one random-effects term, D = σ² λλ' (lme4's VarCorr for the term).
/// <see cref="Group"/> is lme4's VarCorr name: the grouping factor, with ".1", ".2", ... added to
/// later terms on the same factor (as `||` produces).
/// <see cref="CovarianceStandardErrors"/> are the asymptotic standard errors of D's entries from the
/// expected Fisher information (NaN where an entry is not a parameter, e.g. off-diagonals of a
/// diagonal structure; null when they were not computed).
/// </summary>
/// <param name="Group">lme4's VarCorr name of the term's grouping factor, e.g. <c>Subject</c>, <c>Subject.1</c>.</param>
/// <param name="GroupVariables">The variables forming the grouping factor, as written (<c>a</c>, <c>b</c> for <c>a:b</c>).</param>
/// <param name="Names">The term's random effects (lme4's cnms), e.g. <c>(Intercept)</c>, <c>Days</c>; they index the matrices.</param>
/// <param name="Covariance">D, k×k: variances on the diagonal, covariances off it.</param>
/// <param name="Correlation">D's correlations, k×k, 1 on the diagonal (0 off it for a diagonal structure).</param>
/// <param name="StandardDeviations">The random effects' standard deviations, sqrt of D's diagonal ("Std.Dev." in lme4's summary).</param>
/// <param name="HasCorrelations">False for a diagonal structure ('||'), whose correlations are not parameters and are not printed.</param>
/// <param name="CovarianceStandardErrors">Standard errors of D's entries, k×k, or null.</param>
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
/// <param name="Group">lme4's grp: the term's VarCorr name (e.g. <c>Subject</c>), or <c>Residual</c>.</param>
/// <param name="Name1">lme4's var1: the random effect, e.g. <c>Days</c>; null for the residual.</param>
/// <param name="Name2">lme4's var2: the second random effect of a covariance; null for a variance and the residual.</param>
/// <param name="Value">lme4's vcov column: the variance or covariance.</param>
/// <param name="SdOrCorrelation">lme4's sdcor column: the standard deviation, or the correlation for a covariance row.</param>
/// <param name="StandardError">The asymptotic standard error of <paramref name="Value"/>, or null when not computed (not in lme4).</param>
public sealed record VarCorrRow(string Group, string? Name1, string? Name2, double Value, double SdOrCorrelation, double? StandardError);

/// <summary>
/// BLUPs (conditional modes) of one term: Values[level, column] and their conditional standard
/// deviations (lme4's condVar: from σ² Λ (Λ'Z'ZΛ + I)⁻¹ Λ', β held at β̂).
/// </summary>
/// <param name="Group">lme4's name of the grouping factor, e.g. <c>Subject</c> (the same for both halves of <c>(Days || Subject)</c>).</param>
/// <param name="Names">The term's random effects, e.g. <c>(Intercept)</c>, <c>Days</c>: the columns of the matrices.</param>
/// <param name="Levels">The grouping factor's levels in R's order: the rows of the matrices.</param>
/// <param name="Values">The BLUPs, levels × effects (lme4's <c>ranef(m)$Subject</c>).</param>
/// <param name="ConditionalSds">Their conditional standard deviations, levels × effects (sqrt of the diagonal of lme4's <c>attr(, "postVar")</c>).</param>
/// <param name="ConditionalCovariances">Per level, the k×k conditional covariance of its effects (lme4's <c>postVar</c> slice).</param>
public sealed record TermRandomEffects(
    string Group,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Levels,
    ReadOnlyMatrix Values,
    ReadOnlyMatrix ConditionalSds,
    ReadOnlyMatrix[] ConditionalCovariances);

/// <summary>One BLUP as a flat row (lme4's as.data.frame(ranef(m, condVar = TRUE))).</summary>
/// <param name="Group">lme4's grpvar: the grouping factor, e.g. <c>Subject</c>.</param>
/// <param name="Term">lme4's term: the random effect, e.g. <c>(Intercept)</c> or <c>Days</c>.</param>
/// <param name="Level">lme4's grp: the level of the grouping factor, e.g. <c>308</c>.</param>
/// <param name="Value">lme4's condval: the BLUP.</param>
/// <param name="ConditionalSd">lme4's condsd: its conditional standard deviation.</param>
public sealed record BlupRow(string Group, string Term, string Level, double Value, double ConditionalSd);

/// <summary>How the optimisation over θ ended (what lme4 keeps in <c>m@optinfo</c>).</summary>
/// <param name="Optimizer">The optimiser's name, e.g. <c>Bobyqa</c> (lme4's default nloptwrap runs NLopt's BOBYQA); <c>none</c> when θ is empty.</param>
/// <param name="Evaluations">Objective evaluations used, restarts included (lme4's <c>optinfo$feval</c>).</param>
/// <param name="InitialObjective">The objective at the starting θ.</param>
/// <param name="FinalObjective">The objective at θ̂ (equals <see cref="LmmFit.Objective"/>).</param>
/// <param name="Converged">False when the optimiser stopped before its convergence test was met (e.g. the evaluation limit).</param>
/// <param name="Message">The optimiser's reason for stopping.</param>
/// <param name="Gradient">Finite-difference gradient of the objective with respect to θ at θ̂ (lme4's <c>optinfo$derivs$gradient</c> checks the same).</param>
/// <param name="FitTime">Wall-clock time of the fit, design excluded.</param>
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
/// in place of P for ML), evaluated at the estimates. See docs/model.md. lme4 does not report these.
/// </summary>
/// <param name="ParameterNames">φ's names: <c>Group.Effect</c> for a variance (<c>Subject.Days</c>), <c>Group.Effect1.Effect2</c> for a covariance (<c>Subject.(Intercept).Days</c>), <c>Residual</c> for σ² (last).</param>
/// <param name="Estimates">φ̂, in the order of the names.</param>
/// <param name="StandardErrors">The asymptotic standard errors of φ̂; NaN when the information is singular.</param>
/// <param name="Information">The expected Fisher information of φ at φ̂.</param>
/// <param name="Covariance">Its inverse, the asymptotic covariance of φ̂; null when the information is singular.</param>
public sealed record VarianceComponentErrors(
    IReadOnlyList<string> ParameterNames,
    IReadOnlyList<double> Estimates,
    IReadOnlyList<double> StandardErrors,
    ReadOnlyMatrix Information,
    ReadOnlyMatrix? Covariance);
