using FormulaLmm.Numerics;

namespace FormulaLmm.Tests.Numerics;

public class BobyqaTests
{
    private static readonly double Inf = double.PositiveInfinity;

    private static double Rosenbrock(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            s += 100 * a * a + b * b;
        }
        return s;
    }

    /// <summary>
    /// The test problem of Powell's BOBYQA report: the sum of reciprocal distances between n/2
    /// points in the square [−1, 1]², the points starting equally spaced on the unit circle.
    /// </summary>
    private static double PowellPoints(double[] x)
    {
        double f = 0;
        for (int i = 2; i < x.Length; i += 2)
        {
            for (int j = 0; j < i; j += 2)
            {
                double dx = x[i] - x[j], dy = x[i + 1] - x[j + 1];
                f += 1 / Math.Sqrt(Math.Max(dx * dx + dy * dy, 1e-6));
            }
        }
        return f;
    }

    private static double[] PointsOnCircle(int points)
    {
        var x = new double[2 * points];
        for (int j = 1; j <= points; j++)
        {
            double angle = j * 2 * Math.PI / points;
            x[2 * j - 2] = Math.Cos(angle);
            x[2 * j - 1] = Math.Sin(angle);
        }
        return x;
    }

    private static double[] Filled(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    [Fact]
    public void Rosenbrock2DFromTheStandardStartReachesTheMinimum()
    {
        var options = new OptimizerOptions { FinalStep = 1e-9, RelativeTolerance = 0 };
        var r = Bobyqa.Minimize(Rosenbrock, [-1.2, 1.0], options: options);

        Assert.True(r.Converged, r.Message);
        Assert.Equal(1.0, r.Minimizer[0], 1e-6);
        Assert.Equal(1.0, r.Minimizer[1], 1e-6);
        Assert.True(r.Minimum < 1e-12, $"f = {r.Minimum}");
        Assert.InRange(r.Evaluations, 150, 220); // observed 180
    }

    [Fact]
    public void Rosenbrock5DReachesTheGlobalMinimum()
    {
        var options = new OptimizerOptions { FinalStep = 1e-9, RelativeTolerance = 0 };
        var r = Bobyqa.Minimize(Rosenbrock, [-1.2, 1, -1.2, 1, -1.2], options: options);

        Assert.True(r.Converged, r.Message);
        foreach (double v in r.Minimizer)
            Assert.Equal(1.0, v, 1e-6);
        Assert.True(r.Minimum < 1e-12, $"f = {r.Minimum}");
        Assert.InRange(r.Evaluations, 300, 600); // observed 498
    }

    [Fact]
    public void Rosenbrock5DFromAnotherStartFindsTheKnownLocalMinimum()
    {
        // The extended Rosenbrock function in 5-D has a second minimum near x1 = −0.96, f = 3.930839434133.
        var options = new OptimizerOptions { FinalStep = 1e-9, RelativeTolerance = 0 };
        var r = Bobyqa.Minimize(Rosenbrock, [-1.2, 1, 1, 1, 1], options: options);

        Assert.True(r.Converged, r.Message);
        Assert.Equal(3.930839434133, r.Minimum, 1e-11);
        Assert.Equal(-0.962051, r.Minimizer[0], 1e-6);
        Assert.Equal(0.935739, r.Minimizer[1], 1e-6);
        Assert.Equal(0.605094, r.Minimizer[4], 1e-6);
        Assert.InRange(r.Evaluations, 150, 330); // observed 259
    }

    [Fact]
    public void SolutionOnALowerBoundIsExactlyTheBound()
    {
        // min (x + 1)² + (y − 2)² with x ≥ 0: the minimiser is (0, 2), f = 1.
        var r = Bobyqa.Minimize(
            x => (x[0] + 1) * (x[0] + 1) + (x[1] - 2) * (x[1] - 2),
            [1.0, 1.0], [0.0, double.NegativeInfinity], [Inf, Inf]);

        Assert.True(r.Converged, r.Message);
        Assert.Equal(0.0, r.Minimizer[0]);
        Assert.Equal(2.0, r.Minimizer[1], 1e-7);
        Assert.Equal(1.0, r.Minimum, 1e-12);
        Assert.InRange(r.Evaluations, 15, 35); // observed 24 (Powell's Fortran BOBYQA: 24)
    }

    [Fact]
    public void SolutionOnAnUpperBoundAndStartOnTheBound()
    {
        // min (x − 3)² + (y + 5)² on [−1, 1] × [−2, 2], starting on the upper bound of x.
        var r = Bobyqa.Minimize(
            x => (x[0] - 3) * (x[0] - 3) + (x[1] + 5) * (x[1] + 5),
            [1.0, 0.0], [-1.0, -2.0], [1.0, 2.0]);

        Assert.True(r.Converged, r.Message);
        Assert.Equal(1.0, r.Minimizer[0]);
        Assert.Equal(-2.0, r.Minimizer[1]);
        Assert.Equal(13.0, r.Minimum, 12);
    }

    [Fact]
    public void EveryEvaluatedPointIsInsideTheBox()
    {
        var lower = new[] { 0.0, -0.5, 0.0 };
        var upper = new[] { 2.0, 0.5, Inf };
        var r = Bobyqa.Minimize(x =>
        {
            for (int i = 0; i < x.Length; i++)
                Assert.InRange(x[i], lower[i], upper[i]);
            return Rosenbrock(x);
        }, [1.5, 0.4, 0.05], lower, upper);
        Assert.True(r.Converged, r.Message);
    }

    [Theory]
    [InlineData(5, 5.601533972186465, 130)] // n = 10: Powell's published F (a local minimum), observed 98 evaluations
    [InlineData(10, 32.20305336883060, 250)] // n = 20: Powell's published F, observed 197 evaluations
    public void PowellsTestProblemReachesThePublishedValue(int points, double publishedF, int maxEvaluations)
    {
        int n = 2 * points;
        // Powell's settings: m = 2n + 1, rhobeg = 0.1, rhoend = 1e-6, bounds [−1, 1].
        var options = new OptimizerOptions { InitialStep = 0.1, FinalStep = 1e-6, RelativeTolerance = 0 };
        var r = Bobyqa.Minimize(PowellPoints, PointsOnCircle(points), Filled(n, -1), Filled(n, 1), options);

        Assert.True(r.Converged, r.Message);
        Assert.Equal(publishedF, r.Minimum, 1e-9 * publishedF);
        Assert.True(r.Evaluations <= maxEvaluations, $"{r.Evaluations} evaluations");
    }

    [Fact]
    public void OneDimensionalUnboundedQuadratic()
    {
        var r = Bobyqa.Minimize(x => (x[0] - 3) * (x[0] - 3) + 0.5, [0.0]);

        Assert.True(r.Converged, r.Message);
        Assert.Equal(3.0, r.Minimizer[0], 1e-7);
        Assert.Equal(0.5, r.Minimum, 1e-13);
        Assert.InRange(r.Evaluations, 8, 25); // observed 17
    }

    [Fact]
    public void OneDimensionalMinimumOnTheBoundIsExactlyZero()
    {
        var r = Bobyqa.Minimize(x => (x[0] + 1) * (x[0] + 1), [1.0], [0.0], [Inf]);

        Assert.True(r.Converged, r.Message);
        Assert.Equal(0.0, r.Minimizer[0]);
        Assert.Equal(1.0, r.Minimum);
        Assert.InRange(r.Evaluations, 6, 20); // observed 14
    }

    [Fact]
    public void OneDimensionalNonQuadraticFarFromTheStart()
    {
        // f = cosh(x − 0.7) + 0.1 x⁴ has one minimum, where sinh(x − 0.7) + 0.4 x³ = 0.
        var options = new OptimizerOptions { RelativeTolerance = 0, FinalStep = 1e-9 };
        var r = Bobyqa.Minimize(x => Math.Cosh(x[0] - 0.7) + 0.1 * Math.Pow(x[0], 4), [5.0], options: options);

        double x = r.Minimizer[0];
        Assert.True(r.Converged, r.Message);
        Assert.True(Math.Abs(Math.Sinh(x - 0.7) + 0.4 * x * x * x) < 1e-7, $"x = {x}");
        Assert.InRange(r.Evaluations, 10, 50);
    }

    [Fact]
    public void QuadraticWithInfiniteBoundsAndCrossTerms()
    {
        double[,] a = { { 4, 1, 0.5, 0 }, { 1, 3, 0.2, 0.1 }, { 0.5, 0.2, 2, 0.3 }, { 0, 0.1, 0.3, 1 } };
        double[] centre = { 1, -2, 3, -4 };
        double F(double[] x)
        {
            double s = 7;
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                    s += 0.5 * (x[i] - centre[i]) * a[i, j] * (x[j] - centre[j]);
            return s;
        }
        var options = new OptimizerOptions { RelativeTolerance = 0 };
        var r = Bobyqa.Minimize(F, new double[4], Filled(4, double.NegativeInfinity), Filled(4, Inf), options);

        Assert.True(r.Converged, r.Message);
        for (int i = 0; i < 4; i++)
            Assert.Equal(centre[i], r.Minimizer[i], 1e-6);
        Assert.Equal(7.0, r.Minimum, 1e-12);
        Assert.True(r.Evaluations <= 90, $"{r.Evaluations} evaluations");
    }

    [Fact]
    public void NaNRegionIsAvoidedAndTheRunCompletes()
    {
        // f is NaN for x > 1.5; the minimiser (1.3, 1.1) lies inside the finite region, and the
        // first trial point along x (1.45 + 0.2) falls in the NaN region.
        int nonFinite = 0;
        double F(double[] x)
        {
            if (x[0] > 1.5)
            {
                nonFinite++;
                return double.NaN;
            }
            double a = x[0] - 1.4, b = x[1] - 1, c = x[0] - x[1];
            return a * a + b * b + 0.5 * c * c;
        }
        var r = Bobyqa.Minimize(F, [1.45, 0.0]);

        Assert.True(nonFinite > 0);
        Assert.True(r.Converged, r.Message);
        Assert.Equal(1.3, r.Minimizer[0], 1e-6);
        Assert.Equal(1.1, r.Minimizer[1], 1e-6);
        Assert.Equal(0.04, r.Minimum, 1e-12);
    }

    [Fact]
    public void InfiniteValuesOutsideADiskAreAvoided()
    {
        int nonFinite = 0;
        double F(double[] x)
        {
            if (x[0] * x[0] + x[1] * x[1] > 4)
            {
                nonFinite++;
                return double.PositiveInfinity;
            }
            return (x[0] - 1.2) * (x[0] - 1.2) + (x[1] - 1.2) * (x[1] - 1.2);
        }
        var r = Bobyqa.Minimize(F, [0.0, 1.9]);

        Assert.True(nonFinite > 0);
        Assert.True(r.Converged, r.Message);
        Assert.Equal(1.2, r.Minimizer[0], 1e-6);
        Assert.Equal(1.2, r.Minimizer[1], 1e-6);
    }

    [Fact]
    public void HugeFiniteValuesDoNotWreckTheModel()
    {
        // 1e250 is finite but would dominate the interpolation forever; it is treated like NaN.
        var r = Bobyqa.Minimize(
            x => x[0] > 0.3 ? 1e250 : (x[0] - 0.2) * (x[0] - 0.2) + (x[1] - 1) * (x[1] - 1),
            [0.25, 0.0]);

        Assert.True(r.Converged, r.Message);
        Assert.Equal(0.2, r.Minimizer[0], 1e-7);
        Assert.Equal(1.0, r.Minimizer[1], 1e-7);
    }

    [Fact]
    public void NonFiniteValueAtTheStartStopsWithAMessage()
    {
        var r = Bobyqa.Minimize(_ => double.NaN, [0.0, 1.0]);

        Assert.False(r.Converged);
        Assert.Equal(1, r.Evaluations);
        Assert.True(double.IsNaN(r.Minimum));
        Assert.Contains("not finite at the starting point", r.Message);
    }

    [Fact]
    public void IdenticalRunsEvaluateIdenticalPoints()
    {
        static List<double[]> Trace()
        {
            var points = new List<double[]>();
            Bobyqa.Minimize(x =>
            {
                points.Add((double[])x.Clone());
                return Rosenbrock(x);
            }, [-1.2, 1, 0.5], [-2.0, 0.0, -Inf], [2.0, Inf, Inf]);
            return points;
        }
        var first = Trace();
        var second = Trace();

        Assert.Equal(first.Count, second.Count);
        for (int k = 0; k < first.Count; k++)
            Assert.Equal(first[k], second[k]);
    }

    [Fact]
    public void EvaluationLimitStopsWithConvergedFalse()
    {
        var r = Bobyqa.Minimize(Rosenbrock, [-1.2, 1.0], options: new OptimizerOptions { MaxEvaluations = 20 });

        Assert.False(r.Converged);
        Assert.Equal(20, r.Evaluations);
        Assert.Contains("limit of 20 evaluations", r.Message);
        Assert.Equal(Rosenbrock(r.Minimizer), r.Minimum);
        Assert.True(r.Minimum < Rosenbrock([-1.2, 1.0]));
    }

    [Fact]
    public void EvaluationLimitBelowTheInitialDesignReturnsTheBestPointSoFar()
    {
        var r = Bobyqa.Minimize(Rosenbrock, new double[5], options: new OptimizerOptions { MaxEvaluations = 3 });

        Assert.False(r.Converged);
        Assert.Equal(3, r.Evaluations);
        Assert.Equal(Rosenbrock(r.Minimizer), r.Minimum);
        Assert.Equal([0.2, 0, 0, 0, 0], r.Minimizer);
    }

    [Fact]
    public void VariablesWithEqualBoundsStayFixed()
    {
        var r = Bobyqa.Minimize(
            x => (x[0] - 1) * (x[0] - 1) + (x[1] - 2) * (x[1] - 2) + (x[2] - 3) * (x[2] - 3),
            [0.0, 5, 0], [-10.0, 5, -10], [10.0, 5, 10]);

        Assert.True(r.Converged, r.Message);
        Assert.Equal(5.0, r.Minimizer[1]);
        Assert.Equal(1.0, r.Minimizer[0], 1e-7);
        Assert.Equal(3.0, r.Minimizer[2], 1e-7);
    }

    [Fact]
    public void BoxNarrowerThanTheInitialStepStillWorks()
    {
        var r = Bobyqa.Minimize(x => (x[0] - 1) * (x[0] - 1) + (x[1] - 2) * (x[1] - 2),
            [0.0, 0.0], [0.0, 0.0], [0.1, 0.05]);

        Assert.True(r.Converged, r.Message);
        Assert.Equal([0.1, 0.05], r.Minimizer);
    }

    [Fact]
    public void StartOutsideTheBoxIsClamped()
    {
        double first = double.NaN;
        var r = Bobyqa.Minimize(x =>
        {
            if (double.IsNaN(first)) first = x[0];
            return (x[0] - 0.5) * (x[0] - 0.5) + x[1] * x[1];
        }, [7.0, 0.3], [0.0, -1.0], [1.0, 1.0]);

        Assert.Equal(1.0, first);
        Assert.Equal(0.5, r.Minimizer[0], 1e-7);
    }

    [Fact]
    public void WorksThroughTheInterface()
    {
        IBoundedOptimizer optimizer = new Bobyqa();
        var r = optimizer.Minimize(x => (x[0] - 2) * (x[0] - 2) + (x[1] + 1) * (x[1] + 1),
            [0.0, 0.0], [0.0, 0.0], [Inf, Inf], new OptimizerOptions());

        Assert.Equal([2.0, 0.0], r.Minimizer.Select(v => Math.Round(v, 6)).ToArray());
        Assert.Equal(1.0, r.Minimum, 1e-12);
    }

    [Fact]
    public void ProgressIsReportedForEveryEvaluation()
    {
        int calls = 0, last = 0;
        var options = new OptimizerOptions
        {
            Progress = (count, _) =>
            {
                calls++;
                Assert.Equal(last + 1, count);
                last = count;
            },
        };
        var r = Bobyqa.Minimize(Rosenbrock, [-1.2, 1.0], options: options);
        Assert.Equal(r.Evaluations, calls);
    }

    [Fact]
    public void ScalesChangeTheUnitsOfTheSteps()
    {
        // With scale 1000 on y, InitialStep 0.2 means a first step of 200 in y.
        var ys = new List<double>();
        var options = new OptimizerOptions { Scales = [1.0, 1000.0] };
        var r = Bobyqa.Minimize(x =>
        {
            ys.Add(x[1]);
            return (x[0] - 1) * (x[0] - 1) + (x[1] - 3000) * (x[1] - 3000) / 1e6;
        }, [0.0, 0.0], options: options);

        Assert.Equal(200.0, ys[2], 1e-9);
        Assert.True(r.Converged, r.Message);
        Assert.Equal(3000.0, r.Minimizer[1], 1e-3);
    }

    [Fact]
    public void NloptOptionsFollowNloptsHeuristics()
    {
        // lme4's start for a 2×2 unstructured term: θ = (1, 0, 1), lower = (0, −∞, 0).
        var o = Bobyqa.NloptOptions([1.0, 0.0, 1.0], [0.0, double.NegativeInfinity, 0.0], [Inf, Inf, Inf]);

        Assert.Equal(0.75, o.InitialStep);
        Assert.Equal(7.5e-5, o.FinalStep, 1e-18);
        Assert.Equal([1.0, 1 / 0.75, 1.0], o.Scales!);
        Assert.Equal(1e-8, o.AbsoluteTolerance);
        Assert.Equal(0, o.RelativeTolerance);
    }

    [Fact]
    public void AbsoluteToleranceStopsEarlierThanTheRadius()
    {
        var strict = Bobyqa.Minimize(Rosenbrock, [-1.2, 1.0], options: new OptimizerOptions { RelativeTolerance = 0 });
        var loose = Bobyqa.Minimize(Rosenbrock, [-1.2, 1.0],
            options: new OptimizerOptions { RelativeTolerance = 0, AbsoluteTolerance = 1e-8 });

        Assert.True(loose.Converged, loose.Message);
        Assert.Contains("function tolerance", loose.Message);
        Assert.True(loose.Evaluations < strict.Evaluations);
        Assert.True(loose.Minimum < 1e-8, $"f = {loose.Minimum}");
    }

    [Fact]
    public void TheIterationAllocatesNothing()
    {
        // Same dimension, ten times the evaluations: the allocated bytes must not grow.
        static double F(double[] x)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double t = x[i] - 0.1 * i;
                s += t * t * (1 + t * t) + 0.3 * t * (i + 1) * (i > 0 ? x[i - 1] : 0);
            }
            return s;
        }
        static long Allocated(int maxEvaluations)
        {
            var options = new OptimizerOptions { MaxEvaluations = maxEvaluations, FinalStep = 1e-12, RelativeTolerance = 0 };
            var start = new double[8];
            long before = GC.GetAllocatedBytesForCurrentThread();
            Bobyqa.Minimize(F, start, options: options);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(50); // warm up the JIT
        long small = Allocated(50);
        long large = Allocated(500);
        Assert.True(large - small < 256, $"{small} bytes for 50 evaluations, {large} for 500");
    }

    [Fact]
    public void InvalidArgumentsThrow()
    {
        Assert.Throws<ArgumentException>(() => Bobyqa.Minimize(Rosenbrock, [0.0, 0.0], [0.0], [1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => Bobyqa.Minimize(Rosenbrock, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0]));
        Assert.Throws<ArgumentException>(() => Bobyqa.Minimize(Rosenbrock, [double.NaN, 0.0]));
        Assert.Throws<ArgumentException>(() =>
            Bobyqa.Minimize(Rosenbrock, [0.0, 0.0], options: new OptimizerOptions { InitialStep = 0 }));
        Assert.Throws<ArgumentException>(() =>
            Bobyqa.Minimize(Rosenbrock, [0.0, 0.0], options: new OptimizerOptions { Scales = [1.0, -1.0] }));
    }
}
