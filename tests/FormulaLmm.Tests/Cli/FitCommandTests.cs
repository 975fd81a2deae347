using System.Text.Json;
using FormulaLmm.Cli;
using FormulaLmm.Tests.Results;

using static FormulaLmm.Tests.Cli.CliRunner;

namespace FormulaLmm.Tests.Cli;

/// <summary>formula-lmm fit end to end: lme4's numbers through the command line, output shapes, exit codes.</summary>
public class FitCommandTests
{
    public static TheoryData<string> CliCases()
    {
        var data = new TheoryData<string>();
        foreach (var id in Lme4Cases.Ids().Where(id => !Lme4Cases.NeedsOrderedFactor(id))) data.Add(id);
        return data;
    }

    /// <summary>What the acceptance check does: fit --json on a CSV, REML and ML, against lme4 1.1-31.</summary>
    [Theory]
    [MemberData(nameof(CliCases))]
    public void JsonAgreesWithLme4(string id)
    {
        var (code, output, err) = Run(Lme4Cases.FitArguments(id, json: true));
        Assert.True(code == 0, err);
        Assert.Equal("", err);   // notes (e.g. omitted rows) are in the JSON's diagnostics
        using var doc = JsonDocument.Parse(output);
        Lme4Comparison.AssertMatches(doc.RootElement, Lme4Cases.Reference(id), id);
    }

    [Fact]
    public void TextSummaryOfTheReadmeCommandShowsLme4sNumbers()
    {
        var (code, output, err) = Run("fit", "Reaction ~ Days + (Days | Subject)", "--data", "sleepstudy");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.StartsWith("Linear mixed model fit by REML ['lmerMod']\nFormula: Reaction ~ Days + (Days | Subject)\n   Data: sleepstudy\n", output);
        Assert.Contains("REML criterion at convergence: 1743.6\n", output);
        Assert.Contains("(Intercept)  251.405      6.825  36.838\n", output);
        Assert.Contains("Days          10.467      1.546   6.771\n", output);
        Assert.Contains(" Subject  (Intercept) 612.10   24.741       \n", output);
        Assert.Contains("Number of obs: 180, groups:  Subject, 18\n", output);
    }

    [Fact]
    public void MlJsonHasTheIssuesFieldsInOrder()
    {
        var (code, output, _) = Run("fit", "Reaction ~ Days + (Days | Subject)", "--data", "sleepstudy", "--ml", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(new[]
        {
            "formula", "method", "nobs", "fixef", "sigma", "theta", "objective", "loglik", "aic", "bic", "varcorr", "blups",
            "singular", "converged", "evaluations", "fit_seconds", "df_resid", "vcov", "omitted_rows", "dropped_columns",
            "theta_names", "variance_component_se", "gradient", "diagnostics",
        }, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ML", root.GetProperty("method").GetString());
        Assert.Equal(1751.9393444647, root.GetProperty("objective").GetDouble(), 6);
        Assert.Equal(-875.96967223235, root.GetProperty("loglik").GetDouble(), 6);
        Assert.Equal(new[] { "name", "estimate", "se", "t" }, root.GetProperty("fixef")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "group", "term", "level", "value", "condsd" }, root.GetProperty("blups")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "group", "name1", "name2", "variance", "sd" }, root.GetProperty("varcorr")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "group", "name1", "name2", "covariance", "corr" }, root.GetProperty("varcorr")[2].EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("varcorr")[3].GetProperty("name1").ValueKind);
        Assert.Equal("Residual", root.GetProperty("varcorr")[3].GetProperty("group").GetString());
        Assert.Equal(36, root.GetProperty("blups").GetArrayLength());
        Assert.True(root.GetProperty("evaluations").GetInt32() > 10);
        Assert.True(root.GetProperty("fit_seconds").GetDouble() > 0);
        Assert.Equal(2, root.GetProperty("vcov").GetArrayLength());
    }

    [Fact]
    public void ProgressWithVerboseGoesToStderr()
    {
        var (code, output, err) = Run("fit", "Yield ~ 1 + (1 | Batch)", "--data", "Dyestuff", "--verbose");
        Assert.Equal(0, code);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 5, err);
        Assert.Matches(@"^eval 1 objective \d+(\.\d+)?$", lines[0]);
        Assert.DoesNotContain("\neval ", "\n" + output);
        // Without --verbose and with stderr not a terminal, nothing is shown.
        var quiet = Run("fit", "Yield ~ 1 + (1 | Batch)", "--data", "Dyestuff");
        Assert.Equal("", quiet.Err);
    }

    [Fact]
    public void ProgressOnATerminalRewritesOneLineAndErasesIt()
    {
        var terminal = new StringWriter();
        using (var progress = ProgressReporter.InPlace(terminal))
        {
            progress.Report(1, 1743.6283);
            progress.Report(2, 1750.5);      // within 100 ms of the first: not shown
        }
        Assert.Equal("\reval 1 objective 1743.6283" + "\r" + new string(' ', "eval 1 objective 1743.6283".Length) + "\r", terminal.ToString());
    }

    [Fact]
    public void BadFormulaExitsTwoWithACaret()
    {
        var (code, output, err) = Run("fit", "Reaction ~ Days + (Days | Subject", "--data", "sleepstudy");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("error FL00", err);
        Assert.Contains("^", err);
        AssertCleanUserError(err);
    }

    [Fact]
    public void UnknownDataSetExitsTwoWithASuggestion()
    {
        var (code, _, err) = Run("fit", "Reaction ~ Days + (Days | Subject)", "--data", "sleepstudyy");
        Assert.Equal(2, code);
        Assert.Contains("FL0201", err);
        Assert.Contains("sleepstudy", err);
        AssertCleanUserError(err);
    }

    [Fact]
    public void UnknownColumnExitsTwoWithDidYouMean()
    {
        var (code, _, err) = Run("fit", "Reaction ~ Dyas + (Days | Subject)", "--data", "sleepstudy");
        Assert.Equal(2, code);
        Assert.Contains("Dyas", err);
        Assert.Contains("did you mean 'Days'", err);
        Assert.Contains("^~~~", err);
        AssertCleanUserError(err);
    }

    [Theory]
    [InlineData("fit")]
    [InlineData("check")]
    public void AFormulaWithoutRandomEffectsIsRefusedAsLme4Does(string command)
    {
        var (code, output, err) = Run(command, "Reaction ~ Days", "--data", "sleepstudy");
        Assert.Equal(2, code);
        Assert.Contains("error FL0411", err);
        Assert.Contains("no random-effects term", err);
        Assert.DoesNotContain("Fixed effects", output);
        AssertCleanUserError(err);
    }

    [Fact]
    public void SingularFitIsReportedAndStillSucceeds()
    {
        var (code, output, _) = Run("fit", "Yield ~ 1 + (1 | Batch)", "--data", "Dyestuff2");
        Assert.Equal(0, code);
        Assert.Contains("FL0401", output);
        Assert.Contains("boundary (singular) fit", output);
        var json = Run("fit", "Yield ~ 1 + (1 | Batch)", "--data", "Dyestuff2", "--json");
        using var doc = JsonDocument.Parse(json.Out);
        Assert.True(doc.RootElement.GetProperty("singular").GetBoolean());
        Assert.Equal(0.0, doc.RootElement.GetProperty("theta")[0].GetDouble());
    }

    [Fact]
    public void UsageErrorsExitTwo()
    {
        Assert.Equal(2, Run("fit", "Reaction ~ Days + (Days | Subject)").Code);                        // no --data
        Assert.Equal(2, Run("fit", "--data", "sleepstudy").Code);                                        // no formula
        Assert.Equal(2, Run("fit", "Reaction ~ Days + (1 | Subject)", "--data", "sleepstudy", "--reml").Code); // unknown option
    }

    [Fact]
    public void HelpShowsExamples()
    {
        var (code, output, _) = Run("fit", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Examples:", output);
        Assert.Contains("--json", output);
        Assert.Contains("--ml", output);
    }
}
