using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;
using FormulaLmm.Text;

namespace FormulaLmm.Terms;

/// <summary>
/// A variable of a term: an expression evaluated on the data, e.g. x, log(x), I(x^2), poly(x, 2),
/// factor(g). Two variables are the same when their canonical labels are (R's deparse identity).
/// </summary>
/// <param name="Expression">The variable's expression as parsed (R's entry of <c>attr(terms, "variables")</c>).</param>
public sealed record TermVariable(Expression Expression)
{
    /// <summary>The canonical text, which is also R's column-name stem (e.g. "log(x)").</summary>
    public string Label { get; } = FormulaPrinter.Print(Expression);

    /// <summary>The same variable when the labels are equal: <c>log(x)</c> and <c>log( x )</c> are one variable, as in R.</summary>
    public bool Equals(TermVariable? other) => other is not null && Label == other.Label;

    /// <summary>A hash of <see cref="Label"/>, consistent with <see cref="Equals(TermVariable)"/>.</summary>
    public override int GetHashCode() => Label.GetHashCode();

    /// <summary>The variable's <see cref="Label"/>.</summary>
    public override string ToString() => Label;
}

/// <summary>
/// A term of the linear predictor other than the intercept: a set of variables (an interaction
/// when more than one), kept in the order R prints them.
/// </summary>
/// <param name="Variables">The term's variables in R's order (first appearance in the formula); one for a main effect.</param>
/// <param name="Span">Where the term came from in the formula, for diagnostics.</param>
public sealed record ModelTerm(IReadOnlyList<TermVariable> Variables, TextSpan Span)
{
    /// <summary>R's term label, e.g. "a:b".</summary>
    public string Label => string.Join(":", Variables.Select(v => v.Label));

    /// <summary>Number of variables (R's term order).</summary>
    public int Order => Variables.Count;

    /// <summary>Same variables, in any order (a:b is b:a).</summary>
    public bool SameVariablesAs(ModelTerm other) =>
        Variables.Count == other.Variables.Count && Variables.All(other.Variables.Contains);

    /// <summary>The same term when the labels are equal (variables in the same order); see <see cref="SameVariablesAs"/> for order-free comparison.</summary>
    public bool Equals(ModelTerm? other) => other is not null && Label == other.Label;

    /// <summary>A hash of <see cref="Label"/>, consistent with <see cref="Equals(ModelTerm)"/>.</summary>
    public override int GetHashCode() => Label.GetHashCode();

    /// <summary>The term's <see cref="Label"/>, as R's <c>attr(terms, "term.labels")</c> prints it.</summary>
    public override string ToString() => Label;
}

/// <summary>
/// One random-effects term after expansion ('||' split, 'a/b' grouping expanded): its own
/// intercept flag and terms, as in a one-sided formula, grouped by the combination of
/// <see cref="GroupVariables"/>.
/// </summary>
/// <param name="HasIntercept">Whether the term has a random intercept (false for <c>(0 + x | g)</c>).</param>
/// <param name="Terms">The random effects' model terms other than the intercept, e.g. <c>Days</c> in <c>(Days | Subject)</c>.</param>
/// <param name="GroupVariables">The variables whose combinations of levels form the grouping factor: one for <c>g</c>, two for <c>a:b</c>.</param>
/// <param name="Covariance">The covariance structure of the term's effects: unstructured for '|', diagonal for '||' or <c>diag()</c>.</param>
/// <param name="Span">Where the term is in the formula, for diagnostics.</param>
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
/// <param name="Syntax">The parsed formula it was built from.</param>
/// <param name="Response">The response variable, or null for a one-sided formula.</param>
/// <param name="HasIntercept">Whether the fixed part has an intercept (R's <c>attr(terms, "intercept")</c>; false after <c>- 1</c> or <c>+ 0</c>).</param>
/// <param name="FixedTerms">The fixed-effects terms in R's order, as <c>attr(terms, "term.labels")</c> of lme4's fixed-effects formula.</param>
/// <param name="Offsets">The arguments of the <c>offset()</c> terms, in order of appearance.</param>
/// <param name="RandomTerms">The random-effects terms after expanding '||' and nested grouping (lme4's <c>findbars()</c>).</param>
/// <param name="Diagnostics">Problems found building the terms (FL01xx, see <see cref="TermsCodes"/>), and the parser's warnings.</param>
public sealed record ModelSpec(
    FormulaSyntax Syntax,
    TermVariable? Response,
    bool HasIntercept,
    IReadOnlyList<ModelTerm> FixedTerms,
    IReadOnlyList<TermVariable> Offsets,
    IReadOnlyList<RandomTermSpec> RandomTerms,
    DiagnosticList Diagnostics)
{
    /// <summary>True when some diagnostic is an error; the spec must not then be used to build a design.</summary>
    public bool HasErrors => Diagnostics.HasErrors;

    /// <summary>
    /// Parses and builds a formula, or throws <see cref="FormulaLmmException"/> carrying the
    /// diagnostics of both stages when either finds an error. Warnings stay in <see cref="Diagnostics"/>.
    /// </summary>
    /// <param name="formula">The formula text, e.g. <c>"y ~ x * f + (1 | g)"</c>.</param>
    /// <exception cref="FormulaLmmException">A syntax (FL00xx) or terms (FL01xx) error.</exception>
    public static ModelSpec Parse(string formula)
    {
        var result = ModelSpecBuilder.Build(formula);
        if (!result.Success) throw new FormulaLmmException(result.Diagnostics, formula);
        return result.Spec!;
    }
}
