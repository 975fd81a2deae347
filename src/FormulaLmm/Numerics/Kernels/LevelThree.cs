using System.Runtime.CompilerServices;

namespace FormulaLmm.Numerics;

/// <summary>Pointer-level drivers shared by <see cref="DenseCholesky"/> and <see cref="DenseKernels"/>: packing,
/// the panel solve, the symmetric and general updates, and the blocked triangular solves. Callers have
/// validated the arguments; all matrices are column-major.</summary>
internal static unsafe class LevelThree
{
    private const double PackParallelElements = 1 << 17;

    private static bool WorthParallel(KernelWorkspace ws, double multiplyAdds) => multiplyAdds >= ws.Tuning.ParallelThreshold;

    private static int RowsPerItem(KernelWorkspace ws) => Packing.RoundUp(Math.Max(ws.Tuning.RowsPerItem, 1), ws.TileRows);

    /// <summary>Lower Cholesky factor in place; returns 0 or the 1-based column whose pivot is not positive.</summary>
    public static int Factor(KernelWorkspace ws, double* a, int n, nint lda)
    {
        int first = ws.Tuning.CholeskyBlock;
        if (n > first && WorthParallel(ws, 0.5 * (n - first) * (double)(n - first) * first))
        {
            ws.Runner.Warm();
        }
        return FactorBlocked(ws, a, n, lda);
    }

    private static int FactorBlocked(KernelWorkspace ws, double* a, int n, nint lda)
    {
        int nb = n > ws.Tuning.CholeskyBlock ? ws.Tuning.CholeskyBlock : ws.Tuning.InnerBlock;
        if (n <= ws.Tuning.UnblockedLimit || nb >= n)
        {
            return Unblocked(ws.Simd, a, n, lda);
        }
        // Right-looking: factor a diagonal block (recursively, one thread), solve the panel below it, and
        // subtract the panel's outer product from the trailing triangle; the last two run on all workers.
        for (int k0 = 0; k0 < n; k0 += nb)
        {
            int kb = Math.Min(nb, n - k0);
            double* d = a + k0 + k0 * lda;
            int info = FactorBlocked(ws, d, kb, lda);
            if (info != 0)
            {
                return k0 + info;
            }
            int m = n - k0 - kb;
            if (m == 0)
            {
                break;
            }
            SolvePanel(ws, d, lda, d + kb, lda, m, kb);
            SyrkPacked(ws, ws.PackedA.Pointer, Packing.RoundUp(kb, ws.TileColumns), m, kb, d + kb + kb * lda, lda);
        }
        return 0;
    }

    /// <summary>Column-by-column right-looking factorisation for small diagonal blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Unblocked(SimdLevel simd, double* a, int n, nint lda)
    {
        for (int j = 0; j < n; j++)
        {
            double* column = a + j + j * lda;
            double pivot = column[0];
            // The negated test also rejects NaN; an infinite pivot cannot come from a finite SPD matrix.
            if (!(pivot > 0.0 && pivot < double.PositiveInfinity))
            {
                return j + 1;
            }
            double diagonal = Math.Sqrt(pivot);
            column[0] = diagonal;
            VectorOps.Scale(simd, column + 1, n - j - 1, 1.0 / diagonal);
            for (int k = j + 1; k < n; k++)
            {
                VectorOps.SubtractScaled(simd, a + k + k * lda, a + k + j * lda, n - k, a[k + j * lda]);
            }
        }
        return 0;
    }

    /// <summary>B (m×kb) := B·L⁻ᵀ for the kb×kb lower triangle L. Leaves the solved rows packed in
    /// <see cref="KernelWorkspace.PackedA"/> with step stride RoundUp(kb, NR).</summary>
    public static void SolvePanel(KernelWorkspace ws, double* l, nint ldl, double* b, nint ldb, int m, int kb)
    {
        int mr = ws.TileRows;
        int nr = ws.TileColumns;
        int kStride = Packing.RoundUp(kb, nr);
        ws.PackedA.EnsureCapacity((long)Packing.RoundUp(m, mr) * kStride);
        ws.PackedL.EnsureCapacity((long)kStride * kStride);
        ws.InvDiag.EnsureCapacity(kStride);
        Packing.PackLowerRows(l, ldl, kb, nr, kStride, ws.PackedL.Pointer, ws.InvDiag.Pointer);
        PanelSolveJob job = ws.PanelSolve;
        job.B = b;
        job.Ldb = ldb;
        job.M = m;
        job.Kb = kb;
        job.KStride = kStride;
        job.Packed = ws.PackedA.Pointer;
        job.PackedL = ws.PackedL.Pointer;
        job.InvDiag = ws.InvDiag.Pointer;
        // Items are cheap next to the cache lines shared at their edges: keep each thread's rows contiguous.
        ws.Runner.Run(job, job.ItemCount, WorthParallel(ws, 0.5 * m * kb * kb), helpersFromBack: true);
    }

    /// <summary>Lower triangle of C (m×m) -= P·Pᵀ for P (m×k) packed in micro-panels of MR rows.</summary>
    public static void SyrkPacked(KernelWorkspace ws, double* packed, int kStride, int m, int k, double* c, nint ldc)
    {
        SyrkJob job = ws.Syrk;
        job.Packed = packed;
        job.KStride = kStride;
        job.M = m;
        job.K = k;
        job.C = c;
        job.Ldc = ldc;
        job.RowsPerItem = RowsPerItem(ws);
        ws.Runner.Run(job, job.ItemCount, WorthParallel(ws, 0.5 * m * (double)m * k));
    }

    /// <summary>C (m×n) -= A·Bᵀ for A packed in micro-panels of MR rows and B in micro-panels of NR rows.</summary>
    public static void GemmPacked(KernelWorkspace ws, double* packedA, int aKStride, double* packedB, int bKStride,
        int m, int n, int k, double* c, nint ldc)
    {
        GemmJob job = ws.Gemm;
        job.PackedA = packedA;
        job.AKStride = aKStride;
        job.PackedB = packedB;
        job.BKStride = bKStride;
        job.M = m;
        job.N = n;
        job.K = k;
        job.C = c;
        job.Ldc = ldc;
        job.RowsPerItem = RowsPerItem(ws);
        ws.Runner.Run(job, job.ItemCount, WorthParallel(ws, (double)m * n * k));
    }

    /// <summary>Packs rows of the matrix with element (r, p) at src[r·rs + p·cs] into micro-panels of
    /// <paramref name="width"/> rows.</summary>
    public static void Pack(KernelWorkspace ws, double* src, nint rs, nint cs, int rows, int k, int width, int kStride, double* dst)
    {
        PackJob job = ws.Pack;
        job.Source = src;
        job.RowStride = rs;
        job.ColumnStride = cs;
        job.Rows = rows;
        job.K = k;
        job.Width = width;
        job.KStride = kStride;
        job.Destination = dst;
        ws.Runner.Run(job, job.ItemCount, (double)rows * k >= PackParallelElements);
    }

    /// <summary>Lower triangle of C (n×n) -= A·Aᵀ for A (n×k), in passes of at most DepthBlock columns.</summary>
    public static void Syrk(KernelWorkspace ws, double* a, nint lda, double* c, nint ldc, int n, int k)
    {
        int mr = ws.TileRows;
        for (int p0 = 0; p0 < k; p0 += ws.Tuning.DepthBlock)
        {
            int depth = Math.Min(ws.Tuning.DepthBlock, k - p0);
            ws.PackedA.EnsureCapacity((long)Packing.RoundUp(n, mr) * depth);
            Pack(ws, a + p0 * lda, 1, lda, n, depth, mr, depth, ws.PackedA.Pointer);
            SyrkPacked(ws, ws.PackedA.Pointer, depth, n, depth, c, ldc);
        }
    }

    /// <summary>C (m×n) -= A·Bᵀ where A(i, p) = a[i·ars + p·acs] and B(j, p) = b[j·brs + p·bcs].</summary>
    public static void Gemm(KernelWorkspace ws, int m, int n, int k, double* a, nint ars, nint acs,
        double* b, nint brs, nint bcs, double* c, nint ldc)
    {
        int mr = ws.TileRows;
        int nr = ws.TileColumns;
        for (int p0 = 0; p0 < k; p0 += ws.Tuning.DepthBlock)
        {
            int depth = Math.Min(ws.Tuning.DepthBlock, k - p0);
            ws.PackedA.EnsureCapacity((long)Packing.RoundUp(m, mr) * depth);
            ws.PackedB.EnsureCapacity((long)Packing.RoundUp(n, nr) * depth);
            Pack(ws, a + p0 * acs, ars, acs, m, depth, mr, depth, ws.PackedA.Pointer);
            Pack(ws, b + p0 * bcs, brs, bcs, n, depth, nr, depth, ws.PackedB.Pointer);
            GemmPacked(ws, ws.PackedA.Pointer, depth, ws.PackedB.Pointer, depth, m, n, depth, c, ldc);
        }
    }

    /// <summary>B (m×n) := B·L⁻ᵀ for the n×n lower triangle L: panel solves with the trailing columns updated
    /// by the product of each solved panel (still packed) and the rows of L below it.</summary>
    public static void TrsmRightLowerTranspose(KernelWorkspace ws, double* l, nint ldl, double* b, nint ldb, int m, int n)
    {
        int nb = ws.Tuning.CholeskyBlock;
        for (int k0 = 0; k0 < n; k0 += nb)
        {
            int kb = Math.Min(nb, n - k0);
            SolvePanel(ws, l + k0 + k0 * ldl, ldl, b + k0 * ldb, ldb, m, kb);
            int rest = n - k0 - kb;
            if (rest > 0)
            {
                int kStride = Packing.RoundUp(kb, ws.TileColumns);
                // Only PackedB may grow here: PackedA holds the solved panel.
                ws.PackedB.EnsureCapacity((long)Packing.RoundUp(rest, ws.TileColumns) * kStride);
                Pack(ws, l + (k0 + kb) + k0 * ldl, 1, ldl, rest, kb, ws.TileColumns, kStride, ws.PackedB.Pointer);
                GemmPacked(ws, ws.PackedA.Pointer, kStride, ws.PackedB.Pointer, kStride, m, rest, kb, b + (k0 + kb) * ldb, ldb);
            }
        }
    }

    /// <summary>B (n×nrhs) := L⁻¹·B.</summary>
    public static void TrsmLeftLower(KernelWorkspace ws, double* l, nint ldl, double* b, nint ldb, int n, int nrhs)
    {
        if (nrhs < ws.TileColumns)
        {
            for (int j = 0; j < nrhs; j++)
            {
                SolveLower(ws.Simd, l, ldl, b + j * ldb, n);
            }
            return;
        }
        int nb = ws.Tuning.CholeskyBlock;
        for (int k0 = 0; k0 < n; k0 += nb)
        {
            int kb = Math.Min(nb, n - k0);
            double* diagonal = l + k0 + k0 * ldl;
            for (int j = 0; j < nrhs; j++)
            {
                SolveLower(ws.Simd, diagonal, ldl, b + k0 + j * ldb, kb);
            }
            int rest = n - k0 - kb;
            if (rest > 0)
            {
                // B[rest rows] -= L[rest rows, block] · X[block]; X's transpose is read through strides.
                Gemm(ws, rest, nrhs, kb, diagonal + kb, 1, ldl, b + k0, ldb, 1, b + k0 + kb, ldb);
            }
        }
    }

    /// <summary>B (n×nrhs) := L⁻ᵀ·B.</summary>
    public static void TrsmLeftLowerTranspose(KernelWorkspace ws, double* l, nint ldl, double* b, nint ldb, int n, int nrhs)
    {
        if (nrhs < ws.TileColumns)
        {
            for (int j = 0; j < nrhs; j++)
            {
                SolveLowerTranspose(ws.Simd, l, ldl, b + j * ldb, n);
            }
            return;
        }
        int nb = ws.Tuning.CholeskyBlock;
        int lastStart = (n - 1) / nb * nb;
        for (int k0 = lastStart; k0 >= 0; k0 -= nb)
        {
            int kb = Math.Min(nb, n - k0);
            double* diagonal = l + k0 + k0 * ldl;
            for (int j = 0; j < nrhs; j++)
            {
                SolveLowerTranspose(ws.Simd, diagonal, ldl, b + k0 + j * ldb, kb);
            }
            if (k0 > 0)
            {
                // B[0:k0] -= L[block, 0:k0]ᵀ · X[block]; both operands are read across rows through strides.
                Gemm(ws, k0, nrhs, kb, l + k0, ldl, 1, b + k0, ldb, 1, b, ldb);
            }
        }
    }

    /// <summary>x := L⁻¹x by column-oriented forward substitution (contiguous columns of L).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveLower(SimdLevel simd, double* l, nint ldl, double* x, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double* column = l + j + j * ldl;
            double xj = x[j] / column[0];
            x[j] = xj;
            VectorOps.SubtractScaled(simd, x + j + 1, column + 1, n - j - 1, xj);
        }
    }

    /// <summary>x := L⁻ᵀx by back substitution with dot products down the columns of L.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveLowerTranspose(SimdLevel simd, double* l, nint ldl, double* x, int n)
    {
        for (int j = n - 1; j >= 0; j--)
        {
            double* column = l + j + j * ldl;
            x[j] = (x[j] - VectorOps.Dot(simd, column + 1, x + j + 1, n - j - 1)) / column[0];
        }
    }
}
