using System.Runtime.CompilerServices;

namespace FormulaLmm.Numerics;

internal sealed partial class BobyqaSolver
{
    /// <summary>
    /// For the step d from xopt: vlag = H w (the values at xopt + d of all Lagrange functions,
    /// followed by n further components), β (the other parameter of the update formula), and
    /// xptDotD[k] = y_k·d for the model's prediction. Also refreshes dsq = ‖d‖².
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeLagrangeValuesAndBeta()
    {
        for (int k = 0; k < m; k++)
        {
            var y = Point(k);
            double yd = Dot(y, d);
            double yx = Dot(y, xopt);
            wcheck[k] = yd * (0.5 * yd + yx);
            vlag[k] = Dot(BRow(k), d);
            xptDotD[k] = yd;
        }
        beta = 0;
        for (int jj = 0; jj < nz; jj++)
        {
            double s = 0;
            for (int k = 0; k < m; k++)
                s += zmat[k * nz + jj] * wcheck[k];
            beta -= s * s;
            for (int k = 0; k < m; k++)
                vlag[k] += s * zmat[k * nz + jj];
        }
        double bsum = 0, dx = 0;
        dsq = 0;
        for (int j = 0; j < n; j++)
        {
            dsq += d[j] * d[j];
            double s = 0;
            for (int k = 0; k < m; k++)
                s += wcheck[k] * bmat[k * n + j];
            bsum += s * d[j];
            for (int i = 0; i < n; i++)
                s += bmat[(m + i) * n + j] * d[i];
            vlag[m + j] = s;
            bsum += s * d[j];
            dx += d[j] * xopt[j];
        }
        beta = dx * dx + dsq * (xoptsq + dx + dx + 0.5 * dsq) + beta - bsum;
        vlag[kopt] += 1;
    }

    /// <summary>
    /// The point to replace by xnew after a trust-region step: the largest denominator
    /// β·H[k,k] + vlag[k]², weighted up for points far (beyond Δ) from <paramref name="centre"/>.
    /// Returns −1 if no denominator is positive; biglsq is the largest weighted vlag[k]², with
    /// which the caller detects cancellation. Sets denom for the chosen point. Before f is known
    /// the best point must stay (<paramref name="keepBest"/>); after an improvement it may go.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ChoosePointToDrop(double[] centre, bool keepBest, out double scaden, out double biglsq)
    {
        double delsq = delta * delta;
        scaden = 0;
        biglsq = 0;
        int chosen = -1;
        for (int k = 0; k < m; k++)
        {
            if (keepBest && k == kopt) continue;
            double hdiag = 0;
            for (int jj = 0; jj < nz; jj++)
            {
                double z = zmat[k * nz + jj];
                hdiag += z * z;
            }
            double den = beta * hdiag + vlag[k] * vlag[k];
            double ratio = DistanceSquared(Point(k), centre) / delsq;
            double weight = Math.Max(1, ratio * ratio);
            if (weight * den > scaden)
            {
                scaden = weight * den;
                chosen = k;
                denom = den;
            }
            biglsq = Math.Max(biglsq, weight * vlag[k] * vlag[k]);
        }
        return chosen;
    }

    /// <summary>Q(xopt + d) − Q(xopt) for the current step d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double PredictedChange()
    {
        double vquad = 0;
        for (int j = 0; j < n; j++)
        {
            vquad += d[j] * gopt[j];
            double hdj = 0;
            int row = j * n;
            for (int i = 0; i < n; i++)
                hdj += hq[row + i] * d[i];
            vquad += 0.5 * d[j] * hdj;
        }
        for (int k = 0; k < m; k++)
            vquad += 0.5 * pq[k] * xptDotD[k] * xptDotD[k];
        return vquad;
    }

    /// <summary>
    /// Powell's UPDATE: revises bmat and zmat when point knew moves to the position whose H w is in
    /// vlag. Givens rotations first make row knew of zmat zero except in its first column, so the
    /// rank-two change of the leading block reduces to replacing that one column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateInverse(int kn)
    {
        double ztest = 0;
        foreach (double z in zmat)
            ztest = Math.Max(ztest, Math.Abs(z));
        ztest *= 1e-20;

        for (int j = 1; j < nz; j++)
        {
            double zj = zmat[kn * nz + j];
            if (Math.Abs(zj) > ztest)
            {
                double z0 = zmat[kn * nz];
                double r = Math.Sqrt(z0 * z0 + zj * zj);
                double c = z0 / r, s = zj / r;
                for (int i = 0; i < m; i++)
                {
                    double a = zmat[i * nz], b = zmat[i * nz + j];
                    zmat[i * nz + j] = c * b - s * a;
                    zmat[i * nz] = c * a + s * b;
                }
            }
            zmat[kn * nz + j] = 0;
        }

        // wcheck[0..m): the knew-th column of zmat·zmat'; wcheck[m..m+n): row knew of bmat.
        double zKnew = zmat[kn * nz];
        for (int i = 0; i < m; i++)
            wcheck[i] = zKnew * zmat[i * nz];
        double alphaK = wcheck[kn];
        double tau = vlag[kn];
        vlag[kn] -= 1;

        double root = Math.Sqrt(denom);
        double tempb = zKnew / root;
        double tempa = tau / root;
        for (int i = 0; i < m; i++)
            zmat[i * nz] = tempa * zmat[i * nz] - tempb * vlag[i];

        for (int j = 0; j < n; j++)
        {
            int jp = m + j;
            wcheck[jp] = bmat[kn * n + j];
            double ca = (alphaK * vlag[jp] - tau * wcheck[jp]) / denom;
            double cb = (-beta * wcheck[jp] - tau * vlag[jp]) / denom;
            for (int i = 0; i <= jp; i++)
            {
                bmat[i * n + j] += ca * vlag[i] + cb * wcheck[i];
                if (i >= m)
                    bmat[jp * n + (i - m)] = bmat[i * n + j];
            }
        }
    }

    /// <summary>
    /// Puts xnew (value f) in place of point knew and makes the model interpolate it: the old
    /// point's implicit Hessian term moves into hq, and diff = f − Q(xnew) times the new Lagrange
    /// function of knew is added (pq and the gradient at xopt).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReplaceInterpolationPoint(int kn, double f, double diff)
    {
        var old = Point(kn);
        double pqold = pq[kn];
        pq[kn] = 0;
        if (pqold != 0)
        {
            for (int i = 0; i < n; i++)
            {
                double t = pqold * old[i];
                int row = i * n;
                for (int j = 0; j < n; j++)
                    hq[row + j] += t * old[j];
            }
        }
        for (int jj = 0; jj < nz; jj++)
        {
            double t = diff * zmat[kn * nz + jj];
            for (int k = 0; k < m; k++)
                pq[k] += t * zmat[k * nz + jj];
        }

        fval[kn] = f;
        xnew.AsSpan().CopyTo(old);

        // Gradient at xopt of the new Lagrange function of knew.
        BRow(kn).CopyTo(hd);
        for (int k = 0; k < m; k++)
        {
            double omega = 0;
            for (int jj = 0; jj < nz; jj++)
                omega += zmat[kn * nz + jj] * zmat[k * nz + jj];
            var y = Point(k);
            double t = omega * Dot(y, xopt);
            for (int i = 0; i < n; i++)
                hd[i] += t * y[i];
        }
        for (int i = 0; i < n; i++)
            gopt[i] += diff * hd[i];
    }

    /// <summary>
    /// Powell's safeguard: if for three trust-region steps in a row the model's projected gradient
    /// is ≥ 10 times that of the least Frobenius-norm interpolant of the current values, replace
    /// the model by that interpolant (its Hessian is purely implicit, so hq becomes 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MaybeReplaceByFrobeniusInterpolant()
    {
        double fopt = fval[kopt];
        for (int k = 0; k < m; k++)
        {
            fdiff[k] = fval[k] - fopt;
            interpPq[k] = 0;
        }
        for (int jj = 0; jj < nz; jj++)
        {
            double s = 0;
            for (int k = 0; k < m; k++)
                s += zmat[k * nz + jj] * fdiff[k];
            for (int k = 0; k < m; k++)
                interpPq[k] += s * zmat[k * nz + jj];
        }
        for (int k = 0; k < m; k++)
            interpWeight[k] = Dot(Point(k), xopt) * interpPq[k];

        double gqsq = 0, gisq = 0;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int k = 0; k < m; k++)
                s += bmat[k * n + i] * fdiff[k] + xpt[k * n + i] * interpWeight[k];
            if (xopt[i] == sl[i])
            {
                double a = Math.Min(0, gopt[i]), b = Math.Min(0, s);
                gqsq += a * a;
                gisq += b * b;
            }
            else if (xopt[i] == su[i])
            {
                double a = Math.Max(0, gopt[i]), b = Math.Max(0, s);
                gqsq += a * a;
                gisq += b * b;
            }
            else
            {
                gqsq += gopt[i] * gopt[i];
                gisq += s * s;
            }
            interpGrad[i] = s;
        }

        itest++;
        if (gqsq < 10 * gisq)
            itest = 0;
        if (itest >= 3)
        {
            interpGrad.AsSpan().CopyTo(gopt);
            interpPq.AsSpan().CopyTo(pq);
            Array.Clear(hq);
            itest = 0;
        }
    }

    /// <summary>
    /// Moves xBase to xBase + xopt, with the matching changes of bmat (its last n rows need ZMAT
    /// terms too) and of hq, so that the points keep small coordinates and rounding stays small.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ShiftBaseToBestPoint()
    {
        double fracsq = 0.25 * xoptsq;
        double sumpq = 0;
        for (int k = 0; k < m; k++)
        {
            sumpq += pq[k];
            var y = Point(k);
            double sum = Dot(y, xopt) - 0.5 * xoptsq;
            shiftProducts[k] = sum;
            double temp = fracsq - 0.5 * sum;
            for (int i = 0; i < n; i++)
            {
                shiftB[i] = bmat[k * n + i];
                shiftV[i] = sum * y[i] + temp * xopt[i];
            }
            for (int i = 0; i < n; i++)
            {
                int row = (m + i) * n;
                for (int j = 0; j <= i; j++)
                    bmat[row + j] += shiftB[i] * shiftV[j] + shiftV[i] * shiftB[j];
            }
        }

        for (int jj = 0; jj < nz; jj++)
        {
            double sumz = 0, sumw = 0;
            for (int k = 0; k < m; k++)
            {
                double z = zmat[k * nz + jj];
                sumz += z;
                shiftWeights[k] = shiftProducts[k] * z;
                sumw += shiftWeights[k];
            }
            for (int j = 0; j < n; j++)
            {
                double sum = (fracsq * sumz - 0.5 * sumw) * xopt[j];
                for (int k = 0; k < m; k++)
                    sum += shiftWeights[k] * xpt[k * n + j];
                shiftB[j] = sum;
                for (int k = 0; k < m; k++)
                    bmat[k * n + j] += sum * zmat[k * nz + jj];
            }
            for (int i = 0; i < n; i++)
            {
                int row = (m + i) * n;
                for (int j = 0; j <= i; j++)
                    bmat[row + j] += shiftB[i] * shiftB[j];
            }
        }

        for (int j = 0; j < n; j++)
        {
            double w = -0.5 * sumpq * xopt[j];
            for (int k = 0; k < m; k++)
            {
                w += pq[k] * xpt[k * n + j];
                xpt[k * n + j] -= xopt[j];
            }
            shiftB[j] = w;
            for (int i = 0; i <= j; i++)
            {
                double change = shiftB[i] * xopt[j] + xopt[i] * shiftB[j];
                hq[i * n + j] += change;
                if (i != j)
                    hq[j * n + i] += change;
                bmat[(m + i) * n + j] = bmat[(m + j) * n + i];
            }
        }

        for (int i = 0; i < n; i++)
        {
            xBase[i] += xopt[i];
            xnew[i] -= xopt[i];
            sl[i] -= xopt[i];
            su[i] -= xopt[i];
            xopt[i] = 0;
        }
        xoptsq = 0;
    }
}
