using System.Globalization;
using System.Text.Json;
using FormulaLmm.Results;

namespace FormulaLmm.Tests.Results;

/// <summary>The JSON of a fit: issue 4's shape, exact numbers, lme4's names.</summary>
public class FitJsonTests
{
    [Fact]
    public void OrderedFactorCaseAgreesWithLme4ThroughTheLibrary()
    {
        // cake with temperature as an ordered factor needs a table typed in C# (the CLI's --factor makes unordered factors).
        const string id = "cake_ordered_reml";
        var fit = Lmm.Fit(Lme4Cases.Formula(id), Lme4Cases.Table(id));
        using var doc = JsonDocument.Parse(FitJson.Write(fit));
        Lme4Comparison.AssertMatches(doc.RootElement, Lme4Cases.Reference(id), id);
        Assert.Contains("temperature^5", doc.RootElement.GetProperty("fixef").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public void NumbersReadBackAsTheSameDoubles()
    {
        var fit = Lmm.Fit("Reaction ~ Days + (Days | Subject)", "sleepstudy");
        using var doc = JsonDocument.Parse(fit.ToJson());
        var root = doc.RootElement;
        Assert.Equal(fit.Objective, root.GetProperty("objective").GetDouble());
        Assert.Equal(fit.Sigma, root.GetProperty("sigma").GetDouble());
        Assert.Equal(fit.Theta, root.GetProperty("theta").EnumerateArray().Select(t => t.GetDouble()));
        Assert.Equal(fit.FixedEffects[1].StandardError, root.GetProperty("fixef")[1].GetProperty("se").GetDouble());
        Assert.Equal(fit.FixedEffectsCovariance[0, 1], root.GetProperty("vcov")[0][1].GetDouble());
        var blups = fit.BlupRows().ToArray();
        var json = root.GetProperty("blups").EnumerateArray().ToArray();
        Assert.Equal(blups.Length, json.Length);
        for (int i = 0; i < blups.Length; i++)
        {
            Assert.Equal(blups[i].Value, json[i].GetProperty("value").GetDouble());
            Assert.Equal(blups[i].ConditionalSd, json[i].GetProperty("condsd").GetDouble());
        }
        Assert.Equal(fit.Convergence.Evaluations, root.GetProperty("evaluations").GetInt32());
        Assert.Equal(new[] { "Subject.(Intercept)", "Subject.Days.(Intercept)", "Subject.Days" },
            root.GetProperty("theta_names").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void ShortestRoundTripNumbersWithoutExponentSurprises()
    {
        Assert.Equal("0.1", FitJson.Num(0.1));
        Assert.Equal("1e-05", FitJson.Num(1e-5));
        Assert.Equal("251.40510484848477", FitJson.Num(251.40510484848477));
        Assert.Equal("null", FitJson.Num(double.NaN));
        Assert.Equal("null", FitJson.Num(double.PositiveInfinity));
        Assert.Equal(1e-5, double.Parse(FitJson.Num(1e-5), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DoubleBarGroupsAreNamedAsLme4NamesThem()
    {
        var fit = Lmm.Fit("Reaction ~ Days + (Days || Subject)", "sleepstudy");
        using var doc = JsonDocument.Parse(fit.ToJson());
        var root = doc.RootElement;
        Assert.Equal(new[] { "Subject", "Subject.1", "Residual" },
            root.GetProperty("varcorr").EnumerateArray().Select(r => r.GetProperty("group").GetString()));
        Assert.Equal(new[] { "Subject" }, root.GetProperty("blups").EnumerateArray().Select(b => b.GetProperty("group").GetString()).Distinct());
        Assert.Equal(new[] { "(Intercept)", "Days" }, root.GetProperty("blups").EnumerateArray().Select(b => b.GetProperty("term").GetString()).Distinct());
        Assert.Equal(new[] { "Subject", "Subject.1", "Residual" },
            root.GetProperty("variance_component_se").EnumerateArray().Select(r => r.GetProperty("group").GetString()));
    }

    [Fact]
    public void NestedGroupsAndOmittedRowsAreReported()
    {
        var fit = Lmm.Fit("y ~ x + f + (1 + x | g)", Lme4Cases.Table("sim_missing_reml"));
        using var doc = JsonDocument.Parse(fit.ToJson());
        var root = doc.RootElement;
        Assert.Equal(30, root.GetProperty("omitted_rows").GetArrayLength());
        Assert.Equal(Lme4Comparison.Ints(Lme4Cases.Reference("sim_missing_reml").GetProperty("omitted_rows")),
            Lme4Comparison.Ints(root.GetProperty("omitted_rows")));
        Assert.Contains(root.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString()!.StartsWith("FL03"));

        var pastes = Lmm.Fit("strength ~ 1 + (1 | batch/cask)", "Pastes");
        using var p = JsonDocument.Parse(pastes.ToJson());
        Assert.Equal(new[] { "cask:batch", "batch", "Residual" },
            p.RootElement.GetProperty("varcorr").EnumerateArray().Select(r => r.GetProperty("group").GetString()));
        Assert.Equal("a:A", p.RootElement.GetProperty("blups")[0].GetProperty("level").GetString());
    }

    [Fact]
    public void RecordsAreWrittenOnePerLine()
    {
        var json = Lmm.Fit("Yield ~ 1 + (1 | Batch)", "Dyestuff").ToJson();
        var lines = json.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("    {\"group\": \"Batch\", \"term\": \"(Intercept)\", \"level\": \"A\", \"value\": "));
        Assert.Contains(lines, l => l.StartsWith("    {\"group\": \"Residual\", \"name1\": null, \"name2\": null, \"variance\": "));
        Assert.Equal("  \"method\": \"REML\",", lines[2]);
    }
}
