using FormulaLmm.Design;
using FormulaLmm.Fitting;
using FormulaLmm.Terms;
using MathNet.Numerics.LinearAlgebra;

namespace FormulaLmm.Tests.Fitting;

/// <summary>
/// The variance-component information and Henderson's equations, checked against the dense n×n
/// textbook formulas on small data.
/// </summary>
public class VarianceComponentTests
{
    private static double[] Theta(string caseName) =>
        HandDesigns.Case(caseName).GetProperty("fit").GetProperty("theta").EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>(term, a, b) per parameter in the fit's order: per term variances then covariances, σ² last.</summary>
    private static List<(int Term, int A, int B)> Parameters(LmmDesign design)
    {
        var list = new List<(int, int, int)>();
        for (int t = 0; t < design.RandomTerms.Count; t++)
        {
            var term = design.RandomTerms[t];
            for (int a = 0; a < term.K; a++) list.Add((t, a, a));
            if (term.Covariance.Structure == CovarianceStructure.Unstructured)
                for (int a = 0; a < term.K; a++)
                    for (int b = a + 1; b < term.K; b++) list.Add((t, a, b));
        }
        list.Add((-1, 0, 0));
        return list;
    }

    private static Matrix<double> DenseInformation(LmmFit fit)
    {
        var design = fit.Design;
        var dense = new DenseReference(design);
        int n = design.RowCount, q = dense.Z.ColumnCount;
        var g = Matrix<double>.Build.Dense(q, q);
        var termOffset = new int[design.RandomTerms.Count];
        for (int t = 0, off = 0; t < design.RandomTerms.Count; off += design.RandomTerms[t].ColumnCount, t++)
        {
            termOffset[t] = off;
            var term = design.RandomTerms[t];
            var d = fit.VarCorr[t].Covariance;
            for (int l = 0; l < term.LevelCount; l++)
                for (int a = 0; a < term.K; a++)
                    for (int b = 0; b < term.K; b++) g[off + l * term.K + a, off + l * term.K + b] = d[a, b];
        }
        var v = dense.Z * g * dense.Z.Transpose() + fit.ResidualVariance * Matrix<double>.Build.DenseIdentity(n);
        var vi = v.Inverse();
        var p = vi;
        if (fit.IsReml)
        {
            var vix = vi * dense.X;
            p = vi - vix * (dense.X.TransposeThisAndMultiply(vix)).Inverse() * vix.Transpose();
        }
        var pars = Parameters(design);
        var derivs = pars.Select(par =>
        {
            if (par.Term < 0) return Matrix<double>.Build.DenseIdentity(n);
            var term = design.RandomTerms[par.Term];
            var e = Matrix<double>.Build.Dense(q, q);
            for (int l = 0; l < term.LevelCount; l++)
            {
                int o = termOffset[par.Term] + l * term.K;
                e[o + par.A, o + par.B] = 1;
                e[o + par.B, o + par.A] = 1;
            }
            return dense.Z * e * dense.Z.Transpose();
        }).ToArray();
        var pv = derivs.Select(d => p * d).ToArray();
        var info = Matrix<double>.Build.Dense(pars.Count, pars.Count);
        for (int j = 0; j < pars.Count; j++)
            for (int k = 0; k < pars.Count; k++) info[j, k] = 0.5 * (pv[j] * pv[k]).Trace();
        return info;
    }

    [Theory]
    [InlineData("dyestuff")]
    [InlineData("dyestuff_ml")]
    [InlineData("dyestuff2")]
    [InlineData("sleepstudy_reml")]
    [InlineData("sleepstudy_ml")]
    [InlineData("sleepstudy_uncorr")]
    [InlineData("pastes")]
    [InlineData("penicillin")]
    [InlineData("machines")]
    [InlineData("sim_crossed")]
    [InlineData("sim_nested")]
    public void InformationEqualsTheDenseFormula(string caseName)
    {
        bool reml = HandDesigns.Case(caseName).GetProperty("reml").GetBoolean();
        var fit = PostFitTests.AtTheta(caseName, Theta(caseName), reml);
        var expected = DenseInformation(fit);
        var actual = fit.VarianceComponentErrors!.Information;
        Assert.Equal(expected.RowCount, actual.Rows);
        for (int j = 0; j < expected.RowCount; j++)
            for (int k = 0; k < expected.ColumnCount; k++)
            {
                double floor = 1e-12 * Math.Sqrt(Math.Abs(expected[j, j] * expected[k, k]));
                Assert.True(Math.Abs(actual[j, k] - expected[j, k]) <= 1e-8 * Math.Abs(expected[j, k]) + floor,
                    $"{caseName} I[{j},{k}] = {actual[j, k]:R}, dense {expected[j, k]:R}");
            }
        // Standard errors are the square roots of the diagonal of the inverse.
        var inv = expected.Inverse();
        for (int j = 0; j < expected.RowCount; j++)
            Assert.Equal(Math.Sqrt(inv[j, j]), fit.VarianceComponentErrors.StandardErrors[j], 1e-8 * Math.Sqrt(inv[j, j]));
        Assert.Equal(fit.VarianceComponentErrors.StandardErrors[^1], fit.VarCorrRows[^1].StandardError);
    }

    [Fact]
    public void DiagonalTemplateEqualsTwoSeparateTermsAndItsInformationIsRight()
    {
        // (1 + Days | Subject) with a diagonal λ is the model (Days || Subject) as two terms.
        var split = HandDesigns.Sleepstudy(correlated: false);
        var joint = HandDesigns.Sleepstudy(correlated: true);
        var diagonal = joint with { RandomTerms = new[] { joint.RandomTerms[0] with { Covariance = CovarianceTemplate.Diagonal(2) } } };
        var a = LinearMixedModel.Fit(split);
        var b = LinearMixedModel.Fit(diagonal);
        Assert.Equal(a.Objective, b.Objective, 1e-7);
        Assert.Equal(a.VarCorr[0].Covariance[0, 0], b.VarCorr[0].Covariance[0, 0], 1e-3);
        Assert.Equal(a.VarCorr[1].Covariance[0, 0], b.VarCorr[0].Covariance[1, 1], 1e-4);
        Assert.False(b.VarCorr[0].HasCorrelations);
        Assert.Equal(new[] { "Subject.(Intercept)", "Subject.Days", "Residual" }, b.VarianceComponentErrors!.ParameterNames);
        var expected = DenseInformation(b);
        var actual = b.VarianceComponentErrors.Information;
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 3; k++)
                Assert.Equal(expected[j, k], actual[j, k], 1e-8 * Math.Abs(expected[j, k]));
    }

    [Fact]
    public void OneWayAnovaInformationHasTheClosedForm()
    {
        // Balanced one-way layout, ML: with J = 6 groups of m = 5, λ = σ² + mσ_b²:
        // I(σ_b², σ_b²) = J m² / (2λ²), I(σ_b², σ²) = J m / (2λ²), I(σ², σ²) = J(m−1)/(2σ⁴) + J/(2λ²).
        var fit = PostFitTests.AtTheta("dyestuff_ml", Theta("dyestuff_ml"), reml: false);
        double s2 = fit.ResidualVariance, sb2 = fit.VarCorr[0].Covariance[0, 0];
        const int J = 6, m = 5;
        double lambda = s2 + m * sb2;
        var info = fit.VarianceComponentErrors!.Information;
        Assert.Equal(J * m * m / (2 * lambda * lambda), info[0, 0], 1e-10 * info[0, 0]);
        Assert.Equal(J * m / (2 * lambda * lambda), info[0, 1], 1e-10 * info[0, 1]);
        Assert.Equal(J * (m - 1) / (2 * s2 * s2) + J / (2 * lambda * lambda), info[1, 1], 1e-10 * info[1, 1]);
    }

    [Theory]
    [InlineData("sleepstudy_reml")]
    [InlineData("penicillin")]
    [InlineData("pastes")]
    [InlineData("machines")]
    [InlineData("sim_nested")]
    [InlineData("sim_crossed")]
    public void EstimatesSolveHendersonsMixedModelEquations(string caseName)
    {
        bool reml = HandDesigns.Case(caseName).GetProperty("reml").GetBoolean();
        var fit = PostFitTests.AtTheta(caseName, Theta(caseName), reml);
        var design = fit.Design;
        var dense = new DenseReference(design);
        int q = dense.Z.ColumnCount, p = dense.X.ColumnCount;
        // G = blockdiag(D_t per level); R = σ² I. Multiply the equations through by σ².
        var g = Matrix<double>.Build.Dense(q, q);
        var bHat = Vector<double>.Build.Dense(q);
        int off = 0;
        for (int t = 0; t < design.RandomTerms.Count; t++)
        {
            var term = design.RandomTerms[t];
            var re = fit.RandomEffects[t];
            for (int l = 0; l < term.LevelCount; l++)
                for (int a = 0; a < term.K; a++)
                {
                    bHat[off + l * term.K + a] = re.Values[l, a];
                    for (int b = 0; b < term.K; b++) g[off + l * term.K + a, off + l * term.K + b] = fit.VarCorr[t].Covariance[a, b];
                }
            off += term.ColumnCount;
        }
        var x = dense.X; var z = dense.Z; var y = dense.Y;
        var lhs = Matrix<double>.Build.Dense(p + q, p + q);
        lhs.SetSubMatrix(0, 0, x.TransposeThisAndMultiply(x));
        lhs.SetSubMatrix(0, p, x.TransposeThisAndMultiply(z));
        lhs.SetSubMatrix(p, 0, z.TransposeThisAndMultiply(x));
        lhs.SetSubMatrix(p, p, z.TransposeThisAndMultiply(z) + fit.ResidualVariance * g.Inverse());
        var rhs = Vector<double>.Build.Dense(p + q);
        rhs.SetSubVector(0, p, x.TransposeThisAndMultiply(y));
        rhs.SetSubVector(p, q, z.TransposeThisAndMultiply(y));
        var solution = lhs.Solve(rhs);
        var beta = fit.FixedEffects.Select(f => f.Estimate).ToArray();
        for (int j = 0; j < p; j++) Assert.Equal(solution[j], beta[j], 1e-8 * (1 + Math.Abs(solution[j])));
        for (int i = 0; i < q; i++) Assert.Equal(solution[p + i], bHat[i], 1e-7 * (1 + Math.Abs(solution[p + i])));
        // And the conditional covariance of b is the b-block of the inverse of the coefficient
        // matrix with β held fixed: σ² (Z'Z + σ²G⁻¹)⁻¹.
        var condVar = fit.ResidualVariance * (z.TransposeThisAndMultiply(z) + fit.ResidualVariance * g.Inverse()).Inverse();
        off = 0;
        for (int t = 0; t < design.RandomTerms.Count; t++)
        {
            var term = design.RandomTerms[t];
            for (int l = 0; l < term.LevelCount; l++)
                for (int a = 0; a < term.K; a++)
                {
                    int i = off + l * term.K + a;
                    double expected = Math.Sqrt(condVar[i, i]);
                    Assert.Equal(expected, fit.RandomEffects[t].ConditionalSds[l, a], 1e-8 * expected);
                }
            off += term.ColumnCount;
        }
    }
}
