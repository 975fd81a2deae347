using System.Globalization;
using System.Text;
using FormulaLmm.Diagnostics;
using FormulaLmm.Fitting;

namespace FormulaLmm.Results;

/// <summary>What <see cref="LmmSummary"/> prints besides lme4's own sections.</summary>
public sealed record SummaryOptions
{
    /// <summary>The data set's name for the "Data:" line (lme4 prints the data argument); none when null.</summary>
    public string? DataName { get; init; }

    /// <summary>Significant digits, as lme4's default (max(3, getOption("digits") − 3) = 4).</summary>
    public int Digits { get; init; } = 4;

    /// <summary>Largest number of fixed effects for which their correlation matrix is shown (lme4.summary.cor.max).</summary>
    public int MaxCorrelationSize { get; init; } = 12;

    /// <summary>Append the table of variance-component standard errors (not in lme4).</summary>
    public bool VarianceComponentErrors { get; init; } = true;

    /// <summary>Append the optimiser line and the fit's diagnostics (singular fit, dropped columns, convergence).</summary>
    public bool FitMessages { get; init; } = true;
}

/// <summary>
/// The text of lme4's <c>summary()</c> of a linear mixed model, section by section and with R's
/// number formatting: method, formula, REML criterion or information criteria, scaled residuals,
/// random effects (variances, SDs, correlations), group counts, fixed effects and their
/// correlations. Then what lme4 does not print: standard errors of the variance components from
/// the expected information, the optimiser's account and the fit's messages.
/// </summary>
public static class LmmSummary
{
    /// <summary>The summary with default options; <paramref name="dataName"/> fills the "Data:" line.</summary>
    public static string Format(LmmFit fit, string? dataName = null) => Format(fit, new SummaryOptions { DataName = dataName });

    /// <summary>The summary laid out like lme4's <c>print(summary(fit))</c>, plus the parts chosen in <paramref name="options"/>.</summary>
    public static string Format(LmmFit fit, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(options);
        int digits = options.Digits;
        var sb = new StringBuilder();
        sb.Append(fit.IsReml
            ? "Linear mixed model fit by REML ['lmerMod']\n"
            : "Linear mixed model fit by maximum likelihood  ['lmerMod']\n");
        sb.Append("Formula: ").Append(fit.Design.Formula.Trim()).Append('\n');
        if (options.DataName is { Length: > 0 } data) sb.Append("   Data: ").Append(data).Append('\n');
        sb.Append('\n');
        sb.Append(CriterionSection(fit));
        sb.Append('\n');
        sb.Append(ResidualsSection(fit, digits));
        sb.Append(RandomEffectsSection(fit, digits));
        sb.Append(GroupsLine(fit));
        int p = fit.FixedEffects.Count;
        if (p > 0)
        {
            sb.Append("\nFixed effects:\n");
            sb.Append(FixedEffectsTable(fit, digits));
            if (p > 1 && p <= options.MaxCorrelationSize)
                sb.Append("\nCorrelation of Fixed Effects:\n").Append(FixedEffectsCorrelation(fit));
        }
        if (options.VarianceComponentErrors && fit.VarianceComponentErrors is not null)
            sb.Append('\n').Append(VarianceComponentsSection(fit, digits));
        if (options.FitMessages)
        {
            sb.Append('\n').Append(OptimizerLine(fit)).Append('\n');
            if (p > options.MaxCorrelationSize)
                sb.Append($"Correlation of fixed effects not shown, as p = {p} > {options.MaxCorrelationSize}.\n");
            foreach (var d in fit.Diagnostics) sb.Append(d).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>"REML criterion at convergence: 1743.6", or the AIC/BIC/logLik/deviance/df.resid table for ML.</summary>
    internal static string CriterionSection(LmmFit fit)
    {
        if (fit.IsReml)
            return "REML criterion at convergence: " + RFormat.Format(RFormat.Round(fit.Objective, 1), 7) + "\n";
        var values = new[] { fit.Aic, fit.Bic, fit.LogLikelihood, fit.Objective, fit.ResidualDegreesOfFreedom }
            .Select(v => RFormat.Round(v, 1)).ToArray();
        var text = RFormat.Format(values, 7);
        text[4] = RFormat.Format(values[4], 7);
        return RTable.NamedVector(new[] { "AIC", "BIC", "logLik", "deviance", "df.resid" }, text);
    }

    /// <summary>Quantiles of the residuals divided by σ̂ (lme4's scaled Pearson residuals).</summary>
    internal static string ResidualsSection(LmmFit fit, int digits)
    {
        var scaled = fit.Residuals.Select(r => r / fit.Sigma).ToArray();
        var q = RFormat.ZapSmall(RFormat.FiveNumbers(scaled), digits + 1);
        return "Scaled residuals: \n"
            + RTable.NamedVector(new[] { "Min", "1Q", "Median", "3Q", "Max" }, RFormat.Format(q, digits))
            + "\n";
    }

    /// <summary>lme4's formatVC: Groups, Name, Variance, Std.Dev. and the lower triangle of each term's correlations.</summary>
    internal static string RandomEffectsSection(LmmFit fit, int digits)
    {
        var groups = Lme4Names.VarCorrGroups(fit);
        var rows = new List<(string Group, string Name, double Sd)>();
        for (int t = 0; t < fit.VarCorr.Count; t++)
        {
            var term = fit.VarCorr[t];
            for (int i = 0; i < term.Names.Count; i++)
                rows.Add((i == 0 ? groups[t] : "", term.Names[i], term.StandardDeviations[i]));
        }
        rows.Add(("Residual", "", fit.Sigma));

        var variances = RFormat.Format(rows.Select(r => r.Sd * r.Sd).ToArray(), digits);
        var sds = RFormat.Format(rows.Select(r => r.Sd).ToArray(), digits);
        var columns = new List<string> { "Groups", "Name", "Variance", "Std.Dev." };
        var cells = rows.Select((r, i) => new List<string> { r.Group, r.Name, variances[i], sds[i] }).ToList();

        int maxK = fit.VarCorr.Count == 0 ? 1 : fit.VarCorr.Max(t => t.Names.Count);
        if (maxK > 1)
        {
            int corrDigits = Math.Max(2, digits - 2);
            columns.Add("Corr");
            for (int c = 1; c < maxK - 1; c++) columns.Add("");
            int row = 0;
            foreach (var term in fit.VarCorr)
            {
                int k = term.Names.Count;
                var entries = new double[k * k];
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < k; j++)
                        entries[i * k + j] = RFormat.Round(term.HasCorrelations || i == j ? term.Correlation[i, j] : 0.0, corrDigits);
                var text = RFormat.Format(entries, 7, corrDigits);
                for (int i = 0; i < k; i++, row++)
                    for (int j = 0; j < maxK - 1; j++)
                        cells[row].Add(j < i && term.HasCorrelations ? text[i * k + j] : "");
            }
            for (; row < cells.Count; row++)
                for (int j = 0; j < maxK - 1; j++) cells[row].Add("");
        }
        return "Random effects:\n" + RTable.Matrix(Enumerable.Repeat("", rows.Count).ToArray(), columns,
            cells.Select(c => (IReadOnlyList<string>)c).ToArray(), right: false);
    }

    /// <summary>"Number of obs: 180, groups:  Subject, 18" (R's cat with fill: the groups move to a new line when too long).</summary>
    internal static string GroupsLine(LmmFit fit)
    {
        string head = $"Number of obs: {fit.ObservationCount}, groups: ";
        string groups = string.Join("; ", Lme4Names.GroupingFactors(fit).Select(g => $"{g.Group}, {g.Levels}"));
        return head.Length + 1 + groups.Length > RTable.Width ? head + "\n" + groups + "\n" : head + " " + groups + "\n";
    }

    /// <summary>Estimate, Std. Error and t value formatted as R's printCoefmat.</summary>
    internal static string FixedEffectsTable(LmmFit fit, int digits)
    {
        var fe = fit.FixedEffects;
        var cells = CoefficientCells(fe.Select(f => f.Estimate).ToArray(), fe.Select(f => f.StandardError).ToArray(),
            fe.Select(f => f.TValue).ToArray(), digits);
        return RTable.Matrix(fe.Select(f => f.Name).ToArray(), new[] { "Estimate", "Std. Error", "t value" }, cells, right: true);
    }

    /// <summary>
    /// R's printCoefmat without p-values: estimates and standard errors rounded together to the
    /// decimals that give the smallest of them <paramref name="digits"/> significant digits, test
    /// statistics to digits − 1 decimals; a nonzero number that would print as zero is shown
    /// with one digit less precision instead.
    /// </summary>
    internal static IReadOnlyList<IReadOnlyList<string>> CoefficientCells(double[] estimates, double[] errors, double[]? statistics, int digits)
    {
        int n = estimates.Length;
        var both = estimates.Concat(errors).ToArray();
        var nonzero = both.Where(v => double.IsFinite(v) && v != 0).Select(Math.Abs).ToArray();
        string[] cs;
        if (both.Any(double.IsFinite))
        {
            int decimals = nonzero.Length == 0
                ? Math.Max(1, digits - 1)
                : Math.Max(1, Math.Max(digits - (1 + (int)Math.Floor(Math.Log10(nonzero.Min()))), digits - (1 + (int)Math.Floor(Math.Log10(nonzero.Max())))));
            cs = RFormat.Format(both.Select(v => double.IsFinite(v) ? RFormat.Round(v, decimals) : v).ToArray(), digits);
            // printCoefmat: a value that is not zero but prints as zero (or the reverse) is reformatted.
            var fix = Enumerable.Range(0, both.Length)
                .Where(i => double.IsFinite(both[i]) && (both[i] == 0) != (double.Parse(cs[i], CultureInfo.InvariantCulture) == 0)).ToArray();
            if (fix.Length > 0)
            {
                var redone = RFormat.Format(fix.Select(i => both[i]).ToArray(), Math.Max(1, digits - 1));
                for (int k = 0; k < fix.Length; k++) cs[fix[k]] = redone[k];
            }
        }
        else cs = both.Select(v => RFormat.Format(v)).ToArray();
        var stat = statistics is null ? null
            : RFormat.Format(statistics.Select(v => double.IsFinite(v) ? RFormat.Round(v, Math.Max(1, Math.Min(5, digits - 1))) : v).ToArray(), digits);
        var rows = new IReadOnlyList<string>[n];
        for (int i = 0; i < n; i++)
            rows[i] = stat is null ? new[] { cs[i], cs[n + i] } : new[] { cs[i], cs[n + i], stat[i] };
        return rows;
    }

    /// <summary>lme4's "Correlation of Fixed Effects": the lower triangle to 3 decimals with abbreviated names.</summary>
    internal static string FixedEffectsCorrelation(LmmFit fit)
    {
        var names = fit.FixedEffects.Select(f => f.Name).ToArray();
        int p = names.Length;
        var corr = fit.FixedEffectsCorrelation;
        var all = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) all[i * p + j] = RFormat.Round(corr[i, j], 3);
        var text = RFormat.Format(all, 7, 3);
        var rowNames = RAbbreviate.Abbreviate(names, 11);
        var colNames = RAbbreviate.Abbreviate(names, 6);
        var cells = new IReadOnlyList<string>[p - 1];
        for (int i = 1; i < p; i++)
            cells[i - 1] = Enumerable.Range(0, p - 1).Select(j => j < i ? text[i * p + j] : "").ToArray();
        return RTable.Matrix(rowNames[1..], colNames[..(p - 1)], cells, right: false);
    }

    /// <summary>
    /// Our addition: each variance and covariance with its standard error from the inverse
    /// expected information (lme4 reports none).
    /// </summary>
    internal static string VarianceComponentsSection(LmmFit fit, int digits)
    {
        var groups = Lme4Names.VarCorrGroups(fit);
        var rows = fit.VarCorrRows;
        var labels = VarCorrRowGroups(fit, groups);
        var names = rows.Select(r => r.Name1 is null ? "var(Residual)"
            : r.Name2 is null ? $"var({r.Name1})" : $"cov({r.Name1}, {r.Name2})").ToArray();
        var shown = labels.Select((g, i) => i > 0 && labels[i - 1] == g ? "" : g).ToArray();
        var cells = CoefficientCells(rows.Select(r => r.Value).ToArray(),
            rows.Select(r => r.StandardError ?? double.NaN).ToArray(), null, digits);
        var table = RTable.Matrix(Enumerable.Repeat("", rows.Count).ToArray(), new[] { "Groups", "Parameter", "Estimate", "Std. Error" },
            cells.Select((c, i) => (IReadOnlyList<string>)new[] { shown[i], names[i], c[0], c[1] }).ToArray(),
            new[] { false, false, true, true });
        return "Variance components (standard errors from the expected information):\n" + table;
    }

    /// <summary>The VarCorr group name (made unique) of each row of <see cref="LmmFit.VarCorrRows"/>.</summary>
    internal static string[] VarCorrRowGroups(LmmFit fit, IReadOnlyList<string> uniqueGroups)
    {
        var result = new string[fit.VarCorrRows.Count];
        int r = 0;
        for (int t = 0; t < fit.VarCorr.Count; t++)
        {
            var term = fit.VarCorr[t];
            int k = term.Names.Count;
            int count = k + (term.HasCorrelations ? k * (k - 1) / 2 : 0);
            for (int i = 0; i < count; i++) result[r++] = uniqueGroups[t];
        }
        for (; r < result.Length; r++) result[r] = "Residual";
        return result;
    }

    /// <summary>
    /// The largest |gradient| entry of the objective at θ̂, leaving out entries held at their lower
    /// bound with the objective increasing into the interior (no descent is possible there).
    /// </summary>
    public static double MaxFreeGradient(LmmFit fit)
    {
        var g = fit.Convergence.Gradient;
        double worst = 0;
        for (int i = 0; i < g.Count; i++)
            if (!(fit.Theta[i] <= fit.ThetaLowerBounds[i] && g[i] > 0)) worst = Math.Max(worst, Math.Abs(g[i]));
        return worst;
    }

    /// <summary>How the optimisation ended: optimiser, evaluations, time, convergence and the largest gradient entry.</summary>
    internal static string OptimizerLine(LmmFit fit)
    {
        var c = fit.Convergence;
        double maxGradient = MaxFreeGradient(fit);
        string status = c.Converged ? "converged" : "did not converge (" + c.Message + ")";
        return $"Optimizer: {c.Optimizer}, {c.Evaluations} evaluations, {c.FitTime.TotalSeconds.ToString("G3", CultureInfo.InvariantCulture)} s; {status}"
            + (c.Gradient.Count > 0 ? $"; max |gradient| {RFormat.Format(maxGradient, 2)}" : "");
    }
}
