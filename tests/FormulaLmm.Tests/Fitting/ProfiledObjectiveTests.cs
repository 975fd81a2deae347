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

/// <summary>The blocked objective against the dense marginal-likelihood formula on random designs.</summary>
public class BlockedFactorTests
{
    public static TheoryData<string> Designs()
    {
        var data = new TheoryData<string>();
        foreach (var name in SyntheticDesigns.Names) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void ObjectiveEqualsTheDenseMarginalFormula(string name)
    {
        var design = SyntheticDesigns.Build(name);
        var dense = new DenseReference(design);
        foreach (bool reml in new[] { true, false })
        {
            var objective = new ProfiledObjective(design, reml);
            foreach (int seed in new[] { 1, 2, 3 })
            {
                var theta = SyntheticDesigns.SomeTheta(design, seed);
                double expected = dense.Objective(theta, reml);
                double actual = objective.Evaluate(theta);
                Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected), $"{name} reml={reml} seed={seed}: {actual:R} vs dense {expected:R}");
            }
            double atStart = objective.Evaluate(objective.InitialTheta.ToArray());
            Assert.Equal(dense.Objective(objective.InitialTheta, reml), atStart, 1e-9 * Math.Abs(atStart));
        }
    }

    [Fact]
    public void NestedTermsKeepBlockDiagonalStorage()
    {
        var objective = new ProfiledObjective(SyntheticDesigns.Build("nested3"));
        var layout = objective.Factor.Layout;
        Assert.Equal(new[] { false, false, false }, layout.DiagonalDense);
        Assert.All(objective.Factor.Off.SelectMany(r => r), b => Assert.IsType<SparseBlock>(b));
    }

    [Fact]
    public void CrossedTermsFillInToDenseButTheFirstColumnStaysSparse()
    {
        var objective = new ProfiledObjective(SyntheticDesigns.Build("crossed3"));
        var f = objective.Factor;
        Assert.IsType<BlockDiagonalBlock>(f.Diagonal[0]);
        Assert.IsType<DenseBlock>(f.Diagonal[1]);
        Assert.IsType<DenseBlock>(f.Diagonal[2]);
        Assert.IsType<SparseBlock>(f.Off[1][0]);
        Assert.IsType<SparseBlock>(f.Off[2][0]);
    }

    [Fact]
    public void NestedColumnWithACrossedTermBelowMixesStorage()
    {
        var f = new ProfiledObjective(SyntheticDesigns.Build("nestedWithRater")).Factor;
        Assert.IsType<BlockDiagonalBlock>(f.Diagonal[1]);
        Assert.IsType<DenseBlock>(f.Diagonal[2]);
        Assert.IsType<DenseBlock>(f.Off[2][1]);
        Assert.IsType<SparseBlock>(f.Off[3][1]);
        Assert.IsType<DenseBlock>(f.Off[3][2]);
    }

    [Fact]
    public void TermsSharingAFactorStayDiagonal()
    {
        var f = new ProfiledObjective(SyntheticDesigns.Build("sameFactor")).Factor;
        Assert.IsType<BlockDiagonalBlock>(f.Diagonal[0]);
        Assert.IsType<BlockDiagonalBlock>(f.Diagonal[1]);
        Assert.IsType<DenseBlock>(f.Diagonal[2]);
    }
}
