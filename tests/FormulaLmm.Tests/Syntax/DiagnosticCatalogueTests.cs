using System.Text.RegularExpressions;
using FormulaLmm.Syntax;

namespace FormulaLmm.Tests.Syntax;

/// <summary>
/// docs/diagnostics.md lists every Syntax code, and each example in it produces its code and
/// exactly the message shown: the catalogue cannot drift from the parser.
/// </summary>
public class DiagnosticCatalogueTests
{
    private sealed record Row(string Code, string Severity, string Example, string Message);

    private static IReadOnlyList<Row> SyntaxRows()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FormulaLmm.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var text = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "diagnostics.md"));
        var section = text[text.IndexOf("## Syntax (FL00xx)", StringComparison.Ordinal)..text.IndexOf("## Terms (FL01xx)", StringComparison.Ordinal)];
        var rows = new List<Row>();
        foreach (var line in section.Split('\n'))
        {
            if (!line.StartsWith("| FL", StringComparison.Ordinal)) continue;
            // Split on unescaped pipes; a cell may hold '\|'.
            var cells = Regex.Split(line.Trim().Trim('|'), @"(?<!\\)\|").Select(c => c.Trim()).ToArray();
            rows.Add(new Row(cells[0], cells[1], cells[3], Unescape(cells[4])));
        }
        return rows;
    }

    private static string Unescape(string cell) => cell.Replace("\\|", "|").Replace("\\`", "`");

    /// <summary>The formula of an example cell: a code span of any backtick run, or "(empty)"; null for prose.</summary>
    private static string? ExampleFormula(string cell)
    {
        if (cell == "(empty)") return "";
        var m = Regex.Match(cell, @"^(`+)(.*?)\1$");
        if (!m.Success) return null;
        var content = m.Groups[2].Value;
        if (content.Length >= 2 && content[0] == ' ' && content[^1] == ' ') content = content[1..^1];
        return Unescape(content);
    }

    [Fact]
    public void EverySyntaxCodeIsCatalogued()
    {
        var documented = SyntaxRows().Select(r => r.Code).ToHashSet();
        Assert.Equal(SyntaxCodes.All.Append(DiagnosticCodes.InternalParserError).Order(), documented.Order());
    }

    [Fact]
    public void EveryExampleGivesItsCodeAndMessage()
    {
        int checkedExamples = 0;
        foreach (var row in SyntaxRows())
        {
            var formula = ExampleFormula(row.Example);
            if (formula is null) continue;
            var first = Formula.TryParse(formula).Diagnostics.FirstOrDefault();
            Assert.True(first is not null, $"{row.Code}: example '{formula}' gives no diagnostic");
            Assert.Equal((row.Code, row.Severity, row.Message), (first!.Code, first.Severity.ToString().ToLowerInvariant(), first.Message));
            checkedExamples++;
        }
        Assert.True(checkedExamples >= 26, $"only {checkedExamples} examples were checked");
    }

    [Fact]
    public void DescribedExamplesGiveTheirCodes()
    {
        var deep = Formula.TryParse("y ~ " + new string('(', 101) + "x" + new string(')', 101)).Diagnostics.Single();
        Assert.Equal((SyntaxCodes.NestedTooDeeply, "parentheses are nested more than 100 deep"), (deep.Code, deep.Message));
        var longText = "y ~ " + string.Join("+", Enumerable.Repeat("x", 49_998)) + "+x";
        Assert.Equal(100_001, longText.Length);
        var tooLong = Formula.TryParse(longText).Diagnostics.Single();
        Assert.Equal((SyntaxCodes.FormulaTooLong, "the formula has 100001 characters; the limit is 100000"), (tooLong.Code, tooLong.Message));
    }
}
