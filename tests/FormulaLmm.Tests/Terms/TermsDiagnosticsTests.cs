using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;
using FormulaLmm.Terms;

namespace FormulaLmm.Tests.Terms;

/// <summary>Every FL01xx diagnostic: its code, severity and the text its span points at.</summary>
public class TermsDiagnosticsTests
{
    private static Diagnostic SingleError(string formula)
    {
        var result = ModelSpecBuilder.Build(formula);
        Assert.NotNull(result.Spec);
        return Assert.Single(result.Diagnostics, d => d.IsError);
    }

    private static Diagnostic SingleWarning(string formula)
    {
        var result = ModelSpecBuilder.Build(formula);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning);
    }

    private static string Culprit(string formula, Diagnostic d)
    {
        Assert.NotNull(d.Span);
        return formula.Substring(d.Span!.Value.Start, d.Span.Value.Length);
    }

    [Theory]
    [InlineData("y ~ x:(1 | g)", "(1 | g)")]
    [InlineData("y ~ x*(1 | g)", "(1 | g)")]
    [InlineData("y ~ (1 | g)^2", "(1 | g)")]
    [InlineData("y ~ a/(1 | g)", "(1 | g)")]
    [InlineData("y ~ log(x + (1 | g))", "(1 | g)")]
    [InlineData("y ~ x:diag(1 | g)", "1 | g")]
    public void ARandomTermInsideAnotherTerm(string formula, string culprit)
    {
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.RandomTermInsideTerm, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
    }

    [Fact]
    public void TheMessageNamesTheEnclosingTerm() =>
        Assert.Contains("'x:(1 | g)'", SingleError("y ~ x:(1|g)").Message);

    // These never reach the Terms stage: the parser already rejects them, with the culprit underlined.
    [Theory]
    [InlineData("(1 | g) ~ x", SyntaxCodes.RandomTermInResponse, "(1 | g)")]
    [InlineData("y ~ (1 | (1 | h))", SyntaxCodes.NestedBar, "|")]
    [InlineData("y ~ (x + (1 | h) | g)", SyntaxCodes.NestedBar, "|")]
    [InlineData("y ~ (1 | \"g\")", SyntaxCodes.StringOutsideCall, "\"g\"")]
    [InlineData("y ~ x + \"a\"", SyntaxCodes.StringOutsideCall, "\"a\"")]
    public void RejectedAlreadyByTheParser(string formula, string code, string culprit)
    {
        var result = ModelSpecBuilder.Build(formula);
        Assert.Null(result.Spec);
        var d = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(code, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
    }

    [Theory]
    [InlineData("y ~ (a + b)^2.5", "2.5")]
    [InlineData("y ~ (a + b)^0", "0")]
    [InlineData("y ~ (a + b)^-1", "-1")]
    [InlineData("y ~ (a + b)^b", "b")]
    [InlineData("y ~ (a + b)^2^2", "2^2")]
    public void APowerThatIsNotAPositiveWholeNumber(string formula, string culprit)
    {
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.InvalidPower, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
    }

    [Theory]
    [InlineData("y ~ x - (1 | g)", "(1 | g)")]
    [InlineData("y ~ -(1 | g)", "(1 | g)")]
    [InlineData("y ~ x - diag(1 | g)", "diag(1 | g)")]
    [InlineData("y ~ x - (z + (1 | g))", "(1 | g)")]
    public void RemovingARandomTerm(string formula, string culprit)
    {
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.RemovedRandomTerm, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
    }

    [Theory]
    [InlineData("y ~ 0", "0")]
    [InlineData("y ~ -1", "-1")]
    [InlineData("y ~ x - x - 1", "x - x - 1")]
    public void AnEmptyModel(string formula, string culprit)
    {
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.EmptyModel, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
    }

    [Fact]
    public void ANoInterceptModelWithOnlyRandomEffectsIsNotEmpty() =>
        Assert.True(ModelSpecBuilder.Build("y ~ 0 + (1 | g)").Success);

    [Theory]
    [InlineData("y ~ x + offset(a, b)", "offset(a, b)")]
    [InlineData("y ~ x + offset()", "offset()")]
    public void OffsetWithOtherThanOneArgument(string formula, string culprit)
    {
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.OffsetArguments, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
    }

    [Theory]
    [InlineData("y ~ x + foo(1 | g)", "foo")]
    [InlineData("y ~ x + toep(1 + x | g)", "toep")]
    public void AnUnknownCovarianceStructure(string formula, string culprit)
    {
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.UnknownCovarianceStructure, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
        Assert.Contains("diag()", d.Message);
    }

    [Theory]
    [InlineData("y ~ diag(x)", "diag(x)")]
    [InlineData("y ~ us(1 | g, 2)", "us(1 | g, 2)")]
    [InlineData("y ~ x + cs()", "cs()")]
    [InlineData("y ~ ar1(x + (1 | g))", "ar1(x + (1 | g))")]
    public void ACovarianceSpecialThatDoesNotWrapOneBarTerm(string formula, string culprit)
    {
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.CovarianceStructureWithoutBar, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
    }

    [Theory]
    [InlineData("y ~ .", ".")]
    [InlineData("y ~ x + . + (1 | g)", ".")]
    [InlineData("y ~ (1 | .)", ".")]
    [InlineData("y ~ (. | g)", ".")]
    [InlineData(". ~ x", ".")]
    public void TheDotIsNotSupported(string formula, string culprit)
    {
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.DotNotSupported, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
        Assert.Contains("'.'", d.Message);
    }

    [Theory]
    [InlineData("y ~ (1 | a + b)", "a + b")]
    [InlineData("y ~ (1 | a*b)", "a*b")]
    [InlineData("y ~ (1 | factor(g))", "factor(g)")]
    [InlineData("y ~ (1 | a/log(b))", "log(b)")]
    public void AGroupingFactorThatIsNotAColumnCombinationOrNesting(string formula, string culprit)
    {
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.InvalidGroupingFactor, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
    }

    [Theory]
    [InlineData("y ~ (1 | 1)", 9)]
    [InlineData("y ~ x + (x | 2)", 13)]
    [InlineData("y ~ (1 | TRUE)", 9)]
    public void GroupingOnAConstant(string formula, int start)
    {
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.ConstantGroupingFactor, d.Code);
        Assert.Equal(start, d.Span!.Value.Start);
    }

    [Theory]
    [InlineData("y ~ (0 | g)", "0")]
    [InlineData("y ~ x + (-1 | g)", "-1")]
    [InlineData("y ~ (x - x - 1 || g)", "x - x - 1")]
    public void ARandomTermWithNoEffects(string formula, string culprit)
    {
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.NoRandomEffects, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
    }

    [Theory]
    [InlineData("y ~ 2", "2")]
    [InlineData("y ~ x + 0.5", "0.5")]
    [InlineData("y ~ x:3", "3")]
    public void ANumberOrStringAsATerm(string formula, string culprit)
    {
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.InvalidTerm, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
    }

    [Theory]
    [InlineData("y ~ offset(o):x", "offset(o)")]
    [InlineData("y ~ x*offset(o)", "offset(o)")]
    [InlineData("y ~ (offset(o) | g)", "offset(o)")]
    public void AnOffsetInsideATerm(string formula, string culprit)
    {
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.OffsetInsideTerm, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
    }

    [Fact]
    public void RemovingAnOffset()
    {
        // R would quietly keep using it as an offset.
        const string formula = "y ~ x - offset(o)";
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.RemovedOffset, d.Code);
        Assert.Equal("offset(o)", Culprit(formula, d));
    }

    [Fact]
    public void DoubleBarInsideACovarianceSpecial()
    {
        const string formula = "y ~ diag(x || g)";
        var d = SingleError(formula);
        Assert.Equal(TermsCodes.DoubleBarInsideCovarianceStructure, d.Code);
        Assert.Equal("diag(x || g)", Culprit(formula, d));
    }

    [Fact]
    public void APowerOfASingleVariableWarns()
    {
        const string formula = "y ~ x^2";
        var d = SingleWarning(formula);
        Assert.Equal(TermsCodes.PowerOfSingleTerm, d.Code);
        Assert.Equal("x^2", Culprit(formula, d));
        Assert.Contains("I(x^2)", d.Message);
        Assert.Equal(new[] { "x" }, ModelSpecBuilder.Build(formula).Spec!.FixedTerms.Select(t => t.Label));
    }

    [Fact]
    public void TheResponseOnTheRightIsDroppedWithAWarning()
    {
        const string formula = "y ~ y + x + y:x";
        var result = ModelSpecBuilder.Build(formula);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(TermsCodes.ResponseOnRightHandSide, d.Code);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal(4, d.Span!.Value.Start);
        // As R's model.matrix: the main effect goes, interactions with it stay.
        Assert.Equal(new[] { "x", "y:x" }, result.Spec!.FixedTerms.Select(t => t.Label));
    }

    [Fact]
    public void SubtractingAfterOnlyRandomTermsWarnsThatLme4Differs()
    {
        const string formula = "y ~ (1 | g) - 1";
        var d = SingleWarning(formula);
        Assert.Equal(TermsCodes.Lme4ReadsMinusDifferently, d.Code);
        Assert.Equal(formula[4..], Culprit(formula, d));
        Assert.False(ModelSpecBuilder.Build(formula).Spec!.HasIntercept);
        // lme4 reads this one as R does: no warning.
        Assert.Empty(ModelSpecBuilder.Build("y ~ x + (1 | g) - 1").Diagnostics);
    }

    [Fact]
    public void ARepeatedRandomTermWarns()
    {
        const string formula = "y ~ (1 | a/b) + (1 | a)";
        var d = SingleWarning(formula);
        Assert.Equal(TermsCodes.DuplicateRandomTerm, d.Code);
        Assert.Equal("(1 | a)", Culprit(formula, d));
        Assert.Equal(3, ModelSpecBuilder.Build(formula).Spec!.RandomTerms.Count);
    }

    [Theory]
    [InlineData("y ~ x + 1*a", "1*a")]
    [InlineData("y ~ x + (a - a)/b", "(a - a)/b")]
    public void TermsRDropsAfterAnEmptyLeftSideWarn(string formula, string culprit)
    {
        var d = SingleWarning(formula);
        Assert.Equal(TermsCodes.TermsDroppedLikeR, d.Code);
        Assert.Equal(culprit, Culprit(formula, d));
        Assert.Equal(new[] { "x" }, ModelSpecBuilder.Build(formula).Spec!.FixedTerms.Select(t => t.Label));
    }

    [Fact]
    public void ParseErrorsComeBackWithoutASpec()
    {
        var result = ModelSpecBuilder.Build("y ~ x +");
        Assert.Null(result.Spec);
        Assert.False(result.Success);
        Assert.StartsWith("FL00", Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void ParseThrowsWithTheDiagnosticsOfEitherStage()
    {
        var syntax = Assert.Throws<FormulaLmmException>(() => ModelSpec.Parse("y ~ (1 | g"));
        Assert.StartsWith("FL00", syntax.Diagnostics[0].Code);
        var terms = Assert.Throws<FormulaLmmException>(() => ModelSpec.Parse("y ~ x:(1 | g)"));
        Assert.Equal(TermsCodes.RandomTermInsideTerm, terms.Diagnostics[0].Code);
        Assert.Equal("y ~ x:(1 | g)", terms.Source);
        Assert.Single(ModelSpec.Parse("y ~ x^2").Diagnostics);
    }

    [Fact]
    public void ErrorsComeBeforeWarningsAndInOrderOfPosition()
    {
        var d = ModelSpecBuilder.Build("y ~ x^2 + (1 | 1) + z:(1 | g)").Diagnostics;
        Assert.Equal(new[] { TermsCodes.ConstantGroupingFactor, TermsCodes.RandomTermInsideTerm, TermsCodes.PowerOfSingleTerm },
            d.Select(x => x.Code));
    }

    [Theory]
    [InlineData("y ~ (a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q + r)^1000000000")]
    [InlineData("y ~ ((((1 | g))))")]
    [InlineData("y ~ a %in% 1 + 1:a - a/1")]
    [InlineData("y ~ us(1 | g) + diag(0 + x | h) + cs(1 | a:b) + ar1(0 + t | s/u)")]
    [InlineData("log(cbind(y, z)) ~ -(-(-(1)))")]
    [InlineData("y ~ offset(offset(o))")]
    public void OddButValidInputNeverThrows(string formula)
    {
        var syntax = Formula.Parse(formula);
        var spec = ModelSpecBuilder.Build(syntax);
        Assert.DoesNotContain(spec.Diagnostics, d => d.Code == TermsCodes.InternalTermsError);
    }
}
