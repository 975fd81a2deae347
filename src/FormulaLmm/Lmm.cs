using FormulaLmm.Data;
using FormulaLmm.Design;
using FormulaLmm.Diagnostics;
using FormulaLmm.Fitting;
using FormulaLmm.Results;
using FormulaLmm.Terms;

namespace FormulaLmm;

/// <summary>How <see cref="Lmm"/> builds and fits a model. The defaults are lme4's.</summary>
public sealed record LmmOptions
{
    /// <summary>REML (true, the default, as lme4's <c>REML = TRUE</c>) or maximum likelihood (false).</summary>
    public bool Reml { get; init; } = true;

    /// <summary>Numeric columns to treat as categorical, as <c>factor(x)</c> would (levels in numeric order).</summary>
    public IReadOnlyCollection<string> CategoricalColumns { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Contrasts for factors of the fixed effects, keyed by the variable as written in the formula
    /// (lme4's <c>contrasts</c> argument); unlisted factors get R's defaults (treatment, or
    /// polynomial for ordered factors).
    /// </summary>
    public IReadOnlyDictionary<string, ContrastKind> Contrasts { get; init; } = new Dictionary<string, ContrastKind>();

    /// <summary>Largest number of objective evaluations of the optimiser (lme4's default 100000).</summary>
    public int MaxEvaluations { get; init; } = 100_000;

    /// <summary>Called after every objective evaluation with (evaluations so far, objective value), e.g. to show progress.</summary>
    public Action<int, double>? Progress { get; init; }

    /// <summary>Compute standard errors of the variance components from the expected information (default true).</summary>
    public bool VarianceComponentErrors { get; init; } = true;

    /// <summary>Maximum likelihood instead of REML, other options at their defaults.</summary>
    public static LmmOptions MaximumLikelihood => new() { Reml = false };

    internal DesignOptions ToDesignOptions() => new() { CategoricalColumns = CategoricalColumns, Contrasts = Contrasts };

    internal FitOptions ToFitOptions() => new()
    {
        Reml = Reml,
        MaxEvaluations = MaxEvaluations,
        Progress = Progress,
        VarianceComponentErrors = VarianceComponentErrors,
    };
}

/// <summary>
/// Linear mixed models in one call, with lme4's formula language:
/// <code>
/// var fit = Lmm.Fit("Reaction ~ Days + (Days | Subject)", "sleepstudy");
/// Console.WriteLine(fit.Summary());
/// double slope = fit.FixedEffects[1].Estimate;                 // 10.467
/// double blup = fit.RandomEffects["Subject"]["308", "Days"];   // 9.199
/// </code>
/// User errors (a bad formula, an unknown column, a model the data cannot support) throw
/// <see cref="FormulaLmmException"/> carrying every diagnostic; <see cref="Check(string, Table, LmmOptions?)"/>
/// returns them without throwing and without fitting.
/// </summary>
public static class Lmm
{
    /// <summary>
    /// Fits <paramref name="formula"/> to <paramref name="data"/> by REML (default) or ML: lme4's
    /// <c>lmer(formula, data)</c>, with the same optimiser path and so the same estimates.
    /// </summary>
    /// <param name="formula">An lme4 formula, e.g. <c>"Reaction ~ Days + (Days | Subject)"</c>.</param>
    /// <param name="data">The table holding every variable of the formula; rows with a missing value in any of them are omitted (R's na.omit).</param>
    /// <param name="options">REML or ML, categorical columns, contrasts, progress; lme4's defaults when null.</param>
    /// <returns>The fit: fixed effects, variance components, BLUPs, fitted values, likelihood and convergence information.</returns>
    /// <exception cref="FormulaLmmException">The formula, the data or the model has an error (all diagnostics attached, errors first).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="formula"/> or <paramref name="data"/> is null.</exception>
    public static LmmFit Fit(string formula, Table data, LmmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new LmmOptions();
        var design = Design(formula, data, options);
        var result = LinearMixedModel.TryFit(design, options.ToFitOptions());
        if (!result.Success) throw new FormulaLmmException(design.Diagnostics.Concat(result.Diagnostics), formula);
        return result.Fit;
    }

    /// <summary>
    /// Fits <paramref name="formula"/> to a list of records: one row per element, one column per
    /// public property or field (numbers numeric; strings, bools and enums categorical; null missing).
    /// </summary>
    /// <typeparam name="T">The record type; its public properties and fields are the variables.</typeparam>
    /// <param name="formula">An lme4 formula naming the record's members, e.g. <c>"Score ~ Week + (1 | Pupil)"</c>.</param>
    /// <param name="rows">The records, one per observation.</param>
    /// <param name="options">REML or ML, categorical columns, contrasts, progress; lme4's defaults when null.</param>
    /// <returns>The fit.</returns>
    /// <exception cref="FormulaLmmException">The formula, the data or the model has an error (FL0212 for a member type that cannot be a variable).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="formula"/> or <paramref name="rows"/> is null.</exception>
    public static LmmFit Fit<T>(string formula, IEnumerable<T> rows, LmmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Fit(formula, Table.FromRecords(rows), options);
    }

    /// <summary>
    /// Fits <paramref name="formula"/> to an embedded data set (<c>"sleepstudy"</c>, <c>"Dyestuff"</c>,
    /// ...; see <see cref="Datasets"/>) or a CSV file.
    /// </summary>
    /// <param name="formula">An lme4 formula, e.g. <c>"Reaction ~ Days + (Days | Subject)"</c>.</param>
    /// <param name="dataSource">
    /// A path to a CSV file (plain or gzip; <c>.tsv</c> is tab-separated), or else the name of an
    /// embedded data set (case-insensitive). <see cref="LmmOptions.CategoricalColumns"/> are read as categorical.
    /// </param>
    /// <param name="options">REML or ML, categorical columns, contrasts, progress; lme4's defaults when null.</param>
    /// <returns>The fit; its summary's "Data:" line names the data set or file.</returns>
    /// <exception cref="FormulaLmmException">Unknown data set or file (FL0201), an unreadable CSV (FL02xx), or an error in the formula, data or model.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="formula"/> or <paramref name="dataSource"/> is null.</exception>
    public static LmmFit Fit(string formula, string dataSource, LmmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return Fit(formula, DataSource.Load(dataSource, options?.CategoricalColumns), options);
    }

    /// <summary>Checks a formula on its own (syntax and terms), without data; never throws for a bad formula.</summary>
    /// <param name="formula">An lme4 formula.</param>
    /// <returns>Every syntax (FL00xx) and terms (FL01xx) diagnostic, errors first, and the terms when the formula could be read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="formula"/> is null.</exception>
    public static CheckResult Check(string formula)
    {
        ArgumentNullException.ThrowIfNull(formula);
        var spec = ModelSpecBuilder.Build(formula);
        return new CheckResult(formula, spec.Diagnostics, null, spec.Success ? spec.Spec : null);
    }

    /// <summary>
    /// Checks a formula against a table without fitting: syntax, terms, variables, factor coding,
    /// grouping factors and lme4's size checks. Returns every diagnostic, not only the first, and a
    /// description of the model when there is no error.
    /// </summary>
    /// <param name="formula">An lme4 formula.</param>
    /// <param name="data">The table the model would be fitted to.</param>
    /// <param name="options">REML or ML (REML adds a check on the number of observations), categorical columns, contrasts.</param>
    /// <returns>Every diagnostic (FL00xx-FL04xx), errors first; <see cref="CheckResult.IsValid"/> says whether <see cref="Fit(string, Table, LmmOptions)"/> would proceed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="formula"/> or <paramref name="data"/> is null.</exception>
    public static CheckResult Check(string formula, Table data, LmmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new LmmOptions();
        var spec = ModelSpecBuilder.Build(formula);
        if (!spec.Success) return new CheckResult(formula, spec.Diagnostics, null);
        var result = DesignBuilder.Build(spec.Spec, data, options.ToDesignOptions());
        if (!result.Success) return new CheckResult(formula, result.Diagnostics, null, spec.Spec);
        var design = result.Design;
        var diagnostics = design.Diagnostics.Concat(LinearMixedModel.Validate(design, options.ToFitOptions()));
        return new CheckResult(formula, diagnostics, diagnostics.HasErrors ? null : ModelDescription.From(design), spec.Spec);
    }

    /// <summary>Checks a formula against a list of records (see <see cref="Fit{T}"/>) without fitting.</summary>
    /// <typeparam name="T">The record type; its public properties and fields are the variables.</typeparam>
    /// <param name="formula">An lme4 formula.</param>
    /// <param name="rows">The records, one per observation.</param>
    /// <param name="options">REML or ML, categorical columns, contrasts.</param>
    /// <returns>Every diagnostic, errors first, and a description of the model when there is no error.</returns>
    /// <exception cref="FormulaLmmException">FL0212: a member's type cannot be a variable (the table cannot be built).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="formula"/> or <paramref name="rows"/> is null.</exception>
    public static CheckResult Check<T>(string formula, IEnumerable<T> rows, LmmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Check(formula, Table.FromRecords(rows), options);
    }

    /// <summary>Checks a formula against an embedded data set or a CSV file without fitting.</summary>
    /// <param name="formula">An lme4 formula.</param>
    /// <param name="dataSource">A CSV file's path, or else an embedded data set's name (see <see cref="Fit(string, string, LmmOptions)"/>).</param>
    /// <param name="options">REML or ML, categorical columns, contrasts.</param>
    /// <returns>Every diagnostic, errors first, and a description of the model when there is no error.</returns>
    /// <exception cref="FormulaLmmException">The data set or file cannot be read (FL02xx); problems of the formula and model are returned, not thrown.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="formula"/> or <paramref name="dataSource"/> is null.</exception>
    public static CheckResult Check(string formula, string dataSource, LmmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return Check(formula, DataSource.Load(dataSource, options?.CategoricalColumns), options);
    }

    /// <summary>
    /// Builds the design of <paramref name="formula"/> on <paramref name="data"/> without fitting it:
    /// X with R's column names, the random-effects terms (Z's pieces and θ's layout), the response and
    /// the rows used, as lme4's <c>lFormula(formula, data)</c>.
    /// </summary>
    /// <param name="formula">An lme4 formula, e.g. <c>"Reaction ~ Days + (Days | Subject)"</c>.</param>
    /// <param name="data">The table holding every variable of the formula.</param>
    /// <param name="options">Categorical columns and contrasts; defaults when null.</param>
    /// <returns>The design; its <see cref="LmmDesign.DataName"/> is the table's name.</returns>
    /// <exception cref="FormulaLmmException">A syntax, terms or design error (FL00xx, FL01xx, FL03xx); every diagnostic attached, errors first.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="formula"/> or <paramref name="data"/> is null.</exception>
    public static LmmDesign Design(string formula, Table data, LmmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new LmmOptions();
        var spec = ModelSpecBuilder.Build(formula);
        if (!spec.Success) throw new FormulaLmmException(spec.Diagnostics, formula);
        var result = DesignBuilder.Build(spec.Spec, data, options.ToDesignOptions());
        if (!result.Success) throw new FormulaLmmException(result.Diagnostics, formula);
        return result.Design;
    }
}

/// <summary>Reading a fit: lme4's summary text and the JSON of <c>formula-lmm fit --json</c>.</summary>
public static class LmmFitExtensions
{
    /// <summary>
    /// The fit summarised as lme4's <c>summary()</c> prints it, plus the variance components'
    /// standard errors and the fit's messages. <paramref name="dataName"/> fills the "Data:" line;
    /// by default the name of the table given to <see cref="Lmm.Fit(string, Table, LmmOptions?)"/>.
    /// </summary>
    /// <param name="fit">The fit.</param>
    /// <param name="dataName">The name for the "Data:" line; when null, the name of the table the design was built from (<see cref="LmmDesign.DataName"/>), and no line when there is none.</param>
    /// <returns>Multi-line text, as <c>print(summary(m))</c> shows it in R.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fit"/> is null.</exception>
    public static string Summary(this LmmFit fit, string? dataName = null) =>
        LmmSummary.Format(fit, dataName ?? fit.Design.DataName);

    /// <summary>The fit as JSON (see <see cref="FitJson"/>), the output of <c>formula-lmm fit --json</c>.</summary>
    /// <param name="fit">The fit.</param>
    /// <returns>A JSON object with the estimates, variance components, BLUPs, convergence and diagnostics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fit"/> is null.</exception>
    public static string ToJson(this LmmFit fit) => FitJson.Write(fit);
}
