using FormulaLmm.Numerics;

namespace FormulaLmm.Tests.Numerics;

public class NelderMeadTests
{
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

    private static double ShiftedQuadratic(double[] x) => (x[0] + 1) * (x[0] + 1) + (x[1] - 2) * (x[1] - 2);

    [Fact]
    public void ReproducesLme4sNelderMeadOnRosenbrock()
    {
        // lme4::Nelder_Mead(rosen, c(-1.2, 1)): 205 evaluations, f = 7.06418645e-12,
        // par = (0.999997752967208, 0.99999536398771).
        var r = NelderMead.Minimize(Rosenbrock, [-1.2, 1.0], options: NelderMead.Lme4Options());

        Assert.True(r.Converged, r.Message);
        Assert.Equal(205, r.Evaluations);
        Assert.Equal(7.06418645e-12, r.Minimum, 1e-17);
        Assert.Equal(0.999997752967208, r.Minimizer[0], 1e-12);
        Assert.Equal(0.99999536398771, r.Minimizer[1], 1e-12);
    }

    [Fact]
    public void ReproducesLme4sNelderMeadWithABound()
    {
        // lme4::Nelder_Mead(q, c(1, 1), lower = c(0, -Inf)): 70 evaluations, par = (0, 2.0000023435057).
        var r = NelderMead.Minimize(ShiftedQuadratic, [1.0, 1.0], [0.0, double.NegativeInfinity], null,
            NelderMead.Lme4Options());

        Assert.True(r.Converged, r.Message);
        Assert.Equal(70, r.Evaluations);
        Assert.Equal(0.0, r.Minimizer[0]);
        Assert.Equal(2.0000023435057, r.Minimizer[1], 1e-12);
    }

    [Fact]
    public void StartOnTheBoundStepsInward()
    {
        // lme4::Nelder_Mead(q, c(0, 1), lower = c(0, -Inf)): 72 evaluations, par = (0, 1.99999841980636).
        var r = NelderMead.Minimize(ShiftedQuadratic, [0.0, 1.0], [0.0, double.NegativeInfinity], null,
            NelderMead.Lme4Options());

        Assert.Equal(72, r.Evaluations);
        Assert.Equal(1.99999841980636, r.Minimizer[1], 1e-12);
    }

    [Fact]
    public void NaNCountsAsInfinity()
    {
        var r = NelderMead.Minimize(
            x => x[0] > 0.5 ? double.NaN : (x[0] - 0.2) * (x[0] - 0.2) + (x[1] - 1) * (x[1] - 1),
            [0.45, 0.0], options: new OptimizerOptions { InitialStep = 0.1, FinalStep = 1e-7 });

        Assert.True(r.Converged, r.Message);
        Assert.Equal(0.2, r.Minimizer[0], 1e-6);
        Assert.Equal(1.0, r.Minimizer[1], 1e-6);
    }

    [Fact]
    public void EvaluationLimitStopsWithConvergedFalse()
    {
        var r = NelderMead.Minimize(Rosenbrock, [-1.2, 1.0], options: new OptimizerOptions { MaxEvaluations = 30 });

        Assert.False(r.Converged);
        Assert.Equal(30, r.Evaluations);
        Assert.Contains("limit of 30 evaluations", r.Message);
        Assert.Equal(Rosenbrock(r.Minimizer), r.Minimum);
    }

    [Fact]
    public void WorksThroughTheInterfaceOnAOneDimensionalProblem()
    {
        IBoundedOptimizer optimizer = new NelderMead();
        var r = optimizer.Minimize(x => (x[0] - 0.3) * (x[0] - 0.3), [1.0], [0.0], [double.PositiveInfinity],
            new OptimizerOptions { InitialStep = 0.1, FinalStep = 1e-8 });

        Assert.True(r.Converged, r.Message);
        Assert.Equal(0.3, r.Minimizer[0], 1e-7);
    }

    [Fact]
    public void TooNarrowBoxIsReportedNotThrown()
    {
        var r = NelderMead.Minimize(ShiftedQuadratic, [0.0, 0.0], [0.0, 0.0], [0.0, 1.0]);

        Assert.False(r.Converged);
        Assert.Contains("feasible simplex", r.Message);
    }
}
