namespace FormulaLmm.Fitting;

/// <summary>
/// The objective's score at θ̂ by central differences (one-sided at an active bound): gradient,
/// the diagonal of the Hessian from the same evaluations (NaN where one-sided), and f(θ̂).
/// </summary>
internal sealed record ScoreAtTheta(double[] Theta, double Objective, double[] Gradient, double[] Curvature);

/// <summary>
/// lme4's convergence check (checkConv: max |scaled gradient| ≤ 0.002, the gradient scaled by the
/// Cholesky factor of the Hessian, taking the smaller of scaled and raw per coordinate) with the
/// diagonal of a finite-difference Hessian, and the cheap remedy when it fails: Newton steps
/// θ ← θ − g/h on that diagonal. BOBYQA's stopping rules leave θ̂ a trust-region radius from the
/// minimum; where the objective is locally quadratic along the coordinates one such step, priced at
/// one evaluation plus the score (2 per θ), lands far closer to it than further BOBYQA iterations,
/// which creep along by radius-sized steps (measured on InstEval, big_crossed and big_nested: the
/// objective gap to the exact minimum falls from 2–3e-4 to ≤ 1e-6 in one step).
/// </summary>
internal static class ConvergenceCheck
{
    /// <summary>lme4's check.conv.grad tolerance on the scaled gradient.</summary>
    public const double Tolerance = 2e-3;

    /// <summary>Most Newton steps taken by <see cref="Polish"/>.</summary>
    public const int MaxNewtonSteps = 2;

    /// <summary>
    /// The decrease a Newton step on the diagonal Hessian predicts, Σ g_i² / (2 h_ii) over the
    /// coordinates with positive curvature that are not held at their bound: an estimate of the
    /// objective's gap to its minimum (it matched the gap within 10% on InstEval, big_nested,
    /// big_crossed and most reference fits; it underestimates in curved valleys).
    /// </summary>
    public static double PredictedDecrease(ScoreAtTheta score, IReadOnlyList<double> lower)
    {
        double sum = 0.0;
        for (int i = 0; i < score.Gradient.Length; i++)
        {
            double g = score.Gradient[i], h = score.Curvature[i];
            if (score.Theta[i] == lower[i] && g > 0) continue;
            if (h > 0) sum += g * g / (2 * h);
        }
        return sum;
    }

    /// <summary>
    /// True when lme4's check fails at θ̂ (lme4 would warn). Only then does the fit move away from
    /// where lme4's optimiser settings stop, so fits that lme4 reports as converged keep its θ̂.
    /// </summary>
    public static bool NeedsWork(ScoreAtTheta score, IReadOnlyList<double> lower) => ScaledGradient(score, lower) > Tolerance;

    /// <summary>
    /// The score at θ (2 evaluations per θ, one more when f(θ) is not given). Leaves the objective's
    /// factor at a neighbouring point: evaluate at θ again before reading the factor.
    /// </summary>
    public static ScoreAtTheta Score(ProfiledObjective objective, double[] theta, double? objectiveAtTheta = null)
    {
        double f0 = objectiveAtTheta ?? objective.Evaluate(theta);
        int n = theta.Length;
        var g = new double[n];
        var curvature = new double[n];
        var x = (double[])theta.Clone();
        var lower = objective.LowerBounds;
        for (int i = 0; i < n; i++)
        {
            double h = 1e-5 * Math.Max(1.0, Math.Abs(theta[i]));
            x[i] = theta[i] + h;
            double fp = objective.Evaluate(x);
            if (theta[i] - h >= lower[i])
            {
                x[i] = theta[i] - h;
                double fm = objective.Evaluate(x);
                g[i] = (fp - fm) / (2 * h);
                curvature[i] = (fp - 2 * f0 + fm) / (h * h);
            }
            else
            {
                g[i] = (fp - f0) / h;
                curvature[i] = double.NaN;
            }
            x[i] = theta[i];
        }
        return new ScoreAtTheta((double[])theta.Clone(), f0, g, curvature);
    }

    /// <summary>
    /// max over θ of min(|g_i| / sqrt(h_ii), |g_i|), leaving out coordinates held at their lower
    /// bound by a positive slope; |g_i| where the curvature is unknown or not positive.
    /// </summary>
    public static double ScaledGradient(ScoreAtTheta score, IReadOnlyList<double> lower)
    {
        double worst = 0.0;
        for (int i = 0; i < score.Gradient.Length; i++)
        {
            double g = score.Gradient[i], h = score.Curvature[i];
            if (score.Theta[i] == lower[i] && g > 0) continue;
            double raw = Math.Abs(g);
            worst = Math.Max(worst, h > 0 ? Math.Min(raw / Math.Sqrt(h), raw) : raw);
        }
        return worst;
    }

    /// <summary>
    /// While <see cref="NeedsWork"/>, a Newton step on the diagonal of the Hessian (coordinates with
    /// positive curvature, kept inside the bounds), accepted when it lowers the objective. Returns the score at
    /// the final θ and the number of Newton-step evaluations (the scores' own are not counted). Leaves
    /// the objective's factor at the returned θ.
    /// </summary>
    public static (ScoreAtTheta Score, int Evaluations) Polish(ProfiledObjective objective, ScoreAtTheta score, bool enabled = true)
    {
        var lower = objective.LowerBounds;
        int evaluations = 0;
        for (int step = 0; enabled && step < MaxNewtonSteps && NeedsWork(score, lower); step++)
        {
            var next = (double[])score.Theta.Clone();
            bool moved = false;
            for (int i = 0; i < next.Length; i++)
            {
                double h = score.Curvature[i];
                if (!(h > 0)) continue;
                next[i] = Math.Max(lower[i], score.Theta[i] - score.Gradient[i] / h);
                moved |= next[i] != score.Theta[i];
            }
            if (!moved) break;
            evaluations++;
            double f = objective.Evaluate(next);
            if (!(f < score.Objective)) break;
            score = Score(objective, next, f);
        }
        return (score, evaluations);
    }
}
