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
        Console.WriteLine($"{caseName}: {fit.Objective:R} vs {expected:R} (Δ {fit.Objective - expected:G3}), {fit.Convergence.Evaluations} evaluations (lme4 {r.GetProperty("feval").GetInt32()}), θ = [{string.Join(", ", fit.Theta.Select(t => t.ToString("G6")))}], max|grad| {fit.Convergence.Gradient.Select(Math.Abs).DefaultIfEmpty().Max():G3}");
    }
}
