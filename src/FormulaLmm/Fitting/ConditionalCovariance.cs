using System.Numerics.Tensors;
using FormulaLmm.Numerics;

namespace FormulaLmm.Fitting;

/// <summary>
/// The diagonal k×k blocks (one per level of every term) of (L_Z L_Z')⁻¹ = (Λ'Z'ZΛ + I)⁻¹, from
/// which lme4's conditional variances of the random effects follow. Block (ℓ, ℓ) is X'X for
/// X = L_Z⁻¹ E_ℓ (E_ℓ the level's k unit columns), computed without q full solves:
/// <list type="bullet">
/// <item>Before the dense tail, X is sparse: the forward solve is propagated through the level
/// blocks and the sparse off-diagonal columns it actually touches (for nested terms, a level and
/// its ancestors only).</item>
/// <item>In the dense tail, X_tail = L_tail⁻¹ R with R = −(the touched columns of the blocks below)
/// X; its contribution is R' W R with W = (L_tail L_tail')⁻¹, formed once from the inverse of
/// the tail's factor with the blocked kernels (about two Cholesky factorisations' work).</item>
/// <item>For a level of a tail term, the block is read off W directly.</item>
/// </list>
/// Levels are spread over the cores. The result for term t is levels × k × k, row-major per level.
/// </summary>
internal static class ConditionalCovariance
{
    /// <summary>Column panel width of the blocked triangular inverse and of LᵀL.</summary>
    private const int Panel = 128;

    public static double[][] Compute(BlockedCholeskyFactor factor)
    {
        var terms = factor.Terms;
        int T = terms.Count, j0 = factor.TailStart;
        var result = new double[T][];
        for (int t = 0; t < T; t++) result[t] = new double[terms[t].Levels * terms[t].K * terms[t].K];

        // A dense random-effects block outside the tail (a rare mixed layout) breaks the sparse propagation:
        // fall back to a full forward solve per unit vector there.
        for (int t = 0; t < Math.Min(T, j0); t++)
            if (factor.Diagonal[t] is not BlockDiagonalBlock) { FullSolves(factor, result); return result; }

        double[]? w = null;
        int nw = factor.TailRandomCount;
        if (factor.Tail is { } tail && nw > 0)
        {
            w = TailInverse(tail, nw);
            for (int t = j0; t < T; t++)
            {
                int k = terms[t].K, kk = k * k, off = TailOffset(factor, t);
                var dst = result[t];
                for (int l = 0; l < terms[t].Levels; l++)
                    for (int a = 0; a < k; a++)
                        for (int b = 0; b <= a; b++)
                        {
                            int i = off + l * k + a, j = off + l * k + b;
                            double v = w[j * nw + i];
                            dst[l * kk + a * k + b] = v;
                            dst[l * kk + b * k + a] = v;
                        }
            }
        }

        for (int t = 0; t < Math.Min(T, j0); t++)
        {
            int levels = terms[t].Levels, chunk = Math.Max(64, levels / (8 * Environment.ProcessorCount) + 1);
            int chunks = (levels + chunk - 1) / chunk;
            int term = t;
            Parallel.For(0, chunks, () => new Propagation(factor, w, nw), (c, _, p) =>
            {
                for (int l = c * chunk; l < Math.Min(levels, (c + 1) * chunk); l++) p.Level(term, l, result[term]);
                return p;
            }, _ => { });
        }
        return result;
    }

    private static int TailOffset(BlockedCholeskyFactor factor, int t) =>
        factor.ColumnOffset[t] - factor.ColumnOffset[factor.TailStart];

    /// <summary>
    /// W = (L L')⁻¹ for the leading n×n part L of the tail (its random effects), lower triangle,
    /// column-major n×n: first L⁻¹ by panels of unit columns (rows above a panel are zero), then
    /// W = L⁻ᵀL⁻¹ as a sum of panel Gram matrices of the transposed inverse (LAPACK's lauum idea).
    /// </summary>
    private static double[] TailInverse(ColumnMajorBlock tail, int n)
    {
        var inv = new double[(long)n * n];
        for (int i = 0; i < n; i++) inv[(long)i * n + i] = 1.0;
        var storage = tail.Storage;
        for (int c0 = 0; c0 < n; c0 += Panel)
        {
            int kb = Math.Min(Panel, n - c0);
            DenseKernels.TrsmLowerLeft(n - c0, kb, storage[(c0 * tail.Ld + c0)..], tail.Ld, inv.AsSpan(c0 * n + c0), n);
        }
        // U = (L⁻¹)' (upper triangular), column-major, by blocks for cache reuse.
        var u = new double[(long)n * n];
        const int B = 64;
        for (int c0 = 0; c0 < n; c0 += B)
            for (int r0 = c0; r0 < n; r0 += B)
                for (int c = c0; c < Math.Min(n, c0 + B); c++)
                    for (int r = Math.Max(r0, c); r < Math.Min(n, r0 + B); r++)
                        u[(long)r * n + c] = inv[(long)c * n + r];
        // W = U U' = Σ over panels of U's columns r0..r1 (non-zero in rows 0..r1) of their Gram matrices.
        Array.Clear(inv);
        for (int r0 = 0; r0 < n; r0 += Panel)
        {
            int r1 = Math.Min(n, r0 + Panel);
            DenseKernels.SyrkLowerSubtract(r1, r1 - r0, u.AsSpan(r0 * n), n, inv, n);
        }
        TensorPrimitives.Negate(inv, inv);
        return inv;
    }

    /// <summary>Scratch for the sparse forward solve of one level's unit columns (one per thread).</summary>
    private sealed class Propagation
    {
        private readonly BlockedCholeskyFactor _f;
        private readonly double[]? _w;
        private readonly int _nw;
        private readonly double[][] _v;        // k_max scratch vectors of length q
        private readonly int[][] _touched;     // per term: touched levels
        private readonly int[] _touchedCount;
        private readonly bool[][] _mark;
        private readonly double[] _wv;

        public Propagation(BlockedCholeskyFactor factor, double[]? w, int nw)
        {
            _f = factor;
            _w = w;
            _nw = nw;
            var terms = factor.Terms;
            int kMax = terms.Max(t => t.K);
            _v = new double[kMax][];
            for (int a = 0; a < kMax; a++) _v[a] = new double[factor.RandomCount];
            _touched = terms.Select(t => new int[t.Levels]).ToArray();
            _touchedCount = new int[terms.Count];
            _mark = terms.Select(t => new bool[t.Levels]).ToArray();
            _wv = new double[Math.Max(nw, 1)];
        }

        private void Touch(int term, int level)
        {
            if (_mark[term][level]) return;
            _mark[term][level] = true;
            _touched[term][_touchedCount[term]++] = level;
        }

        /// <summary>Block (ℓ, ℓ) of term t's diagonal of (L_Z L_Z')⁻¹ into dst.</summary>
        public void Level(int t, int level, double[] dst)
        {
            var f = _f;
            var terms = f.Terms;
            int T = terms.Count, j0 = f.TailStart, kt = terms[t].K, kk = kt * kt;
            var off = f.ColumnOffset;
            for (int a = 0; a < kt; a++) _v[a][off[t] + level * kt + a] = 1.0;
            Touch(t, level);

            // Sparse forward solve over the terms before the tail; contributions reach later terms' vectors.
            for (int j = t; j < Math.Min(T, j0); j++)
            {
                var d = (BlockDiagonalBlock)f.Diagonal[j];
                int kj = terms[j].K, kkj = kj * kj;
                for (int x = 0; x < _touchedCount[j]; x++)
                {
                    int m = _touched[j][x];
                    var block = d.Values.AsSpan(m * kkj, kkj);
                    for (int a = 0; a < kt; a++) DenseTriangular.SolveLower(block, kj, _v[a].AsSpan(off[j] + m * kj, kj));
                }
                for (int i = j + 1; i < T; i++)
                {
                    if (f.Off[i][j] is ColumnMajorBlock dense)
                    {
                        // Filled-in block: the touched columns reach every row of term i.
                        int rows = dense.Rows;
                        for (int x = 0; x < _touchedCount[j]; x++)
                        {
                            int m = _touched[j][x];
                            for (int z = 0; z < kj; z++)
                                for (int a = 0; a < kt; a++)
                                {
                                    double vz = _v[a][off[j] + m * kj + z];
                                    if (vz != 0.0)
                                        TensorPrimitives.MultiplyAdd(dense.Column(m * kj + z), -vz, _v[a].AsSpan(off[i], rows), _v[a].AsSpan(off[i], rows));
                                }
                        }
                        for (int r = 0; r < terms[i].Levels; r++) Touch(i, r);
                        continue;
                    }
                    var s = (SparseBlock)f.Off[i][j];
                    int ki = s.Ki, sb = ki * kj;
                    var pat = s.Pattern;
                    for (int x = 0; x < _touchedCount[j]; x++)
                    {
                        int m = _touched[j][x];
                        for (int e = pat.ColumnStart[m]; e < pat.ColumnStart[m + 1]; e++)
                        {
                            int r = pat.RowLevel[e];
                            Touch(i, r);
                            for (int a = 0; a < kt; a++)
                            {
                                var v = _v[a];
                                for (int y = 0; y < ki; y++)
                                {
                                    double acc = 0.0;
                                    for (int z = 0; z < kj; z++) acc += s.Values[e * sb + y * kj + z] * v[off[j] + m * kj + z];
                                    v[off[i] + r * ki + y] -= acc;
                                }
                            }
                        }
                    }
                }
            }

            // Block = Σ over the non-tail touched entries of x_a x_b + R_a' W R_b over the tail's.
            var c = dst.AsSpan(level * kk, kk);
            for (int j = t; j < T; j++)
            {
                int kj = terms[j].K;
                for (int x = 0; x < _touchedCount[j]; x++)
                {
                    int m = _touched[j][x];
                    if (j < j0)
                        for (int a = 0; a < kt; a++)
                            for (int b = 0; b <= a; b++)
                                for (int z = 0; z < kj; z++) c[a * kt + b] += _v[a][off[j] + m * kj + z] * _v[b][off[j] + m * kj + z];
                }
            }
            if (_w is { } w && j0 < T) AddTailQuadraticForm(t, c);
            for (int a = 0; a < kt; a++)
                for (int b = 0; b < a; b++) c[b * kt + a] = c[a * kt + b];

            // Clear the scratch by the touched lists.
            for (int j = t; j < T; j++)
            {
                int kj = terms[j].K;
                for (int x = 0; x < _touchedCount[j]; x++)
                {
                    int m = _touched[j][x];
                    _mark[j][m] = false;
                    for (int a = 0; a < kt; a++) _v[a].AsSpan(off[j] + m * kj, kj).Clear();
                }
                _touchedCount[j] = 0;
            }
        }

        /// <summary>c[a, b] += R_a' W R_b over the touched tail entries (lower triangle of c).</summary>
        private void AddTailQuadraticForm(int t, Span<double> c)
        {
            var f = _f;
            var terms = f.Terms;
            int T = terms.Count, j0 = f.TailStart, kt = terms[t].K, nw = _nw;
            var w = _w!;
            var off = f.ColumnOffset;
            int tailBase = off[j0];
            for (int b = 0; b < kt; b++)
            {
                // wv = W R_b on the touched entries, then dot with every R_a.
                var vb = _v[b];
                for (int i = j0; i < T; i++)
                {
                    int ki = terms[i].K;
                    for (int x = 0; x < _touchedCount[i]; x++)
                        for (int y = 0; y < ki; y++)
                        {
                            int row = off[i] + _touched[i][x] * ki + y - tailBase;
                            double acc = 0.0;
                            for (int h = j0; h < T; h++)
                            {
                                int kh = terms[h].K;
                                for (int x2 = 0; x2 < _touchedCount[h]; x2++)
                                    for (int z = 0; z < kh; z++)
                                    {
                                        int col = off[h] + _touched[h][x2] * kh + z;
                                        double rv = vb[col];
                                        int cw = col - tailBase;
                                        acc += rv * (row >= cw ? w[(long)cw * nw + row] : w[(long)row * nw + cw]);
                                    }
                            }
                            _wv[row] = acc;
                        }
                }
                for (int a = b; a < kt; a++)
                {
                    var va = _v[a];
                    double sum = 0.0;
                    for (int i = j0; i < T; i++)
                    {
                        int ki = terms[i].K;
                        for (int x = 0; x < _touchedCount[i]; x++)
                            for (int y = 0; y < ki; y++)
                            {
                                int col = off[i] + _touched[i][x] * ki + y;
                                sum += va[col] * _wv[col - tailBase];
                            }
                    }
                    c[a * kt + b] += sum;
                }
            }
        }
    }

    /// <summary>One full forward solve per unit column (any layout).</summary>
    private static void FullSolves(BlockedCholeskyFactor factor, double[][] result)
    {
        var terms = factor.Terms;
        int q = factor.RandomCount;
        var v = new double[q];
        for (int t = 0; t < terms.Count; t++)
        {
            int k = terms[t].K, kk = k * k, off = factor.ColumnOffset[t];
            var xs = new double[k][];
            for (int a = 0; a < k; a++) xs[a] = new double[q - off];
            for (int l = 0; l < terms[t].Levels; l++)
            {
                for (int a = 0; a < k; a++)
                {
                    Array.Clear(v, off, q - off);
                    v[off + l * k + a] = 1.0;
                    factor.SolveLower(v, null, t);
                    Array.Copy(v, off, xs[a], 0, q - off);
                }
                for (int a = 0; a < k; a++)
                    for (int e = 0; e <= a; e++)
                        result[t][l * kk + a * k + e] = result[t][l * kk + e * k + a] = TensorPrimitives.Dot<double>(xs[a], xs[e]);
            }
        }
    }
}
