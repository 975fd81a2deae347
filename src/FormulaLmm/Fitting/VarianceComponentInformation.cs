using FormulaLmm.Design;
using FormulaLmm.Numerics;
using FormulaLmm.Terms;

namespace FormulaLmm.Fitting;

/// <summary>
/// The expected Fisher information of the variance parameters φ = (distinct entries of each
/// term's D, then σ²): I_jk = ½ tr(P V_j P V_k), V_j = ∂V/∂φ_j, with P the REML projection
/// (V⁻¹ for ML). Computed from the cross products and the blocked factor without any n×n matrix:
/// P = σ⁻²(I − W M⁻¹ W') with W = [ZΛ X] ([ZΛ] for ML) and M = W'W + diag(I, 0) = LL'. The
/// derivation is in docs/model.md, "Variance-component standard errors".
/// </summary>
internal sealed class VarianceComponentInformation
{
    /// <summary>One variance parameter: entry (A, B) of term Term's D (A ≥ B), or σ² (Term = -1).</summary>
    internal readonly record struct Parameter(int Term, int A, int B);

    private readonly BlockedCholeskyFactor _f;
    private readonly CrossProducts _a;
    private readonly double[]? _lx;
    private readonly double _sigma2;
    private readonly int _q, _p;

    private VarianceComponentInformation(BlockedCholeskyFactor factor, bool reml, double sigma2)
    {
        _f = factor;
        _a = factor.CrossProducts;
        _sigma2 = sigma2;
        _q = factor.RandomCount;
        _p = reml ? factor.P : 0;
        _lx = reml ? factor.FixedFactor() : null;
    }

    /// <summary>
    /// Parameters in the fit's internal term order; for each term its variances first, then its
    /// covariances (a &lt; b by rows), as lme4's VarCorr table lists them; σ² last.
    /// </summary>
    public static List<Parameter> Parameters(IReadOnlyList<FitTerm> terms)
    {
        var list = new List<Parameter>();
        for (int t = 0; t < terms.Count; t++)
        {
            int k = terms[t].K;
            for (int a = 0; a < k; a++) list.Add(new Parameter(t, a, a));
            if (terms[t].Template.Structure == CovarianceStructure.Unstructured)
                for (int a = 0; a < k; a++)
                    for (int b = a + 1; b < k; b++) list.Add(new Parameter(t, b, a));
        }
        list.Add(new Parameter(-1, 0, 0));
        return list;
    }

    /// <summary>The information matrix at the factor's current θ, for the given σ².</summary>
    public static double[,] Compute(BlockedCholeskyFactor factor, bool reml, double sigma2, List<Parameter> parameters, bool structured = true)
        => structured && SingleTermInformation.Applies(factor)
            ? SingleTermInformation.Compute(factor, reml, sigma2, parameters)
            : new VarianceComponentInformation(factor, reml, sigma2).Run(parameters);

    /// <summary>Whether <see cref="Compute"/> costs O(levels) (one random-effects term) rather than O(q²).</summary>
    public static bool IsLinear(BlockedCholeskyFactor factor) => SingleTermInformation.Applies(factor);

    private double[,] Run(List<Parameter> parameters)
    {
        var terms = _a.Terms;
        int T = terms.Count, q = _q, p = _p, np = parameters.Count;
        var info = new double[np, np];
        var byTerm = new List<int>[T];
        for (int t = 0; t < T; t++) byTerm[t] = new List<int>();
        for (int j = 0; j < np - 1; j++) byTerm[parameters[j].Term].Add(j);
        int sigmaIndex = np - 1;

        var e = new double[q];
        var ke = new double[q];
        var g = new double[q + p];
        var lg = new double[q];
        var cg = new double[q];
        var zxg = new double[q];
        double frobeniusA = 0.0;
        double s2 = _sigma2;

        for (int s = 0; s < T; s++)
        {
            int ks = terms[s].K, off = _f.ColumnOffset[s];
            var lamS = _f.Lambda[s];
            var gcol = new double[ks][];
            var gu = new double[ks][];
            for (int m = 0; m < terms[s].Levels; m++)
            {
                for (int c = 0; c < ks; c++)
                {
                    int col = off + m * ks + c;
                    Array.Clear(e); e[col] = 1.0;
                    MultiplyZtZ(e, ke);
                    // rhs = W'Z e = [Λ'Ke; X'Ze]
                    ApplyLambdaTransposed(ke, g.AsSpan(0, q));
                    for (int r = 0; r < p; r++) g[q + r] = _a.XyZ[s].Values[r * _a.XyZ[s].Columns + m * ks + c];
                    _f.SolveLower(g, _lx);
                    _f.SolveLowerTransposed(g, _lx);
                    // C g = Z'Z Λ g_u + Z'X g_β
                    ApplyLambda(g.AsSpan(0, q), lg);
                    MultiplyZtZ(lg, cg);
                    if (p > 0)
                    {
                        // zxg = −Z'X g_β
                        Array.Clear(zxg);
                        for (int t = 0; t < T; t++)
                            BlockKernels.SubtractTransposeTimes(_a.XyZ[t], g.AsSpan(q, p), zxg.AsSpan(_f.ColumnOffset[t], terms[t].Columns), p);
                        for (int i = 0; i < q; i++) cg[i] -= zxg[i];
                    }
                    gcol[c] ??= new double[q];
                    gu[c] ??= new double[q];
                    for (int i = 0; i < q; i++) gcol[c][i] = (ke[i] - cg[i]) / s2;
                    Array.Copy(g, gu[c], q);
                }

                // A = (M⁻¹)_uu = I − σ² Λ' G Λ, the columns of level m; only ‖A‖² is needed.
                for (int c = 0; c < ks; c++)
                {
                    Array.Clear(lg);
                    for (int c2 = c; c2 < ks; c2++)
                    {
                        double l = lamS[c * ks + c2];
                        if (l != 0.0) for (int i = 0; i < q; i++) lg[i] += gcol[c2][i] * l;
                    }
                    ApplyLambdaTransposed(lg, cg);
                    for (int i = 0; i < q; i++)
                    {
                        double ai = (i == off + m * ks + c ? 1.0 : 0.0) - s2 * cg[i];
                        frobeniusA += ai * ai;
                    }
                }

                // Information between the parameters of every term t and those of term s at level m.
                for (int t = 0; t < T; t++)
                {
                    int kt = terms[t].K, toff = _f.ColumnOffset[t];
                    for (int l = 0; l < terms[t].Levels; l++)
                    {
                        int rowBase = toff + l * kt;
                        foreach (int j in byTerm[t])
                            foreach (int k in byTerm[s])
                                info[j, k] += 0.5 * TraceProduct(parameters[j], parameters[k], gcol, rowBase);
                    }
                }

                // σ² with term s: ½ tr(E_k (Z_s'P²Z_s)_mm), (Z'P²Z)[e', e] = G[e', e]/σ² − g_e'·g_e/σ⁴ (u parts).
                foreach (int k in byTerm[s])
                {
                    var pk = parameters[k];
                    double h = P2(pk.A, pk.B, gcol, gu, off + m * ks, q);
                    if (pk.A != pk.B) h += P2(pk.B, pk.A, gcol, gu, off + m * ks, q);
                    info[k, sigmaIndex] += 0.5 * h;
                }
            }
        }
        for (int j = 0; j < np - 1; j++) info[sigmaIndex, j] = info[j, sigmaIndex];
        double n = _a.N;
        info[sigmaIndex, sigmaIndex] = 0.5 * (n - (q + p) + frobeniusA) / (s2 * s2);
        return info;
    }

    private double P2(int row, int col, double[][] gcol, double[][] gu, int levelBase, int q)
    {
        double dot = 0.0;
        var a = gu[row]; var b = gu[col];
        for (int i = 0; i < q; i++) dot += a[i] * b[i];
        return gcol[col][levelBase + row] / _sigma2 - dot / (_sigma2 * _sigma2);
    }

    /// <summary>tr(E_j B E_k B') for B = G[(t,ℓ), (s,m)], B[x, y] = gcol[y][rowBase + x].</summary>
    private static double TraceProduct(Parameter j, Parameter k, double[][] gcol, int rowBase)
    {
        // tr(E_j B E_k B') = Σ_{(x,y)∈E_j} Σ_{(u,v)∈E_k} B[y, u] B[x, v]
        double Sum(int x, int y)
        {
            double acc = gcol[k.A][rowBase + y] * gcol[k.B][rowBase + x];
            if (k.A != k.B) acc += gcol[k.B][rowBase + y] * gcol[k.A][rowBase + x];
            return acc;
        }
        double s = Sum(j.A, j.B);
        if (j.A != j.B) s += Sum(j.B, j.A);
        return s;
    }

    /// <summary>out = Z'Z v from the stored blocks (symmetric: lower blocks used both ways).</summary>
    private void MultiplyZtZ(double[] v, double[] result)
    {
        Array.Clear(result);
        var terms = _a.Terms;
        int T = terms.Count;
        for (int t = 0; t < T; t++)
        {
            int k = terms[t].K, kk = k * k, off = _f.ColumnOffset[t];
            var d = _a.ZtZ[t].Values;
            for (int l = 0; l < terms[t].Levels; l++)
                for (int a = 0; a < k; a++)
                {
                    double acc = 0.0;
                    for (int b = 0; b < k; b++) acc += d[l * kk + a * k + b] * v[off + l * k + b];
                    result[off + l * k + a] += acc;
                }
        }
        for (int i = 0; i < T; i++)
            for (int j = 0; j < i; j++)
            {
                var blk = _a.ZtZOff[i][j];
                var vi = v.AsSpan(_f.ColumnOffset[i], terms[i].Columns);
                var vj = v.AsSpan(_f.ColumnOffset[j], terms[j].Columns);
                var ri = result.AsSpan(_f.ColumnOffset[i], terms[i].Columns);
                var rj = result.AsSpan(_f.ColumnOffset[j], terms[j].Columns);
                // BlockKernels subtract; negate around them.
                Negate(ri); BlockKernels.SubtractTimes(blk, vj, ri); Negate(ri);
                Negate(rj); BlockKernels.SubtractTransposeTimes(blk, vi, rj); Negate(rj);
            }
    }

    private static void Negate(Span<double> x)
    {
        for (int i = 0; i < x.Length; i++) x[i] = -x[i];
    }

    /// <summary>out = Λ v (per term and level: λ_t v_ℓ).</summary>
    private void ApplyLambda(ReadOnlySpan<double> v, Span<double> result)
    {
        var terms = _a.Terms;
        for (int t = 0; t < terms.Count; t++)
        {
            int k = terms[t].K, off = _f.ColumnOffset[t];
            var lam = _f.Lambda[t];
            for (int l = 0; l < terms[t].Levels; l++)
                for (int a = 0; a < k; a++)
                {
                    double acc = 0.0;
                    for (int b = 0; b <= a; b++) acc += lam[b * k + a] * v[off + l * k + b];
                    result[off + l * k + a] = acc;
                }
        }
    }

    /// <summary>out = Λ' v.</summary>
    private void ApplyLambdaTransposed(ReadOnlySpan<double> v, Span<double> result)
    {
        var terms = _a.Terms;
        for (int t = 0; t < terms.Count; t++)
        {
            int k = terms[t].K, off = _f.ColumnOffset[t];
            var lam = _f.Lambda[t];
            for (int l = 0; l < terms[t].Levels; l++)
                for (int a = 0; a < k; a++)
                {
                    double acc = 0.0;
                    for (int b = a; b < k; b++) acc += lam[a * k + b] * v[off + l * k + b];
                    result[off + l * k + a] = acc;
                }
        }
    }
}
