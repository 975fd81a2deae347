using System.Collections;
using System.Diagnostics;
using FormulaLmm.Data;
using FormulaLmm.Design;
using FormulaLmm.Fitting;

namespace FormulaLmm.Benchmarks;

/// <summary>One point of a scaling curve: the size varied and what the fit cost there.</summary>
/// <param name="Size">The size varied: rows, or levels of the second crossed factor.</param>
/// <param name="Rows">Observations.</param>
/// <param name="RandomEffects">Random effects q.</param>
/// <param name="DenseOrder">Order of the factor's dense tail (0 when it has none).</param>
/// <param name="FitSeconds">The whole fit (set-up, optimiser, post-fit).</param>
/// <param name="SetupSeconds">Cross products and factor storage (O(n)).</param>
/// <param name="OptimizerSeconds">Optimiser and convergence check.</param>
/// <param name="PostFitSeconds">Estimates and conditional variances.</param>
/// <param name="Evaluations">Optimiser evaluations.</param>
/// <param name="EvaluationSeconds">Median time of one objective evaluation at θ̂.</param>
public sealed record ScalingPoint(
    int Size, int Rows, int RandomEffects, int DenseOrder,
    double FitSeconds, double SetupSeconds, double OptimizerSeconds, double PostFitSeconds,
    int Evaluations, double EvaluationSeconds);

/// <summary>
/// Fit time against problem size on generated data (issue 6, item 4), in this process:
/// <list type="bullet">
/// <item><see cref="Rows"/>: the big_nested design, <c>y ~ x + (1 + x | subj)</c> with 50 rows per
/// subject, from 10,000 to 1,000,000 rows. The factor is block-diagonal (2×2 per subject), so an
/// evaluation costs O(subjects) and the set-up O(rows): the fit should grow linearly.</item>
/// <item><see cref="Levels"/>: the big_crossed design, <c>y ~ x + (1 | subj) + (1 | item)</c>, with
/// the number of items varied and subjects and rows fixed. Items fill in to a dense block whose
/// Cholesky factorisation costs m³/3 per evaluation: the fit should grow towards m³.</item>
/// </list>
/// Data are simulated as ../shared/bench/make_big.R does (same model and variances, not the same
/// random numbers). The first point is preceded by an untimed fit so no point pays for compiling.
/// </summary>
public static class ScalingCurves
{
    /// <summary>Rows of the nested curve.</summary>
    public static readonly int[] DefaultRows = [10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];

    /// <summary>Levels of the second crossed factor for the crossed curve.</summary>
    public static readonly int[] DefaultLevels = [500, 1000, 1500, 2000, 2500, 3000, 4000, 5000];

    /// <summary>The nested curve: one fit per row count.</summary>
    /// <param name="rows">Row counts (multiples of 50).</param>
    /// <param name="progress">Called with each point as it is measured; may be null.</param>
    /// <returns>The points, in the order of <paramref name="rows"/>.</returns>
    public static IReadOnlyList<ScalingPoint> Rows(IReadOnlyList<int> rows, Action<ScalingPoint>? progress = null)
    {
        Measure(NestedDesign(2_000, seed: 1), 2_000);
        var points = new List<ScalingPoint>();
        foreach (int n in rows)
        {
            var p = Measure(NestedDesign(n, seed: 99), n);
            points.Add(p);
            progress?.Invoke(p);
        }
        return points;
    }

    /// <summary>The crossed curve: one fit per number of items.</summary>
    /// <param name="items">Levels of the second factor (fewer than <paramref name="subjects"/>).</param>
    /// <param name="subjects">Levels of the first factor.</param>
    /// <param name="rows">Observations.</param>
    /// <param name="progress">Called with each point as it is measured; may be null.</param>
    /// <returns>The points, in the order of <paramref name="items"/>.</returns>
    public static IReadOnlyList<ScalingPoint> Levels(IReadOnlyList<int> items, int subjects = 6_000, int rows = 400_000,
        Action<ScalingPoint>? progress = null)
    {
        Measure(CrossedDesign(100, 300, 5_000, seed: 1), 100);
        var points = new List<ScalingPoint>();
        foreach (int m in items)
        {
            var p = Measure(CrossedDesign(m, subjects, rows, seed: 99), m);
            points.Add(p);
            progress?.Invoke(p);
        }
        return points;
    }

    private static ScalingPoint Measure(LmmDesign design, int size)
    {
        var phaseClock = new FitPhaseClock();
        var fit = LinearMixedModel.Fit(design, new FitOptions { Observer = phaseClock });
        var phases = phaseClock.Times;
        var objective = new ProfiledObjective(design);
        var theta = fit.Theta.ToArray();
        objective.Evaluate(theta);
        var times = new double[5];
        for (int i = 0; i < times.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            objective.Evaluate(theta);
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(times);
        return new ScalingPoint(size, design.RowCount, design.RandomTerms.Sum(t => t.ColumnCount),
            objective.Factor.Tail?.Rows ?? 0, fit.Convergence.FitTime.TotalSeconds, phases.Setup.TotalSeconds,
            phases.Optimizer.TotalSeconds, phases.PostFit.TotalSeconds, fit.Convergence.Evaluations, times[times.Length / 2]);
    }

    /// <summary>make_big.R's nested model: x ~ U(0, 10), y = 5 + 0.7x + b0 + b1·x + e, SDs 2, 0.5, 1.5.</summary>
    private static LmmDesign NestedDesign(int rows, int seed)
    {
        var rng = new Random(seed);
        int subjects = rows / 50;
        var b0 = new double[subjects];
        var b1 = new double[subjects];
        for (int s = 0; s < subjects; s++) { b0[s] = 2 * Normal(rng); b1[s] = 0.5 * Normal(rng); }
        var subj = new string[rows];
        var x = new double[rows];
        var y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            int s = i / 50;
            subj[i] = "s" + (s + 1);
            x[i] = Math.Round(10 * rng.NextDouble(), 3);
            y[i] = Math.Round(5 + 0.7 * x[i] + b0[s] + b1[s] * x[i] + 1.5 * Normal(rng), 4);
        }
        var table = Table.FromColumns(new List<(string, IEnumerable)> { ("subj", subj), ("x", x), ("y", y) }, "nested");
        return Lmm.Design("y ~ x + (1 + x | subj)", table);
    }

    /// <summary>make_big.R's crossed model: y = 1 + 0.3x + u_subj + v_item + e, SDs 1, 0.7, 1; x ~ N(0, 1).</summary>
    private static LmmDesign CrossedDesign(int items, int subjects, int rows, int seed)
    {
        var rng = new Random(seed);
        var u = new double[subjects];
        var v = new double[items];
        for (int s = 0; s < subjects; s++) u[s] = Normal(rng);
        for (int t = 0; t < items; t++) v[t] = 0.7 * Normal(rng);
        var subj = new string[rows];
        var item = new string[rows];
        var x = new double[rows];
        var y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            int s = rng.Next(subjects), t = rng.Next(items);
            subj[i] = "u" + (s + 1);
            item[i] = "i" + (t + 1);
            x[i] = Math.Round(Normal(rng), 3);
            y[i] = Math.Round(1 + 0.3 * x[i] + u[s] + v[t] + Normal(rng), 4);
        }
        var table = Table.FromColumns(new List<(string, IEnumerable)> { ("subj", subj), ("item", item), ("x", x), ("y", y) }, "crossed");
        return Lmm.Design("y ~ x + (1 | subj) + (1 | item)", table);
    }

    private static double Normal(Random rng)
    {
        // Box–Muller; one of the pair is enough here.
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
