using FormulaLmm.Fitting;

namespace FormulaLmm.Tests.Fitting;

/// <summary>Whole fits with the default optimiser (BOBYQA) against lme4's fits.</summary>
public class FitTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in HandDesigns.CaseNames()) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReachesLme4sOptimum(string caseName)
    {
        var reference = HandDesigns.Case(caseName);
        var r = reference.GetProperty("fit");
        bool reml = reference.GetProperty("reml").GetBoolean();
        var fit = LinearMixedModel.Fit(HandDesigns.Build(caseName), new FitOptions { Reml = reml });
        double expected = r.GetProperty("objective").GetDouble();
        // Same optimum or a better one, to 1e-6 relative.
        Assert.True(fit.Objective <= expected + 1e-6 * Math.Abs(expected), $"objective {fit.Objective:R} vs lme4 {expected:R}");
        Assert.True(Math.Abs(fit.Objective - expected) <= 1e-6 * Math.Abs(expected), $"objective {fit.Objective:R} vs lme4 {expected:R}");
        Assert.True(fit.Convergence.Converged, fit.Convergence.Message);
        Assert.Equal(r.GetProperty("singular").GetBoolean(), fit.IsSingular);
        Assert.Equal(r.GetProperty("is_reml").GetBoolean(), fit.IsReml);

        // β and SEs to 1e-4 relative; variance components to 1e-3 relative; BLUPs within 1e-3 of their conditional SD.
        // Machines (REML) is flat near its optimum: lme4 stops 1.1e-6 above the minimum and its SE of
        // the intercept differs by 1.1e-4 (relative) from the SE at the exact minimum; our BOBYQA
        // follows lme4's path for 20 evaluations and then drifts at rounding level, so that one case
        // agrees to 5e-4 only (docs/model.md, "Where we differ from lme4").
        double betaTol = caseName == "machines" ? 5e-4 : 1e-4;
        var beta = r.GetProperty("beta").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var se = r.GetProperty("se").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (int j = 0; j < beta.Length; j++)
        {
            Assert.True(Math.Abs(fit.FixedEffects[j].Estimate - beta[j]) <= betaTol * Math.Max(Math.Abs(beta[j]), se[j]), $"beta[{j}] {fit.FixedEffects[j].Estimate} vs {beta[j]}");
            Assert.True(Math.Abs(fit.FixedEffects[j].StandardError - se[j]) <= betaTol * se[j], $"se[{j}] {fit.FixedEffects[j].StandardError} vs {se[j]}");
        }
        Assert.True(Math.Abs(fit.Sigma - r.GetProperty("sigma").GetDouble()) <= 1e-3 * fit.Sigma);
        var rows = r.GetProperty("varcorr").EnumerateArray().ToArray();
        for (int i = 0; i < rows.Length; i++)
        {
            double v = rows[i].GetProperty("vcov").GetDouble(), sd = rows[i].GetProperty("sdcor").GetDouble();
            bool isCov = rows[i].GetProperty("var2").ValueKind != System.Text.Json.JsonValueKind.Null;
            if (isCov)
                Assert.True(Math.Abs(fit.VarCorrRows[i].SdOrCorrelation - sd) <= 1e-3, $"corr row {i}: {fit.VarCorrRows[i].SdOrCorrelation} vs {sd}");
            else
                Assert.True(Math.Abs(fit.VarCorrRows[i].Value - v) <= 1e-3 * v + 1e-6 * fit.ResidualVariance, $"variance row {i}: {fit.VarCorrRows[i].Value} vs {v}");
        }
        var blups = fit.BlupRows().ToDictionary(x => (x.Group, x.Term, x.Level));
        foreach (var e in r.GetProperty("ranef").EnumerateArray())
        {
            var row = blups[(e.GetProperty("grpvar").GetString()!, e.GetProperty("term").GetString()!, e.GetProperty("grp").GetString()!)];
            double condsd = e.GetProperty("condsd").GetDouble();
            Assert.True(Math.Abs(row.Value - e.GetProperty("condval").GetDouble()) <= 1e-3 * condsd + 1e-9, $"BLUP {row}");
            Assert.True(Math.Abs(row.ConditionalSd - condsd) <= 1e-3 * condsd + 1e-9, $"cond. SD {row}");
        }
        Console.WriteLine($"{caseName}: {fit.Objective:R} vs {expected:R} (Δ {fit.Objective - expected:G3}), {fit.Convergence.Evaluations} evaluations (lme4 {r.GetProperty("feval").GetInt32()}), θ = [{string.Join(", ", fit.Theta.Select(t => t.ToString("G6")))}], max|grad| {fit.Convergence.Gradient.Select(Math.Abs).DefaultIfEmpty().Max():G3}");
    }
}
