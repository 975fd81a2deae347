namespace FormulaLmm.Design;

/// <summary>
/// Orthonormal polynomial bases as R's poly(x, k) and contr.poly(n) return them: column d is the
/// monic polynomial of degree d orthogonal (over the points) to all lower degrees, scaled to unit
/// length. R gets them from a QR decomposition of the centred powers; here the discretised
/// Stieltjes three-term recurrence builds them, with one re-orthogonalisation pass so that the
/// result agrees with R's to rounding.
/// </summary>
internal static class OrthogonalPolynomials
{
    /// <summary>Columns 1..degree (each of length x.Length) of the orthonormal basis over the points x.</summary>
    public static double[][] Basis(ReadOnlySpan<double> x, int degree)
    {
        int n = x.Length;
        double mean = 0;
        for (int i = 0; i < n; i++) mean += x[i];
        mean /= n;
        var xc = new double[n];
        for (int i = 0; i < n; i++) xc[i] = x[i] - mean;

        // q[0] is the normalised constant; q[d] the normalised degree-d polynomial.
        var q = new double[degree + 1][];
        q[0] = new double[n];
        Array.Fill(q[0], 1.0 / Math.Sqrt(n));

        var previous = new double[n];
        Array.Fill(previous, 1.0);
        double previousNorm2 = n;
        var current = new double[n];
        double alpha0 = Sum(xc) / n;
        for (int i = 0; i < n; i++) current[i] = xc[i] - alpha0;

        for (int d = 1; d <= degree; d++)
        {
            Reorthogonalise(current, q, d);
            double norm2 = Dot(current, current);
            var column = new double[n];
            double scale = 1.0 / Math.Sqrt(norm2);
            for (int i = 0; i < n; i++) column[i] = current[i] * scale;
            q[d] = column;
            if (d == degree) break;

            double alpha = 0;
            for (int i = 0; i < n; i++) alpha += xc[i] * current[i] * current[i];
            alpha /= norm2;
            double beta = norm2 / previousNorm2;
            var next = new double[n];
            for (int i = 0; i < n; i++) next[i] = (xc[i] - alpha) * current[i] - beta * previous[i];
            previous = current;
            previousNorm2 = norm2;
            current = next;
        }
        return q[1..];
    }

    /// <summary>
    /// R's contr.poly(n): the orthonormal polynomial contrasts on the scores 1..n, an n × (n−1)
    /// matrix returned as its columns.
    /// </summary>
    public static double[][] Contrasts(int levels)
    {
        var scores = new double[levels];
        for (int i = 0; i < levels; i++) scores[i] = i + 1;
        return Basis(scores, levels - 1);
    }

    /// <summary>R's names of polynomial contrast columns: .L, .Q, .C, ^4, ^5, ...</summary>
    public static string ContrastName(int degree) => degree switch
    {
        1 => ".L",
        2 => ".Q",
        3 => ".C",
        _ => "^" + degree,
    };

    /// <summary>Removes from v its components along q[0..count-1] (already orthonormal).</summary>
    private static void Reorthogonalise(double[] v, double[][] q, int count)
    {
        for (int k = 0; k < count; k++)
        {
            double c = Dot(v, q[k]);
            var qk = q[k];
            for (int i = 0; i < v.Length; i++) v[i] -= c * qk[i];
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Sum(double[] a)
    {
        double s = 0;
        foreach (var v in a) s += v;
        return s;
    }
}
