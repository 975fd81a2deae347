using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;
using FormulaLmm.Text;

namespace FormulaLmm.Tests.Syntax;

public class DiagnosticRendererTests
{
    [Fact]
    public void MessageFormulaAndCaretLine()
    {
        const string text = "y ~ x + (1 | g";
        var d = Formula.TryParse(text).Diagnostics.Single();
        Assert.Equal(
            "error FL0003: missing ')' to close '(' opened at column 9\n" +
            "  y ~ x + (1 | g\n" +
            "          ^~~~~~\n",
            DiagnosticRenderer.Render(d, text));
    }

    [Fact]
    public void CaretUnderTheExtraTilde()
    {
        const string text = "y ~ x ~ z";
        var rendered = DiagnosticRenderer.Render(Formula.TryParse(text).Diagnostics.Single(), text);
        Assert.Equal("        ^", rendered.Split('\n')[2]);
    }

    [Fact]
    public void SpanAtTheEndPointsJustPastTheText()
    {
        Assert.Equal("   ^", DiagnosticRenderer.CaretLine("y ~", new TextSpan(3, 0)));
        Assert.Equal("^", DiagnosticRenderer.CaretLine("", new TextSpan(0, 0)));
    }

    [Fact]
    public void TabsKeepTheCaretAligned()
    {
        Assert.Equal("\t    ^~", DiagnosticRenderer.CaretLine("\ty ~ ==", new TextSpan(5, 2)));
    }

    [Fact]
    public void MultiLineFormulasShowTheLineOfTheSpan()
    {
        const string text = "y ~ x +\r\n  z +\n  (1 | g";
        var d = Formula.TryParse(text).Diagnostics.Single();
        Assert.Equal(SyntaxCodes.UnclosedParenthesis, d.Code);
        Assert.Equal(
            "error FL0003: missing ')' to close '(' opened at line 3, column 3\n" +
            "    (1 | g\n" +
            "    ^~~~~~\n",
            DiagnosticRenderer.Render(d, text));
    }

    [Fact]
    public void LongLinesAreWindowedAroundTheSpan()
    {
        var text = "y ~ " + string.Join(" + ", Enumerable.Range(0, 200).Select(i => "x" + i)) + " + $ + " + string.Join(" + ", Enumerable.Range(0, 200).Select(i => "z" + i));
        var d = Formula.TryParse(text).Diagnostics.Single();
        var lines = DiagnosticRenderer.Render(d, text).Split('\n');
        Assert.StartsWith("  ...", lines[1]);
        Assert.EndsWith("...", lines[1]);
        Assert.True(lines[1].Length <= DiagnosticRenderer.MaxLineWidth + 10);
        int caret = lines[2].IndexOf('^');
        Assert.Equal('$', lines[1][caret]);
    }

    [Fact]
    public void ControlCharactersAreShownAsQuestionMarks()
    {
        const string text = "y ~ x\u0007";
        var rendered = DiagnosticRenderer.Render(Formula.TryParse(text).Diagnostics.Single(), text);
        Assert.Equal("error FL0002: unexpected control character U+0007 in the formula\n  y ~ x?\n       ^\n", rendered);
    }

    [Fact]
    public void DiagnosticsWithoutSpanOrSourceAreOneLine()
    {
        var d = Diagnostic.Error("FL0201", "column 'x' not found");
        Assert.Equal("error FL0201: column 'x' not found\n", DiagnosticRenderer.Render(d, "y ~ x"));
        Assert.Equal("warning FL0027: w\n", DiagnosticRenderer.Render(Diagnostic.Warning("FL0027", "w", new TextSpan(0, 1)), null));
    }
}
