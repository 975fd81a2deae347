using System.Diagnostics.CodeAnalysis;
using FormulaLmm.Data;
using FormulaLmm.Diagnostics;
using FormulaLmm.Terms;

namespace FormulaLmm.Design;

/// <summary>
/// A training design's matrices on the rows of a new table: what prediction multiplies by β̂ and
/// the BLUPs. Columns and levels are the training design's, whatever the new rows hold.
/// </summary>
/// <param name="Fixed">X on the new rows kept, with exactly the training design's columns (dropped ones stay dropped).</param>
/// <param name="RandomTerms">One entry per random-effects term of the training design, in its order.</param>
/// <param name="Offset">The sum of the offsets per new row kept, or null when the model has none.</param>
/// <param name="KeptRows">0-based indices into the new table of the rows that have every value X, Z and the offset need.</param>
/// <param name="OmittedRows">1-based row numbers of the other rows (a missing or non-finite value).</param>
internal sealed record NewDataDesign(
    FixedEffectsMatrix Fixed,
    IReadOnlyList<NewRandomEffectsRows> RandomTerms,
    double[]? Offset,
    int[] KeptRows,
    int[] OmittedRows)
{
    public int RowCount => KeptRows.Length;
}

/// <summary>One random-effects term on new rows: its z rows and each row's level among the training levels.</summary>
/// <param name="LevelCodes">Per kept row, the 0-based index of its level in the training term's levels; -1 for a level the training rows did not have, or a missing one (lme4's allow.new.levels: its random effect is 0).</param>
/// <param name="ZValues">The term's model-matrix rows, row-major (RowCount × k), as <see cref="RandomEffectsTerm.ZValues"/>.</param>
/// <param name="NewLevels">The grouping levels of the new rows that the training rows did not have, in order of first appearance.</param>
internal sealed record NewRandomEffectsRows(int[] LevelCodes, double[] ZValues, IReadOnlyList<string> NewLevels);

/// <summary>The new rows' design when no error was found, and every diagnostic.</summary>
internal sealed record NewDataResult(NewDataDesign? Design, DiagnosticList Diagnostics)
{
    [MemberNotNullWhen(true, nameof(Design))]
    public bool Success => Design is not null && !Diagnostics.HasErrors;
}

/// <summary>
/// One evaluation of a training design on new rows. Follows lme4's predict: the model frame of
/// the new rows uses the training transforms (makepredictcall), factors are coded by the
/// training levels (xlev) and contrasts, X keeps the training columns; a grouping level the
/// training rows did not have is allowed and gets code -1 (allow.new.levels).
/// </summary>
internal sealed class NewDataRun
{
    private readonly LmmDesign _training;
    private readonly DesignRecipe _recipe;
    private readonly Table _data;
    private readonly List<Diagnostic> _diagnostics = new();

    public NewDataRun(LmmDesign training, DesignRecipe recipe, Table data)
    {
        _training = training;
        _recipe = recipe;
        _data = data;
    }

    private ModelSpec Spec => _recipe.Spec;

    private NewDataResult Fail() => new(null, DiagnosticList.From(_diagnostics));

    public NewDataResult Run()
    {
        var categorical = _recipe.CategoricalColumns.Where(c => _data.TryGetColumn(c, out _)).ToHashSet(StringComparer.Ordinal);
        var evaluator = new ExpressionEvaluator(_data, categorical, _diagnostics, TransformMode.Apply(_recipe.Transforms));

        var variables = new Dictionary<string, FrameVariable>(StringComparer.Ordinal);
        DesignRun.EvaluateTermVariables(evaluator, Spec.FixedTerms, variables);
        foreach (var r in Spec.RandomTerms) DesignRun.EvaluateTermVariables(evaluator, r.Terms, variables);
        var groups = new Dictionary<string, FactorVariable>(StringComparer.Ordinal);
        foreach (var g in Spec.RandomTerms.SelectMany(r => r.GroupVariables))
            if (!groups.ContainsKey(g.Label) && evaluator.EvaluateGroupingFactor(g.Expression) is { } factor) groups[g.Label] = factor;
        var offsets = EvaluateOffsets(evaluator);
        foreach (var (label, variable) in variables) CheckKind(label, variable);
        if (_diagnostics.Any(d => d.IsError)) return Fail();

        // A missing grouping value does not omit the row: like a new level, it gets no random effect.
        var (kept, omitted) = UsableRows(variables.Values.Concat(offsets));
        var frame = new Dictionary<string, FrameVariable>(StringComparer.Ordinal);
        foreach (var (label, variable) in variables)
            frame[label] = variable is FactorVariable factor ? TrainingLevels(factor, kept) : variable.Subset(kept);
        if (_diagnostics.Any(d => d.IsError)) return Fail();

        int n = kept.Length;
        var fixedRows = FixedRows(frame, n);
        var randomRows = _training.RandomTerms.Select((term, t) => RandomRows(term, _recipe.RandomTermSources[t], frame, groups, kept)).ToList();
        double[]? offset = null;
        if (offsets.Count > 0)
        {
            offset = new double[n];
            foreach (var o in offsets)
                for (int i = 0; i < n; i++) offset[i] += o.Columns[0][kept[i]];
        }
        return new NewDataResult(new NewDataDesign(fixedRows, randomRows, offset, kept, omitted), DiagnosticList.From(_diagnostics));
    }

    private List<NumericVariable> EvaluateOffsets(ExpressionEvaluator evaluator)
    {
        var result = new List<NumericVariable>();
        foreach (var o in Spec.Offsets)
        {
            var value = evaluator.EvaluateVariable(o.Expression);
            if (value is NumericVariable { ColumnCount: 1 } numeric) result.Add(numeric);
            else if (value is not null)
                _diagnostics.Add(Diagnostic.Error(DesignCodes.NonNumericOffset,
                    $"the offset '{o.Label}' must be a single numeric column, but in the new data it is {(value is FactorVariable ? "categorical" : "a matrix")}",
                    o.Expression.Span));
        }
        return result;
    }

    /// <summary>A variable must be of the kind it was in the training rows (R refuses a factor where a number was, and the reverse).</summary>
    private void CheckKind(string label, FrameVariable variable)
    {
        var expected = _recipe.Variables[label];
        bool same = (expected, variable) switch
        {
            (NumericSchema s, NumericVariable v) => s.ColumnCount == v.ColumnCount,
            (FactorSchema, FactorVariable) => true,
            _ => false,
        };
        if (same) return;
        _diagnostics.Add(Diagnostic.Error(DesignCodes.NewDataTypeMismatch,
            $"'{label}' is {Kind(variable)} in the new data but was {Kind(expected)} in the training data, so the model's columns for it cannot be built",
            variable.Span));
    }

    private static string Kind(FrameVariable v) => v switch
    {
        FactorVariable => "categorical",
        NumericVariable { ColumnCount: > 1 } m => $"numeric with {m.ColumnCount} columns",
        _ => "numeric",
    };

    private static string Kind(VariableSchema s) => s switch
    {
        FactorSchema => "categorical",
        NumericSchema { ColumnCount: > 1 } m => $"numeric with {m.ColumnCount} columns",
        _ => "numeric",
    };

    private (int[] Kept, int[] Omitted) UsableRows(IEnumerable<FrameVariable> used)
    {
        var all = used.ToList();
        var kept = new List<int>(_data.RowCount);
        var omitted = new List<int>();
        for (int i = 0; i < _data.RowCount; i++)
            if (all.All(v => v.IsUsable(i))) kept.Add(i); else omitted.Add(i + 1);
        return (kept.ToArray(), omitted.ToArray());
    }

    /// <summary>The factor on the kept rows, coded by the training levels (R's xlev); a level the training rows lacked is FL0323.</summary>
    private FactorVariable TrainingLevels(FactorVariable factor, int[] kept)
    {
        var schema = (FactorSchema)_recipe.Variables[factor.Label];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int l = 0; l < schema.Levels.Length; l++) index[schema.Levels[l]] = l;
        var map = factor.Levels.Select(level => index.TryGetValue(level, out var l) ? l : -1).ToArray();
        var codes = new int[kept.Length];
        var unknown = new List<string>();
        for (int i = 0; i < kept.Length; i++)
        {
            int code = factor.Codes[kept[i]];
            codes[i] = map[code];
            if (codes[i] < 0 && !unknown.Contains(factor.Levels[code])) unknown.Add(factor.Levels[code]);
        }
        if (unknown.Count > 0)
            _diagnostics.Add(Diagnostic.Error(DesignCodes.NewFactorLevel,
                $"the factor '{factor.Label}' has {(unknown.Count == 1 ? "a new level" : "new levels")} {Levels(unknown)} in the new data; " +
                $"the model knows only {Levels(schema.Levels)}",
                factor.Span));
        return new FactorVariable(factor.Label, factor.Span, codes, schema.Levels.ToArray(), schema.IsOrdered, schema.IsLogical);
    }

    private static string Levels(IReadOnlyList<string> levels) =>
        string.Join(", ", levels.Take(10).Select(l => $"'{l}'")) + (levels.Count > 10 ? ", ..." : "");

    private FixedEffectsMatrix FixedRows(Dictionary<string, FrameVariable> frame, int n)
    {
        var full = ModelMatrixBuilder.Build(Spec.HasIntercept, Spec.FixedTerms, frame, _recipe.FixedContrast, n);
        var names = _training.Fixed.ColumnNames;
        var keep = _recipe.KeptFixedColumns;
        var values = new double[n * keep.Length];
        for (int k = 0; k < keep.Length; k++)
        {
            // The training levels make the columns the training ones; a different name is a bug.
            if (full.ColumnNames[keep[k]] != names[k])
                throw new InvalidOperationException($"new rows give column '{full.ColumnNames[keep[k]]}' where the design has '{names[k]}'");
            Array.Copy(full.Values, keep[k] * n, values, k * n, n);
        }
        return new FixedEffectsMatrix(n, names, values, _training.Fixed.DroppedColumns);
    }

    private NewRandomEffectsRows RandomRows(
        RandomEffectsTerm term, int source, Dictionary<string, FrameVariable> frame, Dictionary<string, FactorVariable> groups, int[] kept)
    {
        var spec = Spec.RandomTerms[source];
        int n = kept.Length;
        var lhs = ModelMatrixBuilder.Build(spec.HasIntercept, spec.Terms, frame, DesignRecipe.DefaultContrast, n);
        if (!lhs.ColumnNames.SequenceEqual(term.ColumnNames, StringComparer.Ordinal))
            throw new InvalidOperationException($"new rows give the columns {string.Join(", ", lhs.ColumnNames)} for the term on '{term.GroupName}', which has {string.Join(", ", term.ColumnNames)}");

        // The grouping factor's level is the variables' labels joined by ':', as GroupingFactor labels it.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int l = 0; l < term.Levels.Count; l++) index[term.Levels[l]] = l;
        var factors = spec.GroupVariables.Select(g => groups[g.Label]).ToArray();
        var codes = new int[n];
        var newLevels = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parts = new string[factors.Length];
        for (int i = 0; i < n; i++)
        {
            int row = kept[i];
            bool missing = false;
            for (int f = 0; f < factors.Length && !missing; f++)
            {
                int code = factors[f].Codes[row];
                missing = code < 0;
                if (!missing) parts[f] = factors[f].Levels[code];
            }
            if (missing) { codes[i] = -1; continue; }
            var label = string.Join(":", parts);
            if (index.TryGetValue(label, out var level)) codes[i] = level;
            else
            {
                codes[i] = -1;
                if (seen.Add(label)) newLevels.Add(label);
            }
        }
        return new NewRandomEffectsRows(codes, lhs.RowMajor(), newLevels);
    }
}
