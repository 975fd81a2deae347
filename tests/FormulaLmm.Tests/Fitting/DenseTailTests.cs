using FormulaLmm.Design;
using FormulaLmm.Fitting;
using MathNet.Numerics.LinearAlgebra;

namespace FormulaLmm.Tests.Fitting;

/// <summary>
/// The fast paths of the factor on crossed designs large enough to reach them (a dense tail wider
/// than the kernels' panels, the parallel sparse Gram, the blocked inverse behind the conditional
/// variances), against penalised least squares formed densely in the q-dimensional space.
/// </summary>
public class DenseTailTests
{
    /// <summary>y ~ x + (1 | a) + (x | b) + (1 | c): a 500 levels, b 300 (k = 2), c 20, crossed, 20,000 rows.</summary>
    private static readonly Lazy<LmmDesign> Large = new(() =>
    {
        var rng = new Random(61);
        int n = 20000;
        var a = Enumerable.Range(0, n).Select(_ => $"a{rng.Next(500)}").ToArray();
        var b = Enumerable.Range(0, n).Select(_ => $"b{rng.Next(300)}").ToArray();
        var c = Enumerable.Range(0, n).Select(_ => $"c{rng.Next(20)}").ToArray();
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var one = HandDesigns.Ones(n);
        var y = Enumerable.Range(0, n).Select(i => 1 + 0.5 * x[i] + rng.NextDouble()).ToArray();
        return HandDesigns.Make("y ~ x + (1 | a) + (x | b) + (1 | c)", y, HandDesigns.Fixed(("(Intercept)", one), ("x", x)), new[]
        {
            HandDesigns.Term("a", a, new[] { ("(Intercept)", one) }),
            HandDesigns.Term("b", b, new[] { ("(Intercept)", one), ("x", x) }),
            HandDesigns.Term("c", c, new[] { ("(Intercept)", one) }),
        });
    });

    private static readonly double[] LargeTheta = { 0.8, 0.6, -0.2, 0.4, 1.1 };

    [Fact]
    public void CrossedTermsAndTheFixedRowsFormOneDenseTail()
    {
        var f = new ProfiledObjective(Large.Value).Factor;
        Assert.Equal(1, f.TailStart);
        Assert.NotNull(f.Tail);
        Assert.Equal(600 + 20 + 3, f.Tail!.Rows);
        Assert.Equal(620, f.TailRandomCount);
        Assert.IsType<BlockDiagonalBlock>(f.Diagonal[0]);
        Assert.Same(f.Tail.Values, ((ColumnMajorBlock)f.Diagonal[1]).Values);
        Assert.Same(f.Tail.Values, f.XyDiagonal.Values);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ObjectiveEqualsDensePenalisedLeastSquares(bool reml)
    {
        var design = Large.Value;
        var objective = new ProfiledObjective(design, reml);
        var reference = new QSpaceReference(design);
        foreach (var theta in new[] { LargeTheta, objective.InitialTheta.ToArray(), new[] { 0.0, 0.3, 0.0, 0.0, 0.7 } })
        {
            double expected = reference.Objective(theta, reml);
            double actual = objective.Evaluate(theta);
            Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected), $"reml={reml}: {actual:R} vs {expected:R}");
        }
    }

    [Fact]
    public void RepeatedEvaluationsAreIdenticalAndAllocateNothing()
    {
        var objective = new ProfiledObjective(Large.Value);
        double first = objective.Evaluate(LargeTheta);
        var again = new double[5];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < again.Length; i++) again[i] = objective.Evaluate(LargeTheta);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(Enumerable.Repeat(first, again.Length), again);
    }

    [Fact]
    public void ConditionalCovarianceBlocksEqualTheDenseInverse()
    {
        var design = Large.Value;
        var objective = new ProfiledObjective(design);
        objective.Evaluate(LargeTheta);
        AssertBlocksMatch(objective, new QSpaceReference(design).InverseOfM(LargeTheta), 1e-9);
    }

    public static TheoryData<string> Synthetic()
    {
        var data = new TheoryData<string>();
        foreach (var name in SyntheticDesigns.Names) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Synthetic))]
    public void ConditionalCovarianceBlocksEqualTheDenseInverseOnEveryLayout(string name)
    {
        var design = SyntheticDesigns.Build(name);
        var theta = SyntheticDesigns.SomeTheta(design, 4);
        var objective = new ProfiledObjective(design);
        objective.Evaluate(theta);
        AssertBlocksMatch(objective, new QSpaceReference(design).InverseOfM(theta), 1e-10);
    }

    /// <summary>Every level's k×k block against the same block of (Λ'Z'ZΛ + I)⁻¹ (design term order).</summary>
    private static void AssertBlocksMatch(ProfiledObjective objective, Matrix<double> inverse, double tolerance)
    {
        var f = objective.Factor;
        var blocks = ConditionalCovariance.Compute(f);
        var designOffsets = new int[objective.Design.RandomTerms.Count + 1];
        for (int t = 0; t < objective.Design.RandomTerms.Count; t++)
            designOffsets[t + 1] = designOffsets[t] + objective.Design.RandomTerms[t].ColumnCount;
        double scale = 0.0;
        for (int i = 0; i < inverse.RowCount; i++) scale = Math.Max(scale, Math.Abs(inverse[i, i]));
        for (int t = 0; t < f.Terms.Count; t++)
        {
            int k = f.Terms[t].K, off = designOffsets[f.Terms[t].DesignIndex];
            for (int l = 0; l < f.Terms[t].Levels; l++)
                for (int a = 0; a < k; a++)
                    for (int b = 0; b < k; b++)
                    {
                        double expected = inverse[off + l * k + a, off + l * k + b];
                        double actual = blocks[t][l * k * k + a * k + b];
                        Assert.True(Math.Abs(actual - expected) <= tolerance * scale,
                            $"term {t} level {l} ({a},{b}): {actual:R} vs {expected:R}");
                    }
        }
    }
}

/// <summary>
/// Penalised least squares formed densely in q-space (Bates et al. 2015, eq. 10–18): M = Λ'Z'ZΛ + I
/// and the full cross-product matrix of [ZΛ X y], factored by MathNet. Independent of the blocked
/// factor's ordering, storage and kernels; cheap for q up to about a thousand.
/// </summary>
internal sealed class QSpaceReference
{
    private readonly LmmDesign _design;
    private readonly Matrix<double> _ztz, _ztxy, _xyxy;
    private readonly int _q, _p;

    public QSpaceReference(LmmDesign design)
    {
        _design = design;
        int n = design.RowCount;
        _p = design.Fixed.ColumnCount;
        _q = design.RandomTerms.Sum(t => t.ColumnCount);
        var xy = new double[n, _p + 1];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < _p; j++) xy[i, j] = design.Fixed[i, j];
            xy[i, _p] = design.Response[i] - (design.Offset?[i] ?? 0.0);
        }
        _ztz = Matrix<double>.Build.Dense(_q, _q);
        _ztxy = Matrix<double>.Build.Dense(_q, _p + 1);
        _xyxy = Matrix<double>.Build.Dense(_p + 1, _p + 1);
        var cols = new List<(int Column, double Value)>();
        for (int i = 0; i < n; i++)
        {
            cols.Clear();
            int off = 0;
            foreach (var t in design.RandomTerms)
            {
                for (int a = 0; a < t.K; a++) cols.Add((off + t.LevelCodes[i] * t.K + a, t.ZValues[i * t.K + a]));
                off += t.ColumnCount;
            }
            foreach (var (c1, v1) in cols)
            {
                foreach (var (c2, v2) in cols) _ztz[c1, c2] += v1 * v2;
                for (int j = 0; j <= _p; j++) _ztxy[c1, j] += v1 * xy[i, j];
            }
            for (int j1 = 0; j1 <= _p; j1++)
                for (int j2 = 0; j2 <= _p; j2++) _xyxy[j1, j2] += xy[i, j1] * xy[i, j2];
        }
    }

    private Matrix<double> M(IReadOnlyList<double> theta, out Matrix<double> lambda)
    {
        lambda = new DenseReference(_design).Lambda(theta);
        return lambda.Transpose() * _ztz * lambda + Matrix<double>.Build.DenseIdentity(_q);
    }

    public Matrix<double> InverseOfM(IReadOnlyList<double> theta) => M(theta, out _).Inverse();

    public double Objective(IReadOnlyList<double> theta, bool reml)
    {
        var m = M(theta, out var lambda);
        int n = _design.RowCount, p = _p;
        var lzxy = lambda.Transpose() * _ztxy;
        var full = Matrix<double>.Build.Dense(_q + p + 1, _q + p + 1);
        full.SetSubMatrix(0, 0, m);
        full.SetSubMatrix(_q, 0, lzxy.Transpose());
        full.SetSubMatrix(0, _q, lzxy);
        full.SetSubMatrix(_q, _q, _xyxy);
        var l = full.Cholesky().Factor;
        double logDetZ = 0.0, logDetX = 0.0;
        for (int i = 0; i < _q; i++) logDetZ += 2 * Math.Log(l[i, i]);
        for (int i = _q; i < _q + p; i++) logDetX += 2 * Math.Log(l[i, i]);
        double r2 = l[_q + p, _q + p] * l[_q + p, _q + p];
        if (!reml) return logDetZ + n * (1 + Math.Log(2 * Math.PI * r2 / n));
        return logDetZ + logDetX + (n - p) * (1 + Math.Log(2 * Math.PI * r2 / (n - p)));
    }
}

/// <summary>The O(levels) information of a single-term model against the general column-by-column path.</summary>
public class SingleTermInformationTests
{
    [Theory]
    [InlineData("sleepstudy_reml", true)]
    [InlineData("sleepstudy_ml", false)]
    [InlineData("dyestuff", true)]
    [InlineData("dyestuff_ml", false)]
    [InlineData("sim_nested", true)]
    public void AgreesWithTheGeneralPath(string caseName, bool reml)
    {
        var design = HandDesigns.Build(caseName);
        var objective = new ProfiledObjective(design, reml);
        var theta = SyntheticDesigns.SomeTheta(design, 7);
        objective.Evaluate(theta);
        var parameters = VarianceComponentInformation.Parameters(objective.Terms);
        if (!SingleTermInformation.Applies(objective.Factor)) return;
        double sigma2 = 1.7;
        var fast = VarianceComponentInformation.Compute(objective.Factor, reml, sigma2, parameters);
        var general = VarianceComponentInformation.Compute(objective.Factor, reml, sigma2, parameters, structured: false);
        for (int i = 0; i < parameters.Count; i++)
            for (int j = 0; j < parameters.Count; j++)
                Assert.True(Math.Abs(fast[i, j] - general[i, j]) <= 1e-9 * Math.Max(1.0, Math.Abs(general[i, j])),
                    $"{caseName} [{i},{j}]: {fast[i, j]:R} vs {general[i, j]:R}");
    }

    [Fact]
    public void AppliesToOneTermOnly()
    {
        Assert.True(SingleTermInformation.Applies(new ProfiledObjective(HandDesigns.Sleepstudy(correlated: true)).Factor));
        Assert.False(SingleTermInformation.Applies(new ProfiledObjective(HandDesigns.Penicillin()).Factor));
    }
}
