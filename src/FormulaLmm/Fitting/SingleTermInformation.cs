using FormulaLmm.Numerics;

namespace FormulaLmm.Fitting;

/// <summary>
/// The expected information of the variance parameters (see <see cref="VarianceComponentInformation"/>)
/// for a model with one random-effects term, in O(levels) instead of O(q²). With one term,
/// M_uu = Λ'Z'ZΛ + I is block-diagonal (N_ℓ = λ'A_ℓλ + I per level, A_ℓ = Z_ℓ'Z_ℓ), and the fixed
/// effects add a correction of rank p. Writing B_ℓ = X'Z_ℓ, Y_ℓ = N_ℓ⁻¹λ'B_ℓ', H_ℓ = A_ℓλN_ℓ⁻¹,
/// U_ℓ = A_ℓλY_ℓ − B_ℓ', S = X'X − Σ B_ℓλY_ℓ and T = S⁻¹ (REML; ML has no X part):
/// <list type="bullet">
/// <item>K = Z'(I − W M⁻¹W')Z = K0 − U T U' with K0 block-diagonal, K0_ℓ = A_ℓ − H_ℓλ'A_ℓ;</item>
/// <item>tr(E_j K E_k K) = Σ_ℓ [tr(E_j K0_ℓ E_k K0_ℓ) − tr(E_j K0_ℓ E_k Q_ℓ) − tr(E_j Q_ℓ E_k K0_ℓ)]
/// + tr(T P_k T P_j), with Q_ℓ = U_ℓTU_ℓ' and P_j = Σ_ℓ U_ℓ'E_jU_ℓ;</item>
/// <item>the σ² entries use Z'Π²Z = K − J_uJ_u' with J_u = H + U T Y' (Π = I − WM⁻¹W'), and
/// ‖(M⁻¹)_uu‖² = ‖M11⁻¹ + Y T Y'‖², all level by level or through p×p sums.</item>
/// </list>
/// E_j is the pattern of parameter j in each level's k×k block. The general path computes the
/// same quantities column by column; the tests check that both agree.
/// </summary>
internal static class SingleTermInformation
{
    public static bool Applies(BlockedCholeskyFactor factor) =>
        factor.Terms.Count == 1 && factor.Diagonal[0] is BlockDiagonalBlock;

    public static double[,] Compute(BlockedCholeskyFactor factor, bool reml, double sigma2, List<VarianceComponentInformation.Parameter> parameters)
    {
        var a = factor.CrossProducts;
        var term = a.Terms[0];
        int k = term.K, kk = k * k, L = term.Levels, q = term.Columns, n = a.N;
        int p = reml ? a.P : 0, p1 = a.P + 1;
        var lam = factor.Lambda[0];          // column-major λ[i, j] = lam[j·k + i]
        var A = a.ZtZ[0].Values;              // row-major k×k per level
        var xz = a.XyZ[0].Values;             // (p+1) × q row-major
        int np = parameters.Count, nv = np - 1;

        // Per level: N⁻¹, H, K0, Y, U; and the p×p sums S, G_Y, P_j.
        var ninv = new double[L * kk];
        var h = new double[L * kk];
        var k0 = new double[L * kk];
        var y = new double[L * k * p];
        var u = new double[L * k * p];
        var s = new double[p * p];
        for (int r = 0; r < p; r++)
            for (int c = 0; c < p; c++) s[r * p + c] = a.XyXy.Values[r * p1 + c];
        var al = new double[kk];
        var nmat = new double[kk];
        var tmp = new double[kk];
        var lb = new double[k * p];
        for (int l = 0; l < L; l++)
        {
            var Al = A.AsSpan(l * kk, kk);
            // al = A_ℓ λ; N = λ'A_ℓλ + I.
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                {
                    double acc = 0.0;
                    for (int m = j; m < k; m++) acc += Al[i * k + m] * lam[j * k + m];
                    al[i * k + j] = acc;
                }
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                {
                    double acc = i == j ? 1.0 : 0.0;
                    for (int m = i; m < k; m++) acc += lam[i * k + m] * al[m * k + j];
                    nmat[i * k + j] = acc;
                }
            var ni = ninv.AsSpan(l * kk, kk);
            Invert(nmat, k, ni, tmp);
            // H = A λ N⁻¹; K0 = A − H λ'A = A − H al'.
            var hl = h.AsSpan(l * kk, kk);
            Multiply(al, ni, k, k, k, hl);
            var k0l = k0.AsSpan(l * kk, kk);
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                {
                    double acc = 0.0;
                    for (int m = 0; m < k; m++) acc += hl[i * k + m] * al[j * k + m];
                    k0l[i * k + j] = Al[i * k + j] - acc;
                }
            if (p == 0) continue;
            // λ'B_ℓ' (k×p): (λ'B')[i, r] = Σ_m λ[m, i] B[r, m].
            for (int i = 0; i < k; i++)
                for (int r = 0; r < p; r++)
                {
                    double acc = 0.0;
                    for (int m = i; m < k; m++) acc += lam[i * k + m] * xz[r * q + l * k + m];
                    lb[i * p + r] = acc;
                }
            var yl = y.AsSpan(l * k * p, k * p);
            Multiply(ni, lb, k, k, p, yl);
            var ul = u.AsSpan(l * k * p, k * p);
            Multiply(al, yl, k, k, p, ul);
            for (int i = 0; i < k; i++)
                for (int r = 0; r < p; r++) ul[i * p + r] -= xz[r * q + l * k + i];
            // S −= B_ℓ λ Y_ℓ = (λ'B_ℓ')' Y_ℓ.
            for (int r = 0; r < p; r++)
                for (int c = 0; c < p; c++)
                {
                    double acc = 0.0;
                    for (int i = 0; i < k; i++) acc += lb[i * p + r] * yl[i * p + c];
                    s[r * p + c] -= acc;
                }
        }
        var t = new double[p * p];
        if (p > 0)
        {
            var chol = (double[])s.Clone();
            if (!DenseTriangular.FactorLowerInPlace(chol, p)) throw new InvalidOperationException("X'V⁻¹X is not positive definite at θ̂");
            var linv = new double[p * p];
            DenseTriangular.InvertLower(chol, p, linv);
            for (int i = 0; i < p; i++)
                for (int j = 0; j < p; j++)
                {
                    double acc = 0.0;
                    for (int r = Math.Max(i, j); r < p; r++) acc += linv[r * p + i] * linv[r * p + j];
                    t[i * p + j] = acc;
                }
        }

        // P_j = Σ_ℓ U_ℓ' E_j U_ℓ, G_Y = Σ Y_ℓ'Y_ℓ; Q_ℓ = U_ℓ T U_ℓ'.
        var pj = new double[nv][];
        for (int j = 0; j < nv; j++) pj[j] = new double[p * p];
        var gy = new double[p * p];
        var q_ = new double[L * kk];
        var ut = new double[k * p];
        for (int l = 0; l < L && p > 0; l++)
        {
            var ul = u.AsSpan(l * k * p, k * p);
            var yl = y.AsSpan(l * k * p, k * p);
            for (int j = 0; j < nv; j++)
            {
                var par = parameters[j];
                AddPattern(pj[j], ul, p, par.A, par.B);
                if (par.A != par.B) AddPattern(pj[j], ul, p, par.B, par.A);
            }
            for (int r = 0; r < p; r++)
                for (int c = 0; c < p; c++)
                {
                    double acc = 0.0;
                    for (int i = 0; i < k; i++) acc += yl[i * p + r] * yl[i * p + c];
                    gy[r * p + c] += acc;
                }
            Multiply(ul, t, k, p, p, ut);
            var ql = q_.AsSpan(l * kk, kk);
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                {
                    double acc = 0.0;
                    for (int r = 0; r < p; r++) acc += ut[i * p + r] * ul[j * p + r];
                    ql[i * k + j] = acc;
                }
        }

        var info = new double[np, np];
        double s4 = sigma2 * sigma2;
        // Covariance parameters.
        for (int j = 0; j < nv; j++)
            for (int c = 0; c <= j; c++)
            {
                double sum = 0.0;
                for (int l = 0; l < L; l++)
                {
                    var k0l = k0.AsSpan(l * kk, kk);
                    var ql = q_.AsSpan(l * kk, kk);
                    sum += Trace(parameters[j], parameters[c], k0l, k0l, k);
                    if (p > 0) sum -= Trace(parameters[j], parameters[c], k0l, ql, k) + Trace(parameters[j], parameters[c], ql, k0l, k);
                }
                if (p > 0) sum += TraceOfProducts(t, pj[c], t, pj[j], p);
                info[j, c] = info[c, j] = 0.5 * sum / s4;
            }

        // σ² with each covariance parameter: ½σ⁻⁴ tr(E_j (K − J_u J_u')).
        var jj = new double[kk];
        var hy = new double[k * p];
        var tgt = new double[p * p];
        if (p > 0) Multiply(t, gy, p, p, p, tgt);
        var tgtt = new double[p * p];
        if (p > 0) Multiply(tgt, t, p, p, p, tgtt);
        var utg = new double[k * p];
        var partial = new double[nv];
        for (int l = 0; l < L; l++)
        {
            var hl = h.AsSpan(l * kk, kk);
            var k0l = k0.AsSpan(l * kk, kk);
            // (J_u J_u')_ℓℓ = H H' + H Y T U' + U T Y' H' + U T G_Y T U'.
            for (int i = 0; i < k; i++)
                for (int j2 = 0; j2 < k; j2++)
                {
                    double acc = 0.0;
                    for (int m = 0; m < k; m++) acc += hl[i * k + m] * hl[j2 * k + m];
                    jj[i * k + j2] = acc;
                }
            if (p > 0)
            {
                var ul = u.AsSpan(l * k * p, k * p);
                var yl = y.AsSpan(l * k * p, k * p);
                Multiply(hl, yl, k, k, p, hy);            // H Y (k×p)
                Multiply(ul, t, k, p, p, ut);             // U T
                Multiply(ul, tgtt, k, p, p, utg);         // U T G_Y T
                for (int i = 0; i < k; i++)
                    for (int j2 = 0; j2 < k; j2++)
                    {
                        double acc = 0.0;
                        for (int r = 0; r < p; r++)
                            acc += hy[i * p + r] * ut[j2 * p + r] + ut[i * p + r] * hy[j2 * p + r] + utg[i * p + r] * ul[j2 * p + r];
                        jj[i * k + j2] += acc;
                    }
            }
            var ql = q_.AsSpan(l * kk, kk);
            for (int j = 0; j < nv; j++)
            {
                var par = parameters[j];
                double e = Pattern(k0l, k, par) - Pattern(jj, k, par);
                if (p > 0) e -= Pattern(ql, k, par);
                partial[j] += e;
            }
        }
        for (int j = 0; j < nv; j++) info[j, nv] = info[nv, j] = 0.5 * partial[j] / s4;

        // σ² with itself: ½σ⁻⁴ (n − (q + p) + ‖(M⁻¹)_uu‖²), (M⁻¹)_uu = M11⁻¹ + Y T Y'.
        double frob = 0.0;
        var yt = new double[k * p];
        for (int l = 0; l < L; l++)
        {
            var ni = ninv.AsSpan(l * kk, kk);
            for (int x = 0; x < kk; x++) frob += ni[x] * ni[x];
            if (p == 0) continue;
            var yl = y.AsSpan(l * k * p, k * p);
            Multiply(yl, t, k, p, p, yt);
            // 2 tr(N⁻¹ Y T Y') (N⁻¹ symmetric).
            for (int i = 0; i < k; i++)
                for (int j2 = 0; j2 < k; j2++)
                {
                    double acc = 0.0;
                    for (int r = 0; r < p; r++) acc += yt[i * p + r] * yl[j2 * p + r];
                    frob += 2 * ni[j2 * k + i] * acc;
                }
        }
        if (p > 0) frob += TraceOfProducts(t, gy, t, gy, p);
        info[nv, nv] = 0.5 * (n - (q + p) + frob) / s4;
        return info;
    }

    /// <summary>tr(E_j X E_k Y) for k×k row-major X, Y: Σ over (x,y) ∈ E_j, (u,v) ∈ E_k of X[y,u] Y[v,x].</summary>
    private static double Trace(VarianceComponentInformation.Parameter j, VarianceComponentInformation.Parameter c, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int k)
    {
        double total = PairSum(j.A, j.B, c, x, y, k);
        if (j.A != j.B) total += PairSum(j.B, j.A, c, x, y, k);
        return total;
    }

    /// <summary>Σ over (u,v) ∈ E_c of X[s,u] Y[v,r].</summary>
    private static double PairSum(int r, int s, VarianceComponentInformation.Parameter c, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int k)
    {
        double acc = x[s * k + c.A] * y[c.B * k + r];
        if (c.A != c.B) acc += x[s * k + c.B] * y[c.A * k + r];
        return acc;
    }

    /// <summary>tr(E_j X) = Σ over (x,y) ∈ E_j of X[y, x].</summary>
    private static double Pattern(ReadOnlySpan<double> x, int k, VarianceComponentInformation.Parameter j) =>
        j.A == j.B ? x[j.A * k + j.A] : x[j.B * k + j.A] + x[j.A * k + j.B];

    /// <summary>P += U[a,:]' U[b,:] (U k×p row-major).</summary>
    private static void AddPattern(double[] target, ReadOnlySpan<double> u, int p, int a, int b)
    {
        for (int r = 0; r < p; r++)
            for (int c = 0; c < p; c++) target[r * p + c] += u[a * p + r] * u[b * p + c];
    }

    /// <summary>tr(A B C D) for p×p row-major matrices.</summary>
    private static double TraceOfProducts(double[] a, double[] b, double[] c, double[] d, int p)
    {
        var ab = new double[p * p];
        var abc = new double[p * p];
        Multiply(a, b, p, p, p, ab);
        Multiply(ab, c, p, p, p, abc);
        double sum = 0.0;
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) sum += abc[i * p + j] * d[j * p + i];
        return sum;
    }

    /// <summary>C = A B for row-major A (m×r) and B (r×n).</summary>
    private static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int m, int r, int n, Span<double> c)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double acc = 0.0;
                for (int x = 0; x < r; x++) acc += a[i * r + x] * b[x * n + j];
                c[i * n + j] = acc;
            }
    }

    /// <summary>Inverse of a small symmetric positive-definite k×k matrix (row-major) through its Cholesky factor.</summary>
    private static void Invert(double[] m, int k, Span<double> inverse, double[] scratch)
    {
        // m is overwritten by its factor (the caller rebuilds it per level).
        if (!DenseTriangular.FactorLowerInPlace(m, k)) throw new InvalidOperationException("λ'Aλ + I is not positive definite");
        DenseTriangular.InvertLower(m, k, scratch);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double acc = 0.0;
                for (int r = Math.Max(i, j); r < k; r++) acc += scratch[r * k + i] * scratch[r * k + j];
                inverse[i * k + j] = acc;
            }
    }
}
