using FormulaLmm.Numerics;

namespace FormulaLmm.Tests.Numerics;

public class KernelTests
{
    private const double Tolerance = 1e-10;

    /// <summary>The instruction sets this machine can run; each is tested (the scalar path everywhere).</summary>
    public static TheoryData<int> SupportedSimdLevels()
    {
        var data = new TheoryData<int>();
        foreach (SimdLevel level in Enum.GetValues<SimdLevel>())
        {
            if (SimdSupport.IsSupported(level))
            {
                data.Add((int)level);
            }
        }
        return data;
    }

    private static KernelWorkspace Workspace(int simd, int threads = 2) => new(threads, (SimdLevel)simd);

    [Fact]
    public void CholeskyMatchesReferenceForEverySizeFrom1To300()
    {
        var rng = new Random(6001);
        var ws = new KernelWorkspace();
        for (int n = 1; n <= 300; n++)
        {
            int lda = n + 1 + n % 5;
            double[] a = TestMatrices.SymmetricPositiveDefinite(rng, n, lda);
            double[] before = (double[])a.Clone();
            double[] expected = (double[])a.Clone();
            Assert.Equal(0, ReferenceLinearAlgebra.Cholesky(expected, n, lda));

            Assert.Equal(0, DenseCholesky.Factor(a, n, lda, ws));

            double error = TestMatrices.RelativeError(a, expected, n, n, lda, lowerOnly: true);
            Assert.True(error <= Tolerance, $"n = {n}: relative error {error:g3}");
            Assert.True(TestMatrices.OutsideUnchanged(a, before, n, lda, lowerOnly: true), $"n = {n}: wrote outside the lower triangle");
        }
    }

    [Theory]
    [MemberData(nameof(SupportedSimdLevels))]
    public void CholeskyMatchesReferenceOnEachInstructionSet(int simd)
    {
        var rng = new Random(6002 + simd);
        KernelWorkspace ws = Workspace(simd);
        foreach (int n in new[] { 1, 2, 3, 7, 25, 33, 97, 129, 131, 257, 301, 433 })
        {
            int lda = n + 3;
            double[] a = TestMatrices.SymmetricPositiveDefinite(rng, n, lda);
            double[] before = (double[])a.Clone();
            double[] expected = (double[])a.Clone();
            ReferenceLinearAlgebra.Cholesky(expected, n, lda);

            Assert.Equal(0, DenseCholesky.Factor(a, n, lda, ws));

            double error = TestMatrices.RelativeError(a, expected, n, n, lda, lowerOnly: true);
            Assert.True(error <= Tolerance, $"{(SimdLevel)simd}, n = {n}: relative error {error:g3}");
            Assert.True(TestMatrices.OutsideUnchanged(a, before, n, lda, lowerOnly: true));
        }
    }

    [Fact]
    public void FactorReproducesTheMatrix()
    {
        // Independent of the reference loop: L·Lᵀ must give back A.
        var rng = new Random(6003);
        const int n = 389, lda = 392;
        double[] a = TestMatrices.SymmetricPositiveDefinite(rng, n, lda);
        double[] original = (double[])a.Clone();
        Assert.Equal(0, DenseCholesky.Factor(a, n, lda));
        double maxDiff = 0;
        for (int j = 0; j < n; j++)
        {
            for (int i = j; i < n; i++)
            {
                double s = 0;
                for (int p = 0; p <= j; p++)
                {
                    s += a[i + p * lda] * a[j + p * lda];
                }
                maxDiff = Math.Max(maxDiff, Math.Abs(s - original[i + j * lda]));
            }
        }
        Assert.True(maxDiff < 1e-12, $"max |LLᵀ − A| = {maxDiff:g3}");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(5, 3)]
    [InlineData(40, 33)]
    [InlineData(300, 1)]
    [InlineData(300, 32)]
    [InlineData(300, 33)]
    [InlineData(300, 128)]
    [InlineData(300, 129)]
    [InlineData(300, 257)]
    [InlineData(300, 300)]
    [InlineData(777, 700)]
    public void NotPositiveDefiniteIsReportedAtTheFailingColumn(int n, int failingColumn)
    {
        // A = L·Lᵀ with a known L; lowering A[j, j] by L[j, j]² + 0.5 makes the j-th pivot exactly −0.5 while
        // every leading minor before it stays positive definite.
        var rng = new Random(6004 + n + failingColumn);
        int lda = n + 2;
        double[] l = TestMatrices.LowerTriangle(rng, n, n);
        double[] a = new double[lda * n];
        for (int j = 0; j < n; j++)
        {
            for (int i = j; i < n; i++)
            {
                double s = 0;
                for (int p = 0; p <= j; p++)
                {
                    s += l[i + p * n] * l[j + p * n];
                }
                a[i + j * lda] = s;
            }
        }
        int jj = failingColumn - 1;
        a[jj + jj * lda] -= l[jj + jj * n] * l[jj + jj * n] + 0.5;

        double[] serial = (double[])a.Clone();
        Assert.Equal(failingColumn, DenseCholesky.Factor(a, n, lda, new KernelWorkspace()));
        Assert.Equal(failingColumn, DenseCholesky.Factor(serial, n, lda, new KernelWorkspace(1)));
        Assert.Equal(failingColumn, ReferenceLinearAlgebra.Cholesky((double[])a.Clone(), n, lda) is var r && r > 0 ? failingColumn : r);
    }

    [Fact]
    public void NaNAndInfinityAreNotPositiveDefinite()
    {
        var rng = new Random(6005);
        const int n = 200;
        double[] a = TestMatrices.SymmetricPositiveDefinite(rng, n, n);
        double[] withNaN = (double[])a.Clone();
        withNaN[150 + 150 * n] = double.NaN;
        Assert.Equal(151, DenseCholesky.Factor(withNaN, n, n));

        double[] withInfinity = (double[])a.Clone();
        withInfinity[3 + 3 * n] = double.PositiveInfinity;
        Assert.Equal(4, DenseCholesky.Factor(withInfinity, n, n));

        double[] negativeFirst = (double[])a.Clone();
        negativeFirst[0] = -1;
        Assert.Equal(1, DenseCholesky.Factor(negativeFirst, n, n));
    }

    [Theory]
    [MemberData(nameof(SupportedSimdLevels))]
    public void ResultsAreBitwiseIdenticalWithOneOrTwoThreads(int simd)
    {
        // Promise: each element is computed by one thread in an order fixed by n alone.
        var rng = new Random(6006);
        const int n = 661, lda = 667;
        double[] a = TestMatrices.SymmetricPositiveDefinite(rng, n, lda);
        double[] serial = (double[])a.Clone();
        double[] parallel = (double[])a.Clone();
        Assert.Equal(0, DenseCholesky.Factor(serial, n, lda, Workspace(simd, threads: 1)));
        Assert.Equal(0, DenseCholesky.Factor(parallel, n, lda, Workspace(simd, threads: 2)));
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(serial[i]), BitConverter.DoubleToInt64Bits(parallel[i]));
        }

        double[] expected = (double[])a.Clone();
        ReferenceLinearAlgebra.Cholesky(expected, n, lda);
        Assert.True(TestMatrices.RelativeError(parallel, expected, n, n, lda, lowerOnly: true) <= Tolerance);
    }

    [Fact]
    public void ConcurrentCallersWithTheirOwnWorkspacesGetTheSerialResults()
    {
        // Helper threads are shared by all workspaces; each caller must still get exactly its own result.
        var rng = new Random(6013);
        const int n = 613, callers = 4, rounds = 3;
        double[][] inputs = Enumerable.Range(0, callers).Select(_ => TestMatrices.SymmetricPositiveDefinite(rng, n, n)).ToArray();
        double[][] expected = inputs.Select(a =>
        {
            double[] l = (double[])a.Clone();
            DenseCholesky.Factor(l, n, n, new KernelWorkspace(1));
            return l;
        }).ToArray();

        var results = new double[callers][];
        Parallel.For(0, callers, new ParallelOptions { MaxDegreeOfParallelism = callers }, c =>
        {
            var ws = new KernelWorkspace();
            double[] work = new double[inputs[c].Length];
            for (int r = 0; r < rounds; r++)
            {
                inputs[c].CopyTo(work, 0);
                Assert.Equal(0, DenseCholesky.Factor(work, n, n, ws));
            }
            results[c] = work;
        });

        for (int c = 0; c < callers; c++)
        {
            Assert.True(expected[c].AsSpan().SequenceEqual(results[c]), $"caller {c} differs from the serial factor");
        }
    }

    [Theory]
    [MemberData(nameof(SupportedSimdLevels))]
    public void SyrkLowerSubtractMatchesReference(int simd)
    {
        var rng = new Random(6007);
        KernelWorkspace ws = Workspace(simd);
        foreach (var (n, k) in new[] { (1, 1), (3, 5), (23, 9), (25, 31), (129, 7), (301, 257), (517, 600) })
        {
            int lda = n + 5, ldc = n + 2;
            double[] a = TestMatrices.Random(rng, n, k, lda);
            double[] c = TestMatrices.Random(rng, n, n, ldc);
            for (int j = 1; j < n; j++)
            {
                for (int i = 0; i < j; i++)
                {
                    c[i + j * ldc] = TestMatrices.Sentinel;
                }
            }
            double[] before = (double[])c.Clone();
            double[] expected = (double[])c.Clone();
            ReferenceLinearAlgebra.SubtractProduct(a, lda, a, lda, expected, ldc, n, n, k, lowerOnly: true);

            DenseKernels.SyrkLowerSubtract(n, k, a, lda, c, ldc, ws);

            double error = TestMatrices.RelativeError(c, expected, n, n, ldc, lowerOnly: true);
            Assert.True(error <= Tolerance, $"{(SimdLevel)simd}, n = {n}, k = {k}: relative error {error:g3}");
            Assert.True(TestMatrices.OutsideUnchanged(c, before, n, ldc, lowerOnly: true));
        }
    }

    [Theory]
    [MemberData(nameof(SupportedSimdLevels))]
    public void GemmSubtractMatchesReference(int simd)
    {
        var rng = new Random(6008);
        KernelWorkspace ws = Workspace(simd);
        foreach (var (m, n, k) in new[] { (1, 1, 1), (2, 7, 3), (25, 9, 17), (24, 8, 300), (131, 67, 45), (301, 203, 513), (40, 1100, 20) })
        {
            int lda = m + 1, ldb = n + 4, ldc = m + 3;
            double[] a = TestMatrices.Random(rng, m, k, lda);
            double[] b = TestMatrices.Random(rng, n, k, ldb);
            double[] c = TestMatrices.Random(rng, m, n, ldc);
            double[] before = (double[])c.Clone();
            double[] expected = (double[])c.Clone();
            ReferenceLinearAlgebra.SubtractProduct(a, lda, b, ldb, expected, ldc, m, n, k, lowerOnly: false);

            DenseKernels.GemmSubtract(m, n, k, a, lda, b, ldb, c, ldc, ws);

            double error = TestMatrices.RelativeError(c, expected, m, n, ldc, lowerOnly: false);
            Assert.True(error <= Tolerance, $"{(SimdLevel)simd}, {m}×{n}×{k}: relative error {error:g3}");
            Assert.True(TestMatrices.OutsideUnchanged(c, before, m, ldc, lowerOnly: false));
        }
    }

    [Theory]
    [MemberData(nameof(SupportedSimdLevels))]
    public void TrsmLowerRightTransposeMatchesReference(int simd)
    {
        var rng = new Random(6009);
        KernelWorkspace ws = Workspace(simd);
        foreach (var (m, n) in new[] { (1, 1), (5, 3), (30, 31), (97, 129), (301, 290), (1000, 41), (1001, 203) })
        {
            int ldl = n + 2, ldb = m + 3;
            double[] l = TestMatrices.LowerTriangle(rng, n, ldl);
            double[] b = TestMatrices.Random(rng, m, n, ldb);
            double[] before = (double[])b.Clone();
            double[] expected = (double[])b.Clone();
            ReferenceLinearAlgebra.SolveRightTranspose(l, n, ldl, expected, m, ldb);

            DenseKernels.TrsmLowerRightTranspose(m, n, l, ldl, b, ldb, ws);

            double error = TestMatrices.RelativeError(b, expected, m, n, ldb, lowerOnly: false);
            Assert.True(error <= Tolerance, $"{(SimdLevel)simd}, {m}×{n}: relative error {error:g3}");
            Assert.True(TestMatrices.OutsideUnchanged(b, before, m, ldb, lowerOnly: false));
        }
    }

    [Theory]
    [MemberData(nameof(SupportedSimdLevels))]
    public void TrsmLowerLeftAndTransposeMatchForwardAndBackSubstitution(int simd)
    {
        var rng = new Random(6010);
        KernelWorkspace ws = Workspace(simd);
        foreach (var (n, nrhs) in new[] { (1, 1), (7, 2), (33, 9), (130, 3), (131, 40), (300, 301), (650, 24) })
        {
            int ldl = n + 1, ldb = n + 6;
            double[] l = TestMatrices.LowerTriangle(rng, n, ldl);
            double[] b = TestMatrices.Random(rng, n, nrhs, ldb);
            double[] before = (double[])b.Clone();

            double[] forward = (double[])b.Clone();
            double[] expectedForward = (double[])b.Clone();
            double[] backward = (double[])b.Clone();
            double[] expectedBackward = (double[])b.Clone();
            for (int j = 0; j < nrhs; j++)
            {
                ReferenceLinearAlgebra.ForwardSubstitute(l, n, ldl, expectedForward, j * ldb);
                ReferenceLinearAlgebra.BackSubstitute(l, n, ldl, expectedBackward, j * ldb);
            }

            DenseKernels.TrsmLowerLeft(n, nrhs, l, ldl, forward, ldb, ws);
            DenseKernels.TrsmLowerLeftTranspose(n, nrhs, l, ldl, backward, ldb, ws);

            Assert.True(TestMatrices.RelativeError(forward, expectedForward, n, nrhs, ldb, false) <= Tolerance, $"L⁻¹B, n = {n}, nrhs = {nrhs}");
            Assert.True(TestMatrices.RelativeError(backward, expectedBackward, n, nrhs, ldb, false) <= Tolerance, $"L⁻ᵀB, n = {n}, nrhs = {nrhs}");
            Assert.True(TestMatrices.OutsideUnchanged(forward, before, n, ldb, false));
            Assert.True(TestMatrices.OutsideUnchanged(backward, before, n, ldb, false));
        }
    }

    [Fact]
    public void VectorSolvesAndLogDeterminantMatchReference()
    {
        var rng = new Random(6011);
        foreach (int n in new[] { 1, 2, 9, 64, 257, 1000 })
        {
            int ldl = n + 3;
            double[] a = TestMatrices.SymmetricPositiveDefinite(rng, n, ldl);
            double[] l = (double[])a.Clone();
            Assert.Equal(0, DenseCholesky.Factor(l, n, ldl));
            double[] x = TestMatrices.Random(rng, n, 1, n);
            double[] forward = (double[])x.Clone();
            double[] backward = (double[])x.Clone();
            double[] expectedForward = (double[])x.Clone();
            double[] expectedBackward = (double[])x.Clone();
            ReferenceLinearAlgebra.ForwardSubstitute(l, n, ldl, expectedForward, 0);
            ReferenceLinearAlgebra.BackSubstitute(l, n, ldl, expectedBackward, 0);

            DenseKernels.SolveLower(l, n, ldl, forward);
            DenseKernels.SolveLowerTranspose(l, n, ldl, backward);

            Assert.True(TestMatrices.RelativeError(forward, expectedForward, n, 1, n, false) <= Tolerance);
            Assert.True(TestMatrices.RelativeError(backward, expectedBackward, n, 1, n, false) <= Tolerance);

            // Solving A·z = x through both substitutions and multiplying back recovers x.
            double[] z = (double[])x.Clone();
            DenseKernels.SolveLower(l, n, ldl, z);
            DenseKernels.SolveLowerTranspose(l, n, ldl, z);
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int p = 0; p < n; p++)
                {
                    s += (i >= p ? a[i + p * ldl] : a[p + i * ldl]) * z[p];
                }
                Assert.Equal(x[i], s, 1e-11);
            }

            double expectedLogDet = 0;
            for (int i = 0; i < n; i++)
            {
                expectedLogDet += 2 * Math.Log(l[i + i * ldl]);
            }
            Assert.Equal(expectedLogDet, DenseKernels.LogDetFromCholesky(l, n, ldl), 1e-9);
        }
    }

    [Fact]
    public void LogDeterminantOfAKnownMatrix()
    {
        // diag(4, 9) ⊕ [[4, 2], [2, 2]]: det = 4 · 9 · (8 − 4) = 144.
        double[] a =
        {
            4, 0, 0, 0,
            0, 9, 0, 0,
            0, 0, 4, 2,
            0, 0, 2, 2,
        };
        Assert.Equal(0, DenseCholesky.Factor(a, 4, 4));
        Assert.Equal(Math.Log(144), DenseKernels.LogDetFromCholesky(a, 4, 4), 1e-14);
        Assert.Equal(1.0, a[3 + 2 * 4], 1e-15);
        Assert.Equal(1.0, a[3 + 3 * 4], 1e-15);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RepeatedFactorisationAllocatesNothing(int threads)
    {
        var rng = new Random(6012);
        const int n = 700;
        double[] a = TestMatrices.SymmetricPositiveDefinite(rng, n, n);
        double[] work = new double[a.Length];
        var ws = new KernelWorkspace(threads);
        ws.Reserve(n);
        a.CopyTo(work, 0);
        DenseCholesky.Factor(work, n, n, ws);

        int failures = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < 3; r++)
        {
            a.CopyTo(work, 0);
            failures += DenseCholesky.Factor(work, n, n, ws);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ArgumentsThatCannotHoldTheMatrixAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DenseCholesky.Factor(new double[16], 4, 3));
        Assert.Throws<ArgumentException>(() => DenseCholesky.Factor(new double[15], 4, 4));
        Assert.Throws<ArgumentException>(() => DenseKernels.GemmSubtract(2, 2, 2, new double[4], 2, new double[3], 2, new double[4], 2));
        Assert.Equal(0, DenseCholesky.Factor(Span<double>.Empty, 0, 1));
    }
}
