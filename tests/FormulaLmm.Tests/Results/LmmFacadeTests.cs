using FormulaLmm.Data;
using FormulaLmm.Design;
using FormulaLmm.Diagnostics;
using FormulaLmm.Fitting;

namespace FormulaLmm.Tests.Results;

/// <summary>The C# entry point as a newcomer uses it: records in, a fit that reads naturally out.</summary>
public class LmmFacadeTests
{
    public sealed record Observation(double Reaction, double Days, string Subject);

    private static List<Observation> SleepstudyRecords()
    {
        var t = Datasets.Load("sleepstudy");
        var reaction = ((NumericColumn)t["Reaction"]).Values;
        var days = ((NumericColumn)t["Days"]).Values;
        var subject = (CategoricalColumn)t["Subject"];
        return Enumerable.Range(0, t.RowCount).Select(i => new Observation(reaction[i], days[i], subject.ValueAt(i)!)).ToList();
    }

    [Fact]
    public void FitOverRecordsGivesLme4sSleepstudyFit()
    {
        var fit = Lmm.Fit("Reaction ~ Days + (Days | Subject)", SleepstudyRecords());

        Assert.Equal(new[] { "(Intercept)", "Days" }, fit.FixedEffects.Select(f => f.Name));
        Assert.Equal(251.405104848485, fit.FixedEffects[0].Estimate, 6);
        Assert.Equal(10.467285959596, fit.FixedEffects[1].Estimate, 6);
        Assert.Equal(6.824597, fit.FixedEffects[0].StandardError, 5);
        Assert.Equal(1743.6283, fit.Objective, 3);
        Assert.Equal(612.1001580247688, fit.VarCorr[0].Covariance[0, 0], 3);
        Assert.Equal(0.06555123823812821, fit.VarCorr[0].Correlation[1, 0], 5);

        var subject = fit.RandomEffects["Subject"];
        Assert.Equal(new[] { "(Intercept)", "Days" }, subject.Names);
        Assert.Equal(18, subject.Levels.Count);
        Assert.Equal(9.1989757655659, subject["308", "Days"], 5);
        Assert.Equal(2.258550949901155, subject["308", "(Intercept)"], 5);
        Assert.Equal(2.304839020900285, subject.ConditionalSd("308", "Days"), 5);
        Assert.Contains("REML criterion at convergence: 1743.6", fit.Summary());
    }

    [Fact]
    public void RandomEffectsByGroupJoinTheTermsOfADoubleBar()
    {
        var fit = Lmm.Fit("Reaction ~ Days + (Days || Subject)", "sleepstudy");
        Assert.Equal(2, fit.RandomEffects.Count);          // two terms ...
        Assert.Equal(new[] { "Subject" }, fit.RandomEffects.Groups);
        var subject = fit.RandomEffects["Subject"];        // ... one factor
        Assert.Equal(new[] { "(Intercept)", "Days" }, subject.Names);
        Assert.Equal(1.5126647686793393, subject["308", "(Intercept)"], 5);
        Assert.Equal(9.323497039890947, subject["308", "Days"], 5);
        Assert.Equal(2.335463913007628, subject.ConditionalSd("308", "Days"), 5);
        var missing = Assert.Throws<KeyNotFoundException>(() => fit.RandomEffects["Subjects"]);
        Assert.Contains("grouping factors: Subject", missing.Message);
    }

    [Fact]
    public void OptionsReachTheFit()
    {
        var progress = new List<(int, double)>();
        var fit = Lmm.Fit("score ~ Machine + (1 | Worker)", "Machines", new LmmOptions
        {
            Reml = false,
            Contrasts = new Dictionary<string, ContrastKind> { ["Machine"] = ContrastKind.Sum },
            Progress = (n, f) => progress.Add((n, f)),
        });
        Assert.Equal(EstimationMethod.MaximumLikelihood, fit.Method);
        Assert.Equal(new[] { "(Intercept)", "Machine1", "Machine2" }, fit.FixedEffects.Select(f => f.Name));
        Assert.Equal(fit.Convergence.Evaluations, progress.Count);
        Assert.Equal(Enumerable.Range(1, progress.Count), progress.Select(p => p.Item1));
        Assert.True(progress.Min(p => p.Item2) <= fit.Objective + 1e-9);
    }

    [Fact]
    public void CategoricalColumnsOptionMakesANumericColumnAFactor()
    {
        var table = Table.FromColumns(new (string, System.Collections.IEnumerable)[]
        {
            ("y", new[] { 1.0, 2.1, 2.9, 4.2, 5.1, 5.8, 7.2, 8.1, 8.8, 10.3, 11.1, 11.8 }),
            ("x", new[] { 1.0, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4 }),
            ("g", new[] { 1.0, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3 }),
        });
        var check = Lmm.Check("y ~ x + g + (1 | g)", table, new LmmOptions { CategoricalColumns = new[] { "g" } });
        Assert.True(check.IsValid, check.RenderDiagnostics());
        Assert.Equal(new[] { "(Intercept)", "x", "g2", "g3" }, check.Model!.FixedColumns);
    }

    [Fact]
    public void CheckDescribesAValidModelWithoutFitting()
    {
        var check = Lmm.Check("Reaction ~ Days + (Days | Subject)", "sleepstudy");
        Assert.True(check.IsValid);
        var model = check.Model!;
        Assert.Equal("Reaction", model.Response);
        Assert.Equal(180, model.Observations);
        Assert.Equal(new[] { "(Intercept)", "Days" }, model.FixedColumns);
        var term = Assert.Single(model.RandomTerms);
        Assert.Equal(("Subject", 18, 3), (term.Group, term.Levels, term.ThetaLength));
        Assert.Equal(3, model.ThetaLength);
        var text = model.Format();
        Assert.Contains("Subject  18 levels; (Intercept), Days; unstructured covariance, θ length 3", text);
    }

    [Fact]
    public void CheckReportsEveryProblemNotOnlyTheFirst()
    {
        var check = Lmm.Check("Reaction ~ Dyas + (Days | Subjet)", "sleepstudy");
        Assert.False(check.IsValid);
        Assert.Null(check.Model);
        var errors = check.Errors.ToList();
        Assert.True(errors.Count >= 2, check.RenderDiagnostics());
        Assert.Contains(errors, d => d.Message.Contains("'Dyas'") && d.Message.Contains("did you mean 'Days'"));
        Assert.Contains(errors, d => d.Message.Contains("'Subjet'") && d.Message.Contains("did you mean 'Subject'"));
        Assert.All(errors, d => Assert.NotNull(d.Span));
    }

    [Fact]
    public void CheckOfAFormulaAloneFindsSyntaxErrors()
    {
        Assert.True(Lmm.Check("y ~ x + (1 | g)").IsValid);
        var bad = Lmm.Check("y ~ x + (1 | g");
        Assert.False(bad.IsValid);
        Assert.StartsWith("FL00", bad.Errors.First().Code);
        Assert.Contains("^", bad.RenderDiagnostics());
    }

    [Fact]
    public void FitThrowsWithEveryDiagnosticOnBadInput()
    {
        var ex = Assert.Throws<FormulaLmmException>(() => Lmm.Fit("Reaction ~ Dyas + (Days | Subjet)", "sleepstudy"));
        Assert.True(ex.Diagnostics.Count(d => d.IsError) >= 2);
        Assert.Equal("Reaction ~ Dyas + (Days | Subjet)", ex.Source);
        Assert.Throws<FormulaLmmException>(() => Lmm.Fit("y ~ x + (1 | g)", "no-such-data-set"));
    }
}
