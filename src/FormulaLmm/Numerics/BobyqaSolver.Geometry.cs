using System.Runtime.CompilerServices;

namespace FormulaLmm.Numerics;

internal sealed partial class BobyqaSolver
{
    /// <summary>
    /// Powell's ALTMOV: two candidate new positions for interpolation point knew within distance
    /// adelt of xopt and inside the box, both aiming at a large |ℓ_knew| (ℓ = Lagrange function),
    /// which keeps the denominator of the H update away from zero.
    /// xnew: the best point on the lines through xopt and the other interpolation points, judged by
    /// a prediction of the denominator. xalt: a box-constrained Cauchy step of ±ℓ_knew, with
    /// cauchy = its ℓ_knew² (0 when no such step exists). Also sets alpha = H[knew, knew].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ChooseGeometryStep()
    {
        // hcol: the knew-th column of zmat·zmat'; glag: the gradient of ℓ_knew at xopt.
        Array.Clear(hcol);
        for (int jj = 0; jj < nz; jj++)
        {
            double zk = zmat[knew * nz + jj];
            for (int k = 0; k < m; k++)
                hcol[k] += zk * zmat[k * nz + jj];
        }
        alpha = hcol[knew];
        double ha = 0.5 * alpha;

        BRow(knew).CopyTo(glag);
        for (int k = 0; k < m; k++)
        {
            var y = Point(k);
            double t = hcol[k] * Dot(y, xopt);
            for (int i = 0; i < n; i++)
                glag[i] += t * y[i];
        }

        ChooseStepAlongLines(ha);
        ChooseCauchyStep();
    }

    /// <summary>The line search part of ALTMOV; sets xnew.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ChooseStepAlongLines(double ha)
    {
        double presav = 0, stpsav = 0;
        int ksav = -1, ibdsav = 0;
        for (int k = 0; k < m; k++)
        {
            if (k == kopt) continue;
            var y = Point(k);
            double dderiv = 0, dist2 = 0;
            for (int i = 0; i < n; i++)
            {
                double t = y[i] - xopt[i];
                dderiv += glag[i] * t;
                dist2 += t * t;
            }

            // Admissible multipliers of (y_k − xopt): [slbd, subd], from the trust region and the box.
            // A bound that cuts the range is recorded as ±(i+1): − for sl[i], + for su[i].
            double subd = adelt / Math.Sqrt(dist2);
            double slbd = -subd;
            int ilbd = 0, iubd = 0;
            double sumin = Math.Min(1, subd);
            for (int i = 0; i < n; i++)
            {
                double t = y[i] - xopt[i];
                if (t > 0)
                {
                    if (slbd * t < sl[i] - xopt[i])
                    {
                        slbd = (sl[i] - xopt[i]) / t;
                        ilbd = -(i + 1);
                    }
                    if (subd * t > su[i] - xopt[i])
                    {
                        subd = Math.Max(sumin, (su[i] - xopt[i]) / t);
                        iubd = i + 1;
                    }
                }
                else if (t < 0)
                {
                    if (slbd * t > su[i] - xopt[i])
                    {
                        slbd = (su[i] - xopt[i]) / t;
                        ilbd = i + 1;
                    }
                    if (subd * t < sl[i] - xopt[i])
                    {
                        subd = Math.Max(sumin, (sl[i] - xopt[i]) / t);
                        iubd = -(i + 1);
                    }
                }
            }

            // ℓ_knew along the line is quadratic in the multiplier, with known values at 0 and 1.
            double step, lagrange;
            int isbd;
            if (k == knew)
            {
                double diff = dderiv - 1;
                step = slbd;
                lagrange = slbd * (dderiv - slbd * diff);
                isbd = ilbd;
                double atUpper = subd * (dderiv - subd * diff);
                if (Math.Abs(atUpper) > Math.Abs(lagrange))
                {
                    step = subd;
                    lagrange = atUpper;
                    isbd = iubd;
                }
                double tempd = 0.5 * dderiv;
                double tempa = tempd - diff * slbd;
                double tempb = tempd - diff * subd;
                if (tempa * tempb < 0)
                {
                    double atPeak = tempd * tempd / diff;
                    if (Math.Abs(atPeak) > Math.Abs(lagrange))
                    {
                        step = tempd / diff;
                        lagrange = atPeak;
                        isbd = 0;
                    }
                }
            }
            else
            {
                step = slbd;
                lagrange = slbd * (1 - slbd);
                isbd = ilbd;
                double atUpper = subd * (1 - subd);
                if (Math.Abs(atUpper) > Math.Abs(lagrange))
                {
                    step = subd;
                    lagrange = atUpper;
                    isbd = iubd;
                }
                if (subd > 0.5 && Math.Abs(lagrange) < 0.25)
                {
                    step = 0.5;
                    lagrange = 0.25;
                    isbd = 0;
                }
                lagrange *= dderiv;
            }

            double tt = step * (1 - step) * dist2;
            double predsq = lagrange * lagrange * (lagrange * lagrange + ha * tt * tt);
            if (predsq > presav)
            {
                presav = predsq;
                ksav = k;
                stpsav = step;
                ibdsav = isbd;
            }
        }

        if (ksav < 0)
        {
            xopt.AsSpan().CopyTo(xnew);
            return;
        }
        var ys = Point(ksav);
        for (int i = 0; i < n; i++)
        {
            double t = xopt[i] + stpsav * (ys[i] - xopt[i]);
            xnew[i] = Math.Max(sl[i], Math.Min(su[i], t));
        }
        if (ibdsav < 0) xnew[-ibdsav - 1] = sl[-ibdsav - 1];
        if (ibdsav > 0) xnew[ibdsav - 1] = su[ibdsav - 1];
    }

    /// <summary>
    /// The Cauchy part of ALTMOV: steepest ascent and descent of ℓ_knew from xopt, projected on
    /// the box and cut to length adelt; the one with the larger ℓ² wins. Sets xalt and cauchy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ChooseCauchyStep()
    {
        const double curvatureLimit = 2.414213562373095; // 1 + √2
        double csave = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            // Free components move along −glag; the others are blocked by a bound from the start.
            double wfixsq = 0, ggfree = 0;
            for (int i = 0; i < n; i++)
            {
                cauchyStep[i] = 0;
                cauchyFree[i] = false;
                double tempa = Math.Min(xopt[i] - sl[i], glag[i]);
                double tempb = Math.Max(xopt[i] - su[i], glag[i]);
                if (tempa > 0 || tempb < 0)
                {
                    cauchyFree[i] = true;
                    ggfree += glag[i] * glag[i];
                }
            }
            if (ggfree == 0)
            {
                cauchy = 0;
                return;
            }

            // Fix at their bounds the components that the scaled step would push out of the box.
            double step = 0;
            double temp = adelt * adelt - wfixsq;
            while (temp > 0)
            {
                double wsqsav = wfixsq;
                step = Math.Sqrt(temp / ggfree);
                ggfree = 0;
                for (int i = 0; i < n; i++)
                {
                    if (!cauchyFree[i]) continue;
                    double moved = xopt[i] - step * glag[i];
                    if (moved <= sl[i])
                    {
                        cauchyFree[i] = false;
                        cauchyStep[i] = sl[i] - xopt[i];
                        wfixsq += cauchyStep[i] * cauchyStep[i];
                    }
                    else if (moved >= su[i])
                    {
                        cauchyFree[i] = false;
                        cauchyStep[i] = su[i] - xopt[i];
                        wfixsq += cauchyStep[i] * cauchyStep[i];
                    }
                    else
                    {
                        ggfree += glag[i] * glag[i];
                    }
                }
                if (!(wfixsq > wsqsav && ggfree > 0))
                    break;
                temp = adelt * adelt - wfixsq;
            }

            double gw = 0;
            for (int i = 0; i < n; i++)
            {
                if (cauchyFree[i])
                {
                    cauchyStep[i] = -step * glag[i];
                    xalt[i] = Math.Max(sl[i], Math.Min(su[i], xopt[i] + cauchyStep[i]));
                }
                else if (cauchyStep[i] == 0)
                {
                    xalt[i] = xopt[i];
                }
                else
                {
                    xalt[i] = glag[i] > 0 ? sl[i] : su[i];
                }
                gw += glag[i] * cauchyStep[i];
            }

            // Shorten the step if that gives a larger |ℓ_knew|.
            double curv = 0;
            for (int k = 0; k < m; k++)
            {
                double t = Dot(Point(k), cauchyStep);
                curv += hcol[k] * t * t;
            }
            if (pass == 1)
                curv = -curv;
            if (curv > -gw && curv < -curvatureLimit * gw)
            {
                double scale = -gw / curv;
                for (int i = 0; i < n; i++)
                    xalt[i] = Math.Max(sl[i], Math.Min(su[i], xopt[i] + scale * cauchyStep[i]));
                double half = 0.5 * gw * scale;
                cauchy = half * half;
            }
            else
            {
                double v = gw + 0.5 * curv;
                cauchy = v * v;
            }

            if (pass == 0)
            {
                for (int i = 0; i < n; i++)
                    glag[i] = -glag[i];
                xalt.AsSpan().CopyTo(xaltSaved);
                csave = cauchy;
            }
        }
        if (csave > cauchy)
        {
            xaltSaved.AsSpan().CopyTo(xalt);
            cauchy = csave;
        }
    }
}
