using System.Runtime.CompilerServices;

namespace FormulaLmm.Fitting;

/// <summary>
/// The blocked lower Cholesky factor L of
/// <c>[Λ'Z'ZΛ + I, Λ'Z'X, Λ'Z'y; X'ZΛ, X'X, X'y; y'ZΛ, y'X, y'y]</c> for one θ, with random-effects
/// terms in decreasing number of levels. Every block is allocated once; <see cref="Update"/> rewrites
/// them from the cross products, so an evaluation allocates nothing and never touches the n rows.
/// Block (i, j) of the random-effects part is Diagonal[i] when i = j and Off[i][j] when j &lt; i;
/// the [X y] rows under term j are XyRows[j] ((p+1) × q_j, column-major); the bottom-right
/// (p+1)×(p+1) block is XyDiagonal.
/// <para>
/// The dense tail: when every term from <see cref="TailStart"/> on has filled in completely (crossed
/// factors), those terms and the [X y] rows form one dense column-major matrix, and the blocks
/// there are views into it. The tail is then factored by a single call of the blocked multi-core
/// Cholesky kernel, which does the triangular solves and rank updates between those blocks itself.
/// </para>
/// </summary>
internal sealed class BlockedCholeskyFactor
{
    private readonly CrossProducts _a;
    private readonly int[][][] _offMap;  // A's sub-block → L's sub-block when L[i][j] is sparse
    private readonly double[] _tmp;
    private readonly ColumnMajorBlock? _tail;
    private readonly List<(ColumnMajorBlock Block, bool Symmetric)> _ownDense = new();
    private readonly SparseGram?[][] _sparseGram;
    private readonly double _yy;
    // Without a dense tail: row-major scratch for the [X y] rows and block (RowGram, DenseTriangular).
    private readonly double[] _rowScratch = [], _sumScratch = [];
    private const double ExactFitTolerance = 1e-13;
    private readonly SparseProduct?[][][] _product;   // [i][h][j]: Off[i][h] −= Off[i][j] Off[h][j]'
    private readonly SparseProduct?[][] _xyProduct;   // [h][j]: XyRows[h] −= XyRows[j] Off[h][j]'

    public BlockedCholeskyFactor(CrossProducts a)
    {
        _a = a;
        var terms = a.Terms;
        int T = terms.Count, p1 = a.P + 1;
        Layout = FactorLayout.Analyse(terms, a);
        ColumnOffset = new int[T + 1];
        for (int t = 0; t < T; t++) ColumnOffset[t + 1] = ColumnOffset[t] + terms[t].Columns;
        TailStart = FindTailStart(Layout, T);
        _yy = a.XyXy.Values[p1 * p1 - 1];

        // Positions inside the tail: its terms, then the [X y] rows.
        int tailOrder = 0;
        var tailOffset = new int[T + 1];
        if (TailStart < T)
        {
            for (int t = TailStart; t < T; t++) { tailOffset[t] = tailOrder; tailOrder += terms[t].Columns; }
            tailOffset[T] = tailOrder;
            tailOrder += p1;
            _tail = new ColumnMajorBlock(tailOrder, tailOrder);
            TailRandomCount = tailOffset[T];
        }
        ColumnMajorBlock TailView(int row, int column, int rows, int columns) =>
            new(_tail!.Values, column * tailOrder + row, tailOrder, rows, columns);

        Lambda = new double[T][];
        Diagonal = new MatrixBlock[T];
        Off = new MatrixBlock[T][];
        XyRows = new ColumnMajorBlock[T];
        _offMap = new int[T][][];
        _sparseGram = new SparseGram?[T][];
        int maxK = 1;
        for (int i = 0; i < T; i++)
        {
            int k = terms[i].K, qi = terms[i].Columns;
            maxK = Math.Max(maxK, k);
            Lambda[i] = new double[k * k];
            if (i >= TailStart) Diagonal[i] = TailView(tailOffset[i], tailOffset[i], qi, qi);
            else if (Layout.DiagonalDense[i]) Diagonal[i] = Own(new ColumnMajorBlock(qi, qi), symmetric: true);
            else Diagonal[i] = new BlockDiagonalBlock(terms[i].Levels, k);
            XyRows[i] = i >= TailStart ? TailView(tailOffset[T], tailOffset[i], p1, qi) : Own(new ColumnMajorBlock(p1, qi), symmetric: false);
            Off[i] = new MatrixBlock[i];
            _offMap[i] = new int[i][];
            _sparseGram[i] = new SparseGram?[i];
            for (int j = 0; j < i; j++)
            {
                if (j >= TailStart) { Off[i][j] = TailView(tailOffset[i], tailOffset[j], qi, terms[j].Columns); continue; }
                if (Layout.OffDense[i][j]) { Off[i][j] = Own(new ColumnMajorBlock(qi, terms[j].Columns), symmetric: false); continue; }
                var lp = Layout.OffPattern[i][j]!;
                var sparse = new SparseBlock(lp, terms[i].K, terms[j].K);
                Off[i][j] = sparse;
                var ap = a.ZtZOff[i][j].Pattern;
                var map = new int[ap.NonZeroCount];
                for (int c = 0; c < ap.ColumnLevels; c++)
                    for (int e = ap.ColumnStart[c]; e < ap.ColumnStart[c + 1]; e++)
                        map[e] = lp.Find(ap.RowLevel[e], c);
                _offMap[i][j] = map;
                if (Diagonal[i] is ColumnMajorBlock) _sparseGram[i][j] = new SparseGram(sparse);
            }
        }
        XyDiagonal = _tail is null ? Own(new ColumnMajorBlock(p1, p1), symmetric: true) : TailView(tailOffset[T], tailOffset[T], p1, p1);
        _tmp = new double[maxK * maxK];
        if (_tail is null)
        {
            int widest = 0;
            for (int t = 0; t < T; t++) widest = Math.Max(widest, terms[t].Columns);
            _rowScratch = new double[Math.Max(p1 * p1, p1 * widest)];
            _sumScratch = new double[p1 * p1];
        }

        // Left-looking, multi-core kernels for the scalar sparse updates of dense blocks (crossed intercepts).
        _product = new SparseProduct?[T][][];
        _xyProduct = new SparseProduct?[T][];
        for (int i = 0; i < T; i++)
        {
            _product[i] = new SparseProduct?[i][];
            _xyProduct[i] = new SparseProduct?[i];
            for (int h = 0; h < i; h++) _product[i][h] = new SparseProduct?[h];
        }
        for (int j = 0; j < Math.Min(T, TailStart); j++)
            for (int h = j + 1; h < T; h++)
            {
                if (Off[h][j] is not SparseBlock { Ki: 1, Kj: 1 } b) continue;
                var xy = new SparseProduct(b);
                xy.Plan(null, p1);
                _xyProduct[h][j] = xy;
                for (int i = h + 1; i < T; i++)
                    if (Off[i][h] is ColumnMajorBlock && Off[i][j] is SparseBlock { Ki: 1, Kj: 1 } left)
                    {
                        var product = new SparseProduct(b);
                        product.Plan(left, 0);
                        _product[i][h][j] = product;
                    }
            }
    }

    private ColumnMajorBlock Own(ColumnMajorBlock block, bool symmetric)
    {
        _ownDense.Add((block, symmetric));
        return block;
    }

    /// <summary>
    /// The first term of the dense tail: the smallest j0 &gt; 0 such that every diagonal block from
    /// j0 on is dense and so is every block between those terms; T when there is none.
    /// </summary>
    private static int FindTailStart(FactorLayout layout, int T)
    {
        int j0 = T;
        for (int j = T - 1; j >= 1; j--)
        {
            if (!layout.DiagonalDense[j]) break;
            bool dense = true;
            for (int i = j + 1; i < T; i++) dense &= layout.OffDense[i][j];
            if (!dense) break;
            j0 = j;
        }
        return j0;
    }

    /// <summary>Start of each term's columns in the stacked random-effects vector; last entry q.</summary>
    public int[] ColumnOffset { get; }
    /// <summary>Total number of random effects q.</summary>
    public int RandomCount => ColumnOffset[^1];
    /// <summary>First term of the dense tail (T when the factor has none).</summary>
    public int TailStart { get; }
    /// <summary>The dense tail (terms from <see cref="TailStart"/> on, then [X y]), or null.</summary>
    public ColumnMajorBlock? Tail => _tail;
    /// <summary>Number of random effects in the tail (its leading rows and columns).</summary>
    public int TailRandomCount { get; }

    public FactorLayout Layout { get; }
    public IReadOnlyList<FitTerm> Terms => _a.Terms;
    public CrossProducts CrossProducts => _a;
    /// <summary>λ per term (k×k column-major) at the last <see cref="Update"/>.</summary>
    public double[][] Lambda { get; }
    public MatrixBlock[] Diagonal { get; }
    public MatrixBlock[][] Off { get; }
    public ColumnMajorBlock[] XyRows { get; }
    public ColumnMajorBlock XyDiagonal { get; }
    public int P => _a.P;

    /// <summary>
    /// Recomputes L for <paramref name="theta"/> (in the design's θ order). Returns false when a
    /// pivot is not positive (possible only in the [X y] block, e.g. for a response fitted exactly).
    /// </summary>
    /// <param name="theta">θ in the design's order.</param>
    /// <param name="observer">Told where the update's phases end (benchmarks, tests); null: nothing is called.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Update(ReadOnlySpan<double> theta, IEvaluationObserver? observer)
    {
        var terms = _a.Terms;
        int T = terms.Count;
        observer?.EvaluationStarted();
        for (int t = 0; t < T; t++)
            terms[t].Template.FillLambda(theta.Slice(terms[t].ThetaOffset, terms[t].ThetaCount), Lambda[t]);

        _tail?.Clear(lowerOnly: true);
        foreach (var (block, symmetric) in _ownDense) block.Clear(symmetric);
        for (int t = 0; t < T; t++) ScaleDiagonal(t);
        for (int i = 0; i < T; i++)
            for (int j = 0; j < i; j++) ScaleOff(i, j);
        for (int t = 0; t < T; t++) ScaleXyRows(t);
        var xx = _a.XyXy;
        for (int c = 0; c < xx.Columns; c++)
            for (int r = c; r < xx.Rows; r++) XyDiagonal[r, c] = xx.Values[r * xx.Columns + c];
        observer?.ScalingEnded();

        // Right-looking blocked Cholesky over the block columns before the dense tail.
        for (int j = 0; j < Math.Min(T, TailStart); j++)
        {
            if (!BlockKernels.FactorDiagonal(Diagonal[j]))
            {
                observer?.EvaluationEnded();
                return false;
            }
            for (int i = j + 1; i < T; i++) BlockKernels.SolveRight(Off[i][j], Diagonal[j]);
            BlockKernels.SolveRight(XyRows[j], Diagonal[j]);
            for (int i = j + 1; i < T; i++)
            {
                if (_sparseGram[i][j] is { } gram) gram.Subtract((ColumnMajorBlock)Diagonal[i]);
                else BlockKernels.SubtractGram(Diagonal[i], Off[i][j]);
                for (int h = j + 1; h < i; h++)
                {
                    if (_product[i][h][j] is { } product) product.SubtractSparse((ColumnMajorBlock)Off[i][h], (SparseBlock)Off[i][j]);
                    else BlockKernels.SubtractProduct(Off[i][h], Off[i][j], Off[h][j]);
                }
            }
            for (int h = j + 1; h < T; h++)
            {
                if (_xyProduct[h][j] is { } xy) xy.SubtractDenseRows(XyRows[h], XyRows[j]);
                else BlockKernels.SubtractProduct(XyRows[h], XyRows[j], Off[h][j]);
            }
            if (_tail is null) SubtractRowGram(XyRows[j]);
            else BlockKernels.SubtractGram(XyDiagonal, XyRows[j]);
        }
        observer?.SparseEnded();
        // A response in the span of X leaves r² at rounding level, positive or not depending on the
        // order of operations: treat r² ≤ 1e-13 y'y as zero (an exact fit), whatever its sign.
        bool ok = (_tail is null ? FactorXyRowMajor() : BlockKernels.FactorDiagonal(_tail)) && PenalisedRss() > ExactFitTolerance * _yy;
        observer?.EvaluationEnded();
        return ok;
    }

    /// <summary>XyDiagonal −= R R' for the [X y] rows R under a term, through <see cref="RowGram"/> on a row-major copy.</summary>
    private void SubtractRowGram(ColumnMajorBlock rows)
    {
        int m = rows.Rows, k = rows.Columns;
        var scratch = _rowScratch;
        for (int c = 0; c < k; c++)
            for (int r = 0; r < m; r++) scratch[r * k + c] = rows[r, c];
        RowGram.Lower(scratch, m, k, _sumScratch);
        for (int i = 0; i < m; i++)
            for (int j = 0; j <= i; j++) XyDiagonal[i, j] -= _sumScratch[i * m + j];
    }

    /// <summary>Cholesky of the [X y] block by rows on a row-major copy (see <see cref="RowGram"/> for why).</summary>
    private bool FactorXyRowMajor()
    {
        int n = XyDiagonal.Rows;
        var a = _rowScratch.AsSpan(0, n * n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) a[i * n + j] = XyDiagonal[i, j];
        bool ok = Numerics.DenseTriangular.FactorLowerInPlace(a, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) XyDiagonal[i, j] = a[i * n + j];
        return ok;
    }

    /// <summary>log|L_Z|² = 2 Σ log diag over the random-effects blocks.</summary>
    public double LogDetRandom()
    {
        double s = 0.0;
        foreach (var d in Diagonal) s += BlockKernels.LogDiagonalSum(d);
        return 2.0 * s;
    }

    /// <summary>log|L_X|² over the first p diagonal entries of the [X y] block.</summary>
    public double LogDetFixed()
    {
        double s = 0.0;
        for (int i = 0; i < P; i++) s += Math.Log(XyDiagonal[i, i]);
        return 2.0 * s;
    }

    /// <summary>Penalised residual sum of squares r², the square of L's last diagonal entry.</summary>
    public double PenalisedRss()
    {
        double r = XyDiagonal[P, P];
        return r * r;
    }

    /// <summary>L_X, the leading p×p part of the [X y] block, as its own row-major array.</summary>
    public double[] FixedFactor()
    {
        int p = P;
        var lx = new double[p * p];
        for (int r = 0; r < p; r++)
            for (int c = 0; c <= r; c++) lx[r * p + c] = XyDiagonal[r, c];
        return lx;
    }

    /// <summary>
    /// Forward solve with the random-effects part of L (and, when <paramref name="fixedFactor"/> is
    /// given, the X part too): v = [v_u (q); v_X (p)] ← L⁻¹ v. Blocks before
    /// <paramref name="firstTerm"/> must be zero in v and are skipped.
    /// </summary>
    public void SolveLower(Span<double> v, double[]? fixedFactor, int firstTerm = 0)
    {
        int T = Diagonal.Length, q = RandomCount;
        for (int j = firstTerm; j < T; j++)
        {
            var vj = v[ColumnOffset[j]..ColumnOffset[j + 1]];
            BlockKernels.SolveDiagonal(Diagonal[j], vj);
            for (int i = j + 1; i < T; i++)
                BlockKernels.SubtractTimes(Off[i][j], vj, v[ColumnOffset[i]..ColumnOffset[i + 1]]);
            if (fixedFactor != null) BlockKernels.SubtractTimes(XyRows[j], vj, v.Slice(q, P), P);
        }
        if (fixedFactor != null) Numerics.DenseTriangular.SolveLower(fixedFactor, P, v.Slice(q, P));
    }

    /// <summary>Back solve v ← L'⁻¹ v, the transpose of <see cref="SolveLower"/>.</summary>
    public void SolveLowerTransposed(Span<double> v, double[]? fixedFactor)
    {
        int T = Diagonal.Length, q = RandomCount;
        if (fixedFactor != null) Numerics.DenseTriangular.SolveLowerTransposed(fixedFactor, P, v.Slice(q, P));
        for (int j = T - 1; j >= 0; j--)
        {
            var vj = v[ColumnOffset[j]..ColumnOffset[j + 1]];
            for (int i = j + 1; i < T; i++)
                BlockKernels.SubtractTransposeTimes(Off[i][j], v[ColumnOffset[i]..ColumnOffset[i + 1]], vj);
            if (fixedFactor != null) BlockKernels.SubtractTransposeTimes(XyRows[j], v.Slice(q, P), vj, P);
            BlockKernels.SolveDiagonalTransposed(Diagonal[j], vj);
        }
    }

    /// <summary>The response row of L: [c_u (q); c_X (p)], with L_ZX [c_u; c_X] = [Λ'Z'y; X'y].</summary>
    public double[] ResponseRow()
    {
        int q = RandomCount, p = P;
        var c = new double[q + p];
        for (int t = 0; t < Diagonal.Length; t++)
            for (int col = 0; col < XyRows[t].Columns; col++) c[ColumnOffset[t] + col] = XyRows[t][p, col];
        for (int col = 0; col < p; col++) c[q + col] = XyDiagonal[p, col];
        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScaleDiagonal(int t)
    {
        var term = _a.Terms[t];
        int k = term.K, kk = k * k;
        var src = _a.ZtZ[t].Values;
        var lam = Lambda[t];
        switch (Diagonal[t])
        {
            case BlockDiagonalBlock bd:
                {
                    var dst = bd.Values;
                    if (k == 1)
                    {
                        double l2 = lam[0] * lam[0];
                        for (int l = 0; l < dst.Length; l++) dst[l] = l2 * src[l] + 1.0;
                        return;
                    }
                    if (k == 2)
                    {
                        // λ = [l00 0; l10 l11] (column-major lam = l00, l10, 0, l11); λ'Sλ + I for symmetric S.
                        double l00 = lam[0], l10 = lam[1], l11 = lam[3];
                        for (int o = 0; o < dst.Length; o += 4)
                        {
                            double s00 = src[o], s01 = src[o + 1], s10 = src[o + 2], s11 = src[o + 3];
                            // Operations in the order of the general k×k path (ScaleSubBlock).
                            double t00 = s00 * l00 + s01 * l10, t10 = s10 * l00 + s11 * l10;
                            double t01 = s01 * l11, t11 = s11 * l11;
                            dst[o] = l00 * t00 + l10 * t10 + 1.0;
                            dst[o + 1] = l00 * t01 + l10 * t11;
                            dst[o + 2] = l11 * t10;
                            dst[o + 3] = l11 * t11 + 1.0;
                        }
                        return;
                    }
                    for (int l = 0; l < term.Levels; l++)
                    {
                        var level = bd.Level(l);
                        BlockKernels.ScaleSubBlock(src.AsSpan(l * kk, kk), k, k, lam, lam, level, k, 1, _tmp);
                        for (int a = 0; a < k; a++) level[a * k + a] += 1.0;
                    }
                    return;
                }
            case ColumnMajorBlock d:
                {
                    // Only the level blocks on the diagonal are non-zero (Z_t'Z_t is block-diagonal); cleared in Update.
                    int ld = d.Ld;
                    if (k == 1)
                    {
                        double l2 = lam[0] * lam[0];
                        for (int l = 0; l < term.Levels; l++) d[l, l] = l2 * src[l] + 1.0;
                        return;
                    }
                    var storage = d.Storage;
                    for (int l = 0; l < term.Levels; l++)
                    {
                        var dst = storage[(l * k * ld + l * k)..];
                        BlockKernels.ScaleSubBlock(src.AsSpan(l * kk, kk), k, k, lam, lam, dst, 1, ld, _tmp);
                        for (int a = 0; a < k; a++) dst[a * ld + a] += 1.0;
                    }
                    return;
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScaleOff(int i, int j)
    {
        var a = _a.ZtZOff[i][j];
        var ap = a.Pattern;
        int ki = a.Ki, kj = a.Kj, sb = ki * kj;
        var li = Lambda[i]; var lj = Lambda[j];
        switch (Off[i][j])
        {
            case SparseBlock s:
                {
                    var map = _offMap[i][j];
                    // Fill-in positions start from zero; when the pattern is exactly A's every entry is overwritten.
                    if (s.Pattern.NonZeroCount != ap.NonZeroCount) Array.Clear(s.Values);
                    if (sb == 1)
                    {
                        double f = li[0] * lj[0];
                        for (int e = 0; e < map.Length; e++) s.Values[map[e]] = f * a.Values[e];
                        return;
                    }
                    for (int e = 0; e < map.Length; e++)
                        BlockKernels.ScaleSubBlock(a.SubBlock(e), ki, kj, li, lj, s.SubBlock(map[e]), kj, 1, _tmp);
                    return;
                }
            case ColumnMajorBlock d:
                {
                    // Cleared in Update.
                    if (sb == 1)
                    {
                        double f = li[0] * lj[0];
                        for (int c = 0; c < ap.ColumnLevels; c++)
                            for (int e = ap.ColumnStart[c]; e < ap.ColumnStart[c + 1]; e++)
                                d[ap.RowLevel[e], c] = f * a.Values[e];
                        return;
                    }
                    var storage = d.Storage;
                    for (int c = 0; c < ap.ColumnLevels; c++)
                        for (int e = ap.ColumnStart[c]; e < ap.ColumnStart[c + 1]; e++)
                        {
                            int r = ap.RowLevel[e];
                            BlockKernels.ScaleSubBlock(a.SubBlock(e), ki, kj, li, lj, storage[(c * kj * d.Ld + r * ki)..], 1, d.Ld, _tmp);
                        }
                    return;
                }
        }
    }

    /// <summary>XyRows[t] = [X y]'Z_t Λ_t, from the row-major cross products into column-major rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScaleXyRows(int t)
    {
        var src = _a.XyZ[t];
        var dst = XyRows[t];
        int k = _a.Terms[t].K, q = src.Columns, levels = _a.Terms[t].Levels, rows = src.Rows;
        var lam = Lambda[t];
        var sv = src.Values;
        var dv = dst.Values;
        int o0 = dst.Offset, ld = dst.Ld;
        if (k == 1)
        {
            double f = lam[0];
            for (int c = 0; c < q; c++)
            {
                int o = o0 + c * ld;
                for (int r = 0; r < rows; r++) dv[o + r] = f * sv[r * q + c];
            }
            return;
        }
        if (k == 2)
        {
            double l00 = lam[0], l10 = lam[1], l11 = lam[3];
            for (int c = 0; c < q; c += 2)
            {
                int o = o0 + c * ld;
                for (int r = 0; r < rows; r++)
                {
                    double s0 = sv[r * q + c], s1 = sv[r * q + c + 1];
                    dv[o + r] = s0 * l00 + s1 * l10;
                    dv[o + ld + r] = s1 * l11;
                }
            }
            return;
        }
        // Row r, level l: dst[r, l·k + b] = Σ_{a ≥ b} src[r, l·k + a] λ[a, b].
        for (int r = 0; r < rows; r++)
            for (int l = 0; l < levels; l++)
            {
                int o = r * q + l * k;
                for (int b = 0; b < k; b++)
                {
                    double acc = 0.0;
                    for (int a = b; a < k; a++) acc += sv[o + a] * lam[b * k + a];
                    dst[r, l * k + b] = acc;
                }
            }
    }
}
