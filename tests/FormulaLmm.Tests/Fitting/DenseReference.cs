using FormulaLmm.Design;
using MathNet.Numerics.LinearAlgebra;

namespace FormulaLmm.Tests.Fitting;

/// <summary>
/// The textbook dense n×n formulas for a linear mixed model, used as an independent check of the
/// blocked computations on small data. Nothing here is clever; everything is formed explicitly.
/// </summary>
internal sealed class DenseReference
{
    public DenseReference(LmmDesign design)
    {
        Design = design;
        int n = design.RowCount;
        X = Matrix<double>.Build.Dense(n, design.Fixed.ColumnCount, (i, j) => design.Fixed[i, j]);
        var y = (double[])design.Response.Clone();
        if (design.Offset is { } o) for (int i = 0; i < n; i++) y[i] -= o[i];
        Y = Vector<double>.Build.DenseOfArray(y);
        int q = design.RandomTerms.Sum(t => t.ColumnCount);
        Z = Matrix<double>.Build.Dense(n, q);
        int off = 0;
        foreach (var t in design.RandomTerms)
        {
            for (int i = 0; i < n; i++)
                for (int a = 0; a < t.K; a++) Z[i, off + t.LevelCodes[i] * t.K + a] = t.ZValues[i * t.K + a];
            off += t.ColumnCount;
        }
    }

    public LmmDesign Design { get; }
    public Matrix<double> X { get; }
    public Vector<double> Y { get; }
    public Matrix<double> Z { get; }

    /// <summary>Λ (q×q) for θ in the design's order.</summary>
    public Matrix<double> Lambda(IReadOnlyList<double> theta)
    {
        int q = Z.ColumnCount;
        var lam = Matrix<double>.Build.Dense(q, q);
        int off = 0, toff = 0;
        foreach (var t in Design.RandomTerms)
        {
            int k = t.K;
            var small = new double[k * k];
            t.Covariance.FillLambda(theta.Skip(toff).Take(t.Covariance.ThetaCount).ToArray(), small);
            for (int l = 0; l < t.LevelCount; l++)
                for (int a = 0; a < k; a++)
                    for (int b = 0; b < k; b++) lam[off + l * k + a, off + l * k + b] = small[b * k + a];
            off += t.ColumnCount;
            toff += t.Covariance.ThetaCount;
        }
        return lam;
    }

    /// <summary>Relative marginal covariance V/σ² = I + ZΛΛ'Z'.</summary>
    public Matrix<double> RelativeV(IReadOnlyList<double> theta)
    {
        var zl = Z * Lambda(theta);
        return Matrix<double>.Build.DenseIdentity(Z.RowCount) + zl * zl.Transpose();
    }

    /// <summary>Profiled objective from the marginal (GLS) form: log|V/σ²| + ... with β and σ² profiled.</summary>
    public double Objective(IReadOnlyList<double> theta, bool reml)
    {
        int n = Z.RowCount, p = X.ColumnCount;
        var v = RelativeV(theta);
        var chol = v.Cholesky();
        var viX = chol.Solve(X);
        var viY = chol.Solve(Y);
        var xtvx = X.TransposeThisAndMultiply(viX);
        var beta = xtvx.Cholesky().Solve(X.TransposeThisAndMultiply(viY));
        var resid = Y - X * beta;
        double r2 = resid * chol.Solve(resid);
        double logDetV = chol.DeterminantLn;
        if (!reml) return logDetV + n * (1 + Math.Log(2 * Math.PI * r2 / n));
        return logDetV + xtvx.Cholesky().DeterminantLn + (n - p) * (1 + Math.Log(2 * Math.PI * r2 / (n - p)));
    }
}
