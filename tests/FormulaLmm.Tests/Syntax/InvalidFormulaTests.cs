using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;
using FormulaLmm.Text;

namespace FormulaLmm.Tests.Syntax;

/// <summary>Invalid formulas against the code and span of their first error.</summary>
public class InvalidFormulaTests
{
    [Theory]
    [InlineData("", SyntaxCodes.EmptyFormula, 0, 0)]
    [InlineData("   ", SyntaxCodes.EmptyFormula, 0, 3)]
    [InlineData("\t\n", SyntaxCodes.EmptyFormula, 0, 2)]
    [InlineData("y ~ x + $", SyntaxCodes.UnsupportedRSyntax, 8, 1)]
    [InlineData("y ~ x ? z", SyntaxCodes.UnexpectedCharacter, 6, 1)]
    [InlineData("y ~ x \\ z", SyntaxCodes.UnexpectedCharacter, 6, 1)]
    [InlineData("y ~ x + z\u0001", SyntaxCodes.UnexpectedCharacter, 9, 1)]
    [InlineData("y ~ x + z", SyntaxCodes.UnexpectedCharacter, 5, 1)]
    [InlineData("y ~ x − z", SyntaxCodes.UnexpectedCharacter, 6, 1)]
    [InlineData("y ~ ‘a b’", SyntaxCodes.UnexpectedCharacter, 4, 1)]
    [InlineData("y ~ x + 😀", SyntaxCodes.UnexpectedCharacter, 8, 2)]
    [InlineData("y ~ (1 | g", SyntaxCodes.UnclosedParenthesis, 4, 6)]
    [InlineData("((((", SyntaxCodes.UnclosedParenthesis, 3, 1)]
    [InlineData("y ~ log(x + (1 | g)", SyntaxCodes.UnclosedParenthesis, 7, 12)]
    [InlineData("y ~ x +\n (1 | g", SyntaxCodes.UnclosedParenthesis, 9, 6)]
    [InlineData("y ~ poly(x, 2", SyntaxCodes.UnclosedParenthesis, 8, 5)]
    [InlineData("y ~ x)", SyntaxCodes.UnmatchedClosingParenthesis, 5, 1)]
    [InlineData(")", SyntaxCodes.UnmatchedClosingParenthesis, 0, 1)]
    [InlineData("y ~ (x))", SyntaxCodes.UnmatchedClosingParenthesis, 7, 1)]
    [InlineData("y ~ x + (1 | g))", SyntaxCodes.UnmatchedClosingParenthesis, 15, 1)]
    [InlineData("y ~ `a b", SyntaxCodes.UnterminatedQuote, 4, 4)]
    [InlineData("y ~ \"abc", SyntaxCodes.UnterminatedQuote, 4, 4)]
    [InlineData("y ~ f(x, 'a)", SyntaxCodes.UnterminatedQuote, 9, 3)]
    [InlineData("y ~ `a\nb`", SyntaxCodes.UnterminatedQuote, 4, 2)]
    [InlineData("y + x", SyntaxCodes.MissingTilde, 0, 5)]
    [InlineData("x", SyntaxCodes.MissingTilde, 0, 1)]
    [InlineData("(1 | g)", SyntaxCodes.MissingTilde, 0, 7)]
    [InlineData("log(y)", SyntaxCodes.MissingTilde, 0, 6)]
    [InlineData("y ~ x ~ z", SyntaxCodes.MoreThanOneTilde, 6, 1)]
    [InlineData("~ x ~ z", SyntaxCodes.MoreThanOneTilde, 4, 1)]
    [InlineData("y ~ (x ~ z)", SyntaxCodes.MoreThanOneTilde, 7, 1)]
    [InlineData("y ~ x ~", SyntaxCodes.MoreThanOneTilde, 6, 1)]
    [InlineData("y ~ f(~x)", SyntaxCodes.MoreThanOneTilde, 6, 1)]
    [InlineData("y ~~ x", SyntaxCodes.MoreThanOneTilde, 3, 1)]
    [InlineData("y ~ x | g", SyntaxCodes.BarOutsideParentheses, 6, 1)]
    [InlineData("y ~ 1 | g", SyntaxCodes.BarOutsideParentheses, 6, 1)]
    [InlineData("y ~ x + 1 | g", SyntaxCodes.BarOutsideParentheses, 10, 1)]
    [InlineData("y ~ x || g", SyntaxCodes.BarOutsideParentheses, 6, 2)]
    [InlineData("~ 1 | g", SyntaxCodes.BarOutsideParentheses, 4, 1)]
    [InlineData("y ~ x + (1 | g) | h", SyntaxCodes.NestedBar, 16, 1)]
    [InlineData("y ~ (1 | )", SyntaxCodes.MissingGroupingFactor, 7, 1)]
    [InlineData("y ~ (1|)", SyntaxCodes.MissingGroupingFactor, 6, 1)]
    [InlineData("y ~ (x || )", SyntaxCodes.MissingGroupingFactor, 7, 2)]
    [InlineData("y ~ 1 | | g", SyntaxCodes.MissingGroupingFactor, 6, 3)]
    [InlineData("y ~ (1 | | g)", SyntaxCodes.MissingGroupingFactor, 7, 3)]
    [InlineData("y ~ x |", SyntaxCodes.MissingGroupingFactor, 6, 1)]
    [InlineData("y ~ ( | g)", SyntaxCodes.MissingEffectsBeforeBar, 6, 1)]
    [InlineData("y ~ | g", SyntaxCodes.MissingEffectsBeforeBar, 4, 1)]
    [InlineData("y ~ x + (|| g)", SyntaxCodes.MissingEffectsBeforeBar, 9, 2)]
    [InlineData("y ~ x +", SyntaxCodes.MissingOperand, 6, 1)]
    [InlineData("y ~ x + ", SyntaxCodes.MissingOperand, 6, 1)]
    [InlineData("y ~ x -", SyntaxCodes.MissingOperand, 6, 1)]
    [InlineData("y ~ x^", SyntaxCodes.MissingOperand, 5, 1)]
    [InlineData("y ~ x:", SyntaxCodes.MissingOperand, 5, 1)]
    [InlineData("y ~ x *", SyntaxCodes.MissingOperand, 6, 1)]
    [InlineData("y ~ x /", SyntaxCodes.MissingOperand, 6, 1)]
    [InlineData("y ~ x %in%", SyntaxCodes.MissingOperand, 6, 4)]
    [InlineData("y ~ * x", SyntaxCodes.MissingOperand, 4, 1)]
    [InlineData("y ~ x + * z", SyntaxCodes.MissingOperand, 6, 3)]
    [InlineData("y ~ (x + )", SyntaxCodes.MissingOperand, 7, 1)]
    [InlineData("y ~ (: a)", SyntaxCodes.MissingOperand, 5, 1)]
    [InlineData("y ~ f(x +, 2)", SyntaxCodes.MissingOperand, 8, 1)]
    [InlineData("y ~ -", SyntaxCodes.MissingOperand, 4, 1)]
    [InlineData("y ~ x + -", SyntaxCodes.MissingOperand, 8, 1)]
    [InlineData("y ~ x z", SyntaxCodes.MissingOperator, 6, 1)]
    [InlineData("y ~ (1 | g) (1 | h)", SyntaxCodes.MissingOperator, 12, 1)]
    [InlineData("y ~ 2x", SyntaxCodes.MissingOperator, 4, 2)]
    [InlineData("y ~ x 2", SyntaxCodes.MissingOperator, 6, 1)]
    [InlineData("y ~ log(x) z", SyntaxCodes.MissingOperator, 11, 1)]
    [InlineData("y ~ x `a b`", SyntaxCodes.MissingOperator, 6, 5)]
    [InlineData("y ~ x \"a\"", SyntaxCodes.MissingOperator, 6, 3)]
    [InlineData("y ~ x %o% z", SyntaxCodes.UnknownOperator, 6, 3)]
    [InlineData("y ~ x %in", SyntaxCodes.UnknownOperator, 6, 3)]
    [InlineData("y ~ x %+% z", SyntaxCodes.UnknownOperator, 6, 3)]
    [InlineData("y ~ I(x %o% 2)", SyntaxCodes.UnknownOperator, 8, 3)]
    [InlineData("y ~ x == 2", SyntaxCodes.OperatorOutsideI, 6, 2)]
    [InlineData("y ~ x > 0", SyntaxCodes.OperatorOutsideI, 6, 1)]
    [InlineData("y ~ x & z", SyntaxCodes.OperatorOutsideI, 6, 1)]
    [InlineData("y ~ !x", SyntaxCodes.OperatorOutsideI, 4, 1)]
    [InlineData("y ~ x %% 2", SyntaxCodes.OperatorOutsideI, 6, 2)]
    [InlineData("y ~ x %/% 2", SyntaxCodes.OperatorOutsideI, 6, 3)]
    [InlineData("y ~ (x > 1 | g)", SyntaxCodes.OperatorOutsideI, 7, 1)]
    [InlineData("y ~ x <= 1 + z", SyntaxCodes.OperatorOutsideI, 6, 2)]
    [InlineData("y ~ (1 | g | h)", SyntaxCodes.NestedBar, 11, 1)]
    [InlineData("y ~ (1 | (a | b))", SyntaxCodes.NestedBar, 12, 1)]
    [InlineData("y ~ (us(1|g) | h)", SyntaxCodes.NestedBar, 13, 1)]
    [InlineData("y ~ 1 | g | h", SyntaxCodes.NestedBar, 10, 1)]
    [InlineData("y ~ (1 || g | h)", SyntaxCodes.NestedBar, 12, 1)]
    [InlineData("y ~ x + ,", SyntaxCodes.MissingOperand, 6, 1)]
    [InlineData("y ~ x,z", SyntaxCodes.SyntaxError, 5, 1)]
    [InlineData("y ~ poly(x, )", SyntaxCodes.MissingArgument, 10, 3)]
    [InlineData("y ~ f(, x)", SyntaxCodes.MissingArgument, 6, 1)]
    [InlineData("y ~ f(x,,y)", SyntaxCodes.MissingArgument, 7, 2)]
    [InlineData("y ~ poly(x, degree = )", SyntaxCodes.MissingArgument, 19, 1)]
    [InlineData("y ~ ()", SyntaxCodes.EmptyParentheses, 4, 2)]
    [InlineData("y ~ x + ()", SyntaxCodes.EmptyParentheses, 8, 2)]
    [InlineData("() ~ x", SyntaxCodes.EmptyParentheses, 0, 2)]
    [InlineData("~", SyntaxCodes.MissingRightHandSide, 0, 1)]
    [InlineData("y ~", SyntaxCodes.MissingRightHandSide, 2, 1)]
    [InlineData("y ~ ", SyntaxCodes.MissingRightHandSide, 2, 1)]
    [InlineData("y ~ )", SyntaxCodes.UnmatchedClosingParenthesis, 4, 1)]
    [InlineData("y = x", SyntaxCodes.SyntaxError, 2, 1)]
    [InlineData("y ~ x = 2", SyntaxCodes.SyntaxError, 6, 1)]
    [InlineData("y <- x", SyntaxCodes.SyntaxError, 2, 2)]
    [InlineData("y ~ x && z", SyntaxCodes.SyntaxError, 6, 2)]
    [InlineData("y ~ I(x && z)", SyntaxCodes.SyntaxError, 8, 2)]
    [InlineData("y ~ stats::poly(x, 2)", SyntaxCodes.UnsupportedRSyntax, 9, 2)]
    [InlineData("y ~ d$x", SyntaxCodes.UnsupportedRSyntax, 5, 1)]
    [InlineData("y ~ x[1]", SyntaxCodes.UnsupportedRSyntax, 5, 1)]
    [InlineData("y ~ x[[1]]", SyntaxCodes.UnsupportedRSyntax, 5, 1)]
    [InlineData("y ~ {x}", SyntaxCodes.UnsupportedRSyntax, 4, 1)]
    [InlineData("y ~ x; z", SyntaxCodes.UnsupportedRSyntax, 5, 1)]
    [InlineData("y ~ x @ z", SyntaxCodes.UnsupportedRSyntax, 6, 1)]
    [InlineData("y ~ base:::log(x)", SyntaxCodes.UnsupportedRSyntax, 8, 3)]
    [InlineData("y ~ if", SyntaxCodes.ReservedWord, 4, 2)]
    [InlineData("y ~ x + function", SyntaxCodes.ReservedWord, 8, 8)]
    [InlineData("y ~ if(x)", SyntaxCodes.ReservedWord, 4, 2)]
    [InlineData("y ~ TRUE(x)", SyntaxCodes.ReservedWord, 4, 4)]
    [InlineData("y ~ f(if = 1)", SyntaxCodes.ReservedWord, 6, 2)]
    [InlineData("y ~ for + in", SyntaxCodes.ReservedWord, 4, 3)]
    [InlineData("y ~ x + else", SyntaxCodes.ReservedWord, 8, 4)]
    [InlineData("y ~ 1e", SyntaxCodes.MalformedNumber, 4, 2)]
    [InlineData("y ~ 1e+", SyntaxCodes.MalformedNumber, 4, 3)]
    [InlineData("y ~ 2.5e-", SyntaxCodes.MalformedNumber, 4, 5)]
    [InlineData("y ~ 0x", SyntaxCodes.MalformedNumber, 4, 2)]
    [InlineData("y ~ .5e", SyntaxCodes.MalformedNumber, 4, 3)]
    [InlineData("y ~ x + \"a\"", SyntaxCodes.StringOutsideCall, 8, 3)]
    [InlineData("\"y\" ~ x", SyntaxCodes.StringOutsideCall, 0, 3)]
    [InlineData("y ~ (\"a\" | g)", SyntaxCodes.StringOutsideCall, 5, 3)]
    [InlineData("(1|g) ~ x", SyntaxCodes.RandomTermInResponse, 0, 5)]
    [InlineData("log(y) + (1 | g) ~ x", SyntaxCodes.RandomTermInResponse, 9, 7)]
    [InlineData("(x || g) ~ 1", SyntaxCodes.RandomTermInResponse, 0, 8)]
    [InlineData("y ~ ``", SyntaxCodes.EmptyBackquotedName, 4, 2)]
    [InlineData("``", SyntaxCodes.EmptyBackquotedName, 0, 2)]
    [InlineData("y ~ x !", SyntaxCodes.MissingOperator, 6, 1)]
    [InlineData("y ~ x <> 2", SyntaxCodes.SyntaxError, 6, 2)]
    [InlineData("y ~ I(x => 2)", SyntaxCodes.SyntaxError, 8, 2)]
    [InlineData("y ~ x -> z", SyntaxCodes.SyntaxError, 6, 2)]
    [InlineData("y ~ 1i", SyntaxCodes.UnsupportedRSyntax, 4, 2)]
    [InlineData("y ~ (1 | g:)", SyntaxCodes.MissingOperand, 10, 1)]
    [InlineData("y ~ x + (1 | g) + (1 | g))", SyntaxCodes.UnmatchedClosingParenthesis, 25, 1)]
    public void FirstErrorHasCodeAndSpan(string input, string code, int start, int length)
    {
        var result = Formula.TryParse(input);
        Assert.False(result.Success);
        Assert.Null(result.Syntax);
        var error = result.Diagnostics.First(d => d.IsError);
        Assert.Equal((code, new TextSpan(start, length)), (error.Code, error.Span!.Value));
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.DoesNotContain("mismatched input", error.Message);
        Assert.DoesNotContain("expecting", error.Message);
    }

    [Theory]
    [InlineData("y ~ x + log(z + (1 | g)", "missing ')' to close '(' opened at column 12")]
    [InlineData("y ~ 1 | g", "'|' must be inside parentheses: write (1 | g)")]
    [InlineData("y ~ x + z || h", "'||' must be inside parentheses: write (x + z || h)")]
    [InlineData("y ~ (1 | )", "nothing after '|': name the grouping factor, e.g. (1 | g)")]
    [InlineData("y ~ x ~ z", "a formula has at most one '~'; this one comes after the '~' at column 3")]
    [InlineData("y ~ x +\n (1 | g", "missing ')' to close '(' opened at line 2, column 2")]
    [InlineData("y ~ x == 2", "'==' is a comparison, not formula syntax: wrap it in I(), e.g. I(x == 2)")]
    [InlineData("y ~ poly(x, )", "missing argument after ',' in poly(): remove the ',' or add the argument")]
    [InlineData("y ~ x)", "')' at column 6 has no matching '(': remove it or add the '(' it closes")]
    public void MessagesSpeakToStatisticians(string input, string message)
    {
        var error = Formula.TryParse(input).Diagnostics.First(d => d.IsError);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void TheCaretPointsAtTheExtraTildeNotTheFirst()
    {
        var error = Formula.TryParse("y ~ a + b ~ c").Diagnostics.Single();
        Assert.Equal(SyntaxCodes.MoreThanOneTilde, error.Code);
        Assert.Equal(new TextSpan(10, 1), error.Span);
    }

    [Fact]
    public void ParseThrowsOneExceptionTypeCarryingTheDiagnostics()
    {
        var ex = Assert.Throws<FormulaLmmException>(() => Formula.Parse("y ~ (1 | g"));
        Assert.Equal("y ~ (1 | g", ex.Source);
        var d = Assert.Single(ex.Diagnostics);
        Assert.Equal(SyntaxCodes.UnclosedParenthesis, d.Code);
        Assert.StartsWith("error FL0003: missing ')'", ex.Message);
    }

    [Fact]
    public void IndependentErrorsAreAllReported()
    {
        var errors = Formula.TryParse("y ~ x == 1 + w | h").Diagnostics.Where(d => d.IsError).ToList();
        Assert.Equal(new[] { SyntaxCodes.BarOutsideParentheses, SyntaxCodes.OperatorOutsideI },
                     errors.Select(e => e.Code).OrderBy(c => c).ToArray());
    }

    [Fact]
    public void NonIntegerLiteralsWarnButParse()
    {
        var result = Formula.TryParse("y ~ poly(x, 1.5L) + I(x * 3000000000L)");
        Assert.True(result.Success);
        Assert.Equal("y ~ poly(x, 1.5) + I(x * 3e+09)", FormulaPrinter.Print(result.Syntax!));
        Assert.Equal(new[] { (SyntaxCodes.NonIntegerLiteral, new TextSpan(12, 4)), (SyntaxCodes.NonIntegerLiteral, new TextSpan(26, 11)) },
                     result.Diagnostics.Select(d => (d.Code, d.Span!.Value)).ToArray());
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public void NullTextIsAnEmptyFormula()
    {
        var result = Formula.TryParse(null);
        Assert.Equal(SyntaxCodes.EmptyFormula, Assert.Single(result.Diagnostics).Code);
    }
}
