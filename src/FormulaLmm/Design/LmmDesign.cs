using FormulaLmm.Data;
using FormulaLmm.Diagnostics;
using FormulaLmm.Terms;
using FormulaLmm.Text;

namespace FormulaLmm.Design;

/// <summary>
/// The fixed-effects model matrix X, dense and column-major (X[i, j] = Values[j * RowCount + i]),
/// with R's column names. Only the columns kept after the rank check are here; the dropped ones
/// are named in <see cref="DroppedColumns"/>. lme4: <c>getME(m, "X")</c>.
/// </summary>
/// <param name="RowCount">Number of rows (observations used, n).</param>
/// <param name="ColumnNames">R's <c>model.matrix</c> column names of the kept columns, e.g. <c>(Intercept)</c>, <c>Days</c>, <c>SexFemale</c>, <c>age:SexFemale</c>.</param>
/// <param name="Values">The entries, column-major: column j is <c>Values[j * RowCount .. (j + 1) * RowCount]</c>. Do not modify.</param>
/// <param name="DroppedColumns">Columns removed as linearly dependent on earlier ones (lme4's "fixed-effect model matrix is rank deficient so dropping ..."), in R's names.</param>
public sealed record FixedEffectsMatrix(
    int RowCount,
    IReadOnlyList<string> ColumnNames,
    double[] Values,
    IReadOnlyList<string> DroppedColumns)
{
    /// <summary>Number of kept columns (p, the number of fixed-effects coefficients).</summary>
    public int ColumnCount => ColumnNames.Count;

    /// <summary>X[row, column], both 0-based (not bounds-checked beyond the value array).</summary>
    public double this[int row, int column] => Values[column * RowCount + row];

    /// <summary>Column <paramref name="j"/> (0-based) of X, one value per row, without copying.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="j"/> is not a column of X.</exception>
    public ReadOnlySpan<double> Column(int j) => Values.AsSpan(j * RowCount, RowCount);
}

/// <summary>
/// How θ maps to the relative covariance factor λ (k×k, lower triangular) of one random-effects
/// term: D_term = σ² λλ'. For Unstructured and Diagonal, θ[t] sits at λ[Rows[t], Columns[t]].
/// lme4 keeps the same map in <c>getME(m, "Lind")</c> and the bounds in <c>getME(m, "lower")</c>.
/// </summary>
/// <param name="Size">k, the number of random effects per level (columns of the term's model matrix).</param>
/// <param name="Structure">The covariance structure.</param>
/// <param name="Rows">For each θ entry, its 0-based row in λ.</param>
/// <param name="Columns">For each θ entry, its 0-based column in λ.</param>
/// <param name="LowerBounds">For each θ entry, its lower bound: 0 on λ's diagonal, −∞ below it.</param>
/// <param name="Initial">For each θ entry, the optimiser's start (λ = I, as lme4).</param>
public sealed record CovarianceTemplate(
    int Size,
    CovarianceStructure Structure,
    IReadOnlyList<int> Rows,
    IReadOnlyList<int> Columns,
    IReadOnlyList<double> LowerBounds,
    IReadOnlyList<double> Initial)
{
    /// <summary>Number of θ entries of the term: k(k+1)/2 unstructured, k diagonal.</summary>
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
/// Z[i, LevelCodes[i] * K + j] = ZValues[i * K + j]. lme4 keeps the same in <c>getME(m, "Ztlist")</c>,
/// <c>getME(m, "flist")</c> and <c>getME(m, "cnms")</c>.
/// </summary>
/// <param name="GroupName">lme4's name of the grouping factor, e.g. <c>Subject</c>, or <c>cask:batch</c> for the inner factor of <c>batch/cask</c>.</param>
/// <param name="GroupVariables">The variables whose level combinations form the grouping factor, as written.</param>
/// <param name="Levels">The grouping factor's levels in R's order (the levels present in the rows used; combinations joined by ':').</param>
/// <param name="LevelCodes">Per row of the design, the 0-based index of its level in <paramref name="Levels"/>. Do not modify.</param>
/// <param name="ColumnNames">The term's model-matrix column names (lme4's cnms), e.g. <c>(Intercept)</c>, <c>Days</c>.</param>
/// <param name="ZValues">The term's model-matrix rows, row-major n×k: row i's entries are <c>ZValues[i * K .. (i + 1) * K]</c>. Do not modify.</param>
/// <param name="Covariance">How θ builds the term's relative covariance factor λ.</param>
/// <param name="Span">Where the term is in the formula, when it came from one.</param>
public sealed record RandomEffectsTerm(
    string GroupName,
    IReadOnlyList<string> GroupVariables,
    IReadOnlyList<string> Levels,
    int[] LevelCodes,
    IReadOnlyList<string> ColumnNames,
    double[] ZValues,
    CovarianceTemplate Covariance,
    TextSpan? Span)
{
    /// <summary>Columns per level (k).</summary>
    public int K => ColumnNames.Count;

    /// <summary>Number of levels of the grouping factor (in the rows used).</summary>
    public int LevelCount => Levels.Count;

    /// <summary>Columns of this term in Z: levels × k.</summary>
    public int ColumnCount => LevelCount * K;
}

/// <summary>
/// Everything the fit needs, built from a formula and a table: the response, X, the random-effects
/// terms in lme4's order (decreasing number of levels), the offset, and which data rows were used.
/// The counterpart of what lme4's <c>lFormula()</c> returns. Arrays are shared, not copied: do not modify them.
/// </summary>
/// <param name="Formula">The formula text as given.</param>
/// <param name="ResponseName">The response's label as R prints it (e.g. <c>Reaction</c>, <c>log(y)</c>); empty when there is none.</param>
/// <param name="Response">y, one value per row used (lme4's <c>getME(m, "y")</c>).</param>
/// <param name="Fixed">The fixed-effects model matrix X.</param>
/// <param name="RandomTerms">The random-effects terms in lme4's order (by decreasing number of levels, ties in reverse formula order).</param>
/// <param name="Offset">The sum of the formula's offsets per row used, or null when there is none.</param>
/// <param name="KeptRows">The 0-based indices, into the data table, of the rows used, ascending.</param>
/// <param name="OmittedRows">The 1-based row numbers (as R's <c>na.action</c>) of the rows omitted for missing or non-finite values.</param>
/// <param name="Diagnostics">Warnings and notes from building the design (e.g. FL0307 rows omitted, FL0312 columns dropped).</param>
public sealed record LmmDesign(
    string Formula,
    string ResponseName,
    double[] Response,
    FixedEffectsMatrix Fixed,
    IReadOnlyList<RandomEffectsTerm> RandomTerms,
    double[]? Offset,
    int[] KeptRows,
    int[] OmittedRows,
    DiagnosticList Diagnostics)
{
    /// <summary>
    /// The name of the table the design was built from (<see cref="Table.Name"/>: an embedded data
    /// set's name or a file's path), for lme4's "Data:" line; null for an unnamed table.
    /// </summary>
    public string? DataName { get; init; }

    /// <summary>Number of observations (rows used).</summary>
    public int RowCount => KeptRows.Length;

    /// <summary>
    /// False only for a one-sided formula built with <see cref="DesignOptions.RequireResponse"/>
    /// false: then <see cref="ResponseName"/> is empty and <see cref="Response"/> has no values.
    /// </summary>
    public bool HasResponse => ResponseName.Length > 0;

    /// <summary>Length of θ, the covariance parameters the optimiser searches over (lme4's <c>length(getME(m, "theta"))</c>).</summary>
    public int ThetaCount => RandomTerms.Sum(t => t.Covariance.ThetaCount);

    // What the training data taught (transform states, factor levels, kept columns), so that new
    // rows can be given the same columns; null for a design not built from data by DesignBuilder.
    // Internal until prediction decides what of it users should see.
    internal DesignRecipe? Recipe { get; init; }
}
