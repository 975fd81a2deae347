using FormulaLmm.Numerics;

namespace FormulaLmm.Tests.Fitting;

/// <summary>The dense kernels behind the blocked factor, against plain loops.</summary>
public class DenseKernelTests
{
    private static double[] RandomSpd(int n, int seed)
    {
        var rng = new Random(seed);
        int k = n / 2 + 3;
        var b = new double[n * k];
        for (int i = 0; i < b.Length; i++) b[i] = rng.NextDouble() - 0.5;
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = i == j ? 1.0 : 0.0;
                for (int t = 0; t < k; t++) s += b[i * k + t] * b[j * k + t];
                a[i * n + j] = s;
            }
        return a;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(96)]
    [InlineData(97)]
    [InlineData(250)]
    public void CholeskyReproducesTheMatrix(int n)
    {
        var a = RandomSpd(n, n);
        var l = (double[])a.Clone();
        Assert.True(DenseCholesky.FactorInPlace(l, n));
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0.0;
                for (int t = 0; t <= j; t++) s += l[i * n + t] * l[j * n + t];
                Assert.True(Math.Abs(s - a[i * n + j]) <= 1e-12 * n, $"({i},{j}) {s} vs {a[i * n + j]}");
            }
    }

    [Fact]
    public void CholeskyRejectsAnIndefiniteMatrix()
    {
        var a = RandomSpd(130, 3);
        a[120 * 130 + 120] = -1.0;
        Assert.False(DenseCholesky.FactorInPlace(a, 130));
    }

    [Theory]
    [InlineData(9, 6, 13)]
    [InlineData(16, 12, 40)]
    [InlineData(3, 2, 5)]
    public void ProductAndGramKernelsMatchLoops(int m, int p, int k)
    {
        var rng = new Random(m * 100 + p);
        var a = Enumerable.Range(0, m * k).Select(_ => rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, p * k).Select(_ => rng.NextDouble()).ToArray();
        var c = Enumerable.Range(0, m * p).Select(_ => rng.NextDouble()).ToArray();
        var expected = (double[])c.Clone();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < p; j++)
                for (int t = 0; t < k; t++) expected[i * p + j] -= a[i * k + t] * b[j * k + t];
        DenseTriangular.SubtractProductTransposed(a, m, b, p, k, c);
        for (int i = 0; i < c.Length; i++) Assert.Equal(expected[i], c[i], 1e-12);

        var g = new double[m * m];
        DenseTriangular.SubtractGramLower(a, m, k, g);
        for (int i = 0; i < m; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0.0;
                for (int t = 0; t < k; t++) s -= a[i * k + t] * a[j * k + t];
                Assert.Equal(s, g[i * m + j], 1e-12);
            }
    }
}
