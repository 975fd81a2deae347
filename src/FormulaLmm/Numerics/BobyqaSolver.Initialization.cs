using System.Runtime.CompilerServices;

namespace FormulaLmm.Numerics;

internal sealed partial class BobyqaSolver
{
    /// <summary>
    /// Powell's PRELIM for m = 2n + 1: f at the start and at two steps along each coordinate
    /// (+ρ and −ρ, or +ρ and +2ρ / −ρ and −2ρ when the start is on a bound). These points give the
    /// first model (gradient and diagonal Hessian by divided differences) and closed forms of bmat
    /// and zmat, so no linear system is solved.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Initialize()
    {
        double rhosq = rhoBegin * rhoBegin;
        kopt = 0;

        fval[0] = EvaluateAt(Point(0));
        if (double.IsPositiveInfinity(finiteMin))
        {
            stop = StopReason.NonFiniteStart;
            return;
        }
        double fbeg = fval[0];

        // First step along each coordinate; gopt[j] temporarily holds the forward difference.
        for (int j = 0; j < n; j++)
        {
            int k = j + 1;
            double stepA = su[j] == 0 ? -rhoBegin : rhoBegin;
            xpt[k * n + j] = stepA;
            if (!EvaluateInitialPoint(k))
                return;
            gopt[j] = (fval[k] - fbeg) / stepA;
        }

        // Second step along each coordinate: with the first it fixes the slope and the curvature.
        for (int j = 0; j < n; j++)
        {
            int ka = j + 1, kb = n + 1 + j;
            double stepA = xpt[ka * n + j];
            double stepB = -rhoBegin;
            if (sl[j] == 0) stepB = Math.Min(2 * rhoBegin, su[j]);
            if (su[j] == 0) stepB = Math.Max(-2 * rhoBegin, sl[j]);
            xpt[kb * n + j] = stepB;
            if (!EvaluateInitialPoint(kb))
                return;

            double slopeB = (fval[kb] - fbeg) / stepB;
            double span = stepB - stepA;
            hq[j * n + j] = 2 * (slopeB - gopt[j]) / span;
            gopt[j] = (gopt[j] * stepB - slopeB * stepA) / span;

            // For a symmetric pair, keep the lower value in the first slot (Powell does this so
            // that, with more points, it would feed the off-diagonal terms; kept for fidelity).
            if (stepA * stepB < 0 && fval[kb] < fval[ka])
            {
                (fval[ka], fval[kb]) = (fval[kb], fval[ka]);
                if (kopt == kb) kopt = ka;
                xpt[ka * n + j] = stepB;
                xpt[kb * n + j] = stepA;
            }

            // Closed-form Lagrange coefficients of the three points 0, ka, kb on this coordinate.
            bmat[j] = -(stepA + stepB) / (stepA * stepB);
            bmat[kb * n + j] = -0.5 / xpt[ka * n + j];
            bmat[ka * n + j] = -bmat[j] - bmat[kb * n + j];
            zmat[j] = Math.Sqrt(2.0) / (stepA * stepB);
            zmat[kb * nz + j] = Math.Sqrt(0.5) / rhosq;
            zmat[ka * nz + j] = -zmat[j] - zmat[kb * nz + j];
        }

        Point(kopt).CopyTo(xopt);
        xoptsq = Dot(xopt, xopt);
    }

    /// <summary>Evaluates initial point k, keeping kopt; false when the budget ran out first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool EvaluateInitialPoint(int k)
    {
        if (BudgetExhausted)
        {
            stop = StopReason.MaxEvaluations;
            Point(kopt).CopyTo(xopt);
            return false;
        }
        fval[k] = EvaluateAt(Point(k));
        if (fval[k] < fval[kopt])
            kopt = k;
        return true;
    }
}
