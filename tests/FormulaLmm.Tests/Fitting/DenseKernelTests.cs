using FormulaLmm.Numerics;

namespace FormulaLmm.Tests.Fitting;

/// <summary>The small row-major helpers behind L_X and the variance-component information, against plain loops.</summary>
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
    [InlineData(97)]
    public void CholeskyReproducesTheMatrix(int n)
    {
        var a = RandomSpd(n, n);
        var l = (double[])a.Clone();
        Assert.True(DenseTriangular.FactorLowerInPlace(l, n));
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
        var a = RandomSpd(30, 3);
        a[20 * 30 + 20] = -1.0;
        Assert.False(DenseTriangular.FactorLowerInPlace(a, 30));
    }

    [Fact]
    public void SolvesAndInverseAgreeWithTheFactor()
    {
        int n = 9;
        var l = RandomSpd(n, 5);
        Assert.True(DenseTriangular.FactorLowerInPlace(l, n));
        var rng = new Random(1);
        var b = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var x = (double[])b.Clone();
        DenseTriangular.SolveLower(l, n, x);
        for (int i = 0; i < n; i++)
        {
            double s = 0.0;
            for (int j = 0; j <= i; j++) s += l[i * n + j] * x[j];
            Assert.Equal(b[i], s, 1e-12);
        }
        var y = (double[])b.Clone();
        DenseTriangular.SolveLowerTransposed(l, n, y);
        for (int j = 0; j < n; j++)
        {
            double s = 0.0;
            for (int i = j; i < n; i++) s += l[i * n + j] * y[i];
            Assert.Equal(b[j], s, 1e-12);
        }
        var inv = new double[n * n];
        DenseTriangular.InvertLower(l, n, inv);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0.0;
                for (int t = 0; t < n; t++) s += (t <= i ? l[i * n + t] : 0.0) * inv[t * n + j];
                Assert.Equal(i == j ? 1.0 : 0.0, s, 1e-12);
            }
    }
}
