using FormulaLmm.Terms;

namespace FormulaLmm.Tests.Terms;

/// <summary>One test per rule of R's term algebra for the fixed part (expected values checked with R 4.2).</summary>
public class TermAlgebraTests
{
    internal static ModelSpec Spec(string formula)
    {
        var result = ModelSpecBuilder.Build(formula);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Spec!;
    }

    private static string[] Labels(string formula) => Spec(formula).FixedTerms.Select(t => t.Label).ToArray();

    private static string SpanText(string formula, ModelTerm term) => formula.Substring(term.Span.Start, term.Span.Length);

    [Fact]
    public void CrossingExpandsToMainEffectsAndInteraction() =>
        Assert.Equal(new[] { "a", "b", "c", "a:b", "a:c", "b:c", "a:b:c" }, Labels("y ~ a*b*c"));

    [Fact]
    public void AnInteractionIsASetOfVariables()
    {
        Assert.Equal(new[] { "a:b" }, Labels("y ~ a:b + b:a"));
        Assert.Equal(new[] { "a" }, Labels("y ~ a:a"));
        Assert.Equal(new[] { "a:b" }, Labels("y ~ a:b:a"));
        Assert.True(Spec("y ~ a:b").FixedTerms[0].SameVariablesAs(Spec("y ~ b:a").FixedTerms[0]));
    }

    [Fact]
    public void VariablesOfAnInteractionAreOrderedByFirstAppearanceInTheFormula()
    {
        // R: terms(y ~ b:a + a) gives "a", "b:a"; terms(y ~ a + b:a) gives "a", "a:b".
        Assert.Equal(new[] { "a", "b:a" }, Labels("y ~ b:a + a"));
        Assert.Equal(new[] { "a", "a:b" }, Labels("y ~ a + b:a"));
        Assert.Equal(new[] { "c:b", "b:a" }, Labels("y ~ c:b + a:b"));
    }

    [Fact]
    public void TermsAreOrderedByOrderThenFirstAppearance() =>
        Assert.Equal(new[] { "b", "a", "x", "b:a", "a:c" }, Labels("y ~ b*a + a:c + x"));

    [Fact]
    public void NestingAddsTheLeftVariablesToEachRightTerm()
    {
        Assert.Equal(new[] { "a", "a:b" }, Labels("y ~ a/b"));
        Assert.Equal(new[] { "a", "b", "a:b:c" }, Labels("y ~ (a + b)/c"));
        Assert.Equal(new[] { "a", "a:b", "a:c" }, Labels("y ~ a/(b + c)"));
        Assert.Equal(new[] { "a", "a:b", "a:b:c" }, Labels("y ~ a/b/c"));
    }

    [Fact]
    public void InAddsTheRightVariablesToEachLeftTerm()
    {
        Assert.Equal(new[] { "b:a" }, Labels("y ~ b %in% a"));
        Assert.Equal(new[] { "a:c", "b:c" }, Labels("y ~ (a + b) %in% c"));
        Assert.Equal(new[] { "a:b:c" }, Labels("y ~ a %in% (b + c)"));
    }

    [Fact]
    public void PowerKeepsInteractionsUpToTheExponent()
    {
        Assert.Equal(new[] { "a", "b", "c", "a:b", "a:c", "b:c" }, Labels("y ~ (a + b + c)^2"));
        Assert.Equal(new[] { "a", "b", "a:b" }, Labels("y ~ (a + b)^3"));
        // R rejects ^1; it can only mean the terms themselves, so it is accepted here.
        Assert.Equal(new[] { "a", "b" }, Labels("y ~ (a + b)^1"));
    }

    [Fact]
    public void MinusRemovesTerms()
    {
        Assert.Equal(new[] { "b", "a:b" }, Labels("y ~ a*b - a"));
        Assert.Equal(new[] { "a", "b", "c", "a:c", "b:c" }, Labels("y ~ (a + b + c)^2 - a:b"));
        Assert.Equal(new[] { "c", "a:c", "b:c" }, Labels("y ~ (a + b + c)^2 - (a + b)^2"));
        Assert.Empty(Labels("y ~ a:b - b:a"));
    }

    [Theory]
    [InlineData("y ~ x", true)]
    [InlineData("y ~ x - 1", false)]
    [InlineData("y ~ -1 + x", false)]
    [InlineData("y ~ x + 0", false)]
    [InlineData("y ~ 0 + x", false)]
    [InlineData("y ~ x - 0", true)]
    [InlineData("y ~ x - -1", true)]
    [InlineData("y ~ x - +1", false)]
    [InlineData("y ~ 0 + 1 + x", true)]
    [InlineData("y ~ x:(z - 1)", false)]
    [InlineData("y ~ x + FALSE", false)]
    [InlineData("y ~ x + 1L - 1L", false)]
    public void InterceptFollowsRsParityRules(string formula, bool intercept) =>
        Assert.Equal(intercept, Spec(formula).HasIntercept);

    [Fact]
    public void ParenthesesOnlyGroup() => Assert.Equal(new[] { "a", "b", "c" }, Labels("y ~ (a) + ((b + c))"));

    [Fact]
    public void DuplicatesCollapseToTheFirst()
    {
        const string formula = "y ~ a + x + a";
        var spec = Spec(formula);
        Assert.Equal(new[] { "a", "x" }, spec.FixedTerms.Select(t => t.Label));
        Assert.Equal(4, spec.FixedTerms[0].Span.Start);
    }

    [Fact]
    public void CallsAreVariablesIdentifiedByTheirCanonicalText()
    {
        var spec = Spec("y ~ log( x ) + log(x) + I(x^2) + poly(x,2) + factor(g) + scale(x)");
        Assert.Equal(new[] { "log(x)", "I(x^2)", "poly(x, 2)", "factor(g)", "scale(x)" }, spec.FixedTerms.Select(t => t.Label));
        Assert.All(spec.FixedTerms, t => Assert.Equal(1, t.Order));
    }

    [Fact]
    public void OffsetsAreNotTermsAndHoldTheirArgument()
    {
        var spec = Spec("y ~ x + offset(log(t)) + offset(o) + offset(o)");
        Assert.Equal(new[] { "x" }, spec.FixedTerms.Select(t => t.Label));
        Assert.Equal(new[] { "log(t)", "o" }, spec.Offsets.Select(o => o.Label));
    }

    [Fact]
    public void TheResponseIsAnyExpression()
    {
        Assert.Equal("log(y)", Spec("log(y) ~ x").Response!.Label);
        Assert.Equal("I(y/n)", Spec("I(y / n) ~ x").Response!.Label);
        Assert.Null(Spec("~ x").Response);
        // A different variable from the response, so it stays (R agrees).
        Assert.Equal(new[] { "x", "log(y)" }, Labels("y ~ x + log(y)"));
    }

    [Fact]
    public void TermSpansPointAtTheTextThatMadeTheTerm()
    {
        const string formula = "y ~ a*b + x:z";
        var terms = Spec(formula).FixedTerms;
        Assert.Equal(new[] { "a", "b", "a*b", "x:z" }, terms.Select(t => SpanText(formula, t)));
    }

    [Fact]
    public void MainEffectsOfAPowerKeepTheirOwnSpans()
    {
        const string formula = "y ~ (a + b)^2";
        var terms = Spec(formula).FixedTerms;
        Assert.Equal(new[] { "a", "b", "(a + b)^2" }, terms.Select(t => SpanText(formula, t)));
    }

    [Fact]
    public void TrueAndFalseAreOneAndZero()
    {
        Assert.True(Spec("y ~ 0 + x + TRUE").HasIntercept);
        Assert.False(Spec("y ~ x + FALSE").HasIntercept);
        // T and F are ordinary names in R formulas.
        Assert.Equal(new[] { "T", "F" }, Labels("y ~ T + F"));
    }

    [Fact]
    public void BackquotedNamesKeepTheirQuotesInLabels() =>
        Assert.Equal(new[] { "c", "`a b`:c" }, Labels("y ~ `a b`:c + c"));
}
