using FormulaLmm.Results;

namespace FormulaLmm.Tests.Results;

/// <summary>What the plots show: R's qqnorm/qqline and sorted BLUP intervals.</summary>
public class PlotDataTests
{
    [Fact]
    public void NormalScoresAreRsQnormOfPpoints()
    {
        // qnorm(ppoints(5)): a = 3/8 for n <= 10
        var five = PlotData.NormalScores(5);
        var expected = new[] { -1.17976111761186031, -0.49720057068155399, 0, 0.49720057068155399, 1.17976111761186031 };
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i], five[i], 12);
        // qnorm(ppoints(20))[1:3]: a = 1/2 for n > 10
        var twenty = PlotData.NormalScores(20);
        Assert.Equal(-1.9599639845400538, twenty[0], 10);
        Assert.Equal(-1.4395314709384557, twenty[1], 10);
        Assert.Equal(-1.1503493803760079, twenty[2], 10);
    }

    [Fact]
    public void QqLineGoesThroughTheQuartilesAsRsQqline()
    {
        var fit = Lmm.Fit("Reaction ~ Days + (Days | Subject)", "sleepstudy");
        var data = PlotData.Residuals(fit);
        // R: r <- resid(m)/sigma(m); qqline's intercept and slope
        Assert.Equal(2.1975116006323070e-06, data.QqLineIntercept, 6);
        Assert.Equal(6.8703769109011803e-01, data.QqLineSlope, 6);
        Assert.Equal(180, data.TheoreticalQuantiles.Count);
        Assert.True(data.SampleQuantiles.Zip(data.SampleQuantiles.Skip(1)).All(p => p.First <= p.Second));
        Assert.Equal(fit.Residuals, data.Residuals);
    }

    [Fact]
    public void CaterpillarPanelsAreSortedIntervalsPerGroupAndColumn()
    {
        var fit = Lmm.Fit("Reaction ~ Days + (Days || Subject)", "sleepstudy");
        var panels = PlotData.Caterpillar(fit);
        Assert.Equal(new[] { "Subject: (Intercept)", "Subject: Days" }, panels.Select(p => p.Title));
        foreach (var p in panels)
        {
            Assert.Equal(18, p.Levels.Count);
            Assert.True(p.Values.Zip(p.Values.Skip(1)).All(v => v.First <= v.Second));
            var effects = fit.RandomEffects["Subject"];
            for (int i = 0; i < p.Levels.Count; i++)
            {
                double sd = effects.ConditionalSd(p.Levels[i], p.Term);
                Assert.Equal(effects[p.Levels[i], p.Term], p.Values[i]);
                Assert.Equal(p.Values[i] - PlotData.Z95 * sd, p.Lower[i], 12);
                Assert.Equal(p.Values[i] + PlotData.Z95 * sd, p.Upper[i], 12);
            }
        }
        Assert.Equal("309", panels[0].Levels[0]);   // the smallest intercept BLUP in sleepstudy
    }
}
