using System.Text.Json;
using FormulaLmm.Cli;

using static FormulaLmm.Tests.Cli.CliRunner;

namespace FormulaLmm.Tests.Cli;

/// <summary>formula-lmm check: every diagnostic with its caret, exit codes, the model description.</summary>
public class CheckCommandTests
{
    [Fact]
    public void ValidModelExitsZeroWithADescription()
    {
        var (code, output, err) = Run("check", "Reaction ~ Days + (Days | Subject)", "--data", "sleepstudy");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains("Data:           sleepstudy, 180 observations used\n", output);
        Assert.Contains("Fixed effects:  2 columns: (Intercept), Days\n", output);
        Assert.Contains("Random effects: 1 term, θ has 3 parameters\n", output);
        Assert.Contains("Subject  18 levels; (Intercept), Days; unstructured covariance, θ length 3\n", output);
        Assert.EndsWith("OK: no errors.\n", output);
    }

    [Fact]
    public void EveryErrorIsPrintedWithItsCaret()
    {
        const string formula = "Reaction ~ Dyas + (Days | Subjet)";
        var (code, output, err) = Run("check", formula, "--data", "sleepstudy");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        var expected =
            "error FL0301: unknown variable 'Dyas': there is no column of that name in the data 'sleepstudy'; did you mean 'Days'?\n" +
            "  Reaction ~ Dyas + (Days | Subjet)\n" +
            new string(' ', 2 + formula.IndexOf("Dyas")) + "^~~~\n" +
            "error FL0301: unknown variable 'Subjet': there is no column of that name in the data 'sleepstudy'; did you mean 'Subject'?\n" +
            "  Reaction ~ Dyas + (Days | Subjet)\n" +
            new string(' ', 2 + formula.IndexOf("Subjet")) + "^~~~~~\n" +
            "2 errors found.\n";
        Assert.Equal(expected, err);
    }

    [Fact]
    public void SyntaxErrorsWithoutDataExitTwo()
    {
        var (code, _, err) = Run("check", "y ~ x + (1 | g");
        Assert.Equal(2, code);
        Assert.Contains("error FL0003", err);
        Assert.Contains("          ^~~~~~\n", err);
        Assert.EndsWith("1 error found.\n", err);
    }

    [Fact]
    public void FormulaAloneIsDescribedByItsTerms()
    {
        var (code, output, _) = Run("check", "y ~ x*f + (x || g) + (1 | a/b)");
        Assert.Equal(0, code);
        Assert.Contains("Fixed terms:    (Intercept), x, f, x:f\n", output);
        Assert.Contains("Random terms:   (1 | g), (0 + x | g), (1 | b:a), (1 | a)\n", output);
    }

    [Fact]
    public void WarningsDoNotFailTheCheck()
    {
        // Rows with a missing value are left out (a note), as lme4 does.
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "lme4", "sim_missing.csv");
        var (code, output, err) = Run("check", "y ~ x + f + (1 + x | g)", "--data", path, "--factor", "g,f");
        Assert.Equal(0, code);
        Assert.Contains("FL03", err);
        Assert.Contains("177 observations used, 30 rows omitted for missing values", output);
    }

    [Fact]
    public void JsonListsDiagnosticsAndTheModel()
    {
        var bad = Run("check", "Reaction ~ Dyas + (Days | Subjet)", "--data", "sleepstudy", "--json");
        Assert.Equal(2, bad.Code);
        using (var doc = JsonDocument.Parse(bad.Out))
        {
            Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
            var diagnostics = doc.RootElement.GetProperty("diagnostics");
            Assert.Equal(2, diagnostics.GetArrayLength());
            Assert.Equal(11, diagnostics[0].GetProperty("start").GetInt32());
            Assert.Equal(15, diagnostics[0].GetProperty("end").GetInt32());
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("model").ValueKind);
        }
        var good = Run("check", "strength ~ 1 + (1 | batch/cask)", "--data", "Pastes", "--json");
        Assert.Equal(0, good.Code);
        using var ok = JsonDocument.Parse(good.Out);
        var model = ok.RootElement.GetProperty("model");
        Assert.Equal(2, model.GetProperty("theta_length").GetInt32());
        Assert.Equal(new[] { "cask:batch", "batch" }, model.GetProperty("random_terms").EnumerateArray().Select(t => t.GetProperty("group").GetString()));
        Assert.Equal(new[] { 30, 10 }, model.GetProperty("random_terms").EnumerateArray().Select(t => t.GetProperty("levels").GetInt32()));
    }

    [Fact]
    public void ModelErrorsFromTheDataAreFound()
    {
        // Fewer observations than random effects per level (lme4 stops here too).
        var (code, _, err) = Run("check", "Yield ~ 1 + (1 | Batch) + (1 | Obs)", "--data", "Dyestuff");
        Assert.Equal(2, code);
        Assert.Contains("error FL0301: unknown variable 'Obs'", err);
    }

    [Fact]
    public void HelpAndUsage()
    {
        var (code, output, _) = Run("check", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Examples:", output);
        Assert.Equal(2, Run("check", "y ~ x", "--factor", "g").Code);   // --factor without --data
        Assert.Equal(2, Run("check").Code);
    }
}
