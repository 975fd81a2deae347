using System.Collections.Frozen;
using System.Collections.Immutable;
using FormulaLmm.Terms;

namespace FormulaLmm.Design;

/// <summary>
/// What a design learned from its training data that new rows must reuse to get the same
/// columns (R keeps the same in a model's terms "predvars", "xlevels" and "contrasts"): the
/// model's terms, the states of the stateful transforms, each variable's kind and factor
/// levels, and which columns of the full model matrix X kept. Immutable.
/// </summary>
/// <param name="Spec">The model specification the design was built from.</param>
/// <param name="CategoricalColumns">Numeric columns the training data treated as categorical.</param>
/// <param name="Contrasts">The contrasts given for fixed-effects factors, by label.</param>
/// <param name="Transforms">The learned state of each stateful call, by its canonical text (<c>poly(Days, 2)</c>); calls that learned nothing (<c>poly(x, 2, raw = TRUE)</c>) have no entry.</param>
/// <param name="Variables">The kind of each variable of the fixed and random-effects terms, by label, as in the rows used.</param>
/// <param name="KeptFixedColumns">For each column of the design's X, its index in the full model matrix (before the rank check dropped columns).</param>
/// <param name="RandomTermSources">For each of the design's random-effects terms (lme4's order), its index in <see cref="ModelSpec.RandomTerms"/>.</param>
internal sealed record DesignRecipe(
    ModelSpec Spec,
    FrozenSet<string> CategoricalColumns,
    FrozenDictionary<string, ContrastKind> Contrasts,
    FrozenDictionary<string, TransformState> Transforms,
    FrozenDictionary<string, VariableSchema> Variables,
    ImmutableArray<int> KeptFixedColumns,
    ImmutableArray<int> RandomTermSources)
{
    /// <summary>The contrasts of a fixed-effects factor: as given, else R's default for its kind.</summary>
    public ContrastKind FixedContrast(FactorVariable factor) =>
        Contrasts.TryGetValue(factor.Label, out var kind) ? kind : DefaultContrast(factor);

    /// <summary>R's default contrasts: polynomial for an ordered factor, treatment otherwise (random-effects terms always use these).</summary>
    public static ContrastKind DefaultContrast(FactorVariable factor) =>
        factor.IsOrdered ? ContrastKind.Polynomial : ContrastKind.Treatment;
}

/// <summary>The kind of a model-frame variable in the training rows: what new data must match.</summary>
internal abstract record VariableSchema
{
    /// <summary>The schema of a variable as it is in the training rows used.</summary>
    public static VariableSchema Of(FrameVariable variable) => variable switch
    {
        NumericVariable numeric => new NumericSchema(numeric.ColumnCount),
        FactorVariable factor => new FactorSchema(ImmutableArray.Create(factor.Levels), factor.IsOrdered, factor.IsLogical),
        _ => throw new InvalidOperationException($"unknown variable kind {variable.GetType().Name}"),
    };
}

/// <summary>A numeric variable with this many columns (more than one for a matrix such as poly(x, 2)).</summary>
internal sealed record NumericSchema(int ColumnCount) : VariableSchema;

/// <summary>
/// A factor with the levels of the training rows used (after unused levels were dropped), R's
/// "xlevels": new rows are coded by these, whatever levels they have themselves.
/// </summary>
internal sealed record FactorSchema(ImmutableArray<string> Levels, bool IsOrdered, bool IsLogical) : VariableSchema;
