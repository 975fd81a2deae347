using FormulaLmm.Syntax;
using FormulaLmm.Text;

namespace FormulaLmm.Tests.Syntax;

/// <summary>Size limits: enforced as diagnostics before anything recursive can exhaust the stack.</summary>
public class LimitsTests
{
    [Fact]
    public void ParenthesesUpToTheLimitParse()
    {
        int n = Formula.MaxParenthesisDepth;
        Assert.Equal("y ~ x", Formula.Canonical("y ~ " + new string('(', n) + "x" + new string(')', n)));
    }

    [Fact]
    public void OneParenthesisTooManyIsReportedAtIt()
    {
        int n = Formula.MaxParenthesisDepth + 1;
        var d = Formula.TryParse("y ~ " + new string('(', n) + "x" + new string(')', n)).Diagnostics.Single();
        Assert.Equal(SyntaxCodes.NestedTooDeeply, d.Code);
        Assert.Equal(new TextSpan(4 + n - 1, 1), d.Span);
    }

    [Fact]
    public void FiveThousandNestedParentheses()
    {
        var d = Formula.TryParse("y ~ " + new string('(', 5000) + "x" + new string(')', 5000)).Diagnostics.Single();
        Assert.Equal(SyntaxCodes.NestedTooDeeply, d.Code);
        Assert.Equal("parentheses are nested more than 100 deep", d.Message);
    }

    [Fact]
    public void NestedCallsWithinTheLimitParseOnAnySmallStack()
    {
        // 100 nested calls and a 1000-term sum are the deepest formulas the limits allow; they must
        // parse even when the caller runs on a thread with a small stack.
        var calls = "y ~ " + string.Concat(Enumerable.Repeat("log(", Formula.MaxParenthesisDepth)) + "x" + new string(')', Formula.MaxParenthesisDepth);
        var sum = "y ~ " + string.Join(" + ", Enumerable.Range(0, Formula.MaxNestingDepth).Select(i => "x" + i));
        var chain = "y ~ " + string.Concat(Enumerable.Repeat("-", Formula.MaxNestingDepth - 2)) + "x";
        var results = new ParseResult?[3];
        string? printedSum = null;
        var thread = new Thread(() =>
        {
            results[0] = Formula.TryParse(calls);
            results[1] = Formula.TryParse(sum);
            results[2] = Formula.TryParse(chain);
            // The printer walks a long sum in a loop, so it too fits a small stack.
            if (results[1]!.Success) printedSum = FormulaPrinter.Print(results[1]!.Syntax!);
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.All(results, r => Assert.True(r!.Success, string.Join("; ", r.Diagnostics)));
        Assert.Equal(calls, FormulaPrinter.Print(results[0]!.Syntax!));
        Assert.Equal(sum, printedSum);
    }

    [Theory]
    [InlineData(1001, true)]
    [InlineData(1002, false)]
    public void ASumNestsOneLevelPerPlus(int terms, bool accepted)
    {
        // The right-hand side x0 + x1 + ... of n terms is n - 1 nested '+' nodes.
        var text = "y ~ " + string.Join(" + ", Enumerable.Range(0, terms).Select(i => "x" + i));
        var result = Formula.TryParse(text);
        Assert.Equal(accepted, result.Success);
        if (!accepted) Assert.Equal(SyntaxCodes.NestedTooDeeply, result.Diagnostics.Single().Code);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("!")]
    [InlineData("+")]
    public void LongPrefixChainsAreDiagnosed(string op)
    {
        var text = "y ~ I(" + string.Concat(Enumerable.Repeat(op, 50_000)) + "x)";
        var d = Formula.TryParse(text).Diagnostics.Single();
        Assert.Equal(SyntaxCodes.NestedTooDeeply, d.Code);
        Assert.InRange(d.Span!.Value.Start, 6, text.Length);
    }

    [Fact]
    public void LongPowerChainsAreDiagnosed()
    {
        var d = Formula.TryParse("y ~ " + string.Join("^", Enumerable.Repeat("x", 20_000))).Diagnostics.Single();
        Assert.Equal(SyntaxCodes.NestedTooDeeply, d.Code);
    }

    [Fact]
    public void TextBeyondTheLengthLimitIsReportedFromTheLimitOn()
    {
        var text = "y ~ " + string.Join("+", Enumerable.Repeat("x", 60_000));
        var d = Formula.TryParse(text).Diagnostics.Single();
        Assert.Equal(SyntaxCodes.FormulaTooLong, d.Code);
        Assert.Equal(TextSpan.FromBounds(Formula.MaxLength, text.Length), d.Span);
        Assert.Equal($"the formula has {text.Length} characters; the limit is 100000", d.Message);
    }

    [Fact]
    public void AHundredThousandCharacterFormulaWithinTheLimitsParses()
    {
        // A long but shallow formula: one call with many arguments, padded to exactly the limit.
        var head = "y ~ f(" + string.Join(", ", Enumerable.Repeat("abc", 16_000));
        var text = head + new string(' ', Formula.MaxLength - head.Length - 1) + ")";
        Assert.Equal(Formula.MaxLength, text.Length);
        var result = Formula.TryParse(text);
        Assert.True(result.Success);
        Assert.Equal(16_000, ((CallExpression)result.Syntax!.RightHandSide).Arguments.Count);
    }
}
