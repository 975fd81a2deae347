namespace FormulaLmm.Fitting;

/// <summary>
/// The blocked lower Cholesky factor L of
/// <c>[Λ'Z'ZΛ + I, Λ'Z'X, Λ'Z'y; X'ZΛ, X'X, X'y; y'ZΛ, y'X, y'y]</c> for one θ, with random-effects
/// terms in decreasing number of levels. Every block is allocated once; <see cref="Update"/> rewrites
/// them from the cross products, so an evaluation allocates nothing and never touches the n rows.
/// Block (i, j) of the random-effects part is Diagonal[i] when i = j and Off[i][j] when j &lt; i;
/// the [X y] rows under term j are XyRows[j]; the bottom-right (p+1)×(p+1) block is XyDiagonal.
/// </summary>
internal sealed class BlockedCholeskyFactor
{
    private readonly CrossProducts _a;
    private readonly int[][][] _offMap;  // A's sub-block → L's sub-block when L[i][j] is sparse
    private readonly double[] _tmp;

    public BlockedCholeskyFactor(CrossProducts a)
    {
        _a = a;
        var terms = a.Terms;
        int T = terms.Count;
        Layout = FactorLayout.Analyse(terms, a);
        Lambda = new double[T][];
        Diagonal = new MatrixBlock[T];
        Off = new MatrixBlock[T][];
        XyRows = new DenseBlock[T];
        _offMap = new int[T][][];
        int maxK = 1;
        for (int i = 0; i < T; i++)
        {
            int k = terms[i].K;
            maxK = Math.Max(maxK, k);
            Lambda[i] = new double[k * k];
            Diagonal[i] = Layout.DiagonalDense[i] ? new DenseBlock(terms[i].Columns, terms[i].Columns) : new BlockDiagonalBlock(terms[i].Levels, k);
            XyRows[i] = new DenseBlock(a.P + 1, terms[i].Columns);
            Off[i] = new MatrixBlock[i];
            _offMap[i] = new int[i][];
            for (int j = 0; j < i; j++)
            {
                if (Layout.OffDense[i][j])
                {
                    Off[i][j] = new DenseBlock(terms[i].Columns, terms[j].Columns);
                    continue;
                }
                var lp = Layout.OffPattern[i][j]!;
                Off[i][j] = new SparseBlock(lp, terms[i].K, terms[j].K);
                var ap = a.ZtZOff[i][j].Pattern;
                var map = new int[ap.NonZeroCount];
                for (int c = 0; c < ap.ColumnLevels; c++)
                    for (int e = ap.ColumnStart[c]; e < ap.ColumnStart[c + 1]; e++)
                        map[e] = lp.Find(ap.RowLevel[e], c);
                _offMap[i][j] = map;
            }
        }
        XyDiagonal = new DenseBlock(a.P + 1, a.P + 1);
        _tmp = new double[maxK * maxK];
        ColumnOffset = new int[T + 1];
        for (int t = 0; t < T; t++) ColumnOffset[t + 1] = ColumnOffset[t] + terms[t].Columns;
    }

    /// <summary>Start of each term's columns in the stacked random-effects vector; last entry q.</summary>
    public int[] ColumnOffset { get; }
    /// <summary>Total number of random effects q.</summary>
    public int RandomCount => ColumnOffset[^1];

    public FactorLayout Layout { get; }
    public IReadOnlyList<FitTerm> Terms => _a.Terms;
    public CrossProducts CrossProducts => _a;
    /// <summary>λ per term (k×k column-major) at the last <see cref="Update"/>.</summary>
    public double[][] Lambda { get; }
    public MatrixBlock[] Diagonal { get; }
    public MatrixBlock[][] Off { get; }
    public DenseBlock[] XyRows { get; }
    public DenseBlock XyDiagonal { get; }
    public int P => _a.P;

    /// <summary>
    /// Recomputes L for <paramref name="theta"/> (in the design's θ order). Returns false when a
    /// pivot is not positive (possible only in the [X y] block, e.g. for a response fitted exactly).
    /// </summary>
    public bool Update(ReadOnlySpan<double> theta)
    {
        var terms = _a.Terms;
        int T = terms.Count;
        for (int t = 0; t < T; t++)
            terms[t].Template.FillLambda(theta.Slice(terms[t].ThetaOffset, terms[t].ThetaCount), Lambda[t]);

        for (int t = 0; t < T; t++) ScaleDiagonal(t);
        for (int i = 0; i < T; i++)
            for (int j = 0; j < i; j++) ScaleOff(i, j);
        for (int t = 0; t < T; t++) ScaleXyRows(t);
        _a.XyXy.Values.CopyTo(XyDiagonal.Values, 0);

        // Right-looking blocked Cholesky over block columns.
        for (int j = 0; j < T; j++)
        {
            if (!BlockKernels.FactorDiagonal(Diagonal[j])) return false;
            for (int i = j + 1; i < T; i++) BlockKernels.SolveRight(Off[i][j], Diagonal[j]);
            BlockKernels.SolveRight(XyRows[j], Diagonal[j]);
            for (int i = j + 1; i < T; i++)
            {
                BlockKernels.SubtractGram(Diagonal[i], Off[i][j]);
                for (int h = j + 1; h < i; h++) BlockKernels.SubtractProduct(Off[i][h], Off[i][j], Off[h][j]);
            }
            for (int h = j + 1; h < T; h++) BlockKernels.SubtractProduct(XyRows[h], XyRows[j], Off[h][j]);
            BlockKernels.SubtractGram(XyDiagonal, XyRows[j]);
        }
        return BlockKernels.FactorDiagonal(XyDiagonal);
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
        int p1 = P + 1;
        double s = 0.0;
        for (int i = 0; i < P; i++) s += Math.Log(XyDiagonal.Values[i * p1 + i]);
        return 2.0 * s;
    }

    /// <summary>Penalised residual sum of squares r², the square of L's last diagonal entry.</summary>
    public double PenalisedRss()
    {
        int p1 = P + 1;
        double r = XyDiagonal.Values[p1 * p1 - 1];
        return r * r;
    }

    /// <summary>L_X, the leading p×p part of the [X y] block, as its own row-major array.</summary>
    public double[] FixedFactor()
    {
        int p = P, p1 = p + 1;
        var lx = new double[p * p];
        for (int r = 0; r < p; r++)
            for (int c = 0; c <= r; c++) lx[r * p + c] = XyDiagonal.Values[r * p1 + c];
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
        int q = RandomCount, p = P, p1 = p + 1;
        var c = new double[q + p];
        for (int t = 0; t < Diagonal.Length; t++)
            XyRows[t].Values.AsSpan(p * XyRows[t].Columns, XyRows[t].Columns).CopyTo(c.AsSpan(ColumnOffset[t]));
        XyDiagonal.Values.AsSpan(p * p1, p).CopyTo(c.AsSpan(q));
        return c;
    }

    private void ScaleDiagonal(int t)
    {
        var term = _a.Terms[t];
        int k = term.K, kk = k * k;
        var src = _a.ZtZ[t].Values;
        var lam = Lambda[t];
        switch (Diagonal[t])
        {
            case BlockDiagonalBlock bd:
                if (k == 1)
                {
                    double l2 = lam[0] * lam[0];
                    var dst = bd.Values;
                    for (int l = 0; l < dst.Length; l++) dst[l] = l2 * src[l] + 1.0;
                    return;
                }
                for (int l = 0; l < term.Levels; l++)
                {
                    var dst = bd.Level(l);
                    BlockKernels.ScaleSubBlock(src.AsSpan(l * kk, kk), k, k, lam, lam, dst, k, _tmp);
                    for (int a = 0; a < k; a++) dst[a * k + a] += 1.0;
                }
                return;
            case DenseBlock d:
                {
                    int q = d.Rows;
                    Array.Clear(d.Values);
                    for (int l = 0; l < term.Levels; l++)
                    {
                        var dst = d.Values.AsSpan(l * k * q + l * k);
                        BlockKernels.ScaleSubBlock(src.AsSpan(l * kk, kk), k, k, lam, lam, dst, q, _tmp);
                        for (int a = 0; a < k; a++) dst[a * q + a] += 1.0;
                    }
                    return;
                }
        }
    }

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
                        BlockKernels.ScaleSubBlock(a.SubBlock(e), ki, kj, li, lj, s.SubBlock(map[e]), kj, _tmp);
                    return;
                }
            case DenseBlock d:
                {
                    Array.Clear(d.Values);
                    int cols = d.Columns;
                    for (int c = 0; c < ap.ColumnLevels; c++)
                        for (int e = ap.ColumnStart[c]; e < ap.ColumnStart[c + 1]; e++)
                        {
                            int r = ap.RowLevel[e];
                            BlockKernels.ScaleSubBlock(a.SubBlock(e), ki, kj, li, lj, d.Values.AsSpan(r * ki * cols + c * kj), cols, _tmp);
                        }
                    return;
                }
        }
    }

    private void ScaleXyRows(int t)
    {
        var src = _a.XyZ[t];
        var dst = XyRows[t];
        int k = _a.Terms[t].K, q = src.Columns, levels = _a.Terms[t].Levels;
        var lam = Lambda[t];
        if (k == 1)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(src.Values, lam[0], dst.Values);
            return;
        }
        // Row r, level l: dst[r, l·k + b] = Σ_{a ≥ b} src[r, l·k + a] λ[a, b].
        for (int r = 0; r < src.Rows; r++)
            for (int l = 0; l < levels; l++)
            {
                int o = r * q + l * k;
                for (int b = 0; b < k; b++)
                {
                    double acc = 0.0;
                    for (int a = b; a < k; a++) acc += src.Values[o + a] * lam[b * k + a];
                    dst.Values[o + b] = acc;
                }
            }
    }
}
