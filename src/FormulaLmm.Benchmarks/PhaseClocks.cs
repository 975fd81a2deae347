using System.Diagnostics;
using FormulaLmm.Fitting;

namespace FormulaLmm.Benchmarks;

/// <summary>
/// The parts of a fit's wall time: Setup forms the cross products and the factor's storage (O(n),
/// once), Optimizer is every objective evaluation the optimiser asked for (including lme4's
/// restart and boundary checks), PostFit the estimates, standard errors and score at θ̂.
/// </summary>
/// <param name="Setup">Cross products and the factor's storage (once per fit, O(n)).</param>
/// <param name="Optimizer">The optimiser's evaluations, the convergence check (its finite differences, Newton steps, restarts).</param>
/// <param name="PostFit">β̂, b̂, conditional variances, standard errors, VarCorr.</param>
public sealed record FitPhaseTimes(TimeSpan Setup, TimeSpan Optimizer, TimeSpan PostFit);

/// <summary>
/// Times one fit's phases from Stopwatch timestamps taken at the boundaries the fit reports. It
/// leaves the fit's evaluations unobserved, so the fit it times runs the same code as any other.
/// Use one per fit.
/// </summary>
internal sealed class FitPhaseClock : IFitObserver
{
    private long _start, _setup, _optimizer, _end;

    public void FitStarted() => _start = Stopwatch.GetTimestamp();
    public void SetupEnded() => _setup = Stopwatch.GetTimestamp();
    public void OptimizerEnded() => _optimizer = Stopwatch.GetTimestamp();
    public void FitEnded() => _end = Stopwatch.GetTimestamp();

    /// <summary>
    /// Runs each method once on a throw-away clock, so that their compilation does not fall inside
    /// the first fit timed (a large case is timed cold, without warm-up fits).
    /// </summary>
    public static void Compile()
    {
        IFitObserver clock = new FitPhaseClock();
        clock.FitStarted();
        clock.SetupEnded();
        clock.OptimizerEnded();
        clock.FitEnded();
        _ = ((FitPhaseClock)clock).Times;
    }

    /// <summary>The phases of the observed fit.</summary>
    /// <exception cref="InvalidOperationException">The fit did not run to its end.</exception>
    public FitPhaseTimes Times => _end == 0
        ? throw new InvalidOperationException("the fit has not ended")
        : new(Stopwatch.GetElapsedTime(_start, _setup), Stopwatch.GetElapsedTime(_setup, _optimizer), Stopwatch.GetElapsedTime(_optimizer, _end));
}

/// <summary>
/// Accumulates the wall time of the parts of objective evaluations (Stopwatch ticks): scaling by Λ,
/// the block columns before the dense tail, the dense tail. An evaluation that failed before its
/// dense part (a pivot in the sparse part) is not counted.
/// </summary>
internal sealed class EvaluationPhaseClock : IEvaluationObserver
{
    private long _start, _scaled, _sparse;
    private long _scaleTicks, _sparseTicks, _denseTicks;

    /// <summary>Evaluations timed to the end.</summary>
    public int Evaluations { get; private set; }

    public void EvaluationStarted()
    {
        _start = Stopwatch.GetTimestamp();
        _sparse = 0;
    }

    public void ScalingEnded() => _scaled = Stopwatch.GetTimestamp();
    public void SparseEnded() => _sparse = Stopwatch.GetTimestamp();

    public void EvaluationEnded()
    {
        long end = Stopwatch.GetTimestamp();
        if (_sparse == 0) return;
        _scaleTicks += _scaled - _start;
        _sparseTicks += _sparse - _scaled;
        _denseTicks += end - _sparse;
        Evaluations++;
    }

    /// <summary>Mean seconds per evaluation of each part.</summary>
    /// <param name="denseOrder">Order of the dense tail (or of the [X y] block), reported with the times.</param>
    public EvaluationPhases Mean(int denseOrder)
    {
        double perTick = 1.0 / Stopwatch.Frequency / Evaluations;
        return new EvaluationPhases(_scaleTicks * perTick, _sparseTicks * perTick, _denseTicks * perTick, denseOrder);
    }
}
