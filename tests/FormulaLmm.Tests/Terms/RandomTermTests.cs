using FormulaLmm.Design;
using FormulaLmm.Terms;
using static FormulaLmm.Tests.Terms.TermAlgebraTests;

namespace FormulaLmm.Tests.Terms;

/// <summary>lme4 1.1-31's expansion of random-effects terms, one rule per test.</summary>
public class RandomTermTests
{
    private static string Describe(RandomTermSpec t) =>
        $"{(t.HasIntercept ? "1" : "0")}{string.Concat(t.Terms.Select(m => " + " + m.Label))} | {t.GroupLabel}";

    private static string[] Expanded(string formula) => Spec(formula).RandomTerms.Select(Describe).ToArray();

    [Fact]
    public void TheLeftHandSideHasItsOwnInterceptRules()
    {
        Assert.Equal(new[] { "1 | g" }, Expanded("y ~ (1 | g)"));
        Assert.Equal(new[] { "1 + x | g" }, Expanded("y ~ (x | g)"));
        Assert.Equal(new[] { "0 + x | g" }, Expanded("y ~ (0 + x | g)"));
        Assert.Equal(new[] { "0 + x | g" }, Expanded("y ~ (x - 1 | g)"));
        Assert.Equal(new[] { "1 + x + z + x:z | g" }, Expanded("y ~ (x*z | g)"));
    }

    [Fact]
    public void RandomTermsLeaveTheFixedPartAlone()
    {
        var spec = Spec("y ~ x + (1 + x | g)");
        Assert.True(spec.HasIntercept);
        Assert.Equal(new[] { "x" }, spec.FixedTerms.Select(t => t.Label));
        Assert.False(Spec("y ~ 0 + (1 | g)").HasIntercept);
        Assert.False(Spec("y ~ (1 | g) + 0").HasIntercept);
    }

    [Fact]
    public void NestedGroupingExpandsInnermostFirstWithLme4sNames()
    {
        var spec = Spec("y ~ (1 | a/b)");
        Assert.Equal(new[] { "1 | b:a", "1 | a" }, spec.RandomTerms.Select(Describe));
        Assert.Equal(new[] { "b", "a" }, spec.RandomTerms[0].GroupVariables.Select(v => v.Label));
        Assert.Equal(new[] { "a" }, spec.RandomTerms[1].GroupVariables.Select(v => v.Label));
    }

    [Fact]
    public void DeeperNestingIsNamedAsRDeparsesIt()
    {
        var spec = Spec("y ~ (1 | a/b/c)");
        Assert.Equal(new[] { "c:(b:a)", "b:a", "a" }, spec.RandomTerms.Select(t => t.GroupLabel));
        Assert.Equal(new[] { "c", "b", "a" }, spec.RandomTerms[0].GroupVariables.Select(v => v.Label));
        Assert.Equal(new[] { "b:c:a", "a" }, Spec("y ~ (1 | a/b:c)").RandomTerms.Select(t => t.GroupLabel));
    }

    [Fact]
    public void AnInteractionGroupsByTheCombination()
    {
        var term = Assert.Single(Spec("y ~ (1 | a:b)").RandomTerms);
        Assert.Equal("a:b", term.GroupLabel);
        Assert.Equal(new[] { "a", "b" }, term.GroupVariables.Select(v => v.Label));
        Assert.Equal("b:a", Assert.Single(Spec("y ~ (1 | b:a)").RandomTerms).GroupLabel);
    }

    [Fact]
    public void DoubleBarSplitsEveryTermOfTheLeftHandSide()
    {
        Assert.Equal(new[] { "1 | g", "0 + x | g", "0 + z | g", "0 + x:z | g" }, Expanded("y ~ (x*z || g)"));
        Assert.Equal(new[] { "0 + x | g", "0 + z | g" }, Expanded("y ~ (0 + x + z || g)"));
        Assert.Equal(new[] { "1 | g" }, Expanded("y ~ (1 || g)"));
        Assert.All(Spec("y ~ (x || g)").RandomTerms, t => Assert.Equal(CovarianceStructure.Unstructured, t.Covariance));
    }

    [Fact]
    public void DoubleBarWithNestingSplitsFirstThenNests() =>
        Assert.Equal(new[] { "1 | b:a", "1 | a", "0 + x | b:a", "0 + x | a" }, Expanded("y ~ (x || a/b)"));

    [Fact]
    public void SeveralTermsOnOneGroupingFactorStaySeparate() =>
        Assert.Equal(new[] { "1 + x | g", "1 + z | g", "1 | h" }, Expanded("y ~ (1 + x | g) + (1 + z | g) + (1 | h)"));

    [Theory]
    [InlineData("us", CovarianceStructure.Unstructured)]
    [InlineData("diag", CovarianceStructure.Diagonal)]
    [InlineData("cs", CovarianceStructure.CompoundSymmetry)]
    [InlineData("ar1", CovarianceStructure.AutoRegressive1)]
    public void CovarianceSpecialsSetTheStructure(string special, CovarianceStructure structure)
    {
        var formula = $"y ~ x + {special}(1 + x | g)";
        var term = Assert.Single(Spec(formula).RandomTerms);
        Assert.Equal(structure, term.Covariance);
        Assert.Equal("1 + x | g", Describe(term));
        Assert.Equal($"{special}(1 + x | g)", formula.Substring(term.Span.Start, term.Span.Length));
    }

    [Fact]
    public void ACovarianceSpecialAppliesToEveryNestedFactor()
    {
        var terms = Spec("y ~ diag(x | a/b)").RandomTerms;
        Assert.Equal(new[] { "1 + x | b:a", "1 + x | a" }, terms.Select(Describe));
        Assert.All(terms, t => Assert.Equal(CovarianceStructure.Diagonal, t.Covariance));
    }

    [Fact]
    public void RandomTermSpansIncludeTheParentheses()
    {
        const string formula = "y ~ x + (1 + x | g)";
        var term = Assert.Single(Spec(formula).RandomTerms);
        Assert.Equal("(1 + x | g)", formula.Substring(term.Span.Start, term.Span.Length));
        Assert.Equal("x", formula.Substring(term.Terms[0].Span.Start, term.Terms[0].Span.Length));
    }

    [Fact]
    public void ABackquotedGroupIsNamedWithoutQuotesAsLme4Does() =>
        Assert.Equal("my g", Assert.Single(Spec("y ~ (1 | `my g`)").RandomTerms).GroupLabel);

    [Fact]
    public void RandomTermsKeepTheirOrderOfAppearance() =>
        Assert.Equal(new[] { "1 | h", "0 + x | g" }, Expanded("y ~ (1 | h) + x + (0 + x | g)"));
}
