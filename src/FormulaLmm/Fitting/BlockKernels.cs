using System.Numerics.Tensors;
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
                return DenseCholesky.Factor(d.Values, d.Rows, d.Rows) == 0;
            case DenseBlock d:
                return DenseTriangular.FactorLowerInPlace(d.Values, d.Rows);
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
                    for (int i = 0; i < d.Rows; i++) s += Math.Log(d.Values[i * d.Rows + i]);
                    return s;
                }
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
            case (ColumnMajorBlock t, BlockDiagonalBlock d):
                {
                    // Column by column: column (c, a) ← (column (c, a) − Σ_{b<a} D_c[a, b] column (c, b)) / D_c[a, a].
                    int k = d.K, kk = k * k, m = t.Rows;
                    for (int c = 0; c < d.Levels; c++)
                        for (int a = 0; a < k; a++)
                        {
                            var col = t.Column(c * k + a);
                            for (int b = 0; b < a; b++)
                                TensorPrimitives.MultiplyAdd(t.Column(c * k + b), -d.Values[c * kk + a * k + b], col, col);
                            TensorPrimitives.Multiply(col, 1.0 / d.Values[c * kk + a * k + a], col);
                        }
                    return;
                }
            case (ColumnMajorBlock t, ColumnMajorBlock d):
                DenseKernels.TrsmLowerRightTranspose(t.Rows, t.Columns, d.Values, d.Rows, t.Values, t.Rows);
                return;
            case (DenseBlock t, BlockDiagonalBlock d):
                {
                    int k = d.K, kk = k * k, cols = t.Columns;
                    if (k == 1)
                    {
                        for (int r = 0; r < t.Rows; r++)
                            TensorPrimitives.Divide(t.Values.AsSpan(r * cols, cols), d.Values, t.Values.AsSpan(r * cols, cols));
                        return;
                    }
                    if (k == 2)
                    {
                        var dv = d.Values;
                        for (int r = 0; r < t.Rows; r++)
                        {
                            var row = t.Values.AsSpan(r * cols, cols);
                            for (int c = 0, o = 0; c < cols; c += 2, o += 4)
                            {
                                double x0 = row[c] / dv[o];
                                row[c] = x0;
                                row[c + 1] = (row[c + 1] - dv[o + 2] * x0) / dv[o + 3];
                            }
                        }
                        return;
                    }
                    for (int r = 0; r < t.Rows; r++)
                        for (int c = 0; c < d.Levels; c++)
                            SolveRowsSmall(d.Values.AsSpan(c * kk, kk), k, t.Values.AsSpan(r * cols + c * k, k), 1, k);
                    return;
                }
            case (DenseBlock t, ColumnMajorBlock d):
                SolveRowsRight(t, d);
                return;
            default:
                throw new InvalidOperationException($"no solve kernel for {target.GetType().Name} by {diagonal.GetType().Name}");
        }
    }

    /// <summary>
    /// The few rows x of t: x ← x L^{-T}, i.e. L x' = x', by column-oriented forward substitution
    /// that reads each column of L once for all rows (L is large; the rows are p + 1 ≤ a few).
    /// </summary>
    private static void SolveRowsRight(DenseBlock t, ColumnMajorBlock l)
    {
        int n = l.Rows, rows = t.Rows;
        var tv = t.Values;
        var lv = l.Values;
        for (int j = 0; j < n; j++)
        {
            double pivot = lv[j * n + j];
            var below = lv.AsSpan(j * n + j + 1, n - j - 1);
            for (int r = 0; r < rows; r++)
            {
                int o = r * n;
                double x = tv[o + j] / pivot;
                tv[o + j] = x;
                if (x != 0.0)
                {
                    var rest = tv.AsSpan(o + j + 1, n - j - 1);
                    TensorPrimitives.MultiplyAdd(below, -x, rest, rest);
                }
            }
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
                        SubtractABt(src, src, ki, ki, kj, t.Values.AsSpan(r * kk, kk), ki, 1);
                    }
                    return;
                }
            case (ColumnMajorBlock t, SparseBlock s):
                SubtractSparseGram(t, s);
                return;
            case (ColumnMajorBlock t, ColumnMajorBlock s):
                DenseKernels.SyrkLowerSubtract(s.Rows, s.Columns, s.Values, s.Rows, t.Values, t.Rows);
                return;
            case (DenseBlock t, DenseBlock s):
                {
                    // [X y] rows: (p+1)² dot products of length q_j.
                    int m = s.Rows, k = s.Columns, ldt = t.Columns;
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j <= i; j++)
                            t.Values[i * ldt + j] -= TensorPrimitives.Dot(s.Values.AsSpan(i * k, k), s.Values.AsSpan(j * k, k));
                    return;
                }
            default:
                throw new InvalidOperationException($"no rank-update kernel for {target.GetType().Name} from {source.GetType().Name}");
        }
    }

    /// <summary>
    /// Lower triangle of the dense t −= S S' for sparse S: per column level c of S, every pair of
    /// its sub-blocks (row levels r1 ≥ r2). Column-major t: the inner loop runs down column r2.
    /// </summary>
    private static void SubtractSparseGram(ColumnMajorBlock t, SparseBlock s)
    {
        int ki = s.Ki, kj = s.Kj, sb = ki * kj, n = t.Rows;
        var pat = s.Pattern;
        var tv = t.Values;
        var sv = s.Values;
        var rl = pat.RowLevel;
        if (sb == 1)
        {
            for (int c = 0; c < pat.ColumnLevels; c++)
            {
                int start = pat.ColumnStart[c], end = pat.ColumnStart[c + 1];
                for (int e2 = start; e2 < end; e2++)
                {
                    double v2 = sv[e2];
                    int col = rl[e2] * n;
                    for (int e1 = e2; e1 < end; e1++) tv[col + rl[e1]] -= sv[e1] * v2;
                }
            }
            return;
        }
        for (int c = 0; c < pat.ColumnLevels; c++)
        {
            int start = pat.ColumnStart[c], end = pat.ColumnStart[c + 1];
            for (int e2 = start; e2 < end; e2++)
            {
                var b2 = sv.AsSpan(e2 * sb, sb);
                int col0 = rl[e2] * ki;
                for (int e1 = e2; e1 < end; e1++)
                    // Element (r1·ki + a, r2·ki + b) at (r2·ki + b)·n + r1·ki + a.
                    SubtractABt(sv.AsSpan(e1 * sb, sb), b2, ki, ki, kj, tv.AsSpan(col0 * n + rl[e1] * ki), 1, n);
            }
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
                                SubtractABt(sa.SubBlock(ea), sb.SubBlock(eb), ki, kh, kj, t.SubBlock(et), kh, 1);
                            }
                        }
                    return;
                }
            case (ColumnMajorBlock t, SparseBlock sa, SparseBlock sb):
                {
                    int ki = sa.Ki, kh = sb.Ki, kj = sa.Kj, m = t.Rows;
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
                                int col = rb[eb] * m;
                                for (int ea = aStart; ea < aEnd; ea++) tv[col + ra[ea]] -= av[ea] * y;
                            }
                        }
                        return;
                    }
                    for (int c = 0; c < pa.ColumnLevels; c++)
                        for (int eb = pb.ColumnStart[c]; eb < pb.ColumnStart[c + 1]; eb++)
                            for (int ea = pa.ColumnStart[c]; ea < pa.ColumnStart[c + 1]; ea++)
                                SubtractABt(sa.SubBlock(ea), sb.SubBlock(eb), ki, kh, kj,
                                    tv.AsSpan(rb[eb] * kh * m + ra[ea] * ki), 1, m);
                    return;
                }
            case (ColumnMajorBlock t, ColumnMajorBlock da, SparseBlock sb):
                {
                    // t[:, rh·kh + x] −= Σ_d a[:, c·kj + d] B[x, d] over the sub-blocks B at (rh, c).
                    int kh = sb.Ki, kj = sb.Kj, sbs = kh * kj;
                    var pb = sb.Pattern;
                    var bv = sb.Values;
                    for (int c = 0; c < pb.ColumnLevels; c++)
                        for (int e = pb.ColumnStart[c]; e < pb.ColumnStart[c + 1]; e++)
                        {
                            int rh = pb.RowLevel[e];
                            for (int x = 0; x < kh; x++)
                            {
                                var tcol = t.Column(rh * kh + x);
                                for (int d = 0; d < kj; d++)
                                {
                                    double f = bv[e * sbs + x * kj + d];
                                    if (f != 0.0) TensorPrimitives.MultiplyAdd(da.Column(c * kj + d), -f, tcol, tcol);
                                }
                            }
                        }
                    return;
                }
            case (ColumnMajorBlock t, SparseBlock sa, ColumnMajorBlock db):
                {
                    // t[ri·ki + x, s] −= Σ_d A[x, d] b[s, c·kj + d] over the sub-blocks A at (ri, c).
                    int ki = sa.Ki, kj = sa.Kj, sas = ki * kj, m = t.Rows, ns = db.Rows;
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
                                    int bo = (c * kj + d) * ns;
                                    for (int s = 0; s < ns; s++) tv[s * m + row] -= f * bv[bo + s];
                                }
                            }
                        }
                    return;
                }
            case (ColumnMajorBlock t, ColumnMajorBlock da, ColumnMajorBlock db):
                DenseKernels.GemmSubtract(t.Rows, t.Columns, da.Columns, da.Values, da.Rows, db.Values, db.Rows, t.Values, t.Rows);
                return;
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
            case (DenseBlock t, DenseBlock da, ColumnMajorBlock db):
                {
                    // Row r of t −= Σ_c a[r, c] · column c of b (b is q_h × q_j, column-major).
                    int tcols = t.Columns, acols = da.Columns;
                    for (int r = 0; r < t.Rows; r++)
                    {
                        var row = t.Values.AsSpan(r * tcols, tcols);
                        for (int c = 0; c < acols; c++)
                        {
                            double f = da.Values[r * acols + c];
                            if (f != 0.0) TensorPrimitives.MultiplyAdd(db.Column(c), -f, row, row);
                        }
                    }
                    return;
                }
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
                DenseKernels.SolveLower(d.Values, d.Rows, d.Rows, x);
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
                DenseKernels.SolveLowerTranspose(d.Values, d.Rows, d.Rows, x);
                return;
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>y ← y − B x; for row-major dense blocks only the first <paramref name="rows"/> rows of B are used.</summary>
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
                for (int c = 0; c < d.Columns; c++)
                    if (x[c] != 0.0) TensorPrimitives.MultiplyAdd(d.Column(c), -x[c], y, y);
                return;
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

    /// <summary>y ← y − B' x; for row-major dense blocks only the first <paramref name="rows"/> rows of B are used.</summary>
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
                for (int c = 0; c < d.Columns; c++) y[c] -= TensorPrimitives.Dot(d.Column(c), x);
                return;
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
