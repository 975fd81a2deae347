namespace FormulaLmm.Numerics;

/// <summary>
/// The bounded Nelder–Mead simplex method as lme4 implements it (<c>lmerControl(optimizer =
/// "Nelder_Mead")</c>; lme4's C++ class derives from NLopt's nldrmd): reflection 1, expansion 2,
/// contraction ½, shrink ½; trial points are clamped to the box (Richardson and Kuester, 1973).
/// It stops when every coordinate of every vertex lies within FinalStep × scale of the centroid
/// of the other vertices, or when a trial point coincides with the centroid or the vertex it
/// replaces (a collapsed simplex); lme4 sets but never uses function tolerances, and so does this
/// class (<see cref="OptimizerOptions.RelativeTolerance"/> and
/// <see cref="OptimizerOptions.AbsoluteTolerance"/> are ignored).
/// </summary>
/// <remarks>
/// lme4's quirks are kept so that its paths are reproduced: an expansion is kept whenever it beats
/// the worst vertex (not the reflected point), and after a shrink every vertex is evaluated
/// again, the best one included. NaN and −∞ count as +∞. The initial simplex steps along
/// each coordinate by InitialStep × scale (lme4's xst), turning back or stopping at a bound.
/// </remarks>
public sealed class NelderMead : IBoundedOptimizer
{
    private const double Reflection = 1, Expansion = 2, Contraction = 0.5, Shrink = 0.5;

    OptimizerResult IBoundedOptimizer.Minimize(
        Func<double[], double> f, double[] start, double[] lower, double[] upper, OptimizerOptions options) =>
        Minimize(f, start, lower, upper, options);

    /// <summary>lme4's defaults: xst = 0.02, xt = xst × 5e-4 = 1e-5, maxfun = 10000.</summary>
    public static OptimizerOptions Lme4Options() =>
        new() { InitialStep = 0.02, FinalStep = 1e-5, MaxEvaluations = 10_000, RelativeTolerance = 0 };

    /// <summary>Minimises <paramref name="f"/> over lower ≤ x ≤ upper starting from <paramref name="start"/>.</summary>
    public static OptimizerResult Minimize(
        Func<double[], double> f,
        double[] start,
        double[]? lower = null,
        double[]? upper = null,
        OptimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(start);
        options ??= new OptimizerOptions();
        int n = start.Length;
        if (n == 0)
            throw new ArgumentException("Nelder–Mead needs at least one variable.", nameof(start));
        lower ??= Enumerable.Repeat(double.NegativeInfinity, n).ToArray();
        upper ??= Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        if (lower.Length != n || upper.Length != n)
            throw new ArgumentException($"start, lower and upper must have the same length ({n}, {lower.Length}, {upper.Length}).");
        if (options.Scales is { } sc && sc.Length != n)
            throw new ArgumentException($"Scales has length {sc.Length}, not {n}.", nameof(options));
        if (!(options.InitialStep > 0) || !(options.FinalStep > 0) || options.MaxEvaluations < 1)
            throw new ArgumentException("InitialStep and FinalStep must be positive, MaxEvaluations at least 1.", nameof(options));
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(start[i]))
                throw new ArgumentException($"start[{i}] = {start[i]} is not a finite number.", nameof(start));
            if (double.IsNaN(lower[i]) || double.IsNaN(upper[i]) || lower[i] > upper[i])
                throw new ArgumentException($"bounds of variable {i} are invalid: [{lower[i]}, {upper[i]}].");
        }
        return new Simplex(f, start, lower, upper, options).Run();
    }

    /// <summary>One run: the simplex, its values and preallocated work vectors.</summary>
    private sealed class Simplex
    {
        private readonly Func<double[], double> objective;
        private readonly Action<int, double>? progress;
        private readonly int n, maxEvaluations;
        private readonly double[] lower, upper, step, tolerance;
        private readonly double[][] points;
        private readonly double[] values;
        private readonly double[] centroid, reflected, trial, best, evalBuffer;
        private double bestValue = double.PositiveInfinity;
        private int evaluations;
        private bool budgetExhausted;

        public Simplex(Func<double[], double> objective, double[] start, double[] lower, double[] upper, OptimizerOptions options)
        {
            this.objective = objective;
            progress = options.Progress;
            n = start.Length;
            maxEvaluations = options.MaxEvaluations;
            this.lower = lower;
            this.upper = upper;
            step = new double[n];
            tolerance = new double[n];
            for (int i = 0; i < n; i++)
            {
                double scale = options.Scales?[i] ?? 1.0;
                step[i] = options.InitialStep * scale;
                tolerance[i] = options.FinalStep * scale;
            }
            points = new double[n + 1][];
            for (int j = 0; j <= n; j++)
                points[j] = new double[n];
            values = new double[n + 1];
            centroid = new double[n];
            reflected = new double[n];
            trial = new double[n];
            best = new double[n];
            evalBuffer = new double[n];
            for (int i = 0; i < n; i++)
                points[0][i] = Math.Clamp(start[i], lower[i], upper[i]);
            points[0].CopyTo(best, 0);
        }

        public OptimizerResult Run()
        {
            if (!BuildInitialSimplex())
                return Result(false, "not converged: cannot generate a feasible simplex (the box is too narrow for InitialStep)");
            if (!EvaluateAllVertices())
                return Budget();
            if (values.All(double.IsPositiveInfinity))
                return Result(false, "not converged: the objective is not finite at any vertex of the initial simplex");

            while (true)
            {
                int il = ArgMin(values), ih = ArgMax(values);
                double fl = values[il], fh = values[ih];
                ComputeCentroid(ih);
                if (SimplexIsSmall())
                    return Result(true, "converged: the simplex is smaller than FinalStep");
                if (!Reflect(reflected, centroid, Reflection, points[ih]))
                    return Result(true, "converged: the simplex collapsed");
                double fr = Evaluate(reflected);
                if (budgetExhausted) return Budget();

                if (fr < fl)
                {
                    if (!Reflect(trial, centroid, Expansion, points[ih]))
                        return Result(true, "converged: the simplex collapsed");
                    double fe = Evaluate(trial);
                    if (budgetExhausted) return Budget();
                    // lme4 keeps the expansion when it beats the worst vertex.
                    if (fe < values[ih])
                        Replace(ih, trial, fe);
                    else
                        Replace(ih, reflected, fr);
                    continue;
                }
                if (fr < fh)
                {
                    Replace(ih, reflected, fr);
                    continue;
                }

                // Inside contraction if the reflection is no better than the worst, else outside.
                if (!Reflect(trial, centroid, fh <= fr ? -Contraction : Contraction, points[ih]))
                    return Result(true, "converged: the simplex collapsed");
                double fc = Evaluate(trial);
                if (budgetExhausted) return Budget();
                if (fc < fr && fc < fh)
                {
                    Replace(ih, trial, fc);
                    continue;
                }

                for (int j = 0; j <= n; j++)
                {
                    if (j == il) continue;
                    if (!Reflect(trial, points[il], -Shrink, points[j]))
                        return Result(true, "converged: the simplex collapsed");
                    trial.CopyTo(points[j], 0);
                }
                if (!EvaluateAllVertices())
                    return Budget();
            }
        }

        /// <summary>lme4's initial simplex: x0 plus one step along each coordinate, kept inside the box.</summary>
        private bool BuildInitialSimplex()
        {
            var x = points[0];
            for (int i = 0; i < n; i++)
            {
                var p = points[i + 1];
                x.CopyTo(p, 0);
                double s = Math.Abs(step[i]);
                double v = x[i] + step[i];
                if (v > upper[i])
                    v = upper[i] - x[i] > 0.1 * s ? upper[i] : x[i] - s;
                if (v < lower[i])
                {
                    if (x[i] - lower[i] > 0.1 * s)
                    {
                        v = lower[i];
                    }
                    else
                    {
                        v = x[i] + s;
                        if (v > upper[i])
                            v = 0.5 * ((upper[i] - x[i] > x[i] - lower[i] ? upper[i] : lower[i]) + x[i]);
                    }
                }
                if (Close(v, x[i]))
                    return false;
                p[i] = v;
            }
            return true;
        }

        private bool EvaluateAllVertices()
        {
            for (int j = 0; j <= n; j++)
            {
                values[j] = Evaluate(points[j]);
                if (budgetExhausted) return false;
            }
            return true;
        }

        private double Evaluate(double[] x)
        {
            if (evaluations >= maxEvaluations)
            {
                budgetExhausted = true;
                return double.PositiveInfinity;
            }
            x.CopyTo(evalBuffer, 0);
            evaluations++;
            double f = objective(evalBuffer);
            progress?.Invoke(evaluations, f);
            if (double.IsNaN(f) || double.IsNegativeInfinity(f))
                f = double.PositiveInfinity;
            if (f < bestValue)
            {
                bestValue = f;
                x.CopyTo(best, 0);
            }
            return f;
        }

        private void Replace(int j, double[] x, double f)
        {
            x.CopyTo(points[j], 0);
            values[j] = f;
        }

        private void ComputeCentroid(int excluded)
        {
            Array.Clear(centroid);
            for (int j = 0; j <= n; j++)
            {
                if (j == excluded) continue;
                for (int i = 0; i < n; i++)
                    centroid[i] += points[j][i];
            }
            for (int i = 0; i < n; i++)
                centroid[i] /= n;
        }

        /// <summary>Every coordinate of every vertex within the tolerance of the centroid.</summary>
        private bool SimplexIsSmall()
        {
            for (int i = 0; i < n; i++)
            {
                double deviation = 0;
                for (int j = 0; j <= n; j++)
                    deviation = Math.Max(deviation, Math.Abs(points[j][i] - centroid[i]));
                if (!(deviation < tolerance[i] || deviation == 0))
                    return false;
            }
            return true;
        }

        /// <summary>
        /// target = c + scale·(c − from), clamped to the box. False when the result coincides with
        /// the centroid or with <paramref name="from"/> (as in lme4, the centroid test uses the
        /// simplex centroid even when shrinking towards the best vertex).
        /// </summary>
        private bool Reflect(double[] target, double[] c, double scale, double[] from)
        {
            bool equalCentroid = true, equalFrom = true;
            for (int i = 0; i < n; i++)
            {
                double v = Math.Min(Math.Max(c[i] + scale * (c[i] - from[i]), lower[i]), upper[i]);
                equalCentroid &= Close(v, centroid[i]);
                equalFrom &= Close(v, from[i]);
                target[i] = v;
            }
            return !(equalCentroid || equalFrom);
        }

        private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-13 * (Math.Abs(a) + Math.Abs(b));

        private static int ArgMin(double[] v)
        {
            int k = 0;
            for (int i = 1; i < v.Length; i++)
                if (v[i] < v[k]) k = i;
            return k;
        }

        private static int ArgMax(double[] v)
        {
            int k = 0;
            for (int i = 1; i < v.Length; i++)
                if (v[i] > v[k]) k = i;
            return k;
        }

        private OptimizerResult Budget() =>
            Result(false, $"not converged: the limit of {maxEvaluations} evaluations was reached");

        private OptimizerResult Result(bool converged, string message)
        {
            bool finite = double.IsFinite(bestValue);
            if (!finite && evaluations > 0)
            {
                converged = false;
                message = "not converged: the objective is not finite at any point tried";
            }
            return new OptimizerResult((double[])best.Clone(), finite ? bestValue : double.NaN, evaluations, converged, message);
        }
    }
}
