using System.Text.Json;

namespace FormulaLmm.Tests.Results;

/// <summary>
/// Compares our fit JSON with an lme4 fixture the way the project's acceptance check does: the
/// objective, fixed effects and standard errors, σ, every VarCorr row, every BLUP with its
/// conditional SD, and the singular and convergence flags; names and order exactly.
/// </summary>
internal static class Lme4Comparison
{
    public static void AssertMatches(JsonElement ours, JsonElement lme4, string id)
    {
        Assert.Equal(lme4.GetProperty("formula").GetString(), ours.GetProperty("formula").GetString());
        Assert.Equal(lme4.GetProperty("method").GetString(), ours.GetProperty("method").GetString());
        Assert.Equal(lme4.GetProperty("nobs").GetInt32(), ours.GetProperty("nobs").GetInt32());
        Assert.Equal(Ints(lme4.GetProperty("omitted_rows")), Ints(ours.GetProperty("omitted_rows")));
        Assert.Equal(lme4.GetProperty("df_resid").GetInt32(), ours.GetProperty("df_resid").GetInt32());

        // The same optimum or a better one (lme4 stops early on flat objectives, README of the fixtures).
        double f = ours.GetProperty("objective").GetDouble(), f0 = lme4.GetProperty("objective").GetDouble();
        Assert.True(Math.Abs(f - f0) <= 1e-7 * Math.Abs(f0), $"{id}: objective {f:R} vs lme4 {f0:R}");
        Assert.Equal(-f / 2, ours.GetProperty("loglik").GetDouble(), 9);
        Near(lme4.GetProperty("aic").GetDouble(), ours.GetProperty("aic").GetDouble(), 1e-7, $"{id}: AIC");
        Near(lme4.GetProperty("bic").GetDouble(), ours.GetProperty("bic").GetDouble(), 1e-7, $"{id}: BIC");

        var fe0 = lme4.GetProperty("fixef").EnumerateArray().ToArray();
        var fe = ours.GetProperty("fixef").EnumerateArray().ToArray();
        Assert.Equal(fe0.Select(x => x.GetProperty("name").GetString()), fe.Select(x => x.GetProperty("name").GetString()));
        for (int j = 0; j < fe0.Length; j++)
        {
            double se0 = fe0[j].GetProperty("se").GetDouble();
            Assert.True(Math.Abs(fe[j].GetProperty("estimate").GetDouble() - fe0[j].GetProperty("estimate").GetDouble()) <= 2e-3 * se0,
                $"{id}: {fe0[j].GetProperty("name")} estimate {fe[j].GetProperty("estimate")} vs {fe0[j].GetProperty("estimate")}");
            Near(se0, fe[j].GetProperty("se").GetDouble(), 2e-3, $"{id}: SE of {fe0[j].GetProperty("name")}");
            Near(fe0[j].GetProperty("t").GetDouble(), fe[j].GetProperty("t").GetDouble(), 2e-3, $"{id}: t of {fe0[j].GetProperty("name")}");
        }
        double sigma = lme4.GetProperty("sigma").GetDouble();
        Near(sigma, ours.GetProperty("sigma").GetDouble(), 1e-3, $"{id}: sigma");
        Assert.Equal(lme4.GetProperty("theta").GetArrayLength(), ours.GetProperty("theta").GetArrayLength());
        Assert.Equal(Strings(lme4.GetProperty("theta_names")), Strings(ours.GetProperty("theta_names")));

        var vc0 = lme4.GetProperty("varcorr").EnumerateArray().ToArray();
        var vc = ours.GetProperty("varcorr").EnumerateArray().ToArray();
        Assert.Equal(vc0.Length, vc.Length);
        for (int i = 0; i < vc0.Length; i++)
        {
            var names0 = (vc0[i].GetProperty("group").GetString(), Name(vc0[i], "name1"), Name(vc0[i], "name2"));
            Assert.Equal(names0, (vc[i].GetProperty("group").GetString(), Name(vc[i], "name1"), Name(vc[i], "name2")));
            Assert.Equal(vc0[i].EnumerateObject().Select(p => p.Name), vc[i].EnumerateObject().Select(p => p.Name));
            if (vc0[i].TryGetProperty("variance", out var v0))
            {
                double scale = Math.Max(v0.GetDouble(), 1e-3 * sigma * sigma);
                Assert.True(Math.Abs(vc[i].GetProperty("variance").GetDouble() - v0.GetDouble()) <= 2e-3 * scale, $"{id}: variance {names0}: {vc[i]} vs {vc0[i]}");
                Assert.True(Math.Abs(vc[i].GetProperty("sd").GetDouble() - vc0[i].GetProperty("sd").GetDouble()) <= 2e-3 * Math.Sqrt(scale), $"{id}: sd {names0}");
            }
            else
                Assert.True(Math.Abs(vc[i].GetProperty("corr").GetDouble() - vc0[i].GetProperty("corr").GetDouble()) <= 2e-3, $"{id}: corr {names0}: {vc[i]} vs {vc0[i]}");
        }

        // BLUPs: the fixture lists every factor except where blups_groups says otherwise; same order.
        var groups = Strings(lme4.GetProperty("blups_groups")).ToHashSet();
        var b0 = lme4.GetProperty("blups").EnumerateArray().ToArray();
        var b = ours.GetProperty("blups").EnumerateArray().Where(x => groups.Contains(x.GetProperty("group").GetString()!)).ToArray();
        Assert.Equal(b0.Select(Key), b.Select(Key));
        for (int i = 0; i < b0.Length; i++)
        {
            double condsd = b0[i].GetProperty("condsd").GetDouble();
            Assert.True(Math.Abs(b[i].GetProperty("value").GetDouble() - b0[i].GetProperty("value").GetDouble()) <= 2e-3 * condsd + 1e-10,
                $"{id}: BLUP {Key(b0[i])}: {b[i].GetProperty("value")} vs {b0[i].GetProperty("value")}");
            Assert.True(Math.Abs(b[i].GetProperty("condsd").GetDouble() - condsd) <= 2e-3 * condsd + 1e-10, $"{id}: condsd {Key(b0[i])}");
        }
        Assert.Equal(lme4.GetProperty("singular").GetBoolean(), ours.GetProperty("singular").GetBoolean());
        Assert.Equal(lme4.GetProperty("converged").GetBoolean(), ours.GetProperty("converged").GetBoolean());
        Assert.Equal(lme4.GetProperty("dropped_fixed").EnumerateArray().Select(d => d.GetProperty("name").GetString()!),
            Strings(ours.GetProperty("dropped_columns")));
    }

    private static string Key(JsonElement blup) =>
        $"{blup.GetProperty("group").GetString()}|{blup.GetProperty("term").GetString()}|{blup.GetProperty("level").GetString()}";

    private static string? Name(JsonElement row, string field) =>
        row.GetProperty(field).ValueKind == JsonValueKind.Null ? null : row.GetProperty(field).GetString();

    private static void Near(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"{what}: {actual:R} vs lme4 {expected:R}");

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    public static string[] Strings(JsonElement array) =>
        array.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.ToString()).ToArray();
}
