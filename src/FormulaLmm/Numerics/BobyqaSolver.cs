using System.Runtime.CompilerServices;

namespace FormulaLmm.Numerics;

/// <summary>
/// One run of BOBYQA over the free variables of a problem. All work arrays are allocated in the
/// constructor; the iteration itself allocates nothing.
/// </summary>
/// <remarks>
/// Storage (all row-major, 0-based; "points" are displacements from <c>xBase</c>):
/// <c>xpt</c> m×n interpolation points, <c>fval</c> their values, <c>kopt</c> the best of them;
/// the model is Q(xopt + d) = fval[kopt] + gopt·d + ½ d'(hq + Σ_k pq[k] y_k y_k')d;
/// the inverse of the interpolation system ("H" in Powell's papers) is kept as <c>bmat</c>
/// ((m+n)×n: its last n columns) and <c>zmat</c> (m×(m−n−1): its leading m×m block is zmat·zmat').
/// The split into partial files follows Powell's subroutines: initialisation (PRELIM), trust-region
/// step (TRSBOX), geometry step (ALTMOV), updates of H and of the model (UPDATE), RESCUE.
/// Methods with loops are marked AggressiveOptimization: a fit runs the optimizer once, usually
/// in well under the runtime's tiering delay, so tiered JIT would leave it in unoptimised code
/// (measured: 24 µs instead of 4 µs per iteration at n = 6).
/// </remarks>
internal sealed partial class BobyqaSolver
{
    private enum Phase
    {
        RefreshGradient,
        TrustRegionStep,
        PrepareStep,
        Rescue,
        GeometryStep,
        ComputeDenominators,
        EvaluateStep,
        CheckGeometry,
        ReduceRadius,
        Done,
    }

    private enum StopReason
    {
        None,
        RadiusReachedFinalStep,
        FunctionTolerance,
        MaxEvaluations,
        RoundingErrors,
        NonFiniteStart,
    }

    private readonly Func<double[], double> objective;
    private readonly Action<int, double>? progress;
    private readonly double[] userX;
    private readonly int[] freeIndex;
    // Bounds of the free variables in the working coordinates u = x / scale, and in the user's.
    private readonly double[] lower, upper, scale, userLower, userUpper;
    private readonly int n, m, nz;
    private readonly double rhoBegin, rhoEnd;
    private readonly int maxEvaluations;
    private readonly double relativeTolerance, absoluteTolerance;

    // Interpolation set and model.
    private readonly double[] xBase, xpt, fval, xopt, gopt, hq, pq;
    private readonly double[] bmat, zmat;
    private readonly double[] sl, su;
    private readonly double[] xnew, xalt, d, vlag;
    private int kopt;
    private double xoptsq;

    // Work arrays of the main loop.
    private readonly double[] wcheck, xptDotD, hd, hcol, glag;
    private readonly double[] fdiff, interpGrad, interpPq, interpWeight;
    private readonly double[] shiftProducts, shiftWeights, shiftB, shiftV;

    // Trust-region subproblem work arrays.
    private readonly double[] gnew, sdir, hs, hred;
    private readonly sbyte[] xbdi;

    // Geometry step work arrays.
    private readonly double[] cauchyStep, xaltSaved;
    private readonly bool[] cauchyFree;

    // RESCUE work arrays.
    private readonly double[] stepPlus, stepMinus, rescueDist, provisionalStep;
    private readonly int[] provisionalCoord;

    // Iteration state (Powell's names where they exist).
    private double rho, delta, dnorm, dsq, crvmin, lastRatio, adelt, alpha, cauchy, beta, denom, distsq;
    private double diffa, diffb, diffc;
    private int ntrits, nfsav, nresc, itest, knew, kbase;
    private int evaluations;
    private StopReason stop;

    // Non-finite values are replaced by a penalty derived from the finite values seen so far.
    private double finiteMin = double.PositiveInfinity, finiteMax = double.NegativeInfinity;

    // A last short step may be evaluated after convergence (Powell's final Newton-like step).
    private bool finalStepEvaluated;
    private double finalStepValue;

    public BobyqaSolver(
        Func<double[], double> objective,
        double[] start,
        double[] lower,
        double[] upper,
        int[] freeIndex,
        double rhoBegin,
        double rhoEnd,
        OptimizerOptions options)
    {
        this.objective = objective;
        progress = options.Progress;
        userX = (double[])start.Clone();
        this.freeIndex = freeIndex;
        n = freeIndex.Length;
        m = 2 * n + 1;
        nz = m - n - 1;
        this.rhoBegin = rhoBegin;
        this.rhoEnd = rhoEnd;
        maxEvaluations = options.MaxEvaluations;
        relativeTolerance = options.RelativeTolerance;
        absoluteTolerance = options.AbsoluteTolerance;

        this.lower = new double[n];
        this.upper = new double[n];
        scale = new double[n];
        userLower = new double[n];
        userUpper = new double[n];
        for (int i = 0; i < n; i++)
        {
            int full = freeIndex[i];
            scale[i] = options.Scales?[full] ?? 1.0;
            userLower[i] = lower[full];
            userUpper[i] = upper[full];
            this.lower[i] = lower[full] / scale[i];
            this.upper[i] = upper[full] / scale[i];
        }

        xBase = new double[n];
        xpt = new double[m * n];
        fval = new double[m];
        xopt = new double[n];
        gopt = new double[n];
        hq = new double[n * n];
        pq = new double[m];
        bmat = new double[(m + n) * n];
        zmat = new double[m * nz];
        sl = new double[n];
        su = new double[n];
        xnew = new double[n];
        xalt = new double[n];
        d = new double[n];
        vlag = new double[m + n];

        wcheck = new double[m + n];
        xptDotD = new double[m];
        hd = new double[n];
        hcol = new double[m];
        glag = new double[n];
        fdiff = new double[m];
        interpGrad = new double[n];
        interpPq = new double[m];
        interpWeight = new double[m];
        shiftProducts = new double[m];
        shiftWeights = new double[m];
        shiftB = new double[n];
        shiftV = new double[n];

        gnew = new double[n];
        sdir = new double[n];
        hs = new double[n];
        hred = new double[n];
        xbdi = new sbyte[n];

        cauchyStep = new double[n];
        xaltSaved = new double[n];
        cauchyFree = new bool[n];

        stepPlus = new double[n];
        stepMinus = new double[n];
        rescueDist = new double[m];
        provisionalStep = new double[m];
        provisionalCoord = new int[m];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public OptimizerResult Run()
    {
        PlaceStartInsideBounds();
        Initialize();
        if (stop != StopReason.None)
            return BuildResult();

        rho = rhoBegin;
        delta = rho;
        nresc = evaluations;
        ntrits = 0;
        diffa = diffb = diffc = 0;
        itest = 0;
        nfsav = evaluations;
        kbase = 0;

        var phase = Phase.RefreshGradient;
        while (phase != Phase.Done)
        {
            phase = phase switch
            {
                Phase.RefreshGradient => RefreshGradient(),
                Phase.TrustRegionStep => TakeTrustRegionStep(),
                Phase.PrepareStep => PrepareStep(),
                Phase.Rescue => RunRescue(),
                Phase.GeometryStep => TakeGeometryStep(),
                Phase.ComputeDenominators => ComputeDenominators(),
                Phase.EvaluateStep => EvaluateStep(),
                Phase.CheckGeometry => CheckGeometry(),
                Phase.ReduceRadius => ReduceRadius(),
                _ => throw new InvalidOperationException($"unknown phase {phase}"),
            };
        }
        return BuildResult();
    }

    /// <summary>
    /// Powell's adjustment of the start: a variable closer than rhobeg to a bound is put on the
    /// bound or at distance rhobeg from it, so that every initial interpolation point is feasible.
    /// sl and su become the bounds relative to the (adjusted) start.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PlaceStartInsideBounds()
    {
        for (int j = 0; j < n; j++)
        {
            double x = userX[freeIndex[j]] / scale[j];
            double gap = upper[j] - lower[j];
            sl[j] = lower[j] - x;
            su[j] = upper[j] - x;
            if (sl[j] >= -rhoBegin)
            {
                if (sl[j] >= 0)
                {
                    x = lower[j];
                    sl[j] = 0;
                    su[j] = gap;
                }
                else
                {
                    x = lower[j] + rhoBegin;
                    sl[j] = -rhoBegin;
                    su[j] = Math.Max(upper[j] - x, rhoBegin);
                }
            }
            else if (su[j] <= rhoBegin)
            {
                if (su[j] <= 0)
                {
                    x = upper[j];
                    sl[j] = -gap;
                    su[j] = 0;
                }
                else
                {
                    x = upper[j] - rhoBegin;
                    sl[j] = Math.Min(lower[j] - x, -rhoBegin);
                    su[j] = rhoBegin;
                }
            }
            xBase[j] = x;
        }
    }

    // ---------------------------------------------------------------- evaluation

    /// <summary>Evaluates f at xBase + displacement, snapping coordinates that sit on sl/su to the bound.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double EvaluateAt(ReadOnlySpan<double> displacement)
    {
        WriteFree(userX, displacement);
        evaluations++;
        double f = objective(userX);
        progress?.Invoke(evaluations, f);
        if (double.IsFinite(f) && (double.IsPositiveInfinity(finiteMin) || f - finiteMax <= ExtremeJump * PenaltyScale()))
        {
            finiteMin = Math.Min(finiteMin, f);
            finiteMax = Math.Max(finiteMax, f);
            return f;
        }
        return finiteMax + PenaltyScale();
    }

    /// <summary>A rise above every value seen that is treated like NaN (see <see cref="PenaltyScale"/>).</summary>
    private const double ExtremeJump = 1e6;

    /// <summary>
    /// NaN, ±∞ and values more than <see cref="ExtremeJump"/> × this above the largest value seen
    /// are replaced by (largest value seen) + this: the spread of the values seen, at least a small
    /// relative amount. The model then sees a steep but moderate rise, so the trust region shrinks
    /// away from the region; the true values would wreck the interpolation (the least Frobenius-norm
    /// update never forgets a huge curvature). Only accepted values define the scale, so repeated
    /// replacements cannot escalate.
    /// </summary>
    private double PenaltyScale() => Math.Max(finiteMax - finiteMin, 1e-3 * (1 + Math.Abs(finiteMax)));

    private bool BudgetExhausted => evaluations >= maxEvaluations;

    private Span<double> Point(int k) => xpt.AsSpan(k * n, n);

    private Span<double> BRow(int r) => bmat.AsSpan(r * n, n);

    // ---------------------------------------------------------------- main loop phases (Powell's BOBYQB)

    /// <summary>Moves gopt from the gradient at xpt[kbase] to the gradient at xopt (label 20).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Phase RefreshGradient()
    {
        if (kopt != kbase)
        {
            AddModelHessianTimes(xopt, gopt);
        }
        return Phase.TrustRegionStep;
    }

    /// <summary>
    /// Computes a trust-region step (label 60). A step shorter than ρ/2 is not evaluated: either the
    /// geometry is improved, or the work at this ρ is judged complete.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Phase TakeTrustRegionStep()
    {
        SolveTrustRegionSubproblem();
        dnorm = Math.Min(delta, Math.Sqrt(dsq));
        if (dnorm < 0.5 * rho)
        {
            ntrits = -1;
            distsq = Square(10 * rho);
            if (evaluations <= nfsav + 2)
                return Phase.CheckGeometry;

            // Leave this ρ only if the recent model errors are small next to the reductions that a
            // step of length ρ/2 could still bring, including moves off active bounds.
            double errbig = Math.Max(Math.Max(diffa, diffb), diffc);
            double frhosq = 0.125 * rho * rho;
            if (crvmin > 0 && errbig > frhosq * crvmin)
                return Phase.CheckGeometry;
            double bdtol = errbig / rho;
            for (int j = 0; j < n; j++)
            {
                double bdtest = bdtol;
                if (xnew[j] == sl[j]) bdtest = gnew[j];
                if (xnew[j] == su[j]) bdtest = -gnew[j];
                if (bdtest < bdtol)
                {
                    bdtest += 0.5 * ModelCurvature(j) * rho;
                    if (bdtest < bdtol)
                        return Phase.CheckGeometry;
                }
            }
            return Phase.ReduceRadius;
        }
        ntrits++;
        return Phase.PrepareStep;
    }

    /// <summary>Shifts xBase to xopt when xopt has drifted far compared with the step (label 90).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Phase PrepareStep()
    {
        if (dsq <= 1e-3 * xoptsq)
            ShiftBaseToBestPoint();
        return ntrits == 0 ? Phase.GeometryStep : Phase.ComputeDenominators;
    }

    /// <summary>Rebuilds H after rounding errors spoilt a denominator (label 190).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Phase RunRescue()
    {
        nfsav = evaluations;
        kbase = kopt;
        bool completed = Rescue();
        xoptsq = 0;
        if (kopt != kbase)
        {
            Point(kopt).CopyTo(xopt);
            xoptsq = Dot(xopt, xopt);
        }
        if (!completed)
            return Phase.Done;
        nresc = evaluations;
        if (nfsav < evaluations)
        {
            nfsav = evaluations;
            return Phase.RefreshGradient;
        }
        return ntrits > 0 ? Phase.TrustRegionStep : Phase.GeometryStep;
    }

    /// <summary>Chooses a new position for point knew that keeps the interpolation well posed (label 210).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Phase TakeGeometryStep()
    {
        ChooseGeometryStep();
        for (int j = 0; j < n; j++)
            d[j] = xnew[j] - xopt[j];
        return Phase.ComputeDenominators;
    }

    /// <summary>
    /// Computes the Lagrange values and β of the step d, and picks the point to drop (label 230).
    /// Calls RESCUE when the denominator of the H update has suffered cancellation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Phase ComputeDenominators()
    {
        ComputeLagrangeValuesAndBeta();
        if (ntrits == 0)
        {
            denom = vlag[knew] * vlag[knew] + alpha * beta;
            if (denom < cauchy && cauchy > 0)
            {
                xalt.AsSpan().CopyTo(xnew);
                for (int j = 0; j < n; j++)
                    d[j] = xnew[j] - xopt[j];
                cauchy = 0;
                return Phase.ComputeDenominators;
            }
            if (!(denom > 0.5 * vlag[knew] * vlag[knew]))
                return RescueOrStop();
        }
        else
        {
            knew = ChoosePointToDrop(xopt, keepBest: true, out double scaden, out double biglsq);
            if (knew < 0 || !(scaden > 0.5 * biglsq))
                return RescueOrStop();
        }
        return Phase.EvaluateStep;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Phase RescueOrStop()
    {
        if (evaluations > nresc)
            return Phase.Rescue;
        stop = StopReason.RoundingErrors;
        return Phase.Done;
    }

    /// <summary>
    /// Evaluates f at xnew, adjusts the trust region, replaces point knew, and updates H and the
    /// model (label 360 onwards).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Phase EvaluateStep()
    {
        if (BudgetExhausted)
        {
            // The final short step is optional; a converged run stays converged without it.
            if (stop == StopReason.None)
                stop = StopReason.MaxEvaluations;
            return Phase.Done;
        }
        // Overflow in the model (from huge function values) would otherwise reach f as NaN coordinates.
        if (!AllFinite(xnew))
        {
            if (stop == StopReason.None)
                stop = StopReason.RoundingErrors;
            return Phase.Done;
        }
        double f = EvaluateAt(xnew);
        if (ntrits == -1)
        {
            finalStepEvaluated = true;
            finalStepValue = f;
            return Phase.Done;
        }

        double fopt = fval[kopt];
        double vquad = PredictedChange();
        double diff = f - fopt - vquad;
        diffc = diffb;
        diffb = diffa;
        diffa = Math.Abs(diff);
        if (dnorm > rho)
            nfsav = evaluations;

        if (ntrits > 0)
        {
            // Powell stops when the model predicts no decrease; rounding can cause that, and
            // treating the step as a failure instead lets ρ shrink and the run finish normally.
            double ratio = vquad < 0 ? (f - fopt) / vquad : -1;
            lastRatio = ratio;
            if (ratio <= 0.1)
                delta = Math.Min(0.5 * delta, dnorm);
            else if (ratio <= 0.7)
                delta = Math.Max(0.5 * delta, dnorm);
            else
                delta = Math.Max(0.5 * delta, 2 * dnorm);
            if (delta <= 1.5 * rho)
                delta = rho;

            // With a new best point, the point to drop is chosen by distance from xnew instead.
            if (f < fopt)
            {
                int saved = knew;
                double savedDenom = denom;
                knew = ChoosePointToDrop(xnew, keepBest: false, out double scaden, out double biglsq);
                if (knew < 0 || !(scaden > 0.5 * biglsq))
                {
                    knew = saved;
                    denom = savedDenom;
                }
            }
        }

        if (!(denom > 0) || !double.IsFinite(denom))
            return RescueOrStop();

        UpdateInverse(knew);
        if (!AllFinite(zmat) || !AllFinite(bmat))
        {
            stop = StopReason.RoundingErrors;
            return Phase.Done;
        }
        ReplaceInterpolationPoint(knew, f, diff);

        if (f < fopt)
        {
            kopt = knew;
            xnew.AsSpan().CopyTo(xopt);
            xoptsq = Dot(xopt, xopt);
            AddModelHessianTimes(d, gopt);
            double improvement = fopt - f;
            if (improvement < absoluteTolerance
                || improvement < relativeTolerance * 0.5 * (Math.Abs(f) + Math.Abs(fopt)))
            {
                stop = StopReason.FunctionTolerance;
                return Phase.Done;
            }
        }

        if (ntrits > 0)
            MaybeReplaceByFrobeniusInterpolant();

        if (ntrits == 0)
            return Phase.TrustRegionStep;
        if (f <= fopt + 0.1 * vquad)
            return Phase.TrustRegionStep;
        distsq = Math.Max(Square(2 * delta), Square(10 * rho));
        return Phase.CheckGeometry;
    }

    /// <summary>
    /// Looks for an interpolation point farther than sqrt(distsq) from xopt (label 650); if one
    /// exists it is moved by a geometry step, otherwise the trust-region loop goes on or ρ shrinks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Phase CheckGeometry()
    {
        knew = -1;
        for (int k = 0; k < m; k++)
        {
            double sum = DistanceSquared(Point(k), xopt);
            if (sum > distsq)
            {
                knew = k;
                distsq = sum;
            }
        }
        if (knew >= 0)
        {
            double dist = Math.Sqrt(distsq);
            if (ntrits == -1)
            {
                delta = Math.Min(0.1 * delta, 0.5 * dist);
                if (delta <= 1.5 * rho)
                    delta = rho;
            }
            ntrits = 0;
            adelt = Math.Max(Math.Min(0.1 * dist, delta), rho);
            dsq = adelt * adelt;
            return Phase.PrepareStep;
        }
        if (ntrits == -1)
            return Phase.ReduceRadius;
        if (lastRatio > 0)
            return Phase.TrustRegionStep;
        if (Math.Max(delta, dnorm) > rho)
            return Phase.TrustRegionStep;
        return Phase.ReduceRadius;
    }

    /// <summary>Lowers ρ (label 680), or finishes when ρ has reached its final value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Phase ReduceRadius()
    {
        if (rho > rhoEnd)
        {
            delta = 0.5 * rho;
            double ratio = rho / rhoEnd;
            if (ratio <= 16)
                rho = rhoEnd;
            else if (ratio <= 250)
                rho = Math.Sqrt(ratio) * rhoEnd;
            else
                rho *= 0.1;
            delta = Math.Max(delta, rho);
            ntrits = 0;
            nfsav = evaluations;
            return Phase.TrustRegionStep;
        }
        stop = StopReason.RadiusReachedFinalStep;
        // The short step found at the final ρ has never been tried: try it once.
        return ntrits == -1 ? Phase.EvaluateStep : Phase.Done;
    }

    // ---------------------------------------------------------------- result

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private OptimizerResult BuildResult()
    {
        int full = userX.Length;
        var x = new double[full];
        Array.Copy(userX, x, full);
        double best;
        if (evaluations == 0 || stop == StopReason.NonFiniteStart)
        {
            best = double.NaN;
        }
        else if (finalStepEvaluated && finalStepValue < fval[kopt])
        {
            best = finalStepValue;
            WriteFree(x, xnew);
        }
        else
        {
            best = fval[kopt];
            WriteFree(x, xopt);
        }

        bool converged = stop is StopReason.RadiusReachedFinalStep or StopReason.FunctionTolerance;
        string message = stop switch
        {
            StopReason.RadiusReachedFinalStep =>
                $"converged: trust-region radius reached FinalStep = {rhoEnd:G3}",
            StopReason.FunctionTolerance =>
                "converged: an iteration improved f by less than the function tolerance",
            StopReason.MaxEvaluations =>
                $"not converged: the limit of {maxEvaluations} evaluations was reached (radius {rho:G3})",
            StopReason.RoundingErrors =>
                $"not converged: rounding errors prevent further progress (radius {rho:G3})",
            StopReason.NonFiniteStart =>
                "not converged: the objective is not finite at the starting point",
            _ => "stopped",
        };
        return new OptimizerResult(x, best, evaluations, converged, message);
    }

    /// <summary>
    /// Writes xBase + displacement, in user coordinates, into the free entries of x. A coordinate
    /// on sl or su receives the user's bound itself, so no rounding can move it off the bound.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteFree(double[] x, ReadOnlySpan<double> displacement)
    {
        for (int j = 0; j < n; j++)
        {
            double u = Math.Min(Math.Max(xBase[j] + displacement[j], lower[j]), upper[j]);
            double v = Math.Min(Math.Max(u * scale[j], userLower[j]), userUpper[j]);
            if (displacement[j] == sl[j]) v = userLower[j];
            if (displacement[j] == su[j]) v = userUpper[j];
            x[freeIndex[j]] = v;
        }
    }

    // ---------------------------------------------------------------- small linear algebra

    // Squares written as in Powell's code: ties in distance tests are decided by rounding.
    private static double Square(double v) => v * v;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
            s += a[i] * b[i];
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double DistanceSquared(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double t = a[i] - b[i];
            s += t * t;
        }
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AllFinite(double[] a)
    {
        foreach (double v in a)
            if (!double.IsFinite(v))
                return false;
        return true;
    }

    /// <summary>result += (hq + Σ_k pq[k] y_k y_k') v: the model Hessian times v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddModelHessianTimes(ReadOnlySpan<double> v, Span<double> result)
    {
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            int row = i * n;
            for (int j = 0; j < n; j++)
                s += hq[row + j] * v[j];
            result[i] += s;
        }
        for (int k = 0; k < m; k++)
        {
            if (pq[k] == 0) continue;
            var y = Point(k);
            double t = pq[k] * Dot(y, v);
            for (int i = 0; i < n; i++)
                result[i] += t * y[i];
        }
    }

    /// <summary>The j-th diagonal element of the model Hessian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double ModelCurvature(int j)
    {
        double curv = hq[j * n + j];
        for (int k = 0; k < m; k++)
        {
            double y = xpt[k * n + j];
            curv += pq[k] * y * y;
        }
        return curv;
    }
}
