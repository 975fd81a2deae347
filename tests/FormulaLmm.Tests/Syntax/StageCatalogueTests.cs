using FormulaLmm.Results;
using System.Text.RegularExpressions;
using FormulaLmm.Data;
using FormulaLmm.Design;
using FormulaLmm.Diagnostics;
using FormulaLmm.Fitting;
using FormulaLmm.Terms;

namespace FormulaLmm.Tests.Syntax;

/// <summary>
/// docs/diagnostics.md, beyond the syntax table: every code of the terms, data, design and fitting
/// stages is listed, and each example written as code (a formula, "on" a data set, or CSV text for
/// the data stage) is run and must report its code. Examples in prose are covered by the stage's
/// own tests.
/// </summary>
public sealed class StageCatalogueTests
{
    private sealed record Row(string Code, string ExampleCell);

    // A table for examples that name no data set: every variable a documented example uses.
    private static readonly Table Toy = CsvReader.ReadText(
        "y,x,z,o,g,h,a,b,f,k,q,m,w\n" + string.Join("\n", Enumerable.Range(0, 24).Select(i =>
            FormattableString.Invariant($"{(i * 7) % 11 + 0.5 * i},{i % 6},{(i * 5) % 7},{i % 3},g{i % 4},h{i % 3},a{i % 3},b{i % 2},f{i % 4},k1,q{i % 12},,{(i % 5 == 0 ? "" : (i * 0.3).ToString())}"))),
        name: "toy");

    private static string Docs()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FormulaLmm.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir!.FullName, "docs", "diagnostics.md"));
    }

    private static IReadOnlyList<Row> Rows(string heading)
    {
        var text = Docs();
        int start = text.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, heading);
        int end = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];
        var rows = new List<Row>();
        foreach (var line in section.Split('\n'))
        {
            if (!line.StartsWith("| FL", StringComparison.Ordinal)) continue;
            var cells = Regex.Split(line.Trim().Trim('|'), @"(?<!\\)\|").Select(c => c.Trim()).ToArray();
            rows.Add(new Row(cells[0], cells[^1]));
        }
        return rows;
    }

    /// <summary>The runnable examples of a cell: each code span, with the data set named after it ("on sleepstudy").</summary>
    private static IEnumerable<(string Example, string? Data)> Examples(string cell)
    {
        foreach (Match m in Regex.Matches(cell, @"(`+)(.+?)\1(?: on (\w+))?"))
        {
            var content = m.Groups[2].Value;
            if (content.Length >= 2 && content[0] == ' ' && content[^1] == ' ') content = content[1..^1];
            yield return (content.Replace("\\|", "|"), m.Groups[3].Success ? m.Groups[3].Value : null);
        }
    }

    private static IEnumerable<string> Constants(Type codes) =>
        codes.GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);

    [Theory]
    [InlineData("## Terms (FL01xx)", typeof(TermsCodes))]
    [InlineData("## Data (FL02xx)", typeof(DataCodes))]
    [InlineData("## Design and validation (FL03xx)", typeof(DesignCodes))]
    [InlineData("## Fitting (FL04xx)", typeof(FittingCodes))]
    public void EveryCodeOfTheStageIsCatalogued(string heading, Type codes)
    {
        var documented = Rows(heading).Select(r => r.Code).ToHashSet();
        Assert.Equal(Constants(codes).ToHashSet().Order(), documented.Order());
    }

    [Fact]
    public void EveryTermsExampleGivesItsCode()
    {
        int run = 0;
        var failures = new List<string>();
        foreach (var row in Rows("## Terms (FL01xx)"))
            foreach (var (formula, _) in Examples(row.ExampleCell))
            {
                var diagnostics = ModelSpecBuilder.Build(formula).Diagnostics;
                if (!diagnostics.Any(d => d.Code == row.Code))
                    failures.Add($"{row.Code}: '{formula}' gives {string.Join(", ", diagnostics.Select(d => d.Code))}");
                run++;
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(run >= 25, $"only {run} examples were run");
    }

    [Fact]
    public void EveryDesignExampleGivesItsCode()
    {
        int run = 0;
        var failures = new List<string>();
        foreach (var row in Rows("## Design and validation (FL03xx)"))
            foreach (var (formula, data) in Examples(row.ExampleCell))
            {
                var table = data is null ? Toy : Datasets.Load(data);
                var diagnostics = Lmm.Check(formula, table).Diagnostics;
                if (!diagnostics.Any(d => d.Code == row.Code))
                    failures.Add($"{row.Code}: '{formula}' on {table.Name} gives {string.Join(", ", diagnostics.Select(d => d.Code))}");
                run++;
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(run >= 20, $"only {run} examples were run");
    }

    [Fact]
    public void EveryFittingExampleGivesItsCode()
    {
        int run = 0;
        var failures = new List<string>();
        foreach (var row in Rows("## Fitting (FL04xx)"))
            foreach (var (formula, data) in Examples(row.ExampleCell))
            {
                var table = data is null ? Toy : Datasets.Load(data);
                CheckResult check = Lmm.Check(formula, table);
                IEnumerable<Diagnostic> diagnostics = check.Diagnostics;
                if (check.IsValid) diagnostics = diagnostics.Concat(Lmm.Fit(formula, table).Diagnostics);
                if (!diagnostics.Any(d => d.Code == row.Code))
                    failures.Add($"{row.Code}: '{formula}' on {table.Name} gives {string.Join(", ", diagnostics.Select(d => d.Code))}");
                run++;
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(run >= 3, $"only {run} examples were run");
    }

    [Fact]
    public void EveryDataExampleGivesItsCode()
    {
        int run = 0;
        var failures = new List<string>();
        foreach (var row in Rows("## Data (FL02xx)"))
            foreach (var (csv, _) in Examples(row.ExampleCell))
            {
                var ex = Record.Exception(() => CsvReader.ReadText(csv.Replace("\\n", "\n"))) as FormulaLmmException;
                if (ex is null) { failures.Add($"{row.Code}: CSV '{csv}' is read without an error"); run++; continue; }
                if (!ex.Diagnostics.Any(d => d.Code == row.Code))
                    failures.Add($"{row.Code}: CSV '{csv}' gives {string.Join(", ", ex.Diagnostics.Select(d => d.Code))}");
                run++;
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(run >= 4, $"only {run} examples were run");
    }
}
