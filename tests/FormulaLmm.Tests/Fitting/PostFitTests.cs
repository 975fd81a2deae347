using System.Diagnostics;
using System.Text.Json;
using FormulaLmm.Fitting;

namespace FormulaLmm.Tests.Fitting;

/// <summary>
/// Everything computed after the optimiser, evaluated at lme4's own θ̂: then β̂, SEs, σ̂, VarCorr,
/// BLUPs, conditional SDs, fitted values and information criteria are deterministic functions of
/// the same θ and must agree with lme4 to rounding.
/// </summary>
public class PostFitTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in HandDesigns.CaseNames()) data.Add(name);
        return data;
    }

    internal static LmmFit AtTheta(string caseName, double[] theta, bool reml)
    {
        var objective = new ProfiledObjective(HandDesigns.Build(caseName), reml);
        return LmmFitBuilder.Build(objective, theta, new FitOptions { Reml = reml },
            new ConvergenceDraft("fixed", 0, double.NaN, true, "θ given"), Stopwatch.StartNew())!;
    }

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static void Close(double expected, double actual, double rel, string what)
    {
        double tol = rel * Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(actual - expected) <= tol, $"{what}: {actual:R} vs lme4 {expected:R}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AgreesWithLme4AtItsEstimate(string caseName)
    {
        var reference = HandDesigns.Case(caseName);
        var r = reference.GetProperty("fit");
        bool reml = reference.GetProperty("reml").GetBoolean();
        var theta = Doubles(r.GetProperty("theta"));
        var fit = AtTheta(caseName, theta, reml);
        const double rel = 1e-7;

        Close(r.GetProperty("objective").GetDouble(), fit.Objective, 1e-10, "objective");
        Close(r.GetProperty("sigma").GetDouble(), fit.Sigma, rel, "sigma");
        Close(r.GetProperty("loglik").GetDouble(), fit.LogLikelihood, 1e-10, "logLik");
        Close(r.GetProperty("aic").GetDouble(), fit.Aic, 1e-10, "AIC");
        Close(r.GetProperty("bic").GetDouble(), fit.Bic, 1e-10, "BIC");
        Assert.Equal(r.GetProperty("df").GetInt32(), fit.ParameterCount);
        Assert.Equal(r.GetProperty("df_resid").GetInt32(), fit.ResidualDegreesOfFreedom);
        Assert.Equal(r.GetProperty("singular").GetBoolean(), fit.IsSingular);

        var beta = Doubles(r.GetProperty("beta"));
        var se = Doubles(r.GetProperty("se"));
        var names = r.GetProperty("beta_names").EnumerateArray().Select(v => v.GetString()).ToArray();
        Assert.Equal(names, fit.FixedEffects.Select(x => x.Name).ToArray());
        for (int j = 0; j < beta.Length; j++)
        {
            Close(beta[j], fit.FixedEffects[j].Estimate, rel, $"beta[{names[j]}]");
            Close(se[j], fit.FixedEffects[j].StandardError, rel, $"se[{names[j]}]");
        }
        var vcov = r.GetProperty("vcov").EnumerateArray().Select(Doubles).ToArray();
        for (int i = 0; i < beta.Length; i++)
            for (int j = 0; j < beta.Length; j++)
                Assert.True(Math.Abs(vcov[i][j] - fit.FixedEffectsCovariance[i, j]) <= rel * Math.Sqrt(vcov[i][i] * vcov[j][j]), $"vcov[{i},{j}]");

        // VarCorr rows in lme4's order, the group named as lme4 names it (g, g.1 for repeats).
        var rows = fit.VarCorrRows.ToArray();
        var expectedRows = r.GetProperty("varcorr").EnumerateArray().ToArray();
        Assert.Equal(expectedRows.Length, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            var e = expectedRows[i];
            Assert.StartsWith(rows[i].Group, e.GetProperty("grp").GetString());
            Assert.Equal(e.GetProperty("var1").ValueKind == JsonValueKind.Null ? null : e.GetProperty("var1").GetString(), rows[i].Name1);
            Assert.Equal(e.GetProperty("var2").ValueKind == JsonValueKind.Null ? null : e.GetProperty("var2").GetString(), rows[i].Name2);
            double scale = Math.Abs(e.GetProperty("vcov").GetDouble()) + 1e-8 * fit.ResidualVariance;
            Assert.True(Math.Abs(e.GetProperty("vcov").GetDouble() - rows[i].Value) <= rel * scale, $"varcorr row {i} value {rows[i].Value} vs {e.GetProperty("vcov")}");
            Assert.True(Math.Abs(e.GetProperty("sdcor").GetDouble() - rows[i].SdOrCorrelation) <= 1e-6 * Math.Max(1e-3, Math.Abs(e.GetProperty("sdcor").GetDouble())),
                $"varcorr row {i} sd/cor {rows[i].SdOrCorrelation} vs {e.GetProperty("sdcor")}");
        }

        // BLUPs and conditional SDs, matched by (group, term, level).
        var blups = fit.BlupRows().ToDictionary(x => (x.Group, x.Term, x.Level));
        var ranef = r.GetProperty("ranef").EnumerateArray().ToArray();
        Assert.Equal(ranef.Length, blups.Count);
        foreach (var e in ranef)
        {
            var key = (e.GetProperty("grpvar").GetString()!, e.GetProperty("term").GetString()!, e.GetProperty("grp").GetString()!);
            Assert.True(blups.TryGetValue(key, out var row), $"no BLUP for {key}");
            double condsd = e.GetProperty("condsd").GetDouble();
            Assert.True(Math.Abs(e.GetProperty("condval").GetDouble() - row!.Value) <= 1e-7 * (condsd + Math.Abs(row.Value)), $"BLUP {key}: {row.Value} vs {e.GetProperty("condval")}");
            Assert.True(Math.Abs(condsd - row.ConditionalSd) <= 1e-7 * condsd + 1e-12, $"cond. SD {key}: {row.ConditionalSd} vs {condsd}");
        }

        var fitted = Doubles(r.GetProperty("fitted"));
        var resid = Doubles(r.GetProperty("residuals"));
        for (int i = 0; i < fitted.Length; i++)
        {
            Assert.True(Math.Abs(fitted[i] - fit.Fitted[i]) <= 1e-8 * (1 + Math.Abs(fitted[i])), $"fitted[{i}]");
            Assert.True(Math.Abs(resid[i] - fit.Residuals[i]) <= 1e-8 * (1 + Math.Abs(fitted[i])), $"residual[{i}]");
        }
    }
}
