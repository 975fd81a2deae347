using System.Text;
using FormulaLmm.Design;
using FormulaLmm.Diagnostics;
using FormulaLmm.Terms;

namespace FormulaLmm.Results;

/// <summary>
/// What checking a formula (and data) found without fitting: every diagnostic from parsing, the
/// terms and the design, errors first, and when there is no error a description of the model.
/// </summary>
/// <param name="Formula">The formula as given.</param>
/// <param name="Diagnostics">Every diagnostic, errors first.</param>
/// <param name="Model">The model on the data, when data were given and there is no error.</param>
/// <param name="Spec">The formula's terms, when it could be read.</param>
public sealed record CheckResult(string Formula, DiagnosticList Diagnostics, ModelDescription? Model, ModelSpec? Spec = null)
{
    /// <summary>True when nothing is an error (warnings and notes may remain).</summary>
    public bool IsValid => !Diagnostics.HasErrors;

    /// <summary>The errors only.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    /// <summary>Every diagnostic rendered with a caret under its place in the formula.</summary>
    public string RenderDiagnostics() => DiagnosticRenderer.RenderAll(Diagnostics, Formula);

    /// <summary>
    /// What the formula says without data: response, fixed-effects terms (R's order, after
    /// expanding * / ^ and removing terms) and random-effects terms (after expanding || and a/b).
    /// </summary>
    public string DescribeTerms()
    {
        if (Spec is null) return "";
        var sb = new StringBuilder();
        sb.Append("Formula:        ").Append(Formula.Trim()).Append('\n');
        sb.Append("Response:       ").Append(Spec.Response?.Label ?? "(none)").Append('\n');
        var fixedTerms = (Spec.HasIntercept ? new[] { "(Intercept)" } : Array.Empty<string>()).Concat(Spec.FixedTerms.Select(t => t.Label)).ToArray();
        sb.Append("Fixed terms:    ").Append(fixedTerms.Length == 0 ? "(none)" : string.Join(", ", fixedTerms)).Append('\n');
        if (Spec.Offsets.Count > 0) sb.Append("Offsets:        ").Append(string.Join(", ", Spec.Offsets.Select(o => o.Label))).Append('\n');
        sb.Append("Random terms:   ").Append(Spec.RandomTerms.Count == 0 ? "(none)" : string.Join(", ", Spec.RandomTerms.Select(RandomTerm))).Append('\n');
        return sb.ToString();
    }

    private static string RandomTerm(RandomTermSpec r)
    {
        var parts = new List<string> { r.HasIntercept ? "1" : "0" };
        parts.AddRange(r.Terms.Select(t => t.Label));
        return $"({string.Join(" + ", parts)} {(r.Covariance == CovarianceStructure.Diagonal ? "||" : "|")} {r.GroupLabel})";
    }
}

/// <summary>One random-effects term as the model will fit it.</summary>
/// <param name="Group">The grouping factor, named as lme4 names it ("Subject", "cask:batch").</param>
/// <param name="Columns">The term's columns ("(Intercept)", "Days").</param>
/// <param name="Levels">Number of levels of the grouping factor in the data used.</param>
/// <param name="Covariance">The covariance structure of the term's effects.</param>
/// <param name="ThetaLength">Number of covariance parameters (θ entries) of the term.</param>
public sealed record RandomTermDescription(string Group, IReadOnlyList<string> Columns, int Levels, CovarianceStructure Covariance, int ThetaLength);

/// <summary>A short account of a model built on data: what will be estimated, from how many observations.</summary>
/// <param name="Formula">The formula as given.</param>
/// <param name="DataName">The table's name, when it has one.</param>
/// <param name="Response">The response's name.</param>
/// <param name="Observations">Rows used.</param>
/// <param name="OmittedRows">1-based data rows left out for missing values.</param>
/// <param name="FixedColumns">Columns of X (the fixed-effects coefficients), after dropping dependent ones.</param>
/// <param name="DroppedColumns">Columns of X dropped because they are linear combinations of others.</param>
/// <param name="RandomTerms">The random-effects terms in lme4's order.</param>
public sealed record ModelDescription(
    string Formula,
    string? DataName,
    string Response,
    int Observations,
    IReadOnlyList<int> OmittedRows,
    IReadOnlyList<string> FixedColumns,
    IReadOnlyList<string> DroppedColumns,
    IReadOnlyList<RandomTermDescription> RandomTerms)
{
    /// <summary>Length of θ, the covariance parameters the optimiser searches over.</summary>
    public int ThetaLength => RandomTerms.Sum(t => t.ThetaLength);

    /// <summary>Describes a built design.</summary>
    public static ModelDescription From(LmmDesign design) => new(
        design.Formula,
        design.DataName,
        design.ResponseName,
        design.RowCount,
        design.OmittedRows,
        design.Fixed.ColumnNames,
        design.Fixed.DroppedColumns,
        design.RandomTerms.Select(t => new RandomTermDescription(t.GroupName, t.ColumnNames, t.LevelCount,
            t.Covariance.Structure, t.Covariance.ThetaCount)).ToArray());

    /// <summary>A few lines for a terminal.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append("Model:          ").Append(Formula.Trim()).Append('\n');
        sb.Append("Data:           ").Append(DataName ?? "(table)").Append($", {Observations} observations used");
        if (OmittedRows.Count > 0) sb.Append($", {OmittedRows.Count} rows omitted for missing values");
        sb.Append('\n');
        sb.Append("Response:       ").Append(Response).Append('\n');
        sb.Append($"Fixed effects:  {FixedColumns.Count} column{(FixedColumns.Count == 1 ? "" : "s")}")
          .Append(FixedColumns.Count > 0 ? ": " + string.Join(", ", FixedColumns) : "").Append('\n');
        if (DroppedColumns.Count > 0)
            sb.Append("                dropped as linearly dependent: ").Append(string.Join(", ", DroppedColumns)).Append('\n');
        sb.Append($"Random effects: {RandomTerms.Count} term{(RandomTerms.Count == 1 ? "" : "s")}, θ has {ThetaLength} parameter{(ThetaLength == 1 ? "" : "s")}\n");
        int width = RandomTerms.Count == 0 ? 0 : RandomTerms.Max(t => t.Group.Length);
        foreach (var t in RandomTerms)
            sb.Append("  ").Append(t.Group.PadRight(width))
              .Append($"  {t.Levels} levels; {string.Join(", ", t.Columns)}; {Structure(t)}, θ length {t.ThetaLength}\n");
        return sb.ToString();
    }

    private static string Structure(RandomTermDescription t) => t.Covariance switch
    {
        _ when t.Columns.Count == 1 => "variance",
        CovarianceStructure.Unstructured => "unstructured covariance",
        CovarianceStructure.Diagonal => "diagonal covariance",
        CovarianceStructure.CompoundSymmetry => "compound symmetry",
        CovarianceStructure.AutoRegressive1 => "AR(1) covariance",
        _ => t.Covariance.ToString(),
    };
}
