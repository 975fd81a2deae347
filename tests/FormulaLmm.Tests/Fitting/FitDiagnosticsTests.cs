using FormulaLmm.Design;
using FormulaLmm.Diagnostics;
using FormulaLmm.Fitting;
using FormulaLmm.Terms;

namespace FormulaLmm.Tests.Fitting;

/// <summary>What the fit says besides numbers: singular fits, dropped columns, refusals, progress.</summary>
public class FitDiagnosticsTests
{
    [Fact]
    public void SingularFitIsFlaggedAndNamed()
    {
        var fit = LinearMixedModel.Fit(HandDesigns.OneWay("Dyestuff2.csv"));
        Assert.True(fit.IsSingular);
        Assert.Equal(0.0, fit.Theta[0]);
        var d = Assert.Single(fit.Diagnostics, x => x.Code == FittingCodes.SingularFit);
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Assert.Contains("boundary (singular) fit", d.Message);
        Assert.Contains("Batch", d.Message);
        // The BLUPs of a zero variance are zero, with zero conditional SD.
        Assert.All(fit.BlupRows(), b => { Assert.Equal(0.0, b.Value); Assert.Equal(0.0, b.ConditionalSd); });
    }

    [Fact]
    public void RegularFitHasNoDiagnosticsAndASmallScore()
    {
        var fit = LinearMixedModel.Fit(HandDesigns.Sleepstudy(correlated: true));
        Assert.Empty(fit.Diagnostics);
        Assert.False(fit.IsSingular);
        Assert.Equal(3, fit.Convergence.Gradient.Count);
        Assert.All(fit.Convergence.Gradient, g => Assert.True(Math.Abs(g) < 2e-3, $"gradient {g}"));
        // Away from the optimum the same finite differences are large: the check can fail.
        var objective = new ProfiledObjective(fit.Design);
        double h = 1e-5;
        double slope = (objective.Evaluate(new[] { 1.0 + h, 0.0, 1.0 }) - objective.Evaluate(new[] { 1.0 - h, 0.0, 1.0 })) / (2 * h);
        Assert.True(Math.Abs(slope) > 1.0);
        Assert.True(fit.Convergence.Evaluations > 10);
        Assert.True(fit.Convergence.InitialObjective > fit.Objective);
        Assert.Equal(nameof(FormulaLmm.Numerics.Bobyqa), fit.Convergence.Optimizer);
    }

    [Fact]
    public void DroppedColumnsAreCarriedAndMentioned()
    {
        var d = HandDesigns.OneWay("Dyestuff.csv");
        var design = d with { Fixed = d.Fixed with { DroppedColumns = new[] { "BatchB:x" } } };
        var fit = LinearMixedModel.Fit(design);
        Assert.Equal(new[] { "BatchB:x" }, fit.DroppedColumns);
        var diag = Assert.Single(fit.Diagnostics, x => x.Code == FittingCodes.DroppedColumns);
        Assert.Contains("rank deficient", diag.Message);
        Assert.Contains("BatchB:x", diag.Message);
    }

    [Fact]
    public void UnsupportedCovarianceStructureIsRefused()
    {
        var d = HandDesigns.Sleepstudy(correlated: true);
        var term = d.RandomTerms[0];
        var cs = new CovarianceTemplate(2, CovarianceStructure.CompoundSymmetry, new[] { 0, 1 }, new[] { 0, 0 }, new[] { 0.0, -1.0 }, new[] { 1.0, 0.0 });
        var design = d with { RandomTerms = new[] { term with { Covariance = cs } } };
        var (fit, diagnostics) = LinearMixedModel.TryFit(design);
        Assert.Null(fit);
        Assert.Contains(diagnostics, x => x.Code == FittingCodes.UnsupportedCovariance && x.IsError && x.Message.Contains("Subject"));
        var ex = Assert.Throws<FormulaLmmException>(() => LinearMixedModel.Fit(design));
        Assert.Contains(ex.Diagnostics, x => x.Code == FittingCodes.UnsupportedCovariance);
    }

    [Fact]
    public void AResponseFittedExactlyIsAUserError()
    {
        var d = HandDesigns.Sleepstudy(correlated: false);
        var y = Enumerable.Range(0, d.RowCount).Select(i => 3.0 + 2.0 * d.Fixed[i, 1]).ToArray();
        var (fit, diagnostics) = LinearMixedModel.TryFit(d with { Response = y });
        Assert.Null(fit);
        Assert.Contains(diagnostics, x => x.Code == FittingCodes.ExactFit);
    }

    [Fact]
    public void StartOfTheWrongLengthIsRefused()
    {
        var (fit, diagnostics) = LinearMixedModel.TryFit(HandDesigns.Penicillin(), new FitOptions { StartTheta = new[] { 1.0 } });
        Assert.Null(fit);
        Assert.Contains(diagnostics, x => x.Code == FittingCodes.BadStart);
    }

    [Fact]
    public void ProgressIsReportedForEveryEvaluation()
    {
        var seen = new List<(int, double)>();
        var fit = LinearMixedModel.Fit(HandDesigns.Penicillin(), new FitOptions { Progress = (i, f) => seen.Add((i, f)) });
        Assert.Equal(fit.Convergence.Evaluations, seen.Count);
        Assert.Equal(fit.Objective, seen.Min(s => s.Item2), 1e-12);
    }

    [Fact]
    public void InterceptOnlyModelsStartWhereLme4Starts()
    {
        // lme4 (mkLmerDevfun) starts Penicillin at sqrt(var(group means) / residual variance).
        var design = HandDesigns.Penicillin();
        var start = LinearMixedModel.StartingTheta(design, new ProfiledObjective(design));
        Assert.Equal(2, start.Count);
        var y = design.Response;
        double Var(IEnumerable<double> v) { var a = v.ToArray(); double m = a.Average(); return a.Sum(x => (x - m) * (x - m)) / (a.Length - 1); }
        double GroupMeans(RandomEffectsTerm t) =>
            Var(Enumerable.Range(0, y.Length).Select(i => Enumerable.Range(0, y.Length).Where(j => t.LevelCodes[j] == t.LevelCodes[i]).Average(j => y[j])));
        double v1 = GroupMeans(design.RandomTerms[0]), v2 = GroupMeans(design.RandomTerms[1]);
        double ve = Var(y) - v1 - v2;
        Assert.Equal(Math.Sqrt(v1 / ve), start[0], 1e-12);
        Assert.Equal(Math.Sqrt(v2 / ve), start[1], 1e-12);
        // With a slope the start is λ = I.
        Assert.Equal(new[] { 1.0, 0.0, 1.0 }, LinearMixedModel.StartingTheta(HandDesigns.Sleepstudy(true), new ProfiledObjective(HandDesigns.Sleepstudy(true))));
    }

    [Fact]
    public void ANegativeStartIsMirroredAsNloptDoes()
    {
        // NLopt's initial step for a free θ = −0.4 is −0.4: the variable is mirrored and its
        // bounds swapped. The fit must still reach the optimum.
        var design = HandDesigns.Sleepstudy(correlated: true);
        var fit = LinearMixedModel.Fit(design, new FitOptions { StartTheta = new[] { 0.8, -0.4, 0.3 } });
        Assert.Equal(1743.62827195995, fit.Objective, 1e-6);
        Assert.True(fit.Theta[1] > 0);
    }

    [Fact]
    public void RestartAtTheEdgeRunsTheOptimiserAgain()
    {
        // Start on the boundary where the objective falls into the interior: lme4's restart_edge
        // test says restart, and the restarted run reaches the interior optimum.
        var design = HandDesigns.Sleepstudy(correlated: true);
        var objective = new ProfiledObjective(design);
        Assert.True(OptimizerSetup.ShouldRestartAtEdge(objective, new[] { 0.0, 0.0, 0.2 }, objective.LowerBounds.ToArray()));
        Assert.False(OptimizerSetup.ShouldRestartAtEdge(objective, new[] { 0.96, 0.015, 0.23 }, objective.LowerBounds.ToArray()));
        // Dyestuff2's REML optimum is on the boundary and stays there.
        var d2 = HandDesigns.OneWay("Dyestuff2.csv");
        var o2 = new ProfiledObjective(d2);
        Assert.False(OptimizerSetup.ShouldRestartAtEdge(o2, new[] { 0.0 }, new[] { 0.0 }));
        // check.boundary: 5e-6 above the bound snaps to it when that is lower.
        double fmin = o2.Evaluate(new[] { 5e-6 });
        Assert.Equal(0.0, OptimizerSetup.SnapToBoundary(o2, new[] { 5e-6 }, fmin, new[] { 0.0 }, 1e-5)[0]);
    }

    [Fact]
    public void FitsFromAFormulaAndATable()
    {
        Assert.True(FormulaLmm.Data.Datasets.TryLoad("sleepstudy", out var data));
        var fit = Lmm.Fit("Reaction ~ Days + (Days | Subject)", data);
        Assert.Equal(1743.6282719599, fit.Objective, 1e-6);
        Assert.Equal(new[] { "(Intercept)", "Days" }, fit.FixedEffects.Select(f => f.Name));
        var ex = Assert.Throws<FormulaLmmException>(() => Lmm.Fit("Reaction ~ Days + (Days | Subjekt)", data));
        Assert.Contains(ex.Diagnostics, d => d.IsError);
    }

    [Fact]
    public void MaximumLikelihoodIsReported()
    {
        var fit = LinearMixedModel.Fit(HandDesigns.Sleepstudy(true), new FitOptions { Reml = false });
        Assert.Equal(EstimationMethod.MaximumLikelihood, fit.Method);
        Assert.False(fit.IsReml);
        Assert.Equal(-fit.Objective / 2, fit.LogLikelihood);
        Assert.Equal(fit.Objective + 2 * 6, fit.Aic, 1e-9);
    }
}
