using System.Diagnostics;
using FormulaLmm.Data;
using FormulaLmm.Design;
using FormulaLmm.Fitting;

namespace FormulaLmm.Benchmarks;

/// <summary>How often to repeat the timed steps.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>Untimed fits before the timed ones (null: 0 for a large case, 20 for a small one).</summary>
    public int? Warmups { get; init; }
    /// <summary>Timed fits (null: 1 for a large case, up to 200 within <see cref="BudgetSeconds"/> for a small one).</summary>
    public int? Repeats { get; init; }
    /// <summary>Stop repeating fits once this much time has been spent on them (at least one always runs).</summary>
    public double BudgetSeconds { get; init; } = 10.0;
    /// <summary>Objective evaluations at θ̂ timed one by one for the per-evaluation cost (0: skip).</summary>
    public int EvaluationRepeats { get; init; } = 20;
}

/// <summary>What one case measured. Times in seconds; the fit time is the median of the timed fits.</summary>
/// <param name="Case">The case's name.</param>
/// <param name="Formula">The fitted formula.</param>
/// <param name="Reml">Whether the fit was REML.</param>
/// <param name="Rows">Observations used.</param>
/// <param name="FixedCount">Columns of X.</param>
/// <param name="RandomEffectCount">Random effects q (columns of Z).</param>
/// <param name="ThetaCount">Covariance parameters θ.</param>
/// <param name="LoadSeconds">Reading the data (CSV parse or embedded data set).</param>
/// <param name="DesignSeconds">Building the design (model frame, X, random-effects terms).</param>
/// <param name="FitSeconds">The fit (set-up, optimiser, post-fit): median of the timed fits.</param>
/// <param name="FitSecondsFastest">The fastest timed fit.</param>
/// <param name="FitRuns">Number of timed fits.</param>
/// <param name="SetupSeconds">Cross products and factor storage, in the median fit.</param>
/// <param name="OptimizerSeconds">Objective evaluations asked for by the optimiser and the convergence check, in the median fit.</param>
/// <param name="PostFitSeconds">Estimates, conditional variances, standard errors, in the median fit.</param>
/// <param name="Evaluations">Optimiser evaluations (restarts and Newton steps included; the convergence check's finite differences not).</param>
/// <param name="EvaluationSeconds">Median time of one objective evaluation at θ̂.</param>
/// <param name="EvaluationPhases">Where an evaluation's time goes.</param>
/// <param name="AllocatedBytesPerEvaluation">Managed bytes allocated per evaluation (all threads).</param>
/// <param name="PeakWorkingSetBytes">The process's peak working set so far.</param>
/// <param name="ManagedHeapBytes">Managed heap size after the runs.</param>
/// <param name="Objective">The minimised objective (REML criterion or deviance).</param>
/// <param name="Converged">Whether the optimiser converged.</param>
/// <param name="LoadAverage">The machine's load averages when the case finished.</param>
public sealed record BenchmarkResult(
    string Case,
    string Formula,
    bool Reml,
    int Rows,
    int FixedCount,
    int RandomEffectCount,
    int ThetaCount,
    double LoadSeconds,
    double DesignSeconds,
    double FitSeconds,
    double FitSecondsFastest,
    int FitRuns,
    double SetupSeconds,
    double OptimizerSeconds,
    double PostFitSeconds,
    int Evaluations,
    double EvaluationSeconds,
    EvaluationPhases? EvaluationPhases,
    double AllocatedBytesPerEvaluation,
    long PeakWorkingSetBytes,
    long ManagedHeapBytes,
    double Objective,
    bool Converged,
    string LoadAverage)
{
    /// <summary>Optimiser time divided by the number of evaluations (includes the optimiser's own work).</summary>
    public double OptimizerSecondsPerEvaluation => Evaluations > 0 ? OptimizerSeconds / Evaluations : double.NaN;
}

/// <summary>
/// Mean time per evaluation of the parts of the factor update: scaling the cross products by Λ,
/// the block columns before the dense tail (sparse and block-diagonal work), and the dense tail's
/// Cholesky factorisation (or the small [X y] block when there is no tail). Seconds.
/// </summary>
/// <param name="Scale">Scaling the cross products by Λ into the factor's blocks.</param>
/// <param name="Sparse">The block columns before the dense tail.</param>
/// <param name="Dense">The dense tail's Cholesky factorisation.</param>
/// <param name="DenseOrder">Order of the dense tail (random effects of the crossed terms + p + 1).</param>
public sealed record EvaluationPhases(double Scale, double Sparse, double Dense, int DenseOrder);

/// <summary>
/// Times one benchmark case step by step in this process: load the data, build the design, fit
/// (repeated after warm-up for small cases), then evaluate the objective at θ̂ alone to measure the
/// cost of one evaluation and the memory it allocates. Peak memory is the process's peak working
/// set, so run one case per process for a per-case figure.
/// </summary>
public static class BenchmarkRunner
{
    /// <summary>Runs <paramref name="benchmarkCase"/>: load, design, warm-up and timed fits, evaluations at θ̂.</summary>
    /// <param name="benchmarkCase">What to fit.</param>
    /// <param name="options">Repetitions; null for the defaults.</param>
    /// <param name="fitOptions">Fit settings (REML/ML is taken from the case); null for the defaults.</param>
    /// <returns>The measurements.</returns>
    public static BenchmarkResult Run(BenchmarkCase benchmarkCase, BenchmarkOptions? options = null, FitOptions? fitOptions = null)
    {
        options ??= new BenchmarkOptions();
        fitOptions = (fitOptions ?? new FitOptions()) with { Reml = benchmarkCase.Reml };

        var clock = Stopwatch.StartNew();
        Table table = DataSource.Load(benchmarkCase.Data, benchmarkCase.Factors);
        double load = clock.Elapsed.TotalSeconds;

        clock.Restart();
        LmmDesign design = Lmm.Design(benchmarkCase.Formula, table);
        double build = clock.Elapsed.TotalSeconds;

        int warmups = options.Warmups ?? (benchmarkCase.IsLarge ? 0 : 20);
        int repeats = options.Repeats ?? (benchmarkCase.IsLarge ? 1 : 200);
        // Warm-up fits run with a phase clock too, so the timed fits run code the JIT has seen; a
        // large case has none, and there at least the clock's own methods are compiled beforehand.
        FitPhaseClock.Compile();
        for (int i = 0; i < warmups; i++) LinearMixedModel.Fit(design, fitOptions with { Observer = new FitPhaseClock() });

        var fits = new List<(double Seconds, LmmFit Fit, FitPhaseClock Phases)>();
        var budget = Stopwatch.StartNew();
        while (fits.Count < Math.Max(1, repeats) && (fits.Count == 0 || budget.Elapsed.TotalSeconds < options.BudgetSeconds))
        {
            var phaseClock = new FitPhaseClock();
            var observed = fitOptions with { Observer = phaseClock };
            clock.Restart();
            var fit = LinearMixedModel.Fit(design, observed);
            fits.Add((clock.Elapsed.TotalSeconds, fit, phaseClock));
        }
        fits.Sort((a, b) => a.Seconds.CompareTo(b.Seconds));
        var mid = fits[fits.Count / 2];
        var median = mid.Fit;
        var phases = mid.Phases.Times;

        var (evaluation, allocated, evaluationPhases) = TimeEvaluations(design, median, options.EvaluationRepeats);

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new BenchmarkResult(
            benchmarkCase.Name, benchmarkCase.Formula, median.IsReml, design.RowCount, design.Fixed.ColumnCount,
            design.RandomTerms.Sum(t => t.ColumnCount), design.ThetaCount,
            load, build, mid.Seconds, fits[0].Seconds, fits.Count,
            phases.Setup.TotalSeconds, phases.Optimizer.TotalSeconds, phases.PostFit.TotalSeconds,
            median.Convergence.Evaluations, evaluation, evaluationPhases, allocated,
            process.PeakWorkingSet64, GC.GetGCMemoryInfo().HeapSizeBytes,
            median.Objective, median.Convergence.Converged, LoadAverage());
    }

    /// <summary>
    /// Median time of one objective evaluation at θ̂ and the managed bytes allocated per evaluation
    /// (all threads), after two untimed evaluations.
    /// </summary>
    private static (double Seconds, double Bytes, EvaluationPhases? Phases) TimeEvaluations(LmmDesign design, LmmFit fit, int repeats)
    {
        if (repeats <= 0 || fit.Theta.Count == 0) return (double.NaN, double.NaN, null);
        var objective = new ProfiledObjective(design, fit.IsReml);
        var theta = fit.Theta.ToArray();
        objective.Evaluate(theta);
        objective.Evaluate(theta);
        var times = new double[repeats];
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            objective.Evaluate(theta);
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        long after = GC.GetTotalAllocatedBytes(precise: true);
        Array.Sort(times);

        // The split into phases comes from separate evaluations, so that the clock's reads do not
        // weigh on the times above; two untimed ones first compile the clock's methods, whose
        // compilation would otherwise land inside the phases of the first.
        objective.Evaluate(theta, new EvaluationPhaseClock());
        objective.Evaluate(theta, new EvaluationPhaseClock());
        var phaseClock = new EvaluationPhaseClock();
        for (int i = 0; i < repeats; i++) objective.Evaluate(theta, phaseClock);
        var phases = phaseClock.Mean(objective.Factor.Tail?.Rows ?? objective.Factor.XyDiagonal.Rows);
        return (times[repeats / 2], (after - before) / (double)repeats, phases);
    }

    /// <summary>The 1-, 5- and 15-minute load averages (Linux /proc/loadavg), or "n/a".</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(" ", parts.Take(3));
        }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }
}
