using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using FormulaLmm.Numerics;

namespace FormulaLmm.Fitting;

/// <summary>
/// The operations of the blocked Cholesky factorisation, one method per pair of storage types.
/// Small sub-blocks (k×k per level) are handled with plain loops (unrolled for k = 1 and 2, the
/// common random intercept and intercept + slope); dense blocks are column-major
/// (<see cref="ColumnMajorBlock"/>) and go to the blocked SIMD kernels of
/// <see cref="DenseCholesky"/> and <see cref="DenseKernels"/>, which use every core.
/// The [X y] rows (<see cref="DenseBlock"/>, row-major, p + 1 rows) are handled with vector loops.
/// λ matrices are k×k column-major lower triangular (as
/// <see cref="Design.CovarianceTemplate.FillLambda"/> writes them).
/// </summary>
internal static class BlockKernels
{
    // ---- small sub-block helpers ------------------------------------------------------------

    /// <summary>
    /// dst = λi' S λj (ki×kj) with S ki×kj row-major; element (a, b) of the result goes to
    /// dst[a * rowStride + b * columnStride].
    /// </summary>
    public static void ScaleSubBlock(ReadOnlySpan<double> s, int ki, int kj, ReadOnlySpan<double> lamI, ReadOnlySpan<double> lamJ,
        Span<double> dst, int rowStride, int columnStride, Span<double> tmp)
    {
        if (ki == 1 && kj == 1) { dst[0] = lamI[0] * s[0] * lamJ[0]; return; }
        // tmp = S λj (ki×kj): λj[d, b] = lamJ[b*kj + d], zero for d < b.
        for (int c = 0; c < ki; c++)
            for (int b = 0; b < kj; b++)
            {
                double acc = 0.0;
                for (int d = b; d < kj; d++) acc += s[c * kj + d] * lamJ[b * kj + d];
                tmp[c * kj + b] = acc;
            }
        // dst = λi' tmp: (λi')[a, c] = λi[c, a] = lamI[a*ki + c], zero for c < a.
        for (int a = 0; a < ki; a++)
            for (int b = 0; b < kj; b++)
            {
                double acc = 0.0;
                for (int c = a; c < ki; c++) acc += lamI[a * ki + c] * tmp[c * kj + b];
                dst[a * rowStride + b * columnStride] = acc;
            }
    }

    /// <summary>
    /// C −= A B' for small row-major A (m×k) and B (p×k); element (r, s) of C is
    /// c[r * rowStride + s * columnStride].
    /// </summary>
    private static void SubtractABt(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int m, int p, int k, Span<double> c, int rowStride, int columnStride)
    {
        for (int r = 0; r < m; r++)
            for (int s = 0; s < p; s++)
            {
                double acc = 0.0;
                for (int t = 0; t < k; t++) acc += a[r * k + t] * b[s * k + t];
                c[r * rowStride + s * columnStride] -= acc;
            }
    }

    /// <summary>Each row x (length k) of the rows×k block B at stride: x ← x D^{-T}, i.e. solve D x' = x'.</summary>
    private static void SolveRowsSmall(ReadOnlySpan<double> d, int k, Span<double> b, int rows, int stride)
    {
        for (int r = 0; r < rows; r++)
        {
            int o = r * stride;
            for (int c = 0; c < k; c++)
            {
                double acc = b[o + c];
                for (int t = 0; t < c; t++) acc -= d[c * k + t] * b[o + t];
                b[o + c] = acc / d[c * k + c];
            }
        }
    }

    // ---- factorisation of a diagonal block --------------------------------------------------

    /// <summary>Factors a diagonal block in place; false when a pivot is not positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool FactorDiagonal(MatrixBlock block)
    {
        switch (block)
        {
            case BlockDiagonalBlock bd:
                {
                    var v = bd.Values;
                    if (bd.K == 1)
                    {
                        for (int l = 0; l < v.Length; l++)
                        {
                            if (!(v[l] > 0.0)) return false;
                            v[l] = Math.Sqrt(v[l]);
                        }
                        return true;
                    }
                    if (bd.K == 2)
                    {
                        for (int o = 0; o < v.Length; o += 4)
                        {
                            double a00 = v[o];
                            if (!(a00 > 0.0)) return false;
                            double l00 = Math.Sqrt(a00), l10 = v[o + 2] / l00;
                            double d = v[o + 3] - l10 * l10;
                            if (!(d > 0.0)) return false;
                            v[o] = l00;
                            v[o + 2] = l10;
                            v[o + 3] = Math.Sqrt(d);
                        }
                        return true;
                    }
                    for (int l = 0; l < bd.Levels; l++)
                        if (!DenseTriangular.FactorLowerInPlace(bd.Level(l), bd.K)) return false;
                    return true;
                }
            case ColumnMajorBlock d:
                return DenseCholesky.Factor(d.Storage, d.Rows, d.Ld) == 0;
            default:
                throw new InvalidOperationException($"cannot factor a {block.GetType().Name}");
        }
    }

    /// <summary>Σ log of the diagonal of a factored diagonal block.</summary>
    public static double LogDiagonalSum(MatrixBlock block)
    {
        switch (block)
        {
            case BlockDiagonalBlock bd:
                {
                    double s = 0.0;
                    int k = bd.K, kk = k * k;
                    for (int l = 0; l < bd.Levels; l++)
                        for (int a = 0; a < k; a++) s += Math.Log(bd.Values[l * kk + a * k + a]);
                    return s;
                }
            case ColumnMajorBlock d:
                {
                    double s = 0.0;
                    for (int i = 0; i < d.Rows; i++) s += Math.Log(d[i, i]);
                    return s;
                }
            default:
                throw new InvalidOperationException($"not a diagonal block: {block.GetType().Name}");
        }
    }

    // ---- target ← target · diag^{-T} ---------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveRight(MatrixBlock target, MatrixBlock diagonal)
    {
        switch (target, diagonal)
        {
            case (SparseBlock s, BlockDiagonalBlock d):
                {
                    int kj = s.Kj, ki = s.Ki, kk = kj * kj, sb = ki * kj;
                    var pat = s.Pattern;
                    for (int c = 0; c < pat.ColumnLevels; c++)
                    {
                        var dc = d.Values.AsSpan(c * kk, kk);
                        for (int e = pat.ColumnStart[c]; e < pat.ColumnStart[c + 1]; e++)
                        {
                            if (kj == 1) { for (int a = 0; a < ki; a++) s.Values[e * ki + a] /= dc[0]; }
                            else SolveRowsSmall(dc, kj, s.Values.AsSpan(e * sb, sb), ki, kj);
                        }
                    }
                    return;
                }
            case (ColumnMajorBlock t, BlockDiagonalBlock d):
                {
                    // Column by column: column (c, a) ← (column (c, a) − Σ_{b<a} D_c[a, b] column (c, b)) / D_c[a, a].
                    int k = d.K, kk = k * k, m = t.Rows;
                    if (m <= 8 && k == 2)
                    {
                        // The [X y] rows under an intercept + slope term: per level, two columns.
                        var tv = t.Values; var dv = d.Values;
                        for (int c = 0; c < d.Levels; c++)
                        {
                            int c0 = t.Offset + 2 * c * t.Ld, c1 = c0 + t.Ld;
                            double d00 = dv[4 * c], l10 = dv[4 * c + 2], d11 = dv[4 * c + 3];
                            for (int r = 0; r < m; r++)
                            {
                                double x0 = tv[c0 + r] / d00;
                                tv[c0 + r] = x0;
                                tv[c1 + r] = (tv[c1 + r] - l10 * x0) / d11;
                            }
                        }
                        return;
                    }
                    if (m <= 8)
                    {
                        // The [X y] rows: short columns, plain loops (same operations, in the same
                        // order, as a row-by-row forward substitution).
                        var tv = t.Values;
                        for (int c = 0; c < d.Levels; c++)
                            for (int a = 0; a < k; a++)
                            {
                                int ca = t.Offset + (c * k + a) * t.Ld;
                                for (int b = 0; b < a; b++)
                                {
                                    double f = d.Values[c * kk + a * k + b];
                                    int cb = t.Offset + (c * k + b) * t.Ld;
                                    for (int r = 0; r < m; r++) tv[ca + r] -= f * tv[cb + r];
                                }
                                double pivot = d.Values[c * kk + a * k + a];
                                for (int r = 0; r < m; r++) tv[ca + r] /= pivot;
                            }
                        return;
                    }
                    for (int c = 0; c < d.Levels; c++)
                        for (int a = 0; a < k; a++)
                        {
                            var col = t.Column(c * k + a);
                            for (int b = 0; b < a; b++)
                                TensorPrimitives.MultiplyAdd(t.Column(c * k + b), -d.Values[c * kk + a * k + b], col, col);
                            TensorPrimitives.Divide(col, d.Values[c * kk + a * k + a], col);
                        }
                    return;
                }
            case (ColumnMajorBlock t, ColumnMajorBlock d):
                DenseKernels.TrsmLowerRightTranspose(t.Rows, t.Columns, d.Storage, d.Ld, t.Storage, t.Ld);
                return;
            default:
                throw new InvalidOperationException($"no solve kernel for {target.GetType().Name} by {diagonal.GetType().Name}");
        }
    }

    // ---- target ← target − src src' (lower triangle) ------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractGram(MatrixBlock target, MatrixBlock source)
    {
        switch (target, source)
        {
            case (BlockDiagonalBlock t, SparseBlock s):
                {
                    // Symbolic analysis guarantees at most one sub-block per column here.
                    int ki = s.Ki, kj = s.Kj, sb = ki * kj, kk = ki * ki;
                    var pat = s.Pattern;
                    for (int e = 0; e < pat.NonZeroCount; e++)
                    {
                        int r = pat.RowLevel[e];
                        if (sb == 1) { double v = s.Values[e]; t.Values[r] -= v * v; continue; }
                        var src = s.Values.AsSpan(e * sb, sb);
                        SubtractABt(src, src, ki, ki, kj, t.Values.AsSpan(r * kk, kk), ki, 1);
                    }
                    return;
                }
            case (ColumnMajorBlock t, SparseBlock s):
                new SparseGram(s).Subtract(t);
                return;
            case (ColumnMajorBlock t, ColumnMajorBlock s) when s.Rows <= 8:
                SubtractGramFewRows(t, s);
                return;
            case (ColumnMajorBlock t, ColumnMajorBlock s):
                DenseKernels.SyrkLowerSubtract(s.Rows, s.Columns, s.Storage, s.Ld, t.Storage, t.Ld);
                return;
            default:
                throw new InvalidOperationException($"no rank-update kernel for {target.GetType().Name} from {source.GetType().Name}");
        }
    }

    /// <summary>
    /// Lower triangle of t −= S S' for S with at most 8 rows and many columns (the [X y] rows under a
    /// term): one pass over S's columns, the products accumulated in locals.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubtractGramFewRows(ColumnMajorBlock t, ColumnMajorBlock s)
    {
        int m = s.Rows;
        Span<double> acc = stackalloc double[64];
        acc.Clear();
        var sv = s.Values;
        for (int c = 0; c < s.Columns; c++)
        {
            int o = s.Offset + c * s.Ld;
            for (int i = 0; i < m; i++)
            {
                double si = sv[o + i];
                for (int j = 0; j <= i; j++) acc[i * 8 + j] += si * sv[o + j];
            }
        }
        for (int i = 0; i < m; i++)
            for (int j = 0; j <= i; j++) t[i, j] -= acc[i * 8 + j];
    }

    // ---- target ← target − a b' ---------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractProduct(MatrixBlock target, MatrixBlock a, MatrixBlock b)
    {
        switch (target, a, b)
        {
            case (SparseBlock t, SparseBlock sa, SparseBlock sb):
                {
                    int ki = sa.Ki, kh = sb.Ki, kj = sa.Kj, tsz = ki * kh;
                    var pa = sa.Pattern; var pb = sb.Pattern; var pt = t.Pattern;
                    for (int c = 0; c < pa.ColumnLevels; c++)
                        for (int ea = pa.ColumnStart[c]; ea < pa.ColumnStart[c + 1]; ea++)
                        {
                            int ri = pa.RowLevel[ea];
                            for (int eb = pb.ColumnStart[c]; eb < pb.ColumnStart[c + 1]; eb++)
                            {
                                int et = pt.Find(ri, pb.RowLevel[eb]);
                                if (tsz == 1 && kj == 1) { t.Values[et] -= sa.Values[ea] * sb.Values[eb]; continue; }
                                SubtractABt(sa.SubBlock(ea), sb.SubBlock(eb), ki, kh, kj, t.SubBlock(et), kh, 1);
                            }
                        }
                    return;
                }
            case (ColumnMajorBlock t, SparseBlock sa, SparseBlock sb):
                {
                    int ki = sa.Ki, kh = sb.Ki, kj = sa.Kj, m = t.Ld, o = t.Offset;
                    var pa = sa.Pattern; var pb = sb.Pattern;
                    var tv = t.Values; var av = sa.Values; var bv = sb.Values;
                    var ra = pa.RowLevel; var rb = pb.RowLevel;
                    if (ki == 1 && kh == 1 && kj == 1)
                    {
                        for (int c = 0; c < pa.ColumnLevels; c++)
                        {
                            int aStart = pa.ColumnStart[c], aEnd = pa.ColumnStart[c + 1];
                            for (int eb = pb.ColumnStart[c]; eb < pb.ColumnStart[c + 1]; eb++)
                            {
                                double y = bv[eb];
                                int col = o + rb[eb] * m;
                                for (int ea = aStart; ea < aEnd; ea++) tv[col + ra[ea]] -= av[ea] * y;
                            }
                        }
                        return;
                    }
                    for (int c = 0; c < pa.ColumnLevels; c++)
                        for (int eb = pb.ColumnStart[c]; eb < pb.ColumnStart[c + 1]; eb++)
                            for (int ea = pa.ColumnStart[c]; ea < pa.ColumnStart[c + 1]; ea++)
                                SubtractABt(sa.SubBlock(ea), sb.SubBlock(eb), ki, kh, kj,
                                    tv.AsSpan(o + rb[eb] * kh * m + ra[ea] * ki), 1, m);
                    return;
                }
            case (ColumnMajorBlock t, ColumnMajorBlock da, SparseBlock sb):
                {
                    // t[:, rh·kh + x] −= Σ_d a[:, c·kj + d] B[x, d] over the sub-blocks B at (rh, c), each
                    // entry's sum over d formed first and subtracted once.
                    int kh = sb.Ki, kj = sb.Kj, sbs = kh * kj, m = t.Rows;
                    var pb = sb.Pattern;
                    var bv = sb.Values; var tv = t.Values; var av = da.Values;
                    for (int c = 0; c < pb.ColumnLevels; c++)
                        for (int e = pb.ColumnStart[c]; e < pb.ColumnStart[c + 1]; e++)
                        {
                            int rh = pb.RowLevel[e];
                            for (int x = 0; x < kh; x++)
                            {
                                int to = t.Offset + (rh * kh + x) * t.Ld;
                                for (int r = 0; r < m; r++)
                                {
                                    double acc = 0.0;
                                    for (int d = 0; d < kj; d++) acc += av[da.Offset + (c * kj + d) * da.Ld + r] * bv[e * sbs + x * kj + d];
                                    tv[to + r] -= acc;
                                }
                            }
                        }
                    return;
                }
            case (ColumnMajorBlock t, SparseBlock sa, ColumnMajorBlock db):
                {
                    // t[ri·ki + x, s] −= Σ_d A[x, d] b[s, c·kj + d] over the sub-blocks A at (ri, c).
                    int ki = sa.Ki, kj = sa.Kj, sas = ki * kj, m = t.Ld, ns = db.Rows;
                    var pa = sa.Pattern;
                    var tv = t.Values; var bv = db.Values; var av = sa.Values;
                    for (int c = 0; c < pa.ColumnLevels; c++)
                        for (int e = pa.ColumnStart[c]; e < pa.ColumnStart[c + 1]; e++)
                        {
                            int ri = pa.RowLevel[e];
                            for (int x = 0; x < ki; x++)
                            {
                                int row = ri * ki + x;
                                for (int d = 0; d < kj; d++)
                                {
                                    double f = av[e * sas + x * kj + d];
                                    if (f == 0.0) continue;
                                    int bo = db.Offset + (c * kj + d) * db.Ld;
                                    for (int s = 0; s < ns; s++) tv[t.Offset + s * m + row] -= f * bv[bo + s];
                                }
                            }
                        }
                    return;
                }
            case (ColumnMajorBlock t, ColumnMajorBlock da, ColumnMajorBlock db):
                DenseKernels.GemmSubtract(t.Rows, t.Columns, da.Columns, da.Storage, da.Ld, db.Storage, db.Ld, t.Storage, t.Ld);
                return;
            default:
                throw new InvalidOperationException($"no product kernel for {target.GetType().Name} from {a.GetType().Name}, {b.GetType().Name}");
        }
    }

    // ---- solves with vectors (post-fit) -------------------------------------------------------

    /// <summary>x ← D^{-1} x for a factored diagonal block.</summary>
    public static void SolveDiagonal(MatrixBlock diagonal, Span<double> x)
    {
        switch (diagonal)
        {
            case BlockDiagonalBlock bd:
                {
                    int k = bd.K, kk = k * k;
                    if (k == 1) { TensorPrimitives.Divide(x, bd.Values, x); return; }
                    for (int l = 0; l < bd.Levels; l++)
                        DenseTriangular.SolveLower(bd.Values.AsSpan(l * kk, kk), k, x.Slice(l * k, k));
                    return;
                }
            case ColumnMajorBlock d:
                DenseKernels.SolveLower(d.Storage, d.Rows, d.Ld, x);
                return;
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>x ← D^{-T} x for a factored diagonal block.</summary>
    public static void SolveDiagonalTransposed(MatrixBlock diagonal, Span<double> x)
    {
        switch (diagonal)
        {
            case BlockDiagonalBlock bd:
                {
                    int k = bd.K, kk = k * k;
                    if (k == 1) { TensorPrimitives.Divide(x, bd.Values, x); return; }
                    for (int l = 0; l < bd.Levels; l++)
                        DenseTriangular.SolveLowerTransposed(bd.Values.AsSpan(l * kk, kk), k, x.Slice(l * k, k));
                    return;
                }
            case ColumnMajorBlock d:
                DenseKernels.SolveLowerTranspose(d.Storage, d.Rows, d.Ld, x);
                return;
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>y ← y − B x; for dense blocks only the first <paramref name="rows"/> rows of B are used (all when negative).</summary>
    public static void SubtractTimes(MatrixBlock block, ReadOnlySpan<double> x, Span<double> y, int rows = -1)
    {
        switch (block)
        {
            case SparseBlock s:
                {
                    int ki = s.Ki, kj = s.Kj, sb = ki * kj;
                    var pat = s.Pattern;
                    for (int c = 0; c < pat.ColumnLevels; c++)
                    {
                        var xc = x.Slice(c * kj, kj);
                        bool zero = true;
                        for (int d = 0; d < kj; d++) if (xc[d] != 0.0) { zero = false; break; }
                        if (zero) continue;
                        for (int e = pat.ColumnStart[c]; e < pat.ColumnStart[c + 1]; e++)
                        {
                            int ro = pat.RowLevel[e] * ki;
                            for (int a = 0; a < ki; a++)
                            {
                                double acc = 0.0;
                                for (int d = 0; d < kj; d++) acc += s.Values[e * sb + a * kj + d] * xc[d];
                                y[ro + a] -= acc;
                            }
                        }
                    }
                    return;
                }
            case ColumnMajorBlock d:
                {
                    int m = rows < 0 ? d.Rows : rows;
                    var ym = y[..m];
                    for (int c = 0; c < d.Columns; c++)
                        if (x[c] != 0.0) TensorPrimitives.MultiplyAdd(d.Column(c)[..m], -x[c], ym, ym);
                    return;
                }
            case DenseBlock d:
                {
                    int m = rows < 0 ? d.Rows : rows;
                    for (int r = 0; r < m; r++) y[r] -= TensorPrimitives.Dot(d.Values.AsSpan(r * d.Columns, d.Columns), x);
                    return;
                }
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>y ← y − B' x; for dense blocks only the first <paramref name="rows"/> rows of B are used (all when negative).</summary>
    public static void SubtractTransposeTimes(MatrixBlock block, ReadOnlySpan<double> x, Span<double> y, int rows = -1)
    {
        switch (block)
        {
            case SparseBlock s:
                {
                    int ki = s.Ki, kj = s.Kj, sb = ki * kj;
                    var pat = s.Pattern;
                    for (int c = 0; c < pat.ColumnLevels; c++)
                        for (int e = pat.ColumnStart[c]; e < pat.ColumnStart[c + 1]; e++)
                        {
                            int ro = pat.RowLevel[e] * ki;
                            for (int d = 0; d < kj; d++)
                            {
                                double acc = 0.0;
                                for (int a = 0; a < ki; a++) acc += s.Values[e * sb + a * kj + d] * x[ro + a];
                                y[c * kj + d] -= acc;
                            }
                        }
                    return;
                }
            case ColumnMajorBlock d:
                {
                    int m = rows < 0 ? d.Rows : rows;
                    for (int c = 0; c < d.Columns; c++) y[c] -= TensorPrimitives.Dot(d.Column(c)[..m], x[..m]);
                    return;
                }
            case DenseBlock d:
                {
                    int m = rows < 0 ? d.Rows : rows;
                    for (int r = 0; r < m; r++)
                        if (x[r] != 0.0)
                            TensorPrimitives.MultiplyAdd(d.Values.AsSpan(r * d.Columns, d.Columns), -x[r], y, y);
                    return;
                }
            default:
                throw new InvalidOperationException();
        }
    }
}
