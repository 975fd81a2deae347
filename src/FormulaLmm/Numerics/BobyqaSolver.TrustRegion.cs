using System.Runtime.CompilerServices;

namespace FormulaLmm.Numerics;

internal sealed partial class BobyqaSolver
{
    /// <summary>
    /// Powell's TRSBOX: an approximate minimiser d of the model within ‖d‖ ≤ Δ and the box.
    /// Truncated conjugate gradients on the free variables, restarted whenever a variable hits a
    /// bound (it is then fixed there); once the step reaches the trust-region boundary, further
    /// reductions are sought by rotating d within the plane of d and the reduced gradient, staying
    /// on the boundary. Sets d, xnew = xopt + d (bounds met exactly), gnew (the model gradient at
    /// xopt + d), dsq = ‖d‖² and crvmin (least curvature met by an unconstrained CG step; 0 when the
    /// boundary was reached, −1 when every CG step was cut by a bound).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SolveTrustRegionSubproblem()
    {
        int nact = 0;
        for (int i = 0; i < n; i++)
        {
            xbdi[i] = 0;
            if (xopt[i] <= sl[i])
            {
                if (gopt[i] >= 0) xbdi[i] = -1;
            }
            else if (xopt[i] >= su[i])
            {
                if (gopt[i] <= 0) xbdi[i] = 1;
            }
            if (xbdi[i] != 0) nact++;
            d[i] = 0;
            gnew[i] = gopt[i];
        }
        double delsq = delta * delta;
        double qred = 0;
        crvmin = -1;
        int iterc = 0;

        if (ConjugateGradientPhase(ref nact, ref delsq, ref qred, ref iterc))
            BoundaryPhase(nact, ref qred, ref iterc);

        dsq = 0;
        for (int i = 0; i < n; i++)
        {
            double x = Math.Max(Math.Min(xopt[i] + d[i], su[i]), sl[i]);
            if (xbdi[i] == -1) x = sl[i];
            if (xbdi[i] == 1) x = su[i];
            xnew[i] = x;
            d[i] = x - xopt[i];
            dsq += d[i] * d[i];
        }
    }

    /// <summary>
    /// Truncated CG with restarts at new active bounds. Returns true when the trust-region
    /// boundary was reached, so that the boundary phase should follow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ConjugateGradientPhase(ref int nact, ref double delsq, ref double qred, ref int iterc)
    {
        double beta = 0, gredsq = 0, ggsav = 0;
        int itermax = 0;
        while (true)
        {
            double stepsq = 0;
            for (int i = 0; i < n; i++)
            {
                if (xbdi[i] != 0)
                    sdir[i] = 0;
                else if (beta == 0)
                    sdir[i] = -gnew[i];
                else
                    sdir[i] = beta * sdir[i] - gnew[i];
                stepsq += sdir[i] * sdir[i];
            }
            if (stepsq == 0)
                return false;
            if (beta == 0)
            {
                gredsq = stepsq;
                itermax = iterc + n - nact;
            }
            if (gredsq * delsq <= 1e-4 * qred * qred)
                return false;

            ModelHessianTimes(sdir, hs);

            double resid = delsq, ds = 0, shs = 0;
            for (int i = 0; i < n; i++)
            {
                if (xbdi[i] != 0) continue;
                resid -= d[i] * d[i];
                ds += sdir[i] * d[i];
                shs += sdir[i] * hs[i];
            }
            if (resid <= 0)
            {
                crvmin = 0;
                return true;
            }

            // blen: step to the trust-region boundary; stplen: the CG step, cut by the box.
            double temp = Math.Sqrt(stepsq * resid + ds * ds);
            double blen = ds < 0 ? (temp - ds) / stepsq : resid / (temp + ds);
            double stplen = blen;
            if (shs > 0)
                stplen = Math.Min(blen, gredsq / shs);
            int iact = -1;
            for (int i = 0; i < n; i++)
            {
                if (sdir[i] == 0) continue;
                double xsum = xopt[i] + d[i];
                double toBound = sdir[i] > 0 ? (su[i] - xsum) / sdir[i] : (sl[i] - xsum) / sdir[i];
                if (toBound < stplen)
                {
                    stplen = toBound;
                    iact = i;
                }
            }

            double sdec = 0;
            if (stplen > 0)
            {
                iterc++;
                ggsav = gredsq;
                double curvature = shs / stepsq;
                if (iact < 0 && curvature > 0)
                {
                    crvmin = crvmin == -1 ? curvature : Math.Min(crvmin, curvature);
                }
                gredsq = 0;
                for (int i = 0; i < n; i++)
                {
                    gnew[i] += stplen * hs[i];
                    if (xbdi[i] == 0) gredsq += gnew[i] * gnew[i];
                    d[i] += stplen * sdir[i];
                }
                sdec = Math.Max(stplen * (ggsav - 0.5 * stplen * shs), 0);
                qred += sdec;
            }

            if (iact >= 0)
            {
                nact++;
                xbdi[iact] = (sbyte)(sdir[iact] < 0 ? -1 : 1);
                delsq -= d[iact] * d[iact];
                if (delsq <= 0)
                {
                    crvmin = 0;
                    return true;
                }
                beta = 0;
                continue;
            }

            if (stplen < blen)
            {
                if (iterc == itermax || sdec <= 0.01 * qred)
                    return false;
                beta = gredsq / ggsav;
                continue;
            }
            crvmin = 0;
            return true;
        }
    }

    /// <summary>
    /// Moves d around the trust-region boundary: d(θ) = cos θ d + sin θ s with s ⟂ d in the span of
    /// the reduced d and gradient, the angle chosen by a coarse search refined by a parabola.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BoundaryPhase(int nact, ref double qred, ref int iterc)
    {
        while (true)
        {
            // (Re)start after fixing a variable: reduced quantities and H·d_reduced.
            if (nact >= n - 1)
                return;
            double dredsq = 0, dredg = 0, gredsq = 0;
            for (int i = 0; i < n; i++)
            {
                if (xbdi[i] == 0)
                {
                    dredsq += d[i] * d[i];
                    dredg += d[i] * gnew[i];
                    gredsq += gnew[i] * gnew[i];
                    sdir[i] = d[i];
                }
                else
                {
                    sdir[i] = 0;
                }
            }
            ModelHessianTimes(sdir, hred);

            bool restart = false;
            while (!restart)
            {
                iterc++;
                double temp = gredsq * dredsq - dredg * dredg;
                if (temp <= 1e-4 * qred * qred)
                    return;
                temp = Math.Sqrt(temp);
                for (int i = 0; i < n; i++)
                    sdir[i] = xbdi[i] == 0 ? (dredg * d[i] - dredsq * gnew[i]) / temp : 0;
                double sredg = -temp;

                // angbd bounds tan(θ/2) so that the rotation keeps free variables in the box.
                double angbd = 1;
                int iact = -1;
                sbyte xsav = 0;
                for (int i = 0; i < n && !restart; i++)
                {
                    if (xbdi[i] != 0) continue;
                    double tempa = xopt[i] + d[i] - sl[i];
                    double tempb = su[i] - xopt[i] - d[i];
                    if (tempa <= 0)
                    {
                        nact++;
                        xbdi[i] = -1;
                        restart = true;
                        break;
                    }
                    if (tempb <= 0)
                    {
                        nact++;
                        xbdi[i] = 1;
                        restart = true;
                        break;
                    }
                    double ssq = d[i] * d[i] + sdir[i] * sdir[i];
                    double toLower = xopt[i] - sl[i];
                    double t = ssq - toLower * toLower;
                    if (t > 0)
                    {
                        t = Math.Sqrt(t) - sdir[i];
                        if (angbd * t > tempa)
                        {
                            angbd = tempa / t;
                            iact = i;
                            xsav = -1;
                        }
                    }
                    double toUpper = su[i] - xopt[i];
                    t = ssq - toUpper * toUpper;
                    if (t > 0)
                    {
                        t = Math.Sqrt(t) + sdir[i];
                        if (angbd * t > tempb)
                        {
                            angbd = tempb / t;
                            iact = i;
                            xsav = 1;
                        }
                    }
                }
                if (restart)
                    break;

                ModelHessianTimes(sdir, hs);
                double shs = 0, dhs = 0, dhd = 0;
                for (int i = 0; i < n; i++)
                {
                    if (xbdi[i] != 0) continue;
                    shs += sdir[i] * hs[i];
                    dhs += d[i] * hs[i];
                    dhd += d[i] * hred[i];
                }

                // Coarse search over tan(θ/2) in (0, angbd], then a parabola through the best three.
                double redmax = 0, redsav = 0, rdprev = 0, rdnext = 0;
                int isav = 0;
                int iu = (int)(17 * angbd + 3.1);
                for (int i = 1; i <= iu; i++)
                {
                    double angle = angbd * i / iu;
                    double sine = 2 * angle / (1 + angle * angle);
                    double curv = shs + angle * (angle * dhd - 2 * dhs);
                    double rednew = sine * (angle * dredg - sredg - 0.5 * sine * curv);
                    if (rednew > redmax)
                    {
                        redmax = rednew;
                        isav = i;
                        rdprev = redsav;
                    }
                    else if (i == isav + 1)
                    {
                        rdnext = rednew;
                    }
                    redsav = rednew;
                }
                if (isav == 0)
                    return;
                double angt = angbd;
                if (isav < iu)
                {
                    double shift = (rdnext - rdprev) / (2 * redmax - rdprev - rdnext);
                    angt = angbd * (isav + 0.5 * shift) / iu;
                }
                double cth = (1 - angt * angt) / (1 + angt * angt);
                double sth = 2 * angt / (1 + angt * angt);
                double curvAt = shs + angt * (angt * dhd - 2 * dhs);
                double sdec = sth * (angt * dredg - sredg - 0.5 * sth * curvAt);
                if (sdec <= 0)
                    return;

                dredg = 0;
                gredsq = 0;
                for (int i = 0; i < n; i++)
                {
                    gnew[i] += (cth - 1) * hred[i] + sth * hs[i];
                    if (xbdi[i] == 0)
                    {
                        d[i] = cth * d[i] + sth * sdir[i];
                        dredg += d[i] * gnew[i];
                        gredsq += gnew[i] * gnew[i];
                    }
                    hred[i] = cth * hred[i] + sth * hs[i];
                }
                qred += sdec;
                if (iact >= 0 && isav == iu)
                {
                    nact++;
                    xbdi[iact] = xsav;
                    restart = true;
                    break;
                }
                if (sdec <= 0.01 * qred)
                    return;
            }
        }
    }

    /// <summary>result = (hq + Σ_k pq[k] y_k y_k') v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ModelHessianTimes(ReadOnlySpan<double> v, Span<double> result)
    {
        result.Clear();
        AddModelHessianTimes(v, result);
    }
}
