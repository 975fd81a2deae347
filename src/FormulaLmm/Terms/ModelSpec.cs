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
    /// <summary>lme4's name for the grouping factor: the group variables joined by ':'.</summary>
    public string GroupLabel => string.Join(":", GroupVariables.Select(v => v.Label));
}

/// <summary>The model a formula describes, independent of any data.</summary>
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
}
