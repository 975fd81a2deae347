using FormulaLmm.Diagnostics;

namespace FormulaLmm.Design;

/// <summary>
/// The fixed-effects model matrix X, dense and column-major (X[i, j] = Values[j * RowCount + i]),
/// with R's column names. Only the columns kept after the rank check are here; the dropped ones
/// are named in <see cref="DroppedColumns"/>.
/// </summary>
public sealed record FixedEffectsMatrix(
    int RowCount,
    IReadOnlyList<string> ColumnNames,
    double[] Values,
    IReadOnlyList<string> DroppedColumns)
{
    public int ColumnCount => ColumnNames.Count;

    public double this[int row, int column] => Values[column * RowCount + row];

    public ReadOnlySpan<double> Column(int j) => Values.AsSpan(j * RowCount, RowCount);
}

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

/// <summary>
/// How θ maps to the relative covariance factor λ (k×k, lower triangular) of one random-effects
/// term: D_term = σ² λλ'. For Unstructured and Diagonal, θ[t] sits at λ[Rows[t], Columns[t]].
/// </summary>
public sealed record CovarianceTemplate(
    int Size,
    CovarianceStructure Structure,
    IReadOnlyList<int> Rows,
    IReadOnlyList<int> Columns,
    IReadOnlyList<double> LowerBounds,
    IReadOnlyList<double> Initial)
{
    public int ThetaCount => LowerBounds.Count;

    /// <summary>lme4's unstructured template: the whole lower triangle, column-wise; diagonal ≥ 0, start at λ = I.</summary>
    public static CovarianceTemplate Unstructured(int k)
    {
        var rows = new List<int>(); var cols = new List<int>(); var lower = new List<double>(); var init = new List<double>();
        for (int j = 0; j < k; j++)
            for (int i = j; i < k; i++)
            {
                rows.Add(i); cols.Add(j);
                lower.Add(i == j ? 0.0 : double.NegativeInfinity);
                init.Add(i == j ? 1.0 : 0.0);
            }
        return new CovarianceTemplate(k, CovarianceStructure.Unstructured, rows, cols, lower, init);
    }

    /// <summary>A diagonal template: one θ per column, each ≥ 0, starting at 1.</summary>
    public static CovarianceTemplate Diagonal(int k)
    {
        var idx = Enumerable.Range(0, k).ToArray();
        return new CovarianceTemplate(k, CovarianceStructure.Diagonal, idx, idx,
            Enumerable.Repeat(0.0, k).ToArray(), Enumerable.Repeat(1.0, k).ToArray());
    }

    /// <summary>Writes λ(θ) into <paramref name="lambda"/> (k×k, column-major, zeroed above the diagonal).</summary>
    public void FillLambda(ReadOnlySpan<double> theta, Span<double> lambda)
    {
        lambda[..(Size * Size)].Clear();
        switch (Structure)
        {
            case CovarianceStructure.Unstructured:
            case CovarianceStructure.Diagonal:
                for (int t = 0; t < Rows.Count; t++) lambda[Columns[t] * Size + Rows[t]] = theta[t];
                break;
            default:
                throw new NotSupportedException($"{Structure} covariance is not supported yet");
        }
    }
}

/// <summary>
/// One random-effects term (lhs | group): the grouping factor as integer codes, the term's model
/// matrix rows, and its covariance template. Z is never formed: row i contributes
/// Z[i, LevelCodes[i] * K + j] = ZValues[i * K + j].
/// </summary>
public sealed record RandomEffectsTerm(
    string GroupName,
    IReadOnlyList<string> GroupVariables,
    IReadOnlyList<string> Levels,
    int[] LevelCodes,
    IReadOnlyList<string> ColumnNames,
    double[] ZValues,
    CovarianceTemplate Covariance,
    Syntax.TextSpan? Span)
{
    /// <summary>Columns per level (k).</summary>
    public int K => ColumnNames.Count;

    public int LevelCount => Levels.Count;

    /// <summary>Columns of this term in Z: levels × k.</summary>
    public int ColumnCount => LevelCount * K;
}

/// <summary>
/// Everything the fit needs, built from a formula and a table: the response, X, the random-effects
/// terms in lme4's order (decreasing number of levels), the offset, and which data rows were used.
/// </summary>
public sealed record LmmDesign(
    string Formula,
    string ResponseName,
    double[] Response,
    FixedEffectsMatrix Fixed,
    IReadOnlyList<RandomEffectsTerm> RandomTerms,
    double[]? Offset,
    int[] KeptRows,
    int[] OmittedRows,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Number of observations (rows used).</summary>
    public int RowCount => KeptRows.Length;

    /// <summary>
    /// False only for a one-sided formula built with <see cref="DesignOptions.RequireResponse"/>
    /// false: then <see cref="ResponseName"/> is empty and <see cref="Response"/> has no values.
    /// </summary>
    public bool HasResponse => ResponseName.Length > 0;

    public int ThetaCount => RandomTerms.Sum(t => t.Covariance.ThetaCount);
}
