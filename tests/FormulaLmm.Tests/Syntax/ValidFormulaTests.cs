using FormulaLmm.Syntax;

namespace FormulaLmm.Tests.Syntax;

/// <summary>
/// Valid formulas against their canonical form. The expected texts are R 4.2's deparse of the
/// same formula (tests/FormulaLmm.Tests/Syntax/r-deparse.R), except where a
/// comment says how and why FormulaLmm differs.
/// </summary>
public class ValidFormulaTests
{
    [Theory]
    [InlineData("y ~ x", "y ~ x")]
    [InlineData("y~x", "y ~ x")]
    [InlineData("  y ~ x +  ( 1 |g )", "y ~ x + (1 | g)")]
    [InlineData("y ~ 1", "y ~ 1")]
    [InlineData("y ~ 0", "y ~ 0")]
    [InlineData("y ~ -1", "y ~ -1")]
    [InlineData("y ~ x - 1", "y ~ x - 1")]
    [InlineData("y ~ 0 + x", "y ~ 0 + x")]
    [InlineData("y ~ x + 0", "y ~ x + 0")]
    [InlineData("y ~ +0 + x", "y ~ +0 + x")]
    [InlineData("y ~ 1 + x", "y ~ 1 + x")]
    [InlineData("~ x", "~x")]
    [InlineData("~x + z", "~x + z")]
    [InlineData("~ 0 + x", "~0 + x")]
    [InlineData("~1", "~1")]
    [InlineData("y ~ .", "y ~ .")]
    [InlineData("y ~ . - x", "y ~ . - x")]
    [InlineData("y ~ x + z + w", "y ~ x + z + w")]
    [InlineData("y ~ x + z - x", "y ~ x + z - x")]
    [InlineData("y ~ a * b", "y ~ a * b")]
    [InlineData("y ~ a*b*c", "y ~ a * b * c")]
    [InlineData("y ~ a:b", "y ~ a:b")]
    [InlineData("y ~ a:b:c", "y ~ a:b:c")]
    [InlineData("y ~ a * b + c", "y ~ a * b + c")]
    [InlineData("y ~ a + b * c", "y ~ a + b * c")]
    [InlineData("y ~ (a + b) * c", "y ~ (a + b) * c")]
    [InlineData("y ~ a * (b + c)", "y ~ a * (b + c)")]
    [InlineData("y ~ (a + b + c)^2", "y ~ (a + b + c)^2")]
    [InlineData("y ~ (a+b+c)**2", "y ~ (a + b + c)^2")]
    [InlineData("y ~ a^2", "y ~ a^2")]
    [InlineData("y ~ a/b", "y ~ a/b")]
    [InlineData("y ~ a/b/c", "y ~ a/b/c")]
    [InlineData("y ~ a/(b/c)", "y ~ a/(b/c)")]
    [InlineData("y ~ (a/b)/c", "y ~ a/b/c")]  // R keeps redundant parentheses: y ~ (a/b)/c
    [InlineData("y ~ a/(b + c)", "y ~ a/(b + c)")]
    [InlineData("y ~ x %in% a", "y ~ x %in% a")]
    [InlineData("y ~ x %in% a %in% b", "y ~ x %in% a %in% b")]
    [InlineData("y ~ x %in% (a %in% b)", "y ~ x %in% (a %in% b)")]
    [InlineData("y ~ a:b %in% c", "y ~ a:b %in% c")]
    [InlineData("y ~ a %in% b:c", "y ~ a %in% b:c")]
    [InlineData("y ~ a * b %in% c", "y ~ a * b %in% c")]
    [InlineData("y ~ (a * b) %in% c", "y ~ (a * b) %in% c")]
    [InlineData("y ~ a - b", "y ~ a - b")]
    [InlineData("y ~ a - (b - c)", "y ~ a - (b - c)")]
    [InlineData("y ~ (a - b) - c", "y ~ a - b - c")]  // R keeps redundant parentheses: y ~ (a - b) - c
    [InlineData("y ~ a - -b", "y ~ a - -b")]
    [InlineData("y ~ -a", "y ~ -a")]
    [InlineData("y ~ -a:b", "y ~ -a:b")]
    [InlineData("y ~ -(a:b)", "y ~ -(a:b)")]
    [InlineData("y ~ (-a):b", "y ~ -a:b")]  // R keeps redundant parentheses: y ~ (-a):b
    [InlineData("y ~ a:-b", "y ~ a:-b")]
    [InlineData("y ~ -a^2", "y ~ -a^2")]
    [InlineData("y ~ (-a)^2", "y ~ (-a)^2")]
    [InlineData("y ~ a^-1", "y ~ a^-1")]
    [InlineData("y ~ a^(b^c)", "y ~ a^b^c")]  // R keeps redundant parentheses: y ~ a^(b^c)
    [InlineData("y ~ (a^b)^c", "y ~ (a^b)^c")]
    [InlineData("y ~ a^b^c", "y ~ a^b^c")]
    [InlineData("y ~ --x", "y ~ --x")]
    [InlineData("y ~ + + x", "y ~ ++x")]
    [InlineData("y ~ x + + z", "y ~ x + +z")]
    [InlineData("y ~ log(x)", "y ~ log(x)")]
    [InlineData("y ~ log(x, base = 2)", "y ~ log(x, base = 2)")]
    [InlineData("y ~ exp(x) + sqrt(x) + abs(x)", "y ~ exp(x) + sqrt(x) + abs(x)")]
    [InlineData("y ~ I(x^2)", "y ~ I(x^2)")]
    [InlineData("y ~ I(x^2 + 1)", "y ~ I(x^2 + 1)")]
    [InlineData("y ~ I(x * 2)", "y ~ I(x * 2)")]
    [InlineData("y ~ I((x + 1)^2)", "y ~ I((x + 1)^2)")]
    [InlineData("y ~ I(x - 1)", "y ~ I(x - 1)")]
    [InlineData("y ~ I(-x)", "y ~ I(-x)")]
    [InlineData("y ~ I(x/2)", "y ~ I(x/2)")]
    [InlineData("y ~ I(x %% 2)", "y ~ I(x%%2)")]
    [InlineData("y ~ I(x %/% 2)", "y ~ I(x%/%2)")]
    [InlineData("y ~ I(x > 2)", "y ~ I(x > 2)")]
    [InlineData("y ~ I(x >= 2 & z <= 3)", "y ~ I(x >= 2 & z <= 3)")]
    [InlineData("y ~ I(x == 1)", "y ~ I(x == 1)")]
    [InlineData("y ~ I(x != 1)", "y ~ I(x != 1)")]
    [InlineData("y ~ I(!z)", "y ~ I(!z)")]
    [InlineData("y ~ I(a & !b)", "y ~ I(a & !b)")]
    [InlineData("y ~ poly(x, 2)", "y ~ poly(x, 2)")]
    [InlineData("y ~ poly(x, degree = 2, raw = TRUE)", "y ~ poly(x, degree = 2, raw = TRUE)")]
    [InlineData("y ~ scale(x)", "y ~ scale(x)")]
    [InlineData("y ~ scale(x, center = TRUE, scale = FALSE)", "y ~ scale(x, center = TRUE, scale = FALSE)")]
    [InlineData("y ~ factor(g)", "y ~ factor(g)")]
    [InlineData("y ~ factor(g):x", "y ~ factor(g):x")]
    [InlineData("y ~ x + offset(o)", "y ~ x + offset(o)")]
    [InlineData("y ~ x + offset(log(n))", "y ~ x + offset(log(n))")]
    [InlineData("y ~ ns(x, df = 3)", "y ~ ns(x, df = 3)")]
    [InlineData("y ~ relevel(f, ref = \"b\")", "y ~ relevel(f, ref = \"b\")")]
    [InlineData("y ~ relevel(f, ref = 'b')", "y ~ relevel(f, ref = \"b\")")]
    [InlineData("log(y) ~ x", "log(y) ~ x")]
    [InlineData("log(y + 1) ~ x", "log(y + 1) ~ x")]
    [InlineData("cbind(s, f) ~ x", "cbind(s, f) ~ x")]
    [InlineData("y ~ f()", "y ~ f()")]
    [InlineData("y ~ `a b`", "y ~ `a b`")]
    [InlineData("y ~ `a b` + `c.d`", "y ~ `a b` + c.d")]
    [InlineData("y ~ `x`", "y ~ x")]
    [InlineData("y ~ `if`", "y ~ `if`")]
    [InlineData("y ~ `1x`", "y ~ `1x`")]
    [InlineData("y ~ `_x`", "y ~ `_x`")]
    [InlineData("y ~ `TRUE`", "y ~ TRUE")]  // R keeps the backquotes; TRUE is the constant here
    [InlineData("y ~ .x + ..y + x_1 + x.1", "y ~ .x + ..y + x_1 + x.1")]
    [InlineData("y ~ x + (1 | g)", "y ~ x + (1 | g)")]
    [InlineData("y ~ (1|g)", "y ~ (1 | g)")]
    [InlineData("y ~ (1 + x | g)", "y ~ (1 + x | g)")]
    [InlineData("y ~ (x | g)", "y ~ (x | g)")]
    [InlineData("y ~ (0 + x | g)", "y ~ (0 + x | g)")]
    [InlineData("y ~ (-1 + x | g)", "y ~ (-1 + x | g)")]
    [InlineData("y ~ (1 || g)", "y ~ (1 || g)")]
    [InlineData("y ~ (1 + x || g)", "y ~ (1 + x || g)")]
    [InlineData("y ~ (1 | g) + (1 | h)", "y ~ (1 | g) + (1 | h)")]
    [InlineData("y ~ (1 | a/b)", "y ~ (1 | a/b)")]
    [InlineData("y ~ (1 | a:b)", "y ~ (1 | a:b)")]
    [InlineData("y ~ (1 | a/b/c)", "y ~ (1 | a/b/c)")]
    [InlineData("y ~ (1 | a) + (1 | a:b)", "y ~ (1 | a) + (1 | a:b)")]
    [InlineData("y ~ (x + z | g:h)", "y ~ (x + z | g:h)")]
    [InlineData("y ~ ((1 | g))", "y ~ (1 | g)")]  // R keeps redundant parentheses: y ~ ((1 | g))
    [InlineData("y ~ (1 | g) + x", "y ~ (1 | g) + x")]
    [InlineData("y ~ x * z + (x | g)", "y ~ x * z + (x | g)")]
    [InlineData("y ~ us(1 | g)", "y ~ us(1 | g)")]
    [InlineData("y ~ us(1 + t | g)", "y ~ us(1 + t | g)")]
    [InlineData("y ~ diag(t || g)", "y ~ diag(t || g)")]
    [InlineData("y ~ cs(1 | g)", "y ~ cs(1 | g)")]
    [InlineData("y ~ ar1(0 + t | g)", "y ~ ar1(0 + t | g)")]
    [InlineData("y ~ x + ar1(t + 0 | g)", "y ~ x + ar1(t + 0 | g)")]
    [InlineData("y ~ diag(1 + t | a/b)", "y ~ diag(1 + t | a/b)")]
    [InlineData("y ~ x + us((1 | g))", "y ~ x + us(1 | g)")]  // R keeps redundant parentheses: y ~ x + us((1 | g))
    [InlineData("Reaction ~ Days + (Days | Subject)", "Reaction ~ Days + (Days | Subject)")]
    [InlineData("Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)", "Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)")]
    [InlineData("y ~ service * dept + (1 | s) + (1 | d)", "y ~ service * dept + (1 | s) + (1 | d)")]
    [InlineData("diameter ~ 1 + (1 | plate) + (1 | sample)", "diameter ~ 1 + (1 | plate) + (1 | sample)")]
    [InlineData("strength ~ 1 + (1 | batch/cask)", "strength ~ 1 + (1 | batch/cask)")]
    [InlineData("y ~ 1e5", "y ~ 1e+05")]
    [InlineData("y ~ 100000", "y ~ 1e+05")]
    [InlineData("y ~ 123456", "y ~ 123456")]
    [InlineData("y ~ 0.5", "y ~ 0.5")]
    [InlineData("y ~ .5", "y ~ 0.5")]
    [InlineData("y ~ 5.", "y ~ 5")]
    [InlineData("y ~ 1e-5", "y ~ 1e-05")]
    [InlineData("y ~ 2L", "y ~ 2L")]
    [InlineData("y ~ 1e3L", "y ~ 1000L")]
    [InlineData("y ~ 0x1F", "y ~ 31")]
    [InlineData("y ~ 1.5e300", "y ~ 1.5e+300")]
    [InlineData("y ~ 3.14159265358979323", "y ~ 3.14159265358979")]
    [InlineData("y ~ Inf", "y ~ Inf")]
    [InlineData("y ~ NaN", "y ~ NaN")]
    [InlineData("y ~ TRUE", "y ~ TRUE")]
    [InlineData("y ~ NA", "y ~ NA")]
    [InlineData("y ~ x + NULL", "y ~ x + NULL")]
    [InlineData("y ~ x * (z + w) : v", "y ~ x * (z + w):v")]
    [InlineData("y ~ x:(z + w)", "y ~ x:(z + w)")]
    [InlineData("y ~ (x + z):w", "y ~ (x + z):w")]
    [InlineData("y ~ (x * z) / w", "y ~ x * z/w")]  // R keeps redundant parentheses: y ~ (x * z)/w
    [InlineData("y ~ x * (z / w)", "y ~ x * (z/w)")]
    [InlineData("y ~ x / z * w", "y ~ x/z * w")]
    [InlineData("y ~ (x / z) * w", "y ~ x/z * w")]  // R keeps redundant parentheses: y ~ (x/z) * w
    [InlineData("y ~ a + b - c + d", "y ~ a + b - c + d")]
    [InlineData("y ~ a - (b + c)", "y ~ a - (b + c)")]
    [InlineData("y ~ a + (b + c)", "y ~ a + (b + c)")]
    [InlineData("y ~ (a + b) + c", "y ~ a + b + c")]  // R keeps redundant parentheses: y ~ (a + b) + c
    [InlineData("y ~ x # a comment", "y ~ x")]
    [InlineData("(y ~ x)", "y ~ x")]
    [InlineData("((y ~ x + (1 | g)))", "y ~ x + (1 | g)")]
    [InlineData("y ~ f(a = 1, `b c` = 2, 3)", "y ~ f(a = 1, `b c` = 2, 3)")]
    [InlineData("y ~ `my fun`(x)", "y ~ `my fun`(x)")]
    [InlineData("y ~ `if`(x)", "y ~ `if`(x)")]  // R reads a bare `if`( as the if statement
    [InlineData("y ~ f(`if` = 2)", "y ~ f(`if` = 2)")]
    public void CanonicalFormMatchesRDeparse(string input, string canonical)
    {
        var result = Formula.TryParse(input);
        Assert.True(result.Success, string.Join("; ", result.Diagnostics));
        Assert.Equal(canonical, FormulaPrinter.Print(result.Syntax!));
        // The canonical form is a fixed point, and its AST equals the original's.
        var again = Formula.Parse(canonical);
        Assert.Equal(result.Syntax, again);
        Assert.Equal(canonical, FormulaPrinter.Print(again));
    }

    [Theory]
    [InlineData("y ~\n  x +\n  z", "y ~ x + z")]
    [InlineData("y ~ x +\r\n (1 | g)", "y ~ x + (1 | g)")]
    [InlineData("\ty\t~\tx", "y ~ x")]
    [InlineData("y ~ x # the slope\n + z", "y ~ x + z")]
    public void LineBreaksTabsAndCommentsAreWhitespace(string input, string canonical) =>
        Assert.Equal(canonical, Formula.Canonical(input));

    [Fact]
    public void WhitespaceNeverChangesTheCanonicalForm()
    {
        Assert.Equal("y ~ x + (1 | g)", Formula.Canonical("y~x+(1|g)"));
        Assert.Equal("y ~ x + (1 | g)", Formula.Canonical("  y ~ x +  ( 1 |g )"));
        Assert.Equal(Formula.Canonical("y~a*b+I(x^2+1)+(1+x||g/h)+us(t|g)"),
                     Formula.Canonical(" y  ~  a * b  +  I ( x ^ 2 + 1 ) + ( 1 + x || g / h ) + us ( t | g ) "));
    }

    [Fact]
    public void NonAsciiLettersAreNames()
    {
        Assert.Equal("größe ~ länge + (1 | städte)", Formula.Canonical("größe~länge+(1|städte)"));
    }
}
