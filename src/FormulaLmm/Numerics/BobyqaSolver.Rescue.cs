using System.Runtime.CompilerServices;

namespace FormulaLmm.Numerics;

internal sealed partial class BobyqaSolver
{
    private const int OriginalPoint = -2;
    private const int ProvisionalOrigin = -1;

    /// <summary>
    /// Powell's RESCUE, for when rounding errors have spoilt H. The origin moves to xopt and H is
    /// rebuilt from scratch for a provisional, perfectly conditioned set (xopt and two steps along
    /// each coordinate, of length about Δ, as at the start). The current points are then put back
    /// one at a time, nearest first, by ordinary updates of H that replace a provisional point —
    /// but only when the update's denominator is safe. f is evaluated only at the provisional
    /// points that remain. The model is carried along throughout. Returns false when the budget
    /// ran out during those evaluations.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Rescue()
    {
        // Shift the origin to xopt and record the squared distances of the points from it.
        double sumpq = 0, winc = 0;
        for (int k = 0; k < m; k++)
        {
            var y = Point(k);
            double dist = 0;
            for (int j = 0; j < n; j++)
            {
                y[j] -= xopt[j];
                dist += y[j] * y[j];
            }
            sumpq += pq[k];
            rescueDist[k] = dist;
            winc = Math.Max(winc, dist);
        }
        Array.Clear(zmat);

        // The implicit Hessian terms now refer to shifted points: compensate in hq.
        for (int j = 0; j < n; j++)
        {
            double w = 0.5 * sumpq * xopt[j];
            for (int k = 0; k < m; k++)
                w += pq[k] * xpt[k * n + j];
            shiftB[j] = w;
            for (int i = 0; i <= j; i++)
            {
                double change = shiftB[i] * xopt[j] + shiftB[j] * xopt[i];
                hq[i * n + j] += change;
                if (i != j)
                    hq[j * n + i] += change;
            }
        }

        Array.Clear(bmat);
        for (int j = 0; j < n; j++)
        {
            xBase[j] += xopt[j];
            sl[j] -= xopt[j];
            su[j] -= xopt[j];
            xopt[j] = 0;
            double plus = Math.Min(delta, su[j]);
            double minus = Math.Max(-delta, sl[j]);
            if (plus + minus < 0)
                (plus, minus) = (minus, plus);
            if (Math.Abs(minus) < 0.5 * Math.Abs(plus))
                minus = 0.5 * plus;
            stepPlus[j] = plus;
            stepMinus[j] = minus;
        }
        xoptsq = 0;
        double fbase = fval[kopt];

        // The provisional set and its exact H (the same closed forms as at the start).
        provisionalCoord[0] = ProvisionalOrigin;
        provisionalStep[0] = 0;
        for (int j = 0; j < n; j++)
        {
            int kp = j + 1, km = n + 1 + j;
            double plus = stepPlus[j], minus = stepMinus[j];
            provisionalCoord[kp] = j;
            provisionalStep[kp] = plus;
            provisionalCoord[km] = j;
            provisionalStep[km] = minus;
            double temp = 1 / (plus - minus);
            bmat[kp * n + j] = -temp + 1 / plus;
            bmat[km * n + j] = temp + 1 / minus;
            bmat[j] = -bmat[kp * n + j] - bmat[km * n + j];
            zmat[j] = Math.Sqrt(2.0) / Math.Abs(plus * minus);
            zmat[kp * nz + j] = zmat[j] * minus * temp;
            zmat[km * nz + j] = -zmat[j] * plus * temp;
        }

        // Reinstate original points. The first exchange makes slot kopt (which is the origin)
        // original for free; later ones are updates of H.
        int remaining = m;
        int kold = 0;
        int kn = kopt;
        while (true)
        {
            SwapRows(bmat, n, kold, kn);
            SwapRows(zmat, nz, kold, kn);
            provisionalCoord[kold] = provisionalCoord[kn];
            provisionalStep[kold] = provisionalStep[kn];
            provisionalCoord[kn] = OriginalPoint;
            rescueDist[kn] = 0;
            remaining--;
            if (kn != kopt)
            {
                (vlag[kold], vlag[kn]) = (vlag[kn], vlag[kold]);
                UpdateInverse(kn);
                if (remaining == 0)
                    return true;
                for (int k = 0; k < m; k++)
                    rescueDist[k] = Math.Abs(rescueDist[k]);
            }

            // Next candidate: the nearest original point not yet reinstated nor just refused.
            bool found = false;
            while (true)
            {
                double dsqmin = 0;
                for (int k = 0; k < m; k++)
                {
                    if (rescueDist[k] > 0 && (dsqmin == 0 || rescueDist[k] < dsqmin))
                    {
                        kn = k;
                        dsqmin = rescueDist[k];
                    }
                }
                if (dsqmin == 0)
                    break;

                PrepareReinstatement(kn);
                // Replace the provisional point with the largest denominator, if it is safe.
                denom = 0;
                double vlmxsq = 0;
                for (int k = 0; k < m; k++)
                {
                    if (provisionalCoord[k] != OriginalPoint)
                    {
                        double hdiag = 0;
                        for (int jj = 0; jj < nz; jj++)
                            hdiag += zmat[k * nz + jj] * zmat[k * nz + jj];
                        double den = beta * hdiag + vlag[k] * vlag[k];
                        if (den > denom)
                        {
                            kold = k;
                            denom = den;
                        }
                    }
                    vlmxsq = Math.Max(vlmxsq, vlag[k] * vlag[k]);
                }
                if (denom <= 0.01 * vlmxsq)
                {
                    rescueDist[kn] = -rescueDist[kn] - winc;
                    continue;
                }
                found = true;
                break;
            }
            if (!found)
                break;
        }

        return EvaluateProvisionalPoints(fbase);
    }

    /// <summary>vlag = H w and β for putting original point kn in place of a provisional one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PrepareReinstatement(int kn)
    {
        var y = Point(kn);
        for (int k = 0; k < m; k++)
        {
            double sum = 0;
            if (k == kopt)
            {
                sum = 0;
            }
            else if (provisionalCoord[k] == OriginalPoint)
            {
                sum = Dot(y, Point(k));
            }
            else if (provisionalCoord[k] >= 0)
            {
                sum = y[provisionalCoord[k]] * provisionalStep[k];
            }
            wcheck[k] = 0.5 * sum * sum;
        }
        for (int k = 0; k < m; k++)
            vlag[k] = Dot(BRow(k), y);
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
        double bsum = 0, dist = 0;
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int k = 0; k < m; k++)
                s += bmat[k * n + j] * wcheck[k];
            bsum += s * y[j];
            for (int i = 0; i < n; i++)
                s += bmat[(m + i) * n + j] * y[i];
            bsum += s * y[j];
            vlag[m + j] = s;
            dist += y[j] * y[j];
        }
        beta = 0.5 * dist * dist + beta - bsum;
        vlag[kopt] += 1;
    }

    /// <summary>
    /// Moves the remaining provisional points into xpt, evaluates f there and makes the model
    /// interpolate each new value (the old point's implicit Hessian term is first moved to hq).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool EvaluateProvisionalPoints(double fbase)
    {
        for (int kpt = 0; kpt < m; kpt++)
        {
            if (provisionalCoord[kpt] == OriginalPoint)
                continue;
            if (BudgetExhausted)
            {
                stop = StopReason.MaxEvaluations;
                return false;
            }

            var y = Point(kpt);
            double pqk = pq[kpt];
            if (pqk != 0)
            {
                for (int j = 0; j < n; j++)
                {
                    double t = pqk * y[j];
                    int row = j * n;
                    for (int i = 0; i < n; i++)
                        hq[row + i] += t * y[i];
                }
            }
            pq[kpt] = 0;
            y.Clear();
            int p = provisionalCoord[kpt];
            double xp = provisionalStep[kpt];
            double vquad = fbase;
            if (p >= 0)
            {
                y[p] = xp;
                vquad += xp * (gopt[p] + 0.5 * xp * hq[p * n + p]);
                for (int k = 0; k < m; k++)
                {
                    double t = xp * xpt[k * n + p];
                    vquad += 0.5 * pq[k] * t * t;
                }
            }

            double f = EvaluateAt(y);
            fval[kpt] = f;
            if (f < fval[kopt])
                kopt = kpt;
            double diff = f - vquad;

            for (int i = 0; i < n; i++)
                gopt[i] += diff * bmat[kpt * n + i];
            for (int k = 0; k < m; k++)
            {
                double omega = 0;
                for (int jj = 0; jj < nz; jj++)
                    omega += zmat[k * nz + jj] * zmat[kpt * nz + jj];
                double t = diff * omega;
                if (provisionalCoord[k] == OriginalPoint)
                {
                    pq[k] += t;
                }
                else if (provisionalCoord[k] >= 0)
                {
                    int q = provisionalCoord[k];
                    hq[q * n + q] += t * provisionalStep[k] * provisionalStep[k];
                }
            }
            provisionalCoord[kpt] = OriginalPoint;
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SwapRows(double[] matrix, int columns, int a, int b)
    {
        if (a == b) return;
        var ra = matrix.AsSpan(a * columns, columns);
        var rb = matrix.AsSpan(b * columns, columns);
        for (int j = 0; j < columns; j++)
            (ra[j], rb[j]) = (rb[j], ra[j]);
    }
}
