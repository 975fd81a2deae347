using System.Numerics.Tensors;
using FormulaLmm.Numerics;

namespace FormulaLmm.Fitting;

/// <summary>
/// The operations of the blocked Cholesky factorisation, one method per pair of storage types.
/// Small sub-blocks (k×k per level) are handled with plain loops; dense blocks go to the kernels in
/// <see cref="FormulaLmm.Numerics"/>. λ matrices are k×k column-major lower triangular
/// (as <see cref="Design.CovarianceTemplate.FillLambda"/> writes them).
/// </summary>
internal static class BlockKernels
{
    // ---- small sub-block helpers ------------------------------------------------------------

    /// <summary>dst (ki×kj, row-major) = λi' S λj, with S ki×kj row-major.</summary>
    public static void ScaleSubBlock(ReadOnlySpan<double> s, int ki, int kj, ReadOnlySpan<double> lamI, ReadOnlySpan<double> lamJ,
        Span<double> dst, int dstStride, Span<double> tmp)
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
                dst[a * dstStride + b] = acc;
            }
    }

    /// <summary>C (m×p at stride) −= A (m×k) B' (B p×k), all row-major small blocks.</summary>
    private static void SubtractABt(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int m, int p, int k, Span<double> c, int cStride)
    {
        for (int r = 0; r < m; r++)
            for (int s = 0; s < p; s++)
            {
                double acc = 0.0;
                for (int t = 0; t < k; t++) acc += a[r * k + t] * b[s * k + t];
                c[r * cStride + s] -= acc;
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

    public static bool FactorDiagonal(MatrixBlock block)
    {
        switch (block)
        {
            case BlockDiagonalBlock bd:
                if (bd.K == 1)
                {
                    var v = bd.Values;
                    for (int l = 0; l < v.Length; l++)
                    {
                        if (!(v[l] > 0.0)) return false;
                        v[l] = Math.Sqrt(v[l]);
                    }
                    return true;
                }
                for (int l = 0; l < bd.Levels; l++)
                    if (!DenseCholesky.FactorInPlace(bd.Level(l), bd.K)) return false;
                return true;
            case DenseBlock d:
                return DenseCholesky.FactorInPlace(d.Values, d.Rows);
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
            case DenseBlock d:
                return DenseCholesky.LogDiagonalSum(d.Values, d.Rows);
            default:
                throw new InvalidOperationException($"not a diagonal block: {block.GetType().Name}");
        }
    }

    // ---- target ← target · diag^{-T} ---------------------------------------------------------

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
            case (DenseBlock t, BlockDiagonalBlock d):
                {
                    int k = d.K, kk = k * k, cols = t.Columns;
                    if (k == 1)
                    {
                        for (int r = 0; r < t.Rows; r++)
                            TensorPrimitives.Divide(t.Values.AsSpan(r * cols, cols), d.Values, t.Values.AsSpan(r * cols, cols));
                        return;
                    }
                    for (int r = 0; r < t.Rows; r++)
                        for (int c = 0; c < d.Levels; c++)
                            SolveRowsSmall(d.Values.AsSpan(c * kk, kk), k, t.Values.AsSpan(r * cols + c * k, k), 1, k);
                    return;
                }
            case (DenseBlock t, DenseBlock d):
                DenseTriangular.SolveRightLowerTransposed(d.Values, d.Rows, t.Values, t.Rows);
                return;
            default:
                throw new InvalidOperationException($"no solve kernel for {target.GetType().Name} by {diagonal.GetType().Name}");
        }
    }

    // ---- target ← target − src src' (lower triangle) ------------------------------------------

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
                        SubtractABt(src, src, ki, ki, kj, t.Values.AsSpan(r * kk, kk), ki);
                    }
                    return;
                }
            case (DenseBlock t, SparseBlock s):
                {
                    int ki = s.Ki, kj = s.Kj, sb = ki * kj, cols = t.Columns;
                    var pat = s.Pattern;
                    var tv = t.Values;
                    for (int c = 0; c < pat.ColumnLevels; c++)
                    {
                        int start = pat.ColumnStart[c], end = pat.ColumnStart[c + 1];
                        for (int e1 = start; e1 < end; e1++)
                        {
                            int r1 = pat.RowLevel[e1];
                            if (sb == 1)
                            {
                                double v1 = s.Values[e1];
                                int row = r1 * cols;
                                for (int e2 = start; e2 <= e1; e2++) tv[row + pat.RowLevel[e2]] -= v1 * s.Values[e2];
                                continue;
                            }
                            var b1 = s.Values.AsSpan(e1 * sb, sb);
                            for (int e2 = start; e2 <= e1; e2++)
                                SubtractABt(b1, s.Values.AsSpan(e2 * sb, sb), ki, ki, kj,
                                    tv.AsSpan(r1 * ki * cols + pat.RowLevel[e2] * ki), cols);
                        }
                    }
                    return;
                }
            case (DenseBlock t, DenseBlock s):
                DenseTriangular.SubtractGramLower(s.Values, s.Rows, s.Columns, t.Values);
                return;
            default:
                throw new InvalidOperationException($"no rank-update kernel for {target.GetType().Name} from {source.GetType().Name}");
        }
    }

    // ---- target ← target − a b' ---------------------------------------------------------------

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
                                SubtractABt(sa.SubBlock(ea), sb.SubBlock(eb), ki, kh, kj, t.SubBlock(et), kh);
                            }
                        }
                    return;
                }
            case (DenseBlock t, SparseBlock sa, SparseBlock sb):
                {
                    int ki = sa.Ki, kh = sb.Ki, kj = sa.Kj, cols = t.Columns;
                    var pa = sa.Pattern; var pb = sb.Pattern;
                    if (ki == 1 && kh == 1 && kj == 1)
                    {
                        var tv = t.Values; var av = sa.Values; var bv = sb.Values;
                        var ra = pa.RowLevel; var rb = pb.RowLevel;
                        for (int c = 0; c < pa.ColumnLevels; c++)
                        {
                            int bStart = pb.ColumnStart[c], bEnd = pb.ColumnStart[c + 1];
                            for (int ea = pa.ColumnStart[c]; ea < pa.ColumnStart[c + 1]; ea++)
                            {
                                double x = av[ea];
                                int row = ra[ea] * cols;
                                for (int eb = bStart; eb < bEnd; eb++) tv[row + rb[eb]] -= x * bv[eb];
                            }
                        }
                        return;
                    }
                    for (int c = 0; c < pa.ColumnLevels; c++)
                        for (int ea = pa.ColumnStart[c]; ea < pa.ColumnStart[c + 1]; ea++)
                        {
                            int ri = pa.RowLevel[ea];
                            for (int eb = pb.ColumnStart[c]; eb < pb.ColumnStart[c + 1]; eb++)
                                SubtractABt(sa.SubBlock(ea), sb.SubBlock(eb), ki, kh, kj,
                                    t.Values.AsSpan(ri * ki * cols + pb.RowLevel[eb] * kh), cols);
                        }
                    return;
                }
            case (DenseBlock t, DenseBlock da, SparseBlock sb):
                {
                    // t[:, rh·kh + x] −= Σ_d a[:, c·kj + d] B[x, d] over the sub-blocks B at (rh, c).
                    int kh = sb.Ki, kj = sb.Kj, sbs = kh * kj, acols = da.Columns, tcols = t.Columns;
                    var pb = sb.Pattern;
                    var av = da.Values; var tv = t.Values; var bv = sb.Values;
                    for (int r = 0; r < da.Rows; r++)
                    {
                        int ao = r * acols, to = r * tcols;
                        for (int c = 0; c < pb.ColumnLevels; c++)
                        {
                            int start = pb.ColumnStart[c], end = pb.ColumnStart[c + 1];
                            if (start == end) continue;
                            if (sbs == 1)
                            {
                                double ac = av[ao + c];
                                if (ac == 0.0) continue;
                                for (int e = start; e < end; e++) tv[to + pb.RowLevel[e]] -= ac * bv[e];
                                continue;
                            }
                            for (int e = start; e < end; e++)
                            {
                                int tb = to + pb.RowLevel[e] * kh;
                                for (int x = 0; x < kh; x++)
                                {
                                    double acc = 0.0;
                                    for (int d = 0; d < kj; d++) acc += av[ao + c * kj + d] * bv[e * sbs + x * kj + d];
                                    tv[tb + x] -= acc;
                                }
                            }
                        }
                    }
                    return;
                }
            case (DenseBlock t, SparseBlock sa, DenseBlock db):
                {
                    // t[ri·ki + x, s] −= Σ_d A[x, d] b[s, c·kj + d] over the sub-blocks A at (ri, c).
                    int ki = sa.Ki, kj = sa.Kj, sas = ki * kj, bcols = db.Columns, tcols = t.Columns;
                    var pa = sa.Pattern;
                    for (int c = 0; c < pa.ColumnLevels; c++)
                        for (int e = pa.ColumnStart[c]; e < pa.ColumnStart[c + 1]; e++)
                        {
                            int ri = pa.RowLevel[e];
                            for (int x = 0; x < ki; x++)
                            {
                                int to = (ri * ki + x) * tcols;
                                for (int s = 0; s < db.Rows; s++)
                                {
                                    double acc = 0.0;
                                    for (int d = 0; d < kj; d++) acc += sa.Values[e * sas + x * kj + d] * db.Values[s * bcols + c * kj + d];
                                    t.Values[to + s] -= acc;
                                }
                            }
                        }
                    return;
                }
            case (DenseBlock t, DenseBlock da, DenseBlock db):
                DenseTriangular.SubtractProductTransposed(da.Values, da.Rows, db.Values, db.Rows, da.Columns, t.Values);
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
                    for (int l = 0; l < bd.Levels; l++)
                        DenseTriangular.SolveLower(bd.Values.AsSpan(l * kk, kk), k, x.Slice(l * k, k));
                    return;
                }
            case DenseBlock d:
                DenseTriangular.SolveLower(d.Values, d.Rows, x);
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
                    for (int l = 0; l < bd.Levels; l++)
                        DenseTriangular.SolveLowerTransposed(bd.Values.AsSpan(l * kk, kk), k, x.Slice(l * k, k));
                    return;
                }
            case DenseBlock d:
                DenseTriangular.SolveLowerTransposed(d.Values, d.Rows, x);
                return;
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>y ← y − B x; for dense blocks only the first <paramref name="rows"/> rows of B are used.</summary>
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

    /// <summary>y ← y − B' x; for dense blocks only the first <paramref name="rows"/> rows of B are used.</summary>
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
