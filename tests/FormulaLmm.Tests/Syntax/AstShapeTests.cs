using FormulaLmm.Syntax;
using FormulaLmm.Text;
using static FormulaLmm.Tests.Syntax.Ast;

namespace FormulaLmm.Tests.Syntax;

/// <summary>The AST of valid formulas: precedence, associativity, node kinds and spans.</summary>
public class AstShapeTests
{
    private static Expression Rhs(string formula) => Formula.Parse(formula).RightHandSide;

    [Fact]
    public void ResponseAndRightHandSide()
    {
        var f = Formula.Parse("log(y) ~ x");
        Assert.Equal(Call("log", N("y")), f.Response);
        Assert.Equal(N("x"), f.RightHandSide);
        Assert.Null(Formula.Parse("~ x").Response);
    }

    [Fact]
    public void PrecedenceFollowsR()
    {
        // ^ > unary - > : > %in% > * / > + -
        Assert.Equal(B(BinaryOperator.Plus, N("a"), B(BinaryOperator.Times, N("b"), N("c"))), Rhs("y ~ a + b * c"));
        Assert.Equal(B(BinaryOperator.Times, N("a"), B(BinaryOperator.In, N("b"), N("c"))), Rhs("y ~ a * b %in% c"));
        Assert.Equal(B(BinaryOperator.In, B(BinaryOperator.Interaction, N("a"), N("b")), N("c")), Rhs("y ~ a:b %in% c"));
        Assert.Equal(B(BinaryOperator.Interaction, U(UnaryOperator.Minus, N("a")), N("b")), Rhs("y ~ -a:b"));
        Assert.Equal(U(UnaryOperator.Minus, B(BinaryOperator.Power, N("a"), Num(2))), Rhs("y ~ -a^2"));
        Assert.Equal(B(BinaryOperator.Power, N("a"), U(UnaryOperator.Minus, Num(1))), Rhs("y ~ a^-1"));
        Assert.Equal(B(BinaryOperator.Divide, B(BinaryOperator.Plus, N("a"), N("b")), N("c")), Rhs("y ~ (a + b)/c"));
        Assert.Equal(B(BinaryOperator.Power, B(BinaryOperator.Plus, N("a"), N("b")), Num(2)), Rhs("y ~ (a + b)**2"));
    }

    [Fact]
    public void AssociativityFollowsR()
    {
        Assert.Equal(B(BinaryOperator.Minus, B(BinaryOperator.Minus, N("a"), N("b")), N("c")), Rhs("y ~ a - b - c"));
        Assert.Equal(B(BinaryOperator.Divide, B(BinaryOperator.Divide, N("a"), N("b")), N("c")), Rhs("y ~ a/b/c"));
        Assert.Equal(B(BinaryOperator.Power, N("a"), B(BinaryOperator.Power, N("b"), N("c"))), Rhs("y ~ a^b^c"));
        Assert.Equal(B(BinaryOperator.In, B(BinaryOperator.In, N("a"), N("b")), N("c")), Rhs("y ~ a %in% b %in% c"));
    }

    [Fact]
    public void InterceptForms()
    {
        Assert.Equal(Num(1), Rhs("y ~ 1"));
        Assert.Equal(Num(0), Rhs("y ~ 0"));
        Assert.Equal(U(UnaryOperator.Minus, Num(1)), Rhs("y ~ -1"));
        Assert.Equal(B(BinaryOperator.Plus, U(UnaryOperator.Plus, Num(0)), N("x")), Rhs("y ~ +0 + x"));
        Assert.Equal(B(BinaryOperator.Minus, N("x"), Num(1)), Rhs("y ~ x - 1"));
    }

    [Fact]
    public void RandomEffectsTerms()
    {
        var t = Assert.IsType<RandomTermExpression>(Rhs("y ~ (1 + x | g)"));
        Assert.False(t.Uncorrelated);
        Assert.Equal(B(BinaryOperator.Plus, Num(1), N("x")), t.Effects);
        Assert.Equal(N("g"), t.Group);

        var u = Assert.IsType<RandomTermExpression>(Rhs("y ~ (x || g)"));
        Assert.True(u.Uncorrelated);

        Assert.Equal(R(Num(1), B(BinaryOperator.Divide, N("a"), N("b"))), Rhs("y ~ (1 | a/b)"));
        Assert.Equal(R(Num(1), B(BinaryOperator.Interaction, N("a"), N("b"))), Rhs("y ~ (1 | a:b)"));
        Assert.Equal(R(Num(1), N("g")), Rhs("y ~ ((1 | g))"));
    }

    [Theory]
    [InlineData("us")]
    [InlineData("diag")]
    [InlineData("cs")]
    [InlineData("ar1")]
    public void CovarianceSpecialsWrapABarTerm(string special)
    {
        var call = Assert.IsType<CallExpression>(Rhs($"y ~ {special}(1 + t | g)"));
        Assert.Equal(special, call.Function);
        var arg = Assert.Single(call.Arguments);
        Assert.Null(arg.Name);
        Assert.Equal(R(B(BinaryOperator.Plus, Num(1), N("t")), N("g")), arg.Value);
    }

    [Fact]
    public void CallsWithNamedArguments()
    {
        var call = Assert.IsType<CallExpression>(Rhs("y ~ poly(x, degree = 2, raw = TRUE)"));
        Assert.Equal(new string?[] { null, "degree", "raw" }, call.Arguments.Select(a => a.Name).ToArray());
        Assert.Equal(Num(2), call.Arguments[1].Value);
        Assert.Equal(N("TRUE"), call.Arguments[2].Value);
        Assert.True(((NameExpression)call.Arguments[2].Value).IsRConstant);
        Assert.Empty(Assert.IsType<CallExpression>(Rhs("y ~ f()")).Arguments);
        Assert.Equal(new string?[] { "b c" }, Assert.IsType<CallExpression>(Rhs("y ~ f(`b c` = 1)")).Arguments.Select(a => a.Name).ToArray());
    }

    [Fact]
    public void ArithmeticInsideI()
    {
        var call = Assert.IsType<CallExpression>(Rhs("y ~ I(x^2 + 1 > 3 & !z)"));
        Assert.Equal(
            B(BinaryOperator.And,
                B(BinaryOperator.Greater, B(BinaryOperator.Plus, B(BinaryOperator.Power, N("x"), Num(2)), Num(1)), Num(3)),
                U(UnaryOperator.Not, N("z"))),
            call.Arguments[0].Value);
        Assert.Equal(Call("I", B(BinaryOperator.Modulo, N("x"), Num(2))), Rhs("y ~ I(x %% 2)"));
        Assert.Equal(Call("I", B(BinaryOperator.IntegerDivide, N("x"), Num(2))), Rhs("y ~ I(x %/% 2)"));
    }

    [Fact]
    public void NamesAndConstants()
    {
        Assert.Equal(N("a b"), Rhs("y ~ `a b`"));
        Assert.Equal(N("x"), Rhs("y ~ `x`"));
        Assert.True(((NameExpression)Rhs("y ~ `a b`")).NeedsBackquotes);
        Assert.False(((NameExpression)Rhs("y ~ `x`")).NeedsBackquotes);
        Assert.Equal(N("."), Rhs("y ~ ."));
        var inf = Assert.IsType<NumberExpression>(Rhs("y ~ Inf"));
        Assert.Equal(double.PositiveInfinity, inf.Value);
        Assert.True(double.IsNaN(Assert.IsType<NumberExpression>(Rhs("y ~ NaN")).Value));
        Assert.Equal(N("Inf"), Rhs("y ~ `Inf`"));
    }

    [Theory]
    [InlineData("1", 1.0, false)]
    [InlineData("2.5", 2.5, false)]
    [InlineData(".5", 0.5, false)]
    [InlineData("5.", 5.0, false)]
    [InlineData("1e5", 1e5, false)]
    [InlineData("1E-3", 1e-3, false)]
    [InlineData("1.5e+2", 150.0, false)]
    [InlineData("0x1F", 31.0, false)]
    [InlineData("0XfF", 255.0, false)]
    [InlineData("2L", 2.0, true)]
    [InlineData("1e3L", 1000.0, true)]
    [InlineData("0x10L", 16.0, true)]
    [InlineData("1e999", double.PositiveInfinity, false)]
    public void NumberLiterals(string literal, double value, bool integer)
    {
        var n = Assert.IsType<NumberExpression>(Rhs("y ~ " + literal));
        Assert.Equal(value, n.Value);
        Assert.Equal(literal, n.Text);
        Assert.Equal(integer, n.IsInteger);
    }

    [Fact]
    public void StringsAreUnescaped()
    {
        var call = Assert.IsType<CallExpression>(Rhs(@"y ~ f(""a\""b\n\\"", 'c d', ""\x41"")"));
        Assert.Equal(new[] { "a\"b\n\\", "c d", "A" }, call.Arguments.Select(a => ((StringExpression)a.Value).Value).ToArray());
        Assert.Equal(@"y ~ f(""a\""b\n\\"", ""c d"", ""A"")", FormulaPrinter.Print(Formula.Parse(@"y ~ f(""a\""b\n\\"", 'c d', ""\x41"")")));
    }

    [Fact]
    public void SpansPointIntoTheText()
    {
        const string text = "y ~ log(x) + (1 + t | g) + poly(z, degree = 2)";
        var f = Formula.Parse(text);
        Assert.Equal(new TextSpan(0, text.Length), f.Span);
        Assert.Equal(new TextSpan(0, 1), f.Response!.Span);
        var sum = Assert.IsType<BinaryExpression>(f.RightHandSide);
        Assert.Equal(TextSpan.FromBounds(4, text.Length), sum.Span);
        var poly = Assert.IsType<CallExpression>(sum.Right);
        Assert.Equal("poly(z, degree = 2)", Slice(text, poly.Span));
        Assert.Equal("poly", Slice(text, poly.FunctionSpan));
        Assert.Equal("degree = 2", Slice(text, poly.Arguments[1].Span));
        var inner = Assert.IsType<BinaryExpression>(sum.Left);
        Assert.Equal("(1 + t | g)", Slice(text, inner.Right.Span));
        var bar = (RandomTermExpression)inner.Right;
        Assert.Equal("1 + t", Slice(text, bar.Effects.Span));
        Assert.Equal("g", Slice(text, bar.Group.Span));
        Assert.Equal("log(x)", Slice(text, inner.Left.Span));
        Assert.Equal("us(1 | g)", Slice("y ~ us(1 | g)", Formula.Parse("y ~ us(1 | g)").RightHandSide.Span));
        Assert.Equal("1 | g", Slice("y ~ us(1 | g)", ((CallExpression)Formula.Parse("y ~ us(1 | g)").RightHandSide).Arguments[0].Value.Span));
    }

    [Fact]
    public void EqualityIgnoresSpansAndText()
    {
        var a = Formula.Parse("y~x+(1|g)");
        var b = Formula.Parse("  y ~ x +  ( 1 |g )");
        Assert.NotEqual(a.RightHandSide.Span, b.RightHandSide.Span);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(Formula.Parse("y ~ x + z"), Formula.Parse("y ~ z + x"));
        Assert.NotEqual(Formula.Parse("y ~ (1 | g)"), Formula.Parse("y ~ (1 || g)"));
        Assert.NotEqual(Formula.Parse("y ~ x"), Formula.Parse("~ x"));
    }

    [Fact]
    public void NumbersAreEqualWhenRPrintsThemAlike()
    {
        Assert.Equal(Rhs("y ~ 1e5"), Rhs("y ~ 100000"));
        Assert.Equal(Rhs("y ~ 0x10"), Rhs("y ~ 16"));
        Assert.Equal(Rhs("y ~ 0.30000000000000004"), Rhs("y ~ 0.3"));
        Assert.NotEqual(Rhs("y ~ 2L"), Rhs("y ~ 2"));
        Assert.NotEqual(Rhs("y ~ 0.1"), Rhs("y ~ 0.2"));
    }

    private static string Slice(string text, TextSpan span) => text.Substring(span.Start, span.Length);
}

/// <summary>Span-less AST constructors for expected values (equality ignores spans).</summary>
internal static class Ast
{
    private static readonly TextSpan S = default;
    public static NameExpression N(string name) => new(name, S);
    public static NumberExpression Num(double value) => new(value, value.ToString(System.Globalization.CultureInfo.InvariantCulture), S);
    public static StringExpression Str(string value) => new(value, S);
    public static UnaryExpression U(UnaryOperator op, Expression operand) => new(op, operand, S);
    public static BinaryExpression B(BinaryOperator op, Expression left, Expression right) => new(op, left, right, S);
    public static RandomTermExpression R(Expression effects, Expression group, bool uncorrelated = false) => new(effects, group, uncorrelated, S);
    public static CallExpression Call(string function, params Expression[] args) =>
        new(function, new SyntaxList<Argument>(args.Select(a => new Argument(null, a, S))), S, S);
    public static CallExpression Call(string function, params (string? Name, Expression Value)[] args) =>
        new(function, new SyntaxList<Argument>(args.Select(a => new Argument(a.Name, a.Value, S))), S, S);
}
