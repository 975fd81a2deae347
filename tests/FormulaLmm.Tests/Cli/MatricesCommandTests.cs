using System.Text.Json;
using FormulaLmm.Cli;
using FormulaLmm.Tests.Design;

using static FormulaLmm.Tests.Cli.CliRunner;

namespace FormulaLmm.Tests.Cli;

/// <summary>formula-lmm matrices end to end: output shape, data arguments, exit codes, error rendering.</summary>
public class MatricesCommandTests
{
    [Fact]
    public void JsonHasTheIssuesShapeForAnEmbeddedDataSet()
    {
        var (code, output, err) = Run("matrices", "Reaction ~ Days + (Days | Subject)", "--data", "sleepstudy", "--json");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("Reaction", root.GetProperty("response").GetString());
        Assert.Equal(180, root.GetProperty("nobs").GetInt32());
        Assert.Equal(0, root.GetProperty("omitted_rows").GetArrayLength());
        Assert.Equal(new[] { "(Intercept)", "Days" }, DesignFixtures.Strings(root.GetProperty("fixed").GetProperty("columns")));
        Assert.Equal(new[] { 1.0, 3 }, DesignFixtures.Numbers(root.GetProperty("fixed").GetProperty("rows")[3]));
        var term = root.GetProperty("random")[0];
        Assert.Equal("Subject", term.GetProperty("group").GetString());
        Assert.Equal(new[] { "(Intercept)", "Days" }, DesignFixtures.Strings(term.GetProperty("columns")));
        Assert.Equal("308", term.GetProperty("levels")[0].GetString());
        Assert.Equal(180, term.GetProperty("codes").GetArrayLength());
        Assert.Equal(new[] { 1.0, 9 }, DesignFixtures.Numbers(term.GetProperty("z")[9]));
        var theta = term.GetProperty("theta");
        Assert.Equal(3, theta.GetProperty("count").GetInt32());
        Assert.Equal(new[] { 0, double.NegativeInfinity, 0 }, DesignFixtures.Numbers(theta.GetProperty("lower")));
        Assert.Equal(new[] { 1.0, 0, 1 }, DesignFixtures.Numbers(theta.GetProperty("initial")));
    }

    [Fact]
    public void ACsvFileWithFactorColumnsAndOmittedRows()
    {
        var toy = DesignFixtures.FixturePath("design", "toy.csv");
        var (code, output, err) = Run("matrices", "y ~ factor(n) + x + (1 | g)", "--data", toy, "--factor", "n", "--json");
        Assert.Equal(0, code);
        Assert.Contains("info FL0307", err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(new[] { 3, 4, 16 }, DesignFixtures.Ints(doc.RootElement.GetProperty("omitted_rows")));
        Assert.Equal(new[] { "(Intercept)", "factor(n)2", "factor(n)3", "factor(n)10", "x" },
            DesignFixtures.Strings(doc.RootElement.GetProperty("fixed").GetProperty("columns")));

        var (code2, output2, _) = Run("matrices", "y ~ n + (1 | g)", "--data", toy, "--factor", "n", "--json");
        Assert.Equal(0, code2);
        using var doc2 = JsonDocument.Parse(output2);
        Assert.Equal(new[] { "(Intercept)", "n2", "n3", "n10" }, DesignFixtures.Strings(doc2.RootElement.GetProperty("fixed").GetProperty("columns")));
    }

    [Fact]
    public void TheReadableSummaryNamesSizesAndTheta()
    {
        var (code, output, _) = Run("matrices", "score ~ Machine + (1 | Worker) + (1 | Worker:Machine)", "--data", "Machines");
        Assert.Equal(0, code);
        Assert.Contains("Fixed effects: X is 54 x 3", output);
        Assert.Contains("columns: (Intercept), MachineB, MachineC", output);
        Assert.Contains("Random effects: Z is 54 x 24, theta has 2 parameters", output);
        Assert.True(output.IndexOf("Worker:Machine: 18 levels", StringComparison.Ordinal) < output.IndexOf("Worker: 6 levels", StringComparison.Ordinal));
    }

    [Fact]
    public void RankDeficiencyIsAWarningOnStderr()
    {
        var (code, output, err) = Run("matrices", "strength ~ cask + sample + (1 | batch)", "--data", "Pastes");
        Assert.Equal(0, code);
        Assert.Contains("warning FL0312", err);
        Assert.Contains("dropped (rank deficient): sampleJ:b, sampleJ:c", output);
    }

    [Fact]
    public void AOneSidedFormulaShowsItsModelMatrix()
    {
        var (code, output, _) = Run("matrices", "~ Days", "--data", "sleepstudy", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("response").ValueKind);
        Assert.Equal(180, doc.RootElement.GetProperty("fixed").GetProperty("rows").GetArrayLength());
    }

    [Theory]
    [InlineData("Reaction ~ Dys + (1 | Subject)", "FL0301", "did you mean 'Days'?")]
    [InlineData("Reaction ~ Days + (1 | Subjct)", "FL0301", "'Subjct'")]
    [InlineData("Reaction ~ fun(Days) + (1 | Subject)", "FL0302", "'fun()'")]
    [InlineData("Reaction ~ Days + (1 | Days:Subject)", "FL0310", "Days:Subject")]
    [InlineData("Reaction ~ Days + (1 | Subject", "FL0003", "(")]
    public void UserErrorsExitTwoWithTheCulpritMarked(string formula, string code, string culprit)
    {
        var (exit, output, err) = Run("matrices", formula, "--data", "sleepstudy");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"error {code}", err);
        Assert.Contains(culprit, err);
        Assert.Contains("^", err);
        AssertCleanUserError(err);
    }

    [Fact]
    public void EveryDesignErrorIsShown()
    {
        var (exit, _, err) = Run("matrices", "Sex ~ log(Sex) + agee + (1 | Subjec)", "--data", "Orthodont");
        Assert.Equal(2, exit);
        Assert.Contains("FL0304", err);
        Assert.Contains("FL0303", err);
        Assert.Contains("'agee'", err);
        Assert.Contains("'Subjec'", err);
        AssertCleanUserError(err);
    }

    [Theory]
    [InlineData(new[] { "matrices", "y ~ x", "--data", "nosuchdata" }, "nosuchdata")]
    [InlineData(new[] { "matrices", "y ~ x", "--data", "missing/file.csv" }, "missing/file.csv")]
    [InlineData(new[] { "matrices", "Reaction ~ Days", "--data", "sleepstudy", "--factor", "Dayz" }, "Dayz")]
    [InlineData(new[] { "matrices", "y ~ x" }, "--data")]
    [InlineData(new[] { "matrices", "Reaction ~ Days", "--data", "sleepstudy", "--jsn" }, "--jsn")]
    public void DataAndUsageErrorsExitTwoNamingTheCulprit(string[] args, string culprit)
    {
        var (exit, output, err) = Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(culprit, err);
        AssertCleanUserError(err);
    }

    [Fact]
    public void DataArgumentsPreferAnExistingFileThenADataSet()
    {
        var args = new CommandArguments(new[] { "--data", "Dyestuff", "--factor", " Batch ,Yield" });
        var request = DataArguments.Read(args);
        Assert.Equal("Dyestuff", request.Source);
        Assert.Equal(new[] { "Batch", "Yield" }, request.Factors);
        var table = request.Load();
        Assert.Equal(30, table.RowCount);
        Assert.IsType<FormulaLmm.Data.CategoricalColumn>(table["Yield"]);
    }
}
