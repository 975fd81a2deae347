using FormulaLmm.Design;

namespace FormulaLmm.Fitting;

/// <summary>
/// A random-effects term as the fit sees it, in the fit's internal order (decreasing number of
/// levels): where its θ sits in the design's θ vector, its levels and columns per level.
/// </summary>
internal sealed class FitTerm
{
    public FitTerm(RandomEffectsTerm term, int designIndex, int thetaOffset)
    {
        Term = term;
        DesignIndex = designIndex;
        ThetaOffset = thetaOffset;
        if (term.Covariance.Size != term.K)
            throw new ArgumentException($"term '{term.GroupName}': covariance template size {term.Covariance.Size} differs from its {term.K} columns");
    }

    public RandomEffectsTerm Term { get; }
    public int DesignIndex { get; }
    public int ThetaOffset { get; }
    public int Levels => Term.LevelCount;
    public int K => Term.K;
    public int Columns => Term.ColumnCount;
    public int[] Codes => Term.LevelCodes;
    public double[] Z => Term.ZValues;
    public CovarianceTemplate Template => Term.Covariance;
    public int ThetaCount => Term.Covariance.ThetaCount;
}

/// <summary>
/// The cross-product matrix A = [Z X y]'[Z X y] in blocks, formed once per fit: Z_i'Z_i
/// block-diagonal per term, Z_i'Z_j (i after j) sparse with the pattern of observed level pairs,
/// [X y]'Z_j and [X y]'[X y] dense. The response is taken net of the offset.
/// </summary>
internal sealed class CrossProducts
{
    public CrossProducts(LmmDesign design, IReadOnlyList<FitTerm> terms)
    {
        Terms = terms;
        N = design.RowCount;
        P = design.Fixed.ColumnCount;
        int n = N, p1 = P + 1, T = terms.Count;

        // [X y] column-major, y net of the offset.
        var xy = new double[checked(n * p1)];
        Array.Copy(design.Fixed.Values, xy, n * P);
        var y = xy.AsSpan(n * P, n);
        design.Response.CopyTo(y);
        if (design.Offset is { } off)
            for (int i = 0; i < n; i++) y[i] -= off[i];
        XyColumns = xy;

        XyXy = new DenseBlock(p1, p1);
        for (int r = 0; r < p1; r++)
            for (int c = 0; c <= r; c++)
            {
                double s = System.Numerics.Tensors.TensorPrimitives.Dot(xy.AsSpan(r * n, n), xy.AsSpan(c * n, n));
                XyXy.Values[r * p1 + c] = s;
                XyXy.Values[c * p1 + r] = s;
            }

        ZtZ = new BlockDiagonalBlock[T];
        XyZ = new DenseBlock[T];
        for (int t = 0; t < T; t++)
        {
            var term = terms[t];
            int k = term.K, q = term.Columns;
            var codes = term.Codes;
            var z = term.Z;
            var d = new BlockDiagonalBlock(term.Levels, k);
            var xz = new DenseBlock(p1, q);
            for (int i = 0; i < n; i++)
            {
                int l = codes[i];
                int zo = i * k;
                int bo = l * k * k;
                for (int a = 0; a < k; a++)
                {
                    double za = z[zo + a];
                    if (za == 0.0) continue;
                    for (int b = 0; b < k; b++) d.Values[bo + a * k + b] += za * z[zo + b];
                    for (int r = 0; r < p1; r++) xz.Values[r * q + l * k + a] += xy[r * n + i] * za;
                }
            }
            ZtZ[t] = d;
            XyZ[t] = xz;
        }

        ZtZOff = new SparseBlock[T][];
        for (int i = 0; i < T; i++)
        {
            ZtZOff[i] = new SparseBlock[i];
            for (int j = 0; j < i; j++) ZtZOff[i][j] = OffDiagonal(terms[i], terms[j], n);
        }
    }

    public IReadOnlyList<FitTerm> Terms { get; }
    public int N { get; }
    /// <summary>Number of fixed-effects columns.</summary>
    public int P { get; }
    /// <summary>[X y] column-major (n × (p+1)), y net of the offset.</summary>
    public double[] XyColumns { get; }
    public BlockDiagonalBlock[] ZtZ { get; }
    /// <summary>ZtZOff[i][j] = Z_i'Z_j for j &lt; i.</summary>
    public SparseBlock[][] ZtZOff { get; }
    /// <summary>[X y]'Z_t, (p+1) × q_t.</summary>
    public DenseBlock[] XyZ { get; }
    /// <summary>[X y]'[X y], full symmetric.</summary>
    public DenseBlock XyXy { get; }

    private static SparseBlock OffDiagonal(FitTerm ti, FitTerm tj, int n)
    {
        // Sub-block per observed (level_i, level_j) pair: sort the rows by that pair once.
        long rowLevels = ti.Levels;
        var keys = new long[n];
        for (int r = 0; r < n; r++) keys[r] = tj.Codes[r] * rowLevels + ti.Codes[r];
        var pattern = LevelPattern.FromKeys(ti.Levels, tj.Levels, keys);
        int ki = ti.K, kj = tj.K;
        var block = new SparseBlock(pattern, ki, kj);
        for (int r = 0; r < n; r++)
        {
            int s = pattern.Find(ti.Codes[r], tj.Codes[r]);
            var sub = block.SubBlock(s);
            for (int a = 0; a < ki; a++)
            {
                double za = ti.Z[r * ki + a];
                if (za == 0.0) continue;
                for (int b = 0; b < kj; b++) sub[a * kj + b] += za * tj.Z[r * kj + b];
            }
        }
        return block;
    }
}
