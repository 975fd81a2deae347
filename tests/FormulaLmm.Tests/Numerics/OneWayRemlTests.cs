using FormulaLmm.Numerics;

namespace FormulaLmm.Tests.Numerics;

/// <summary>
/// The optimizer on a small but real LMM objective: the profiled REML criterion of the balanced
/// one-way model y_ij = μ + b_i + e_ij, with θ = σ_b/σ ≥ 0. For a groups of n observations
/// (N = a·n), with within and between sums of squares SSW and SSB and s = 1 + nθ²,
/// REML(θ) = (a − 1) log s + log N + (N − 1)(1 + log(2π r²/(N − 1))), r² = SSW + SSB/s,
/// which is lme4's log|L_Z|² + log|L_X|² + (N − p)(1 + log(2πr²/(N − p))) for this design.
/// Its minimiser is θ² = (MSB/MSW − 1)/n when MSB > MSW, else θ = 0 (a singular fit).
/// </summary>
public class OneWayRemlTests
{
    // lme4's Dyestuff and Dyestuff2 data (6 batches × 5 observations), batch by batch.
    private static readonly double[][] Dyestuff =
    [
        [1545, 1440, 1440, 1520, 1580],
        [1540, 1555, 1490, 1560, 1495],
        [1595, 1550, 1605, 1510, 1560],
        [1445, 1440, 1595, 1465, 1545],
        [1595, 1630, 1515, 1635, 1625],
        [1520, 1455, 1450, 1480, 1445],
    ];

    private static readonly double[][] Dyestuff2 =
    [
        [7.298, 3.846, 2.434, 9.566, 7.990],
        [5.220, 6.556, 0.608, 11.788, -0.892],
        [0.110, 10.386, 13.434, 5.510, 8.166],
        [2.212, 4.852, 7.092, 9.288, 4.980],
        [0.282, 9.014, 4.458, 9.446, 7.198],
        [1.722, 4.782, 8.106, 0.758, 3.758],
    ];

    private sealed class OneWayReml(double[][] groups)
    {
        private readonly int a = groups.Length;
        private readonly int n = groups[0].Length;
        private readonly double ssw = WithinSumOfSquares(groups);
        private readonly double ssb = BetweenSumOfSquares(groups);

        public int Evaluations { get; private set; }

        public double Criterion(double theta)
        {
            int total = a * n;
            double s = 1 + n * theta * theta;
            double r2 = ssw + ssb / s;
            return (a - 1) * Math.Log(s) + Math.Log(total)
                + (total - 1) * (1 + Math.Log(2 * Math.PI * r2 / (total - 1)));
        }

        public double Objective(double[] theta)
        {
            Evaluations++;
            return Criterion(theta[0]);
        }

        public double AnovaTheta()
        {
            double msb = ssb / (a - 1), msw = ssw / (a * n - a);
            return msb > msw ? Math.Sqrt((msb / msw - 1) / n) : 0;
        }

        private static double WithinSumOfSquares(double[][] g) =>
            g.Sum(group => group.Sum(y => (y - group.Average()) * (y - group.Average())));

        private static double BetweenSumOfSquares(double[][] g)
        {
            double grand = g.SelectMany(x => x).Average();
            return g.Sum(group => group.Length * (group.Average() - grand) * (group.Average() - grand));
        }
    }

    private static (double Theta, double Value) GridMinimum(OneWayReml model, double upper, int steps)
    {
        double bestTheta = 0, best = model.Criterion(0);
        for (int i = 1; i <= steps; i++)
        {
            double t = upper * i / steps;
            double v = model.Criterion(t);
            if (v < best)
            {
                best = v;
                bestTheta = t;
            }
        }
        return (bestTheta, best);
    }

    [Fact]
    public void ClosedFormAgreesWithLme4AtItsOptimum()
    {
        // lme4 1.1-31: lmer(Yield ~ 1 + (1|Batch), Dyestuff) gives θ = 0.8483238 and REML 319.6542768.
        var model = new OneWayReml(Dyestuff);
        Assert.Equal(319.654276842257, model.Criterion(0.8483238), 1e-9);
        Assert.Equal(0.8483238, model.AnovaTheta(), 1e-7);
    }

    [Fact]
    public void ReachesTheRemlOptimumOfDyestuff()
    {
        var model = new OneWayReml(Dyestuff);
        var r = Bobyqa.Minimize(model.Objective, [1.0], [0.0], [double.PositiveInfinity]);

        var grid = GridMinimum(model, 3, 300_000);
        Assert.True(r.Converged, r.Message);
        Assert.Equal(model.AnovaTheta(), r.Minimizer[0], 1e-6);
        Assert.Equal(grid.Theta, r.Minimizer[0], 2e-5);
        Assert.True(r.Minimum <= grid.Value + 1e-12, $"{r.Minimum} vs grid {grid.Value}");
        Assert.InRange(model.Evaluations, 8, 25); // observed 16; lme4 needs 17
    }

    [Fact]
    public void SingularFitConvergesToExactlyZero()
    {
        var model = new OneWayReml(Dyestuff2);
        Assert.Equal(0.0, model.AnovaTheta());

        var r = Bobyqa.Minimize(model.Objective, [1.0], [0.0], [double.PositiveInfinity]);

        var grid = GridMinimum(model, 3, 300_000);
        Assert.True(r.Converged, r.Message);
        Assert.Equal(0.0, r.Minimizer[0]);
        Assert.Equal(grid.Value, r.Minimum, 1e-12);
        Assert.Equal(161.828277812, r.Minimum, 1e-8); // lme4's REML criterion for Dyestuff2
        Assert.InRange(model.Evaluations, 6, 20); // observed 14; lme4 needs 10
    }

    [Fact]
    public void NloptEmulationReproducesLme4sEvaluationCount()
    {
        // NLopt's BOBYQA run directly on lme4's devfun for Dyestuff takes 18 evaluations and ends
        // at θ = 0.8483238 (lme4:::nloptwrap with its default settings).
        var model = new OneWayReml(Dyestuff);
        double[] start = [1.0], lower = [0.0], upper = [double.PositiveInfinity];
        var r = Bobyqa.Minimize(model.Objective, start, lower, upper, Bobyqa.NloptOptions(start, lower, upper));

        Assert.True(r.Converged, r.Message);
        Assert.Equal(18, r.Evaluations);
        Assert.Equal(0.8483238, r.Minimizer[0], 1e-6);
    }
}
