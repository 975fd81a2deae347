namespace FormulaLmm.Design;

/// <summary>
/// Which columns of X lme4 keeps when X is rank deficient. lme4 calls R's qr(X, tol = 1e-7)
/// (LINPACK's Householder QR with limited column pivoting) and keeps the first rank columns in
/// pivot order. Limited pivoting walks the columns left to right and moves a column to the end
/// as soon as what is left of it, after removing the earlier kept columns, has a norm below
/// tol times its original norm; so the kept columns stay in their original order and the
/// dropped ones are those that depend (numerically) on columns before them.
/// </summary>
internal static class RankReduction
{
    public const double Tolerance = 1e-7;

    /// <summary>The rank and the column order (kept columns first, in order; then the dropped ones in pivot order).</summary>
    public static (int Rank, int[] Pivot) Pivot(ModelMatrix x, double tolerance = Tolerance)
    {
        int n = x.RowCount, p = x.ColumnCount;
        var a = (double[])x.Values.Clone();
        var originalNorm = new double[p];
        for (int j = 0; j < p; j++)
        {
            double norm = Norm(a, j * n, n);
            // A zero column counts as negligible from the start.
            originalNorm[j] = norm == 0 ? 1 : norm;
        }
        // Working copy of column positions (position -> original column), columns moved physically.
        var order = Enumerable.Range(0, p).ToList();

        int active = p; // columns at positions >= active have been moved to the end
        int steps = Math.Min(n, p);
        var v = new double[n];
        for (int l = 0; l < steps; l++)
        {
            // Move negligible columns to the end until position l holds a non-negligible one.
            while (l < active && ResidualNorm(a, order[l], l, n) < originalNorm[order[l]] * tolerance)
            {
                int moved = order[l];
                order.RemoveAt(l);
                order.Add(moved);
                active--;
            }
            if (l >= active || l == n - 1) continue;

            // Householder reflection of column order[l] below row l, applied to the columns after it.
            int c = order[l] * n;
            double alpha = Norm(a, c + l, n - l);
            if (alpha == 0) continue;
            if (a[c + l] > 0) alpha = -alpha;
            for (int i = l; i < n; i++) v[i] = a[c + i];
            v[l] -= alpha;
            double vv = 0;
            for (int i = l; i < n; i++) vv += v[i] * v[i];
            if (vv == 0) continue;
            for (int k = l; k < p; k++)
            {
                int ck = order[k] * n;
                double dot = 0;
                for (int i = l; i < n; i++) dot += v[i] * a[ck + i];
                double f = 2 * dot / vv;
                for (int i = l; i < n; i++) a[ck + i] -= f * v[i];
            }
        }
        int rank = Math.Min(active, n);
        return (rank, order.ToArray());
    }

    /// <summary>Norm of what is left of a column after the first <paramref name="l"/> reflections (rows l..n-1).</summary>
    private static double ResidualNorm(double[] a, int column, int l, int n) => Norm(a, column * n + l, n - l);

    private static double Norm(double[] a, int start, int length)
    {
        // Scaled sum of squares, safe from overflow for large entries.
        double scale = 0, ssq = 1;
        for (int i = start; i < start + length; i++)
        {
            double v = Math.Abs(a[i]);
            if (v == 0) continue;
            if (scale < v)
            {
                ssq = 1 + ssq * (scale / v) * (scale / v);
                scale = v;
            }
            else ssq += (v / scale) * (v / scale);
        }
        return scale * Math.Sqrt(ssq);
    }
}
