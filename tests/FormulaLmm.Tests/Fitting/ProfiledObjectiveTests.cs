using FormulaLmm.Fitting;

namespace FormulaLmm.Tests.Fitting;

/// <summary>
/// The profiled objective at fixed θ against lme4's deviance function (lmer(devFunOnly = TRUE)):
/// deterministic, so the agreement is to rounding (1e-9 relative).
/// </summary>
public class ProfiledObjectiveTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in HandDesigns.CaseNames()) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLme4DevianceFunctionAtFixedTheta(string caseName)
    {
        var reference = HandDesigns.Case(caseName);
        var design = HandDesigns.Build(caseName);
        var objective = new ProfiledObjective(design, reference.GetProperty("reml").GetBoolean());
        Assert.Equal(reference.GetProperty("lower").GetArrayLength(), objective.ThetaCount);
        int checkedCount = 0;
        foreach (var e in reference.GetProperty("evaluations").EnumerateArray())
        {
            var theta = e.GetProperty("theta").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            double expected = e.GetProperty("objective").GetDouble();
            double actual = objective.Evaluate(theta);
            Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected),
                $"{caseName} at θ = [{string.Join(", ", theta)}]: {actual:R} vs lme4 {expected:R}");
            checkedCount++;
        }
        Assert.True(checkedCount >= 4);
    }

    [Fact]
    public void StartsFromTheTemplatesInitialValues()
    {
        var objective = new ProfiledObjective(HandDesigns.Sleepstudy(correlated: true));
        Assert.Equal(new[] { 1.0, 0.0, 1.0 }, objective.InitialTheta);
        Assert.Equal(new[] { 0.0, double.NegativeInfinity, 0.0 }, objective.LowerBounds);
    }

    [Fact]
    public void RepeatedEvaluationsDoNotAllocate()
    {
        var objective = new ProfiledObjective(HandDesigns.SimCrossed());
        var theta = new[] { 0.9, 1.4, 1.5, 0.3, 0.15 };
        double first = objective.Evaluate(theta);
        long before = GC.GetAllocatedBytesForCurrentThread();
        double again = 0;
        for (int i = 0; i < 50; i++) again = objective.Evaluate(theta);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(first, again);
        Assert.Equal(0, allocated);
    }
}
