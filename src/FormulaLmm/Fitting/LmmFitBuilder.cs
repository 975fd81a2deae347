using FormulaLmm.Terms;
using System.Diagnostics;
using FormulaLmm.Design;
using FormulaLmm.Diagnostics;
using FormulaLmm.Numerics;

namespace FormulaLmm.Fitting;

/// <summary>
/// Everything computed once, after the optimiser has chosen θ̂: β̂ and û by back-substitution in
/// the factor, b̂ = Λû, vcov(β̂), σ̂, VarCorr, conditional covariances of b, fitted values, the
/// variance-component standard errors, and the score at θ̂.
/// </summary>
internal static class LmmFitBuilder
{
    public static LmmFit? Build(ProfiledObjective objective, double[] thetaHat, FitOptions options, ConvergenceDraft draft, Stopwatch clock,
        ScoreAtTheta? scoreAtTheta = null)
    {
        double f = objective.Evaluate(thetaHat);
        if (double.IsInfinity(f) || double.IsNaN(f)) return null;
        var design = objective.Design;
        var factor = objective.Factor;
        var terms = objective.Terms;
        bool reml = objective.Reml;
        int n = objective.RowCount, p = objective.FixedCount, q = factor.RandomCount;
        double sigma2 = factor.PenalisedRss() / (reml ? n - p : n);
        double sigma = Math.Sqrt(sigma2);
        var diagnostics = new List<Diagnostic>();

        // β̂ and û: L' [û; β̂] = response row of L.
        var lx = factor.FixedFactor();
        var ub = factor.ResponseRow();
        factor.SolveLowerTransposed(ub, lx);
        var beta = ub.AsSpan(q, p).ToArray();

        // b̂ = Λû, per internal term.
        var b = new double[q];
        for (int t = 0; t < terms.Count; t++)
        {
            int k = terms[t].K, off = factor.ColumnOffset[t];
            var lam = factor.Lambda[t];
            for (int l = 0; l < terms[t].Levels; l++)
                for (int a = 0; a < k; a++)
                {
                    double acc = 0.0;
                    for (int c = 0; c <= a; c++) acc += lam[c * k + a] * ub[off + l * k + c];
                    b[off + l * k + a] = acc;
                }
        }

        // vcov(β̂) = σ² L_X^{-T} L_X^{-1}.
        var linv = new double[p * p];
        DenseTriangular.InvertLower(lx, p, linv);
        var vcov = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j <= i; j++)
            {
                double acc = 0.0;
                for (int r = i; r < p; r++) acc += linv[r * p + i] * linv[r * p + j];
                vcov[i * p + j] = vcov[j * p + i] = sigma2 * acc;
            }
        var corr = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) corr[i * p + j] = vcov[i * p + j] / Math.Sqrt(vcov[i * p + i] * vcov[j * p + j]);
        var fixedEffects = new FixedEffect[p];
        for (int j = 0; j < p; j++)
        {
            double se = Math.Sqrt(vcov[j * p + j]);
            fixedEffects[j] = new FixedEffect(design.Fixed.ColumnNames[j], beta[j], se, beta[j] / se);
        }

        // Fitted values and residuals.
        var fitted = new double[n];
        for (int j = 0; j < p; j++)
        {
            var col = design.Fixed.Column(j);
            for (int i = 0; i < n; i++) fitted[i] += col[i] * beta[j];
        }
        foreach (var (term, t) in terms.Select((x, i) => (x, i)))
        {
            int k = term.K, off = factor.ColumnOffset[t];
            for (int i = 0; i < n; i++)
            {
                int l = term.Codes[i];
                double acc = 0.0;
                for (int a = 0; a < k; a++) acc += term.Z[i * k + a] * b[off + l * k + a];
                fitted[i] += acc;
            }
        }
        if (design.Offset is { } offset) for (int i = 0; i < n; i++) fitted[i] += offset[i];
        var residuals = new double[n];
        for (int i = 0; i < n; i++) residuals[i] = design.Response[i] - fitted[i];

        // Singular: lme4's isSingular.
        var lower = objective.LowerBounds;
        bool singular = false;
        for (int i = 0; i < thetaHat.Length; i++)
            if (lower[i] == 0.0 && thetaHat[i] < options.SingularTolerance) singular = true;

        var randomEffects = RandomEffectsTable(factor, terms, b, sigma2);
        VarianceComponentErrors? errors = null;
        if (options.VarianceComponentErrors && (q <= options.VarianceComponentErrorsMaxRandomEffects || VarianceComponentInformation.IsLinear(factor)))
            errors = VarianceErrors(factor, terms, reml, sigma2, diagnostics);
        else if (options.VarianceComponentErrors)
            diagnostics.Add(Diagnostic.Info(FittingCodes.NoVarianceComponentErrors,
                $"standard errors of the variance components were not computed: the model has {q} random effects, more than " +
                $"FitOptions.VarianceComponentErrorsMaxRandomEffects = {options.VarianceComponentErrorsMaxRandomEffects}"));
        var varCorr = VarCorrTables(design, terms, factor, sigma2, errors);
        var rows = VarCorrRows(varCorr, sigma2, errors);

        // Score at θ̂ by central differences (one-sided at an active bound), unless the caller has it.
        var score = scoreAtTheta ?? (thetaHat.Length > 0 ? ConvergenceCheck.Score(objective, thetaHat) : new ScoreAtTheta(thetaHat, f, [], []));
        var gradient = score.Gradient;
        clock.Stop();

        if (singular)
            diagnostics.Add(Diagnostic.Info(FittingCodes.SingularFit,
                "boundary (singular) fit: some variance or correlation is estimated on the boundary of its range " +
                $"({string.Join(", ", SingularTerms(terms, thetaHat, lower, options.SingularTolerance))})"));
        if (design.Fixed.DroppedColumns.Count > 0)
            diagnostics.Add(Diagnostic.Info(FittingCodes.DroppedColumns,
                $"fixed-effect model matrix is rank deficient so dropping {design.Fixed.DroppedColumns.Count} column(s) / coefficient(s): " +
                string.Join(", ", design.Fixed.DroppedColumns)));
        if (!draft.Converged)
            diagnostics.Add(Diagnostic.Warning(FittingCodes.NotConverged,
                $"the optimiser stopped before converging after {draft.Evaluations} evaluations: {draft.Message}"));
        else
        {
            double worst = ConvergenceCheck.ScaledGradient(score, lower);
            if (worst > ConvergenceCheck.Tolerance)
                diagnostics.Add(Diagnostic.Warning(FittingCodes.LargeGradient,
                    $"the model may not have converged: largest scaled gradient of the objective at the estimate is {worst:G3} (tolerance 0.002)"));
        }

        return new LmmFit
        {
            Design = design,
            Method = reml ? EstimationMethod.Reml : EstimationMethod.MaximumLikelihood,
            Theta = thetaHat.ToArray(),
            ThetaLowerBounds = lower.ToArray(),
            FixedEffects = fixedEffects,
            FixedEffectsCovariance = new ReadOnlyMatrix(p, p, vcov),
            FixedEffectsCorrelation = new ReadOnlyMatrix(p, p, corr),
            Sigma = sigma,
            Objective = f,
            VarCorr = varCorr,
            VarCorrRows = rows,
            VarianceComponentErrors = errors,
            RandomEffects = new RandomEffectsCollection(randomEffects),
            Fitted = fitted,
            Residuals = residuals,
            IsSingular = singular,
            Convergence = new ConvergenceInfo(draft.Optimizer, draft.Evaluations, draft.InitialObjective, f, draft.Converged, draft.Message, gradient, clock.Elapsed),
            Diagnostics = DiagnosticList.From(diagnostics),
        };
    }

    private static IEnumerable<string> SingularTerms(IReadOnlyList<FitTerm> terms, double[] theta, IReadOnlyList<double> lower, double tol) =>
        terms.Where(t => Enumerable.Range(t.ThetaOffset, t.ThetaCount).Any(i => lower[i] == 0.0 && theta[i] < tol))
             .OrderBy(t => t.DesignIndex)
             .Select(t => $"{t.Term.GroupName}: {string.Join(", ", t.Term.ColumnNames)}");

    /// <summary>
    /// Per level, the conditional covariance of b given y (β at β̂): σ² λ C λ' with C the level's
    /// diagonal block of (L_Z L_Z')⁻¹ (<see cref="ConditionalCovariance"/>).
    /// </summary>
    private static IReadOnlyList<TermRandomEffects> RandomEffectsTable(BlockedCholeskyFactor factor, IReadOnlyList<FitTerm> terms, double[] b, double sigma2)
    {
        var blocks = ConditionalCovariance.Compute(factor);
        var result = new TermRandomEffects[terms.Count];
        for (int t = 0; t < terms.Count; t++)
        {
            var term = terms[t];
            int k = term.K, kk = k * k, off = factor.ColumnOffset[t], L = term.Levels;
            var lam = factor.Lambda[t];
            var values = new double[L * k];
            var sds = new double[L * k];
            var covs = new ReadOnlyMatrix[L];
            var tmp = new double[kk];
            for (int l = 0; l < L; l++)
            {
                var c = blocks[t].AsSpan(l * kk, kk);
                var d = new double[kk];
                // d = σ² λ c λ' (λ column-major: λ[i, j] = lam[j·k + i]).
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < k; j++)
                    {
                        double acc = 0.0;
                        for (int m = 0; m <= i; m++) acc += lam[m * k + i] * c[m * k + j];
                        tmp[i * k + j] = acc;
                    }
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < k; j++)
                    {
                        double acc = 0.0;
                        for (int m = 0; m <= j; m++) acc += tmp[i * k + m] * lam[m * k + j];
                        d[i * k + j] = sigma2 * acc;
                    }
                covs[l] = new ReadOnlyMatrix(k, k, d);
                for (int a = 0; a < k; a++)
                {
                    values[l * k + a] = b[off + l * k + a];
                    sds[l * k + a] = Math.Sqrt(Math.Max(d[a * k + a], 0.0));
                }
            }
            result[term.DesignIndex] = new TermRandomEffects(term.Term.GroupName, term.Term.ColumnNames, term.Term.Levels,
                new ReadOnlyMatrix(L, k, values), new ReadOnlyMatrix(L, k, sds), covs);
        }
        return result;
    }

    private static IReadOnlyList<TermCovariance> VarCorrTables(LmmDesign design, IReadOnlyList<FitTerm> terms, BlockedCholeskyFactor factor,
        double sigma2, VarianceComponentErrors? errors)
    {
        var result = new TermCovariance[terms.Count];
        int errorIndex = 0;
        var byDesign = terms.Select((t, i) => (t, i)).OrderBy(x => x.t.DesignIndex).ToList();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (term, t) in byDesign)
        {
            // lme4 names repeated groups (from `||`) as R's make.unique does: g, g.1, g.2, ...
            string group = term.Term.GroupName;
            seen[group] = seen.TryGetValue(group, out int count) ? count + 1 : 0;
            if (seen[group] > 0) group = $"{group}.{seen[group]}";
            int k = term.K;
            var lam = factor.Lambda[t];
            var cov = new double[k * k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                {
                    double acc = 0.0;
                    for (int m = 0; m <= Math.Min(i, j); m++) acc += lam[m * k + i] * lam[m * k + j];
                    cov[i * k + j] = sigma2 * acc;
                }
            var sd = Enumerable.Range(0, k).Select(i => Math.Sqrt(cov[i * k + i])).ToArray();
            var corr = new double[k * k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    corr[i * k + j] = i == j ? 1.0 : (sd[i] > 0 && sd[j] > 0 ? cov[i * k + j] / (sd[i] * sd[j]) : double.NaN);
            bool hasCorr = term.Template.Structure != CovarianceStructure.Diagonal && k > 1;
            ReadOnlyMatrix? seMatrix = null;
            if (errors != null)
            {
                var se = new double[k * k];
                Array.Fill(se, double.NaN);
                for (int i = 0; i < k; i++) se[i * k + i] = errors.StandardErrors[errorIndex++];
                if (hasCorr)
                    for (int i = 0; i < k; i++)
                        for (int j = i + 1; j < k; j++) se[i * k + j] = se[j * k + i] = errors.StandardErrors[errorIndex++];
                seMatrix = new ReadOnlyMatrix(k, k, se);
            }
            result[term.DesignIndex] = new TermCovariance(group, term.Term.GroupVariables, term.Term.ColumnNames,
                new ReadOnlyMatrix(k, k, cov), new ReadOnlyMatrix(k, k, corr), sd, hasCorr, seMatrix);
        }
        return result;
    }

    private static IReadOnlyList<VarCorrRow> VarCorrRows(IReadOnlyList<TermCovariance> varCorr, double sigma2, VarianceComponentErrors? errors)
    {
        var rows = new List<VarCorrRow>();
        foreach (var tc in varCorr)
        {
            int k = tc.Names.Count;
            for (int i = 0; i < k; i++)
                rows.Add(new VarCorrRow(tc.Group, tc.Names[i], null, tc.Covariance[i, i], tc.StandardDeviations[i], tc.CovarianceStandardErrors?[i, i]));
            if (tc.HasCorrelations)
                for (int i = 0; i < k; i++)
                    for (int j = i + 1; j < k; j++)
                        rows.Add(new VarCorrRow(tc.Group, tc.Names[i], tc.Names[j], tc.Covariance[i, j], tc.Correlation[i, j], tc.CovarianceStandardErrors?[i, j]));
        }
        rows.Add(new VarCorrRow("Residual", null, null, sigma2, Math.Sqrt(sigma2), errors?.StandardErrors[^1]));
        return rows;
    }

    /// <summary>
    /// Standard errors of (D entries, σ²) from the inverse expected information, reported in the
    /// design's term order.
    /// </summary>
    private static VarianceComponentErrors? VarianceErrors(BlockedCholeskyFactor factor, IReadOnlyList<FitTerm> terms, bool reml, double sigma2, List<Diagnostic> diagnostics)
    {
        var parameters = VarianceComponentInformation.Parameters(terms);
        var info = VarianceComponentInformation.Compute(factor, reml, sigma2, parameters);
        // Reorder: design term order (stable within a term), σ² last.
        var order = Enumerable.Range(0, parameters.Count)
            .OrderBy(i => parameters[i].Term < 0 ? int.MaxValue : terms[parameters[i].Term].DesignIndex)
            .ThenBy(i => i).ToArray();
        int np = order.Length;
        var infoSorted = new double[np * np];
        for (int i = 0; i < np; i++)
            for (int j = 0; j < np; j++) infoSorted[i * np + j] = info[order[i], order[j]];
        var names = new string[np];
        var estimates = new double[np];
        for (int i = 0; i < np; i++)
        {
            var par = parameters[order[i]];
            if (par.Term < 0) { names[i] = "Residual"; estimates[i] = sigma2; continue; }
            var term = terms[par.Term];
            var cn = term.Term.ColumnNames;
            names[i] = par.A == par.B ? $"{term.Term.GroupName}.{cn[par.A]}" : $"{term.Term.GroupName}.{cn[par.B]}.{cn[par.A]}";
            var lam = factor.Lambda[par.Term];
            int k = term.K;
            double acc = 0.0;
            for (int m = 0; m <= par.B; m++) acc += lam[m * k + par.A] * lam[m * k + par.B];
            estimates[i] = sigma2 * acc;
        }
        var chol = (double[])infoSorted.Clone();
        double[] se;
        ReadOnlyMatrix? covariance = null;
        if (DenseTriangular.FactorLowerInPlace(chol, np))
        {
            var inv = new double[np * np];
            DenseTriangular.InvertLower(chol, np, inv);
            var cov = new double[np * np];
            for (int i = 0; i < np; i++)
                for (int j = 0; j <= i; j++)
                {
                    double acc = 0.0;
                    for (int r = i; r < np; r++) acc += inv[r * np + i] * inv[r * np + j];
                    cov[i * np + j] = cov[j * np + i] = acc;
                }
            covariance = new ReadOnlyMatrix(np, np, cov);
            se = Enumerable.Range(0, np).Select(i => Math.Sqrt(cov[i * np + i])).ToArray();
        }
        else
        {
            se = Enumerable.Repeat(double.NaN, np).ToArray();
            diagnostics.Add(Diagnostic.Warning(FittingCodes.NoVarianceComponentErrors,
                "the information matrix of the variance components is singular, so their standard errors are not available"));
        }
        return new VarianceComponentErrors(names, estimates, se, new ReadOnlyMatrix(np, np, infoSorted), covariance);
    }
}
