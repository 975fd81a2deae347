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
    public static double[][] Basis(ReadOnlySpan<double> x, int degree) => Basis(x, degree, out _, out _);

    /// <summary>
    /// The basis over the points x, and the recurrence coefficients that rebuild it at other
    /// points (<see cref="Evaluate"/>) in R's form: <paramref name="alpha"/> has degree values
    /// on the scale of x, <paramref name="norm2"/> has degree + 2 (1, n, then the squared norms
    /// of the monic polynomials of degrees 1..degree).
    /// </summary>
    public static double[][] Basis(ReadOnlySpan<double> x, int degree, out double[] alpha, out double[] norm2)
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

        // The recurrence works on the centred points; R reports alpha on the scale of x.
        alpha = new double[degree];
        if (degree > 0) alpha[0] = alpha0 + mean;
        norm2 = new double[degree + 2];
        norm2[0] = 1;
        norm2[1] = n;

        for (int d = 1; d <= degree; d++)
        {
            Reorthogonalise(current, q, d);
            double currentNorm2 = Dot(current, current);
            norm2[d + 1] = currentNorm2;
            var column = new double[n];
            double scale = 1.0 / Math.Sqrt(currentNorm2);
            for (int i = 0; i < n; i++) column[i] = current[i] * scale;
            q[d] = column;
            if (d == degree) break;

            double a = 0;
            for (int i = 0; i < n; i++) a += xc[i] * current[i] * current[i];
            a /= currentNorm2;
            alpha[d] = a + mean;
            double beta = currentNorm2 / previousNorm2;
            var next = new double[n];
            for (int i = 0; i < n; i++) next[i] = (xc[i] - a) * current[i] - beta * previous[i];
            previous = current;
            previousNorm2 = currentNorm2;
            current = next;
        }
        return q[1..];
    }

    /// <summary>
    /// The basis columns 1..degree at the points x from coefficients learned by
    /// <see cref="Basis(ReadOnlySpan{double}, int, out double[], out double[])"/>, by R's
    /// recurrence for <c>poly(x, degree, coefs = ...)</c>; a NaN point gives NaN in every column.
    /// </summary>
    public static double[][] Evaluate(ReadOnlySpan<double> x, IReadOnlyList<double> alpha, IReadOnlyList<double> norm2)
    {
        int n = x.Length, degree = alpha.Count;
        var columns = new double[degree][];
        var previous = new double[n];
        Array.Fill(previous, 1.0);
        var current = new double[n];
        for (int i = 0; i < n; i++) current[i] = x[i] - alpha[0];
        for (int d = 1; d <= degree; d++)
        {
            double scale = 1.0 / Math.Sqrt(norm2[d + 1]);
            var column = new double[n];
            for (int i = 0; i < n; i++) column[i] = current[i] * scale;
            columns[d - 1] = column;
            if (d == degree) break;

            double beta = norm2[d + 1] / norm2[d];
            var next = new double[n];
            for (int i = 0; i < n; i++) next[i] = (x[i] - alpha[d]) * current[i] - beta * previous[i];
            previous = current;
            current = next;
        }
        return columns;
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
