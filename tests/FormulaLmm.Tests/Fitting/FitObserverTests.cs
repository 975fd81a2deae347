using FormulaLmm.Design;
using FormulaLmm.Fitting;

namespace FormulaLmm.Tests.Fitting;

/// <summary>
/// The fit's observer hooks (IFitObserver, IEvaluationObserver), through which the benchmarks time
/// the phases: an observer hears every phase boundary in order, once per phase, and observing a
/// fit or an evaluation changes none of its results.
/// </summary>
public class FitObserverTests
{
    private const string Start = "start", Scaled = "scaled", Sparse = "sparse", End = "end";

    /// <summary>Writes down every call, in order.</summary>
    private sealed class Recorder(bool watchEvaluations) : IFitObserver, IEvaluationObserver
    {
        public List<string> Events { get; } = new();
        public IEvaluationObserver? Evaluations => watchEvaluations ? this : null;
        public void FitStarted() => Events.Add("fit");
        public void SetupEnded() => Events.Add("setup");
        public void OptimizerEnded() => Events.Add("optimizer");
        public void FitEnded() => Events.Add("fitted");
        public void EvaluationStarted() => Events.Add(Start);
        public void ScalingEnded() => Events.Add(Scaled);
        public void SparseEnded() => Events.Add(Sparse);
        public void EvaluationEnded() => Events.Add(End);
    }

    /// <summary>The number of evaluations in <paramref name="events"/>, each of which must be start, scaled, sparse, end.</summary>
    private static int CountEvaluations(IReadOnlyList<string> events)
    {
        Assert.Equal(0, events.Count % 4);
        for (int i = 0; i < events.Count; i += 4)
            Assert.Equal(new[] { Start, Scaled, Sparse, End }, events.Skip(i).Take(4));
        return events.Count / 4;
    }

    public static TheoryData<string> Designs() => new() { "sleepstudy", "penicillin", "simCrossed" };

    private static LmmDesign Build(string name) => name switch
    {
        "sleepstudy" => HandDesigns.Sleepstudy(correlated: true),
        "penicillin" => HandDesigns.Penicillin(),
        _ => HandDesigns.SimCrossed(),
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void EvaluationObserverHearsEachPhaseOfEachEvaluation(string name)
    {
        var design = Build(name);
        var objective = new ProfiledObjective(design);
        var recorder = new Recorder(watchEvaluations: true);
        var theta = objective.InitialTheta.Select(v => v == 0.0 ? 0.1 : 0.8 * v).ToArray();

        double plain = objective.Evaluate(theta);
        Assert.Empty(recorder.Events);
        for (int i = 0; i < 3; i++) Assert.Equal(plain, objective.Evaluate(theta, recorder));
        Assert.Equal(3, CountEvaluations(recorder.Events));

        // An observer given at construction hears the ordinary Evaluate; null stays silent.
        var watched = new ProfiledObjective(design, reml: true, recorder);
        recorder.Events.Clear();
        Assert.Equal(plain, watched.Evaluate(theta));
        Assert.Equal(plain, watched.Evaluate(theta, observer: null));
        Assert.Equal(1, CountEvaluations(recorder.Events));
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void FitObserverHearsThePhasesInOrderAndEveryEvaluation(string name)
    {
        var design = Build(name);
        var recorder = new Recorder(watchEvaluations: true);
        int optimizerEvaluations = 0;
        var fit = LinearMixedModel.Fit(design, new FitOptions { Observer = recorder, Progress = (_, _) => optimizerEvaluations++ });

        var events = recorder.Events;
        Assert.Equal(1, events.Count(e => e == "fit"));
        Assert.Equal(1, events.Count(e => e == "setup"));
        Assert.Equal(1, events.Count(e => e == "optimizer"));
        Assert.Equal(1, events.Count(e => e == "fitted"));
        int setup = events.IndexOf("setup"), optimizer = events.IndexOf("optimizer");
        Assert.Equal(new[] { "fit", "setup" }, events.Take(2));
        Assert.Equal("fitted", events[^1]);

        // The optimiser phase holds every evaluation the optimiser asked for and those of the
        // convergence check and lme4's restart and boundary tests; the post-fit evaluates at θ̂ once.
        int duringOptimizer = CountEvaluations(events.GetRange(setup + 1, optimizer - setup - 1));
        int afterOptimizer = CountEvaluations(events.GetRange(optimizer + 1, events.Count - optimizer - 2));
        Assert.True(optimizerEvaluations > 0);
        Assert.True(duringOptimizer >= optimizerEvaluations, $"{duringOptimizer} evaluations observed, the optimiser reported {optimizerEvaluations}");
        Assert.True(duringOptimizer >= fit.Convergence.Evaluations, $"{duringOptimizer} evaluations observed, the fit counts {fit.Convergence.Evaluations}");
        Assert.Equal(1, afterOptimizer);
    }

    [Fact]
    public void FitObserverWithoutEvaluationsHearsOnlyThePhases()
    {
        var recorder = new Recorder(watchEvaluations: false);
        LinearMixedModel.Fit(HandDesigns.Penicillin(), new FitOptions { Observer = recorder });
        Assert.Equal(new[] { "fit", "setup", "optimizer", "fitted" }, recorder.Events);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void ObservingAFitChangesNoResult(string name)
    {
        var design = Build(name);
        var plain = LinearMixedModel.Fit(design);
        var observed = LinearMixedModel.Fit(design, new FitOptions { Observer = new Recorder(watchEvaluations: true) });

        // Bitwise the same: the observer only hears, it takes no part in the arithmetic.
        Assert.Equal(plain.Objective, observed.Objective);
        Assert.Equal(plain.Theta, observed.Theta);
        Assert.Equal(plain.Sigma, observed.Sigma);
        Assert.Equal(plain.FixedEffects.Select(b => (b.Estimate, b.StandardError)), observed.FixedEffects.Select(b => (b.Estimate, b.StandardError)));
        Assert.Equal(plain.Fitted, observed.Fitted);
        Assert.Equal(plain.Convergence.Evaluations, observed.Convergence.Evaluations);
        Assert.Equal(plain.Convergence.InitialObjective, observed.Convergence.InitialObjective);
        Assert.Equal(plain.Convergence.Gradient, observed.Convergence.Gradient);
        Assert.Equal(plain.VarianceComponentErrors?.StandardErrors, observed.VarianceComponentErrors?.StandardErrors);
        for (int t = 0; t < plain.RandomEffects.Count; t++)
        {
            Assert.Equal(plain.RandomEffects[t].Values.ToArray().Cast<double>(), observed.RandomEffects[t].Values.ToArray().Cast<double>());
            Assert.Equal(plain.RandomEffects[t].ConditionalSds.ToArray().Cast<double>(), observed.RandomEffects[t].ConditionalSds.ToArray().Cast<double>());
        }
        Assert.Equal(plain.Diagnostics.Select(d => d.Code), observed.Diagnostics.Select(d => d.Code));
    }
}
