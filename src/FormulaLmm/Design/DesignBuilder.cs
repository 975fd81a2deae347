using System.Collections.Frozen;
using System.Collections.Immutable;
using FormulaLmm.Data;
using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;
using FormulaLmm.Terms;
using FormulaLmm.Text;

namespace FormulaLmm.Design;

/// <summary>
/// Builds the matrices of a linear mixed model from a model specification and a table, as lme4's
/// lFormula does: the model frame (with rows holding missing values omitted), X with R's coding
/// and names (rank-deficient columns dropped), and one random-effects term per bar term in
/// lme4's order. Every problem found is reported, not only the first.
/// </summary>
public static class DesignBuilder
{
    /// <summary>
    /// Builds the design of a model specification on a table, reporting every problem as a
    /// diagnostic instead of throwing (lme4 would stop at the first).
    /// </summary>
    /// <param name="spec">The model's terms, from <see cref="ModelSpecBuilder"/>; a spec with errors gives no design.</param>
    /// <param name="data">The table holding every variable of the model (missing values as NaN or a -1 code).</param>
    /// <param name="options">Contrasts, categorical columns, whether a response is required; defaults when null.</param>
    /// <returns>The design when nothing is an error, and every diagnostic (FL03xx).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> or <paramref name="data"/> is null.</exception>
    public static DesignResult Build(ModelSpec spec, Table data, DesignOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        return new DesignRun(spec, data, options ?? new DesignOptions()).Run();
    }

    /// <summary>
    /// The rows of a design's X and Z for a new table, as lme4's predict builds them: every
    /// variable evaluated on the new rows with the transforms learned on the training data
    /// (<c>poly</c>'s coefficients, <c>scale</c>'s centre and scale), factors coded by the
    /// training levels and contrasts, X reduced to the training design's columns.
    /// </summary>
    /// <param name="training">A design built by <see cref="Build(ModelSpec, Table, DesignOptions?)"/>.</param>
    /// <param name="newData">The new rows; the response need not be there.</param>
    /// <exception cref="ArgumentException"><paramref name="training"/> was not built from data (it has no recipe).</exception>
    internal static NewDataResult BuildNewRows(LmmDesign training, Table newData)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(newData);
        var recipe = training.Recipe
            ?? throw new ArgumentException("the design was not built by DesignBuilder from data, so it has no recipe for new rows", nameof(training));
        return new NewDataRun(training, recipe, newData).Run();
    }
}

/// <summary>One build: holds the diagnostics and the intermediate model frame.</summary>
internal sealed class DesignRun
{
    private readonly ModelSpec _spec;
    private readonly Table _data;
    private readonly DesignOptions _options;
    private readonly List<Diagnostic> _diagnostics;

    public DesignRun(ModelSpec spec, Table data, DesignOptions options)
    {
        _spec = spec;
        _data = data;
        _options = options;
        _diagnostics = new List<Diagnostic>(spec.Diagnostics);
    }

    private bool HasErrors => _diagnostics.Exists(d => d.IsError);

    private DesignResult Fail() => new(null, DiagnosticList.From(_diagnostics));

    public DesignResult Run()
    {
        if (_spec.HasErrors) return Fail();

        var categorical = CategoricalColumns();
        var transforms = TransformMode.Learn();
        var evaluator = new ExpressionEvaluator(_data, categorical, _diagnostics, transforms);

        // ---- model frame on all rows ----
        NumericVariable? response = EvaluateResponse(evaluator);
        bool hasResponse = _spec.Response is not null;
        var variables = new Dictionary<string, FrameVariable>(StringComparer.Ordinal);
        var fixedLabels = EvaluateTermVariables(evaluator, _spec.FixedTerms, variables);
        var randomLabels = new List<string>[_spec.RandomTerms.Count];
        for (int r = 0; r < _spec.RandomTerms.Count; r++)
            randomLabels[r] = EvaluateTermVariables(evaluator, _spec.RandomTerms[r].Terms, variables);
        var groups = EvaluateGroupingVariables(evaluator);
        var offsets = EvaluateOffsets(evaluator);
        CheckCovarianceStructures();
        if (HasErrors) return Fail();

        // ---- rows ----
        var used = new List<(FrameVariable Variable, TermVariable Source)>();
        if (_spec.Response is not null) used.Add((response!, _spec.Response));
        foreach (var t in _spec.FixedTerms.Concat(_spec.RandomTerms.SelectMany(r => r.Terms)))
            foreach (var v in t.Variables) used.Add((variables[v.Label], v));
        foreach (var r in _spec.RandomTerms)
            foreach (var g in r.GroupVariables) used.Add((groups[g.Label], g));
        for (int o = 0; o < offsets.Count; o++) used.Add((offsets[o], _spec.Offsets[o]));
        var (kept, omitted) = OmitRows(used);
        if (kept.Length == 0) return Fail();

        response = hasResponse ? (NumericVariable)response!.Subset(kept) : null;
        var frame = variables.ToDictionary(p => p.Key, p => p.Value.Subset(kept), StringComparer.Ordinal);
        var groupFrame = groups.ToDictionary(p => p.Key, p => (FactorVariable)p.Value.Subset(kept), StringComparer.Ordinal);
        var offsetFrame = offsets.Select(o => (NumericVariable)o.Subset(kept)).ToList();

        CheckSingleLevelFactors(fixedLabels, frame);
        foreach (var labels in randomLabels) CheckSingleLevelFactors(labels, frame);
        CheckContrastOptions(fixedLabels, frame);
        if (HasErrors) return Fail();

        // ---- X ----
        int n = kept.Length;
        var x = ModelMatrixBuilder.Build(_spec.HasIntercept, _spec.FixedTerms, frame, FixedContrast, n);
        var (fixedMatrix, keptColumns) = DropDependentColumns(x);
        CheckScales(fixedMatrix);

        // ---- random-effects terms ----
        var (randomTerms, randomSources) = BuildRandomTerms(frame, groupFrame, n);
        if (HasErrors) return Fail();

        double[]? offset = null;
        if (offsetFrame.Count > 0)
        {
            offset = new double[n];
            foreach (var o in offsetFrame)
                for (int i = 0; i < n; i++) offset[i] += o.Columns[0][i];
        }

        var design = new LmmDesign(
            _spec.Syntax.Text,
            response?.Label ?? "",
            response?.Columns[0] ?? Array.Empty<double>(),
            fixedMatrix,
            randomTerms,
            offset,
            kept,
            omitted,
            DiagnosticList.From(_diagnostics))
        {
            DataName = _data.Name is { Length: > 0 } name ? name : null,
            Recipe = new DesignRecipe(
                _spec,
                categorical.ToFrozenSet(StringComparer.Ordinal),
                _options.Contrasts.ToFrozenDictionary(StringComparer.Ordinal),
                transforms.LearnedStates(),
                frame.ToFrozenDictionary(p => p.Key, p => VariableSchema.Of(p.Value), StringComparer.Ordinal),
                keptColumns,
                randomSources),
        };
        return new DesignResult(design, design.Diagnostics);
    }

    // ---- evaluation ----

    private HashSet<string> CategoricalColumns()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in _options.CategoricalColumns)
        {
            if (_data.TryGetColumn(name, out _)) set.Add(name);
            else
            {
                var suggestion = NameSuggestion.Closest(name, _data.ColumnNames);
                _diagnostics.Add(Diagnostic.Warning(DesignCodes.UnknownCategoricalColumn,
                    $"'{name}' was declared categorical but is not a column of the data" +
                    (suggestion is not null ? $"; did you mean '{suggestion}'?" : "")));
            }
        }
        return set;
    }

    private NumericVariable? EvaluateResponse(ExpressionEvaluator evaluator)
    {
        if (_spec.Response is null && !_options.RequireResponse) return null;
        if (_spec.Response is null)
        {
            _diagnostics.Add(Diagnostic.Error(DesignCodes.MissingResponse,
                "the formula has no response: a linear mixed model needs one on the left of '~', e.g. y ~ x + (1 | g)",
                _spec.Syntax.Span));
            return null;
        }
        var expression = _spec.Response.Expression;
        var value = evaluator.EvaluateVariable(expression);
        switch (value)
        {
            case null:
                return null;
            case NumericVariable { ColumnCount: 1 } numeric:
                return new NumericVariable(numeric.Label, numeric.Span, numeric.Columns, null);
            case FactorVariable { IsLogical: true } logical:
                // R treats a logical response as 0/1.
                return new NumericVariable(logical.Label, logical.Span,
                    new[] { logical.Codes.Select(c => c < 0 ? double.NaN : c).ToArray() }, null);
            case FactorVariable factor:
                _diagnostics.Add(Diagnostic.Error(DesignCodes.NonNumericResponse,
                    $"the response '{factor.Label}' is categorical (levels {LevelList(factor.Levels)}); a linear mixed model needs a numeric response",
                    expression.Span));
                return null;
            default:
                _diagnostics.Add(Diagnostic.Error(DesignCodes.NonNumericResponse,
                    $"the response '{value.Label}' has several columns; a linear mixed model needs a single numeric response",
                    expression.Span));
                return null;
        }
    }

    /// <summary>Evaluates each variable of the terms once (shared by label); returns the labels in first-use order.</summary>
    internal static List<string> EvaluateTermVariables(
        ExpressionEvaluator evaluator, IReadOnlyList<ModelTerm> terms, Dictionary<string, FrameVariable> variables)
    {
        var labels = new List<string>();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
            foreach (var v in term.Variables)
            {
                if (!labels.Contains(v.Label)) labels.Add(v.Label);
                if (variables.ContainsKey(v.Label) || failed.Contains(v.Label)) continue;
                var value = evaluator.EvaluateVariable(v.Expression);
                if (value is null) failed.Add(v.Label);
                else variables[v.Label] = value;
            }
        return labels;
    }

    private Dictionary<string, FrameVariable> EvaluateGroupingVariables(ExpressionEvaluator evaluator)
    {
        var groups = new Dictionary<string, FrameVariable>(StringComparer.Ordinal);
        foreach (var term in _spec.RandomTerms)
            foreach (var g in term.GroupVariables)
            {
                if (groups.ContainsKey(g.Label)) continue;
                var factor = evaluator.EvaluateGroupingFactor(g.Expression);
                if (factor is not null) groups[g.Label] = factor;
            }
        return groups;
    }

    private List<NumericVariable> EvaluateOffsets(ExpressionEvaluator evaluator)
    {
        var result = new List<NumericVariable>();
        foreach (var o in _spec.Offsets)
        {
            var value = evaluator.EvaluateVariable(o.Expression);
            if (value is NumericVariable { ColumnCount: 1 } numeric) result.Add(numeric);
            else if (value is not null)
                _diagnostics.Add(Diagnostic.Error(DesignCodes.NonNumericOffset,
                    $"the offset '{o.Label}' must be a single numeric column, but it is {(value is FactorVariable ? "categorical" : "a matrix")}",
                    o.Expression.Span));
        }
        return result;
    }

    private void CheckCovarianceStructures()
    {
        foreach (var r in _spec.RandomTerms)
            if (r.Covariance is CovarianceStructure.CompoundSymmetry or CovarianceStructure.AutoRegressive1)
                _diagnostics.Add(Diagnostic.Error(DesignCodes.CovarianceNotSupported,
                    $"{(r.Covariance == CovarianceStructure.CompoundSymmetry ? "compound symmetry (cs)" : "first-order autoregressive (ar1)")} " +
                    $"covariance for the term on '{r.GroupLabel}' is not supported yet; lme4 supports unstructured (1 + x | g) and diagonal (1 + x || g) terms",
                    r.Span));
    }

    // ---- rows with missing values ----

    private (int[] Kept, int[] Omitted) OmitRows(List<(FrameVariable Variable, TermVariable Source)> used)
    {
        int n = _data.RowCount;
        var bad = new bool[n];
        var missingData = new bool[n];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var missingCounts = new List<(string Label, int Count)>();
        foreach (var (variable, source) in used)
        {
            if (!seen.Add(variable.Label + "\u0001" + variable.GetType().Name)) continue;
            var inputColumns = ReferencedColumns(source.Expression);
            int missing = 0;
            var nonFinite = new List<int>();
            for (int i = 0; i < n; i++)
            {
                if (variable.IsUsable(i)) continue;
                bad[i] = true;
                if (IsMissingInData(inputColumns, i)) { missing++; missingData[i] = true; }
                else nonFinite.Add(i);
            }
            if (missing > 0) missingCounts.Add((variable.Label, missing));
            if (nonFinite.Count > 0)
                _diagnostics.Add(Diagnostic.Warning(DesignCodes.NonFiniteValues,
                    $"'{variable.Label}' is not a finite number (NaN or infinite) in {Rows(nonFinite.Count)} whose data are present; " +
                    $"{(nonFinite.Count == 1 ? "that row was" : "those rows were")} omitted: {RowList(nonFinite)}. lme4 would stop here",
                    source.Expression.Span));
        }

        var kept = new List<int>(n);
        var omitted = new List<int>();
        for (int i = 0; i < n; i++)
            if (bad[i]) omitted.Add(i + 1); else kept.Add(i);

        if (kept.Count == 0)
        {
            var worst = missingCounts.OrderByDescending(m => m.Count).Take(5).Select(m => $"'{m.Label}' in {Rows(m.Count)}");
            _diagnostics.Add(Diagnostic.Error(DesignCodes.NoRowsLeft,
                $"no rows left: each of the {n} rows of the data has a missing or non-finite value in some variable of the model" +
                (missingCounts.Count > 0 ? $" (missing: {string.Join(", ", worst)})" : "")));
        }
        else if (missingCounts.Count > 0)
        {
            var rows = Enumerable.Range(0, n).Where(i => missingData[i]).ToList();
            _diagnostics.Add(Diagnostic.Info(DesignCodes.RowsOmitted,
                $"{Rows(rows.Count)} of {n} omitted because of missing values " +
                $"({string.Join(", ", missingCounts.Select(m => $"{m.Label}: {m.Count}"))}): {RowList(rows)}"));
        }
        return (kept.ToArray(), omitted.ToArray());
    }

    private static bool IsMissingInData(List<TableColumn> columns, int row)
    {
        foreach (var c in columns) if (c.IsMissing(row)) return true;
        return false;
    }

    private List<TableColumn> ReferencedColumns(Expression e)
    {
        var result = new List<TableColumn>();
        void Walk(Expression x)
        {
            switch (x)
            {
                case NameExpression name when _data.TryGetColumn(name.Name, out var column):
                    if (!result.Contains(column)) result.Add(column);
                    break;
                case UnaryExpression u: Walk(u.Operand); break;
                case BinaryExpression b: Walk(b.Left); Walk(b.Right); break;
                case CallExpression c: foreach (var a in c.Arguments) Walk(a.Value); break;
            }
        }
        Walk(e);
        return result;
    }

    private static string Rows(int count) => count == 1 ? "1 row" : $"{count} rows";

    /// <summary>1-based row numbers, the first ten of them.</summary>
    private static string RowList(IReadOnlyList<int> zeroBased)
    {
        var shown = string.Join(", ", zeroBased.Take(10).Select(i => (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return zeroBased.Count > 10 ? $"rows {shown}, ... ({zeroBased.Count} in all)" : (zeroBased.Count == 1 ? $"row {shown}" : $"rows {shown}");
    }

    private static string LevelList(IReadOnlyList<string> levels) =>
        string.Join(", ", levels.Take(5).Select(l => $"'{l}'")) + (levels.Count > 5 ? ", ..." : "");

    // ---- factors and contrasts ----

    private void CheckSingleLevelFactors(List<string> labels, Dictionary<string, FrameVariable> frame)
    {
        foreach (var label in labels)
            if (frame[label] is FactorVariable { IsLogical: false, Levels.Length: < 2 } factor
                && !_diagnostics.Any(d => d.Code == DesignCodes.SingleLevelFactor && d.Span == factor.Span))
                _diagnostics.Add(Diagnostic.Error(DesignCodes.SingleLevelFactor,
                    $"the factor '{label}' has a single level ({LevelList(factor.Levels)}) in the rows used, so it cannot be coded as a predictor " +
                    "(R: contrasts can be applied only to factors with 2 or more levels)",
                    factor.Span));
    }

    private void CheckContrastOptions(List<string> fixedLabels, Dictionary<string, FrameVariable> frame)
    {
        foreach (var name in _options.Contrasts.Keys)
            if (!fixedLabels.Contains(name) || frame[name] is not FactorVariable)
                _diagnostics.Add(Diagnostic.Warning(DesignCodes.UnusedContrasts,
                    $"contrasts were given for '{name}', which is not a factor among the fixed effects of the model; they were not used"));
    }

    private ContrastKind FixedContrast(FactorVariable factor) =>
        _options.Contrasts.TryGetValue(factor.Label, out var kind) ? kind : DesignRecipe.DefaultContrast(factor);

    // ---- rank ----

    /// <summary>X without the columns lme4 drops, and the indices of the kept ones in <paramref name="x"/>.</summary>
    private (FixedEffectsMatrix X, ImmutableArray<int> Kept) DropDependentColumns(ModelMatrix x)
    {
        int n = x.RowCount, p = x.ColumnCount;
        var (rank, pivot) = RankReduction.Pivot(x);
        if (rank == p) return (new FixedEffectsMatrix(n, x.ColumnNames, x.Values, Array.Empty<string>()), Enumerable.Range(0, p).ToImmutableArray());

        var keep = pivot[..rank];
        var dropped = pivot[rank..].Select(j => x.ColumnNames[j]).ToArray();
        var values = new double[n * rank];
        for (int k = 0; k < rank; k++) Array.Copy(x.Values, keep[k] * n, values, k * n, n);
        int d = p - rank;
        _diagnostics.Add(Diagnostic.Warning(DesignCodes.RankDeficient,
            $"fixed-effect model matrix is rank deficient so dropping {d} {(d == 1 ? "column / coefficient" : "columns / coefficients")}: " +
            string.Join(", ", dropped.Select(c => $"'{c}'"))));
        return (new FixedEffectsMatrix(n, keep.Select(j => x.ColumnNames[j]).ToArray(), values, dropped), keep.ToImmutableArray());
    }

    /// <summary>
    /// lme4's check.scaleX: among the columns of X that are not all 0/1, a standard deviation
    /// above 1000 or below 1/1000, or two that differ by more than a factor 1000, gives a warning.
    /// </summary>
    private void CheckScales(FixedEffectsMatrix x)
    {
        const double tolerance = 1000;
        var scales = new List<(string Name, double Sd)>();
        for (int j = 0; j < x.ColumnCount; j++)
        {
            var col = x.Column(j);
            bool binary = true;
            foreach (var v in col) if (v != 0 && v != 1) { binary = false; break; }
            if (binary) continue;
            double mean = 0;
            foreach (var v in col) mean += v;
            mean /= col.Length;
            double ss = 0;
            foreach (var v in col) ss += (v - mean) * (v - mean);
            scales.Add((x.ColumnNames[j], col.Length > 1 ? Math.Sqrt(ss / (col.Length - 1)) : double.NaN));
        }
        if (scales.Count == 0) return;
        double limit = Math.Log(tolerance);
        bool extreme = scales.Any(s => Math.Abs(Math.Log(s.Sd)) > limit);
        var smallest = scales.MinBy(s => s.Sd);
        var largest = scales.MaxBy(s => s.Sd);
        bool spread = Math.Abs(Math.Log(largest.Sd / smallest.Sd)) > limit;
        if (!extreme && !spread) return;
        _diagnostics.Add(Diagnostic.Warning(DesignCodes.PredictorScales,
            "Some predictor variables are on very different scales: consider rescaling " +
            $"(standard deviations from {Sd(smallest.Sd)} for '{smallest.Name}' to {Sd(largest.Sd)} for '{largest.Name}')"));
    }

    private static string Sd(double v) => v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);

    // ---- random-effects terms ----

    /// <summary>The random-effects terms in lme4's order, and for each the index of its spec in the model.</summary>
    private (List<RandomEffectsTerm> Terms, ImmutableArray<int> Sources) BuildRandomTerms(
        Dictionary<string, FrameVariable> frame, Dictionary<string, FactorVariable> groups, int n)
    {
        var built = new List<(RandomEffectsTerm Term, RandomTermSpec Spec, int Source)>();
        for (int s = 0; s < _spec.RandomTerms.Count; s++)
        {
            var spec = _spec.RandomTerms[s];
            var lhs = ModelMatrixBuilder.Build(spec.HasIntercept, spec.Terms, frame, DesignRecipe.DefaultContrast, n);
            if (lhs.ColumnCount == 0)
            {
                _diagnostics.Add(Diagnostic.Error(DesignCodes.EmptyRandomTerm,
                    $"the random-effects term on '{spec.GroupLabel}' has no effects: (0 | g) removes the intercept and leaves nothing; write (1 | {spec.GroupLabel}) or add a variable",
                    spec.Span));
                continue;
            }
            var (levels, codes) = GroupingFactor.Combine(spec.GroupVariables.Select(g => groups[g.Label]).ToList());
            int k = lhs.ColumnCount;
            var z = lhs.RowMajor();
            var template = spec.Covariance == CovarianceStructure.Diagonal
                ? CovarianceTemplate.Diagonal(k)
                : CovarianceTemplate.Unstructured(k);
            var term = new RandomEffectsTerm(spec.GroupLabel, spec.GroupVariables.Select(g => g.Label).ToArray(),
                levels, codes, lhs.ColumnNames, z, template, spec.Span);
            built.Add((term, spec, s));
        }

        var ordered = LmeOrderBy(built, b => b.Term.LevelCount);
        CheckRandomTerms(ordered.Select(b => (b.Term, b.Spec)).ToList(), n);
        return (ordered.Select(b => b.Term).ToList(), ordered.Select(b => b.Source).ToImmutableArray());
    }

    /// <summary>
    /// lme4's order (mkReTrms): when some term has more levels than the term before it, the terms
    /// are put in the reverse of their ascending order by number of levels (so ties end up in
    /// reverse formula order); otherwise the formula order stays.
    /// </summary>
    internal static List<T> LmeOrderBy<T>(IReadOnlyList<T> items, Func<T, int> levelCount)
    {
        bool increase = false;
        for (int i = 1; i < items.Count; i++) if (levelCount(items[i]) > levelCount(items[i - 1])) increase = true;
        if (!increase) return items.ToList();
        var ascending = items.Select((item, index) => (item, index)).OrderBy(p => levelCount(p.item)).ThenBy(p => p.index);
        return ascending.Select(p => p.item).Reverse().ToList();
    }

    private void CheckRandomTerms(List<(RandomEffectsTerm Term, RandomTermSpec Spec)> terms, int n)
    {
        var factors = terms.GroupBy(t => t.Term.GroupName).Select(g => g.First()).ToList();
        foreach (var (term, spec) in factors)
            if (term.LevelCount < 2)
                _diagnostics.Add(Diagnostic.Error(DesignCodes.GroupingFactorTooFewLevels,
                    $"the grouping factor '{term.GroupName}' has {(term.LevelCount == 1 ? $"a single level ('{term.Levels[0]}')" : "no level")} in the rows used: " +
                    "grouping factors must have > 1 sampled level",
                    GroupSpan(spec)));
        var tooMany = factors.Where(f => f.Term.LevelCount >= n).ToList();
        foreach (var (term, spec) in tooMany)
            _diagnostics.Add(Diagnostic.Error(DesignCodes.GroupingFactorTooManyLevels,
                $"the grouping factor '{term.GroupName}' has {term.LevelCount} levels for {n} observations, one level per observation or more: " +
                $"number of levels of each grouping factor must be < number of observations (problems: {string.Join(", ", tooMany.Select(t => t.Term.GroupName))})",
                GroupSpan(spec)));
        foreach (var (term, spec) in terms)
        {
            int effects = term.LevelCount * term.K;
            if (term.LevelCount >= 2 && term.LevelCount < n && n <= effects)
                _diagnostics.Add(Diagnostic.Error(DesignCodes.TooFewObservations,
                    $"number of observations (={n}) <= number of random effects (={effects}) for term ({TermText(spec)}); " +
                    "the random-effects parameters and the residual variance (or scale parameter) are probably unidentifiable",
                    spec.Span));
        }
    }

    private static TextSpan GroupSpan(RandomTermSpec spec)
    {
        var first = spec.GroupVariables[0].Expression.Span;
        var last = spec.GroupVariables[^1].Expression.Span;
        return first.Cover(last);
    }

    /// <summary>The bar term as the user wrote it (without its parentheses), for lme4-style messages.</summary>
    private string TermText(RandomTermSpec spec)
    {
        var text = _spec.Syntax.Text;
        var span = spec.Span;
        if (span.Start < 0 || span.End > text.Length) return spec.GroupLabel;
        var s = text.Substring(span.Start, span.Length).Trim();
        return s.StartsWith('(') && ClosingParenthesis(s) == s.Length - 1 ? s[1..^1].Trim() : s;
    }

    private static int ClosingParenthesis(string s)
    {
        int depth = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '(') depth++;
            else if (s[i] == ')' && --depth == 0) return i;
        }
        return -1;
    }
}
