using FormulaLmm.Design;
using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;

namespace FormulaLmm.Terms;

/// <summary>
/// A variable of a term: an expression evaluated on the data, e.g. x, log(x), I(x^2), poly(x, 2),
/// factor(g). Two variables are the same when their canonical labels are (R's deparse identity).
/// </summary>
public sealed record TermVariable(Expression Expression)
{
    /// <summary>The canonical text, which is also R's column-name stem (e.g. "log(x)").</summary>
    public string Label { get; } = FormulaPrinter.Print(Expression);

    public bool Equals(TermVariable? other) => other is not null && Label == other.Label;

    public override int GetHashCode() => Label.GetHashCode();

    public override string ToString() => Label;
}

/// <summary>
/// A term of the linear predictor other than the intercept: a set of variables (an interaction
/// when more than one), kept in the order R prints them.
/// </summary>
public sealed record ModelTerm(IReadOnlyList<TermVariable> Variables, TextSpan Span)
{
    /// <summary>R's term label, e.g. "a:b".</summary>
    public string Label => string.Join(":", Variables.Select(v => v.Label));

    /// <summary>Number of variables (R's term order).</summary>
    public int Order => Variables.Count;

    /// <summary>Same variables, in any order (a:b is b:a).</summary>
    public bool SameVariablesAs(ModelTerm other) =>
        Variables.Count == other.Variables.Count && Variables.All(other.Variables.Contains);

    public bool Equals(ModelTerm? other) => other is not null && Label == other.Label;

    public override int GetHashCode() => Label.GetHashCode();

    public override string ToString() => Label;
}

/// <summary>
/// One random-effects term after expansion ('||' split, 'a/b' grouping expanded): its own
/// intercept flag and terms, as in a one-sided formula, grouped by the combination of
/// <see cref="GroupVariables"/>.
/// </summary>
public sealed record RandomTermSpec(
    bool HasIntercept,
    IReadOnlyList<ModelTerm> Terms,
    IReadOnlyList<TermVariable> GroupVariables,
    CovarianceStructure Covariance,
    TextSpan Span)
{
    /// <summary>
    /// lme4's name for the grouping factor, as R deparses it: the group variables joined by ':'
    /// ("g", "a:b", "b:a" for the inner factor of a/b), with R's parentheses for deeper nesting
    /// ("c:(b:a)" for the innermost factor of a/b/c).
    /// </summary>
    public string GroupLabel { get; init; } = string.Join(":", GroupVariables.Select(v => v.Label));
}

/// <summary>
/// The model a formula describes, independent of any data. <see cref="FixedTerms"/> are in R's
/// order (by number of variables, then first appearance); <see cref="Offsets"/> hold the
/// argument of each offset(...) (e.g. log(t) for offset(log(t))), in order of appearance;
/// <see cref="RandomTerms"/> are in lme4's findbars() order, before lme4 sorts them by number of
/// levels. Build one with <see cref="ModelSpecBuilder"/> or <see cref="Parse"/>.
/// </summary>
public sealed record ModelSpec(
    FormulaSyntax Syntax,
    TermVariable? Response,
    bool HasIntercept,
    IReadOnlyList<ModelTerm> FixedTerms,
    IReadOnlyList<TermVariable> Offsets,
    IReadOnlyList<RandomTermSpec> RandomTerms,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>
    /// Parses and builds a formula, or throws <see cref="FormulaLmmException"/> carrying the
    /// diagnostics of both stages when either finds an error. Warnings stay in <see cref="Diagnostics"/>.
    /// </summary>
    public static ModelSpec Parse(string formula)
    {
        var result = ModelSpecBuilder.Build(formula);
        if (!result.Success) throw new FormulaLmmException(result.Diagnostics, formula);
        return result.Spec!;
    }
}
