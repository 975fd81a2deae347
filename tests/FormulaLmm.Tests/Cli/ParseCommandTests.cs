using System.Text.Json;
using FormulaLmm.Cli;

using static FormulaLmm.Tests.Cli.CliRunner;

namespace FormulaLmm.Tests.Cli;

/// <summary>formula-lmm parse, run in-process through CliApp.Run.</summary>
public class ParseCommandTests
{
    [Theory]
    [InlineData("y~x+(1|g)", "y ~ x + (1 | g)")]
    [InlineData("Reaction ~ Days + (Days | Subject)", "Reaction ~ Days + (Days | Subject)")]
    [InlineData("y ~ x*f + (1 + x || g/h) + us(t|g)", "y ~ x * f + (1 + x || g/h) + us(t | g)")]
    [InlineData("log(y) ~ I(x**2 + 1) + poly(x, degree=2)", "log(y) ~ I(x^2 + 1) + poly(x, degree = 2)")]
    [InlineData("~ 0 + x", "~0 + x")]
    [InlineData("y ~ 1e5 + `a b`", "y ~ 1e+05 + `a b`")]
    public void ValidFormulaPrintsItsCanonicalFormAndExitsZero(string formula, string canonical)
    {
        var (exit, stdout, stderr) = Run("parse", formula);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(canonical + Environment.NewLine, stdout);
        Assert.Equal("", stderr);
        // Stable: the canonical form parses to itself.
        Assert.Equal(stdout, Run("parse", canonical).Out);
    }

    [Theory]
    [InlineData("y ~ x + (1 | g", "error FL0003: missing ')' to close '(' opened at column 9", "          ^~~~~~")]
    [InlineData("y ~ x | g", "error FL0008: '|' must be inside parentheses: write (x | g)", "        ^")]
    [InlineData("y ~ (1 | )", "error FL0009: nothing after '|': name the grouping factor, e.g. (1 | g)", "         ^")]
    [InlineData("y ~ x ~ z", "error FL0007: a formula has at most one '~'; this one comes after the '~' at column 3", "        ^")]
    [InlineData("y ~ x %o% z", "error FL0013: unknown operator '%o%': a formula knows %in% (nesting), and %% and %/% only inside I()", "        ^~~")]
    [InlineData("", "error FL0001: the formula is empty: write it as response ~ terms, e.g. y ~ x + (1 | g)", "  ^")]
    public void SyntaxErrorPrintsErrorFormulaAndCaretOnStderrAndExitsTwo(string formula, string errorLine, string caretLine)
    {
        var (exit, stdout, stderr) = Run("parse", formula);
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n');
        Assert.Equal(errorLine, lines[0]);
        Assert.Equal("  " + formula, lines[1]);
        Assert.Equal(caretLine, lines[2]);
    }

    [Theory]
    [InlineData("((((")]
    [InlineData(")")]
    [InlineData("~")]
    [InlineData("y ~")]
    [InlineData("y ~ poly(x, )")]
    [InlineData("y ~ x^")]
    [InlineData("y ~ 1 | | g")]
    [InlineData("y ~ `a b")]
    [InlineData("y ~ x == 2")]
    [InlineData("y ~ x,z")]
    [InlineData("y ~ (1 | g) (1|h)")]
    [InlineData("y ~ d$x[1]")]
    [InlineData("y ~ x\u0000")]
    public void NoExceptionTextEverReachesTheUser(string formula)
    {
        var (exit, stdout, stderr) = Run("parse", formula);
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Equal("", stdout);
        Assert.Matches(@"^error FL00\d\d: ", stderr);
        Assert.Equal(4, stderr.Split('\n').Length); // error, formula, caret, final newline
        Assert.Contains('^', stderr.Split('\n')[2]);
        foreach (var bad in new[] { "Exception", "   at ", "ANTLR", "mismatched", "extraneous", "no viable", "internal error" })
            Assert.DoesNotContain(bad, stderr);
    }

    [Fact]
    public void PathologicalFormulasExitTwoWithoutACrash()
    {
        foreach (var formula in new[]
                 {
                     "y ~ " + new string('(', 5000) + "x" + new string(')', 5000),
                     "y ~ " + string.Join("+", Enumerable.Repeat("x", 50_000)),
                     "y ~ " + string.Join("+", Enumerable.Repeat("x", 20_000)),
                 })
        {
            var (exit, stdout, stderr) = Run("parse", formula);
            Assert.Equal(ExitCodes.UserError, exit);
            Assert.Equal("", stdout);
            Assert.Matches(@"^error FL00(19|20): ", stderr);
            Assert.True(stderr.Length < 600, "the formula line is windowed");
        }
    }

    [Fact]
    public void JsonPrintsTheSyntaxTree()
    {
        var (exit, stdout, stderr) = Run("parse", "y ~ x + (1 | g)", "--json");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("", stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("formula", doc.RootElement.GetProperty("kind").GetString());
        Assert.Equal("y ~ x + (1 | g)", doc.RootElement.GetProperty("canonical").GetString());
        var random = doc.RootElement.GetProperty("rhs").GetProperty("right");
        Assert.Equal("random", random.GetProperty("kind").GetString());
        Assert.Equal("g", random.GetProperty("group").GetProperty("name").GetString());
        Assert.Equal(8, random.GetProperty("span").GetProperty("start").GetInt32());
        Assert.Equal(Run("parse", "--json", "y ~ x + (1 | g)").Out, stdout);
    }

    [Fact]
    public void JsonOnASyntaxErrorStillReportsOnStderr()
    {
        var (exit, stdout, stderr) = Run("parse", "y ~ (1 | g", "--json");
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("error FL0003:", stderr);
    }

    [Fact]
    public void WarningsGoToStderrAndTheFormulaStillParses()
    {
        var (exit, stdout, stderr) = Run("parse", "y ~ poly(x, 2.5L)");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("y ~ poly(x, 2.5)" + Environment.NewLine, stdout);
        Assert.StartsWith("warning FL0027: 2.5L is not a whole number", stderr);
    }

    [Fact]
    public void UsageErrorsExitTwo()
    {
        Assert.Equal((2, "", "error: missing formula\n"), Normalize(Run("parse")));
        var two = Run("parse", "y", "~", "x");
        Assert.Equal(ExitCodes.UserError, two.Code);
        Assert.Contains("quote the formula", two.Err);
        var unknown = Run("parse", "y ~ x", "--jsn");
        Assert.Equal(ExitCodes.UserError, unknown.Code);
        Assert.Equal("error: unknown option --jsn\n", unknown.Err.Replace("\r\n", "\n"));
    }

    [Fact]
    public void HelpExitsZero()
    {
        var (exit, stdout, _) = Run("parse", "--help");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("formula-lmm parse \"<formula>\" [--json]", stdout);
    }

    private static (int, string, string) Normalize((int Exit, string Out, string Err) r) =>
        (r.Exit, r.Out, r.Err.Replace("\r\n", "\n"));
}
