using FormulaLmm.Fitting;
using MathNet.Numerics.Distributions;

namespace FormulaLmm.Results;

/// <summary>
/// One panel of a caterpillar plot: the BLUPs of one column of one grouping factor with their
/// intervals (value ± z × conditional SD), sorted by value, smallest first: lme4's
/// <c>lattice::dotplot(ranef(m, condVar = TRUE))</c>.
/// </summary>
/// <param name="Group">The grouping factor, e.g. <c>Subject</c>.</param>
/// <param name="Term">The random effect, e.g. <c>(Intercept)</c> or <c>Days</c>.</param>
/// <param name="Levels">The factor's levels, sorted by BLUP.</param>
/// <param name="Values">The BLUPs, in the order of <paramref name="Levels"/>.</param>
/// <param name="Lower">Lower ends of the intervals, value − z × conditional SD.</param>
/// <param name="Upper">Upper ends of the intervals, value + z × conditional SD.</param>
public sealed record CaterpillarPanel(
    string Group,
    string Term,
    IReadOnlyList<string> Levels,
    IReadOnlyList<double> Values,
    IReadOnlyList<double> Lower,
    IReadOnlyList<double> Upper)
{
    /// <summary>"Subject: (Intercept)".</summary>
    public string Title => $"{Group}: {Term}";
}

/// <summary>
/// The points of the two residual plots: residuals against fitted values, and the normal QQ plot
/// of the scaled residuals (residual / σ̂) with R's qqline through the quartiles.
/// </summary>
/// <param name="Fitted">Fitted values, one per observation (lme4's <c>fitted(m)</c>).</param>
/// <param name="Residuals">Residuals in the same order (lme4's <c>residuals(m)</c>).</param>
/// <param name="TheoreticalQuantiles">Normal scores, R's <c>qnorm(ppoints(n))</c>, ascending.</param>
/// <param name="SampleQuantiles">The scaled residuals sorted ascending, paired with <paramref name="TheoreticalQuantiles"/>.</param>
/// <param name="QqLineIntercept">Intercept of R's <c>qqline()</c> through the first and third quartiles.</param>
/// <param name="QqLineSlope">Slope of that line.</param>
public sealed record ResidualPlotData(
    IReadOnlyList<double> Fitted,
    IReadOnlyList<double> Residuals,
    IReadOnlyList<double> TheoreticalQuantiles,
    IReadOnlyList<double> SampleQuantiles,
    double QqLineIntercept,
    double QqLineSlope);

/// <summary>What the plots show, computed from a fit (the CLI only draws it).</summary>
public static class PlotData
{
    /// <summary>The normal quantile of a 95% interval, as in lme4's dotplot of ranef with condVar.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>One panel per grouping factor and column of its random effects, levels sorted by BLUP.</summary>
    public static IReadOnlyList<CaterpillarPanel> Caterpillar(LmmFit fit, double z = Z95)
    {
        var panels = new List<CaterpillarPanel>();
        foreach (var group in fit.RandomEffects.Groups)
        {
            var effects = fit.RandomEffects[group];
            for (int c = 0; c < effects.Names.Count; c++)
            {
                int L = effects.Levels.Count;
                var order = Enumerable.Range(0, L).OrderBy(l => effects.Values[l, c]).ThenBy(l => l).ToArray();
                panels.Add(new CaterpillarPanel(group, effects.Names[c],
                    order.Select(l => effects.Levels[l]).ToArray(),
                    order.Select(l => effects.Values[l, c]).ToArray(),
                    order.Select(l => effects.Values[l, c] - z * effects.ConditionalSds[l, c]).ToArray(),
                    order.Select(l => effects.Values[l, c] + z * effects.ConditionalSds[l, c]).ToArray()));
            }
        }
        return panels;
    }

    /// <summary>Residuals vs fitted, and R's qqnorm/qqline of the scaled residuals.</summary>
    public static ResidualPlotData Residuals(LmmFit fit)
    {
        var scaled = fit.Residuals.Select(r => r / fit.Sigma).ToArray();
        var sorted = scaled.OrderBy(v => v).ToArray();
        var theoretical = NormalScores(sorted.Length);
        // qqline: the line through the first and third quartiles of the data and of N(0, 1).
        var q = RFormat.Quantiles(scaled, new[] { 0.25, 0.75 });
        double x1 = Normal.InvCDF(0, 1, 0.25), x2 = Normal.InvCDF(0, 1, 0.75);
        double slope = (q[1] - q[0]) / (x2 - x1);
        return new ResidualPlotData(fit.Fitted, fit.Residuals, theoretical, sorted, q[0] - slope * x1, slope);
    }

    /// <summary>R's qnorm(ppoints(n)): (i − a)/(n + 1 − 2a) with a = 3/8 for n ≤ 10, else 1/2.</summary>
    public static double[] NormalScores(int n)
    {
        double a = n <= 10 ? 3.0 / 8.0 : 0.5;
        var scores = new double[n];
        for (int i = 0; i < n; i++) scores[i] = Normal.InvCDF(0, 1, (i + 1 - a) / (n + 1 - 2 * a));
        return scores;
    }
}
