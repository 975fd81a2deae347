using System.Globalization;
using System.Text;

namespace FormulaLmm.Results;

/// <summary>
/// Numbers as R prints them, so that summaries line up with lme4's: R's <c>format(x, digits,
/// nsmall)</c> (one common layout for a whole vector: fixed notation unless scientific is
/// narrower), <c>round(x, d)</c>, <c>zapsmall</c>, <c>signif</c>-style rounding and
/// <c>quantile(type = 7)</c>. Rounding works on the exact decimal expansion of the double, ties
/// to even, as R's and the C library's do.
/// </summary>
internal static class RFormat
{
    /// <summary>
    /// R's <c>format(values, digits = digits, nsmall = nsmall)</c>: every value gets the same number
    /// of decimals (enough that each shows <paramref name="digits"/> significant digits, trailing
    /// zeros dropped), or all use scientific notation when that is narrower; the strings are
    /// right-justified to a common width. NaN prints as "NaN", infinities as "Inf"/"-Inf".
    /// </summary>
    public static string[] Format(IReadOnlyList<double> values, int digits = 7, int nsmall = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        int n = values.Count;
        bool anyFinite = false, anyNegative = false;
        int maxSignedLeft = int.MinValue, maxRight = int.MinValue, maxSig = int.MinValue;
        int maxExponent = int.MinValue, minExponent = int.MaxValue, maxLeft = int.MinValue;
        for (int i = 0; i < n; i++)
        {
            double x = values[i];
            if (!double.IsFinite(x)) continue;
            anyFinite = true;
            var (negative, kpower, nsig, roundingWidens) = Scientific(x, digits);
            int left = kpower + 1;
            if (roundingWidens) left--;
            int signedLeft = (negative ? 1 : 0) + (left <= 0 ? 1 : left);
            int right = nsig - left;
            if (negative) anyNegative = true;
            maxRight = Math.Max(maxRight, right);
            maxLeft = Math.Max(maxLeft, left);
            maxSignedLeft = Math.Max(maxSignedLeft, signedLeft);
            maxSig = Math.Max(maxSig, nsig);
            maxExponent = Math.Max(maxExponent, kpower);
            minExponent = Math.Min(minExponent, kpower);
        }

        var result = new string[n];
        if (!anyFinite)
        {
            for (int i = 0; i < n; i++) result[i] = NonFinite(values[i]);
            return PadLeft(result);
        }

        if (maxLeft < 0) maxSignedLeft = 1 + (anyNegative ? 1 : 0);
        int rgt = Math.Max(0, maxRight);
        int fixedWidth = maxSignedLeft + rgt + (rgt != 0 ? 1 : 0);
        int expDigits = maxExponent + 1 > 100 || minExponent + 1 <= -99 ? 2 : 1;
        int mantissaDecimals = maxSig - 1;
        int sciWidth = (anyNegative ? 1 : 0) + (mantissaDecimals > 0 ? 1 : 0) + mantissaDecimals + 4 + expDigits;
        bool useFixed = fixedWidth <= sciWidth;
        if (useFixed && nsmall > rgt)
        {
            rgt = nsmall;
            fixedWidth = maxSignedLeft + rgt + 1;
        }

        for (int i = 0; i < n; i++)
        {
            double x = values[i];
            result[i] = !double.IsFinite(x) ? NonFinite(x)
                : useFixed ? FixedString(x, rgt)
                : ScientificString(x, mantissaDecimals);
        }
        // R's field width, which can exceed every string (the integer part is sized from the
        // exponent after rounding to `digits`, e.g. " 9.99990" for 9.9999 beside 0.001234).
        return PadLeft(result, useFixed ? fixedWidth : sciWidth);
    }

    /// <summary>One number formatted on its own (R's <c>format(x, digits)</c> of a scalar).</summary>
    public static string Format(double value, int digits = 7, int nsmall = 0) => Format(new[] { value }, digits, nsmall)[0];

    /// <summary>
    /// R 4's <c>round(x, digits)</c> for digits ≥ 0: of the two neighbouring multiples of
    /// 10^−digits, computed as doubles, the one nearer to x in double arithmetic, the even one on
    /// a tie. So round(0.15, 1) = 0.1 and round(0.45, 1) = 0.4 as in R (not the exact decimal
    /// rounding of the binary value, which gives 0.5 for the latter).
    /// </summary>
    public static double Round(double x, int digits)
    {
        if (!double.IsFinite(x) || x == 0) return x;
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        if (x < 0) return -Round(-x, digits);
        if (digits == 0) return Math.Round(x, MidpointRounding.ToEven);
        if (Math.Log10(x) + digits > 15) return x; // already as precise as a double shows
        double p10 = Math.Pow(10, digits);
        double scaled = x * p10, down = Math.Floor(scaled), up = Math.Ceiling(scaled);
        double lower = down / p10, upper = up / p10;
        double du = upper - x, dd = x - lower;
        return du < dd || (du == dd && down % 2 == 1) ? upper : lower;
    }

    /// <summary>
    /// R 4.2's <c>zapsmall(x, digits)</c>: rounds every value to digits − log10(max |x|) decimals
    /// (not an integer there; R's round takes the nearest whole number of decimals).
    /// </summary>
    public static double[] ZapSmall(IReadOnlyList<double> values, int digits)
    {
        double max = 0;
        foreach (var v in values) if (!double.IsNaN(v)) max = Math.Max(max, Math.Abs(v));
        int d = max > 0 ? (int)Math.Floor(Math.Max(0, digits - Math.Log10(max)) + 0.5) : digits;
        return values.Select(v => double.IsFinite(v) ? Round(v, d) : v).ToArray();
    }

    /// <summary>R's <c>quantile(x, probs, type = 7)</c> (the default): linear interpolation between order statistics.</summary>
    public static double[] Quantiles(IReadOnlyList<double> values, IReadOnlyList<double> probabilities)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(sorted);
        int n = sorted.Length;
        var q = new double[probabilities.Count];
        if (n == 0) { Array.Fill(q, double.NaN); return q; }
        for (int k = 0; k < q.Length; k++)
        {
            // R: index = 1 + (n - 1) p; lo = floor(index); qs = (1 - h) x[lo] + h x[hi] when x[hi] != x[lo].
            double index = (n - 1) * probabilities[k];
            int lo = (int)Math.Floor(index), hi = (int)Math.Ceiling(index);
            double h = index - lo;
            double qs = sorted[lo];
            if (index > lo && sorted[hi] != qs) qs = (1 - h) * qs + h * sorted[hi];
            q[k] = qs;
        }
        return q;
    }

    /// <summary>The five numbers of lme4's "Scaled residuals" line: Min, 1Q, Median, 3Q, Max.</summary>
    public static double[] FiveNumbers(IReadOnlyList<double> values) => Quantiles(values, new[] { 0.0, 0.25, 0.5, 0.75, 1.0 });

    // ---- digits -------------------------------------------------------------------------------

    /// <summary>
    /// R's scientific(): the decimal exponent of x once rounded to <paramref name="digits"/>
    /// significant digits, and how many of those digits are needed (trailing zeros dropped).
    /// </summary>
    private static (bool Negative, int KPower, int NSig, bool RoundingWidens) Scientific(double x, int digits)
    {
        if (x == 0) return (false, 0, 1, false);
        var (mantissa, exponent) = Digits(Math.Abs(x));
        var (rounded, kpower) = RoundSignificant(mantissa, exponent, digits);
        int nsig = rounded.TrimEnd('0').Length;
        if (nsig == 0) nsig = 1;
        // Rounding to `digits` significant digits can carry into a new power of ten (9996 → 1e+04)
        // although fixed notation would not round that far (9996): then the integer part is one
        // digit narrower than the exponent says. R allows half a unit in the last fixed place.
        int rgt = Math.Clamp(digits - kpower, 0, 27);
        bool widens = kpower > 0 && kpower <= 27 && Math.Abs(x) < Math.Pow(10, kpower) - 0.5 / Math.Pow(10, rgt);
        return (x < 0, kpower, nsig, widens);
    }

    /// <summary>41 significant digits of |x| (x &gt; 0) and the decimal exponent of the first.</summary>
    private static (string Mantissa, int Exponent) Digits(double x)
    {
        // .NET prints the exact binary value's digits; 41 of them decide every rounding below
        // (a decimal tie shows as 5 followed by zeros only when it is an exact tie).
        string s = x.ToString("E40", CultureInfo.InvariantCulture);
        int e = s.IndexOf('E');
        var mantissa = string.Concat(s.AsSpan(0, 1), s.AsSpan(2, e - 2));
        int exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return (mantissa, exponent);
    }

    /// <summary>
    /// Keeps <paramref name="keep"/> leading digits of the mantissa (value = d1.d2d3... × 10^exponent),
    /// rounding half to even. Returns the digits down to the same decimal place and the exponent
    /// of the first one (a carry adds a leading 1); keep ≤ 0 rounds to 0 or to one unit in the
    /// place before the mantissa.
    /// </summary>
    private static (string Digits, int Exponent) RoundAt(string mantissa, int exponent, int keep)
    {
        if (keep >= mantissa.Length) return (mantissa + new string('0', keep - mantissa.Length), exponent);
        if (keep < 0) return ("", exponent);
        int cmp = CompareToHalf(mantissa, keep);
        bool roundUp = cmp > 0 || (cmp == 0 && keep > 0 && (mantissa[keep - 1] - '0') % 2 == 1);
        if (keep == 0) return roundUp ? ("1", exponent + 1) : ("", exponent);
        var digits = mantissa.ToCharArray(0, keep);
        if (roundUp)
        {
            int i = keep - 1;
            while (i >= 0 && digits[i] == '9') digits[i--] = '0';
            // 9.99 → 10.0: one more digit, down to the same decimal place.
            if (i < 0) return ("1" + new string(digits), exponent + 1);
            digits[i]++;
        }
        return (new string(digits), exponent);
    }

    /// <summary>Compares the dropped tail mantissa[keep..] with one half of a unit in the last kept place.</summary>
    private static int CompareToHalf(string mantissa, int keep)
    {
        if (mantissa[keep] != '5') return mantissa[keep] > '5' ? 1 : -1;
        for (int i = keep + 1; i < mantissa.Length; i++) if (mantissa[i] != '0') return 1;
        return 0;
    }

    private static (string Digits, int Exponent) RoundSignificant(string mantissa, int exponent, int digits) =>
        RoundAt(mantissa, exponent, digits);

    /// <summary>sprintf("%.*f", decimals, x) with exact, ties-to-even rounding.</summary>
    internal static string FixedString(double x, int decimals)
    {
        if (x == 0) return decimals > 0 ? "0." + new string('0', decimals) : "0";
        var (mantissa, exponent) = Digits(Math.Abs(x));
        var (digits, e) = RoundAt(mantissa, exponent, exponent + 1 + decimals);
        var sb = new StringBuilder();
        if (x < 0) sb.Append('-');
        if (digits.Length == 0) // rounded to zero
        {
            sb.Append('0');
            if (decimals > 0) sb.Append('.').Append('0', decimals);
            return sb.ToString();
        }
        // digits hold the number from 10^e down to 10^-decimals.
        if (e < 0)
        {
            sb.Append('0');
            if (decimals > 0) sb.Append('.').Append('0', -e - 1).Append(digits);
        }
        else
        {
            string all = digits.PadRight(e + 1 + decimals, '0');
            sb.Append(all, 0, e + 1);
            if (decimals > 0) sb.Append('.').Append(all, e + 1, decimals);
        }
        return sb.ToString();
    }

    /// <summary>sprintf("%.*e", decimals, x) with R's exponent (at least two digits).</summary>
    internal static string ScientificString(double x, int decimals)
    {
        var sb = new StringBuilder();
        if (x < 0) sb.Append('-');
        int exponent = 0;
        string digits;
        if (x == 0) digits = new string('0', decimals + 1);
        else
        {
            var (mantissa, e) = Digits(Math.Abs(x));
            (digits, exponent) = RoundAt(mantissa, e, decimals + 1);
        }
        sb.Append(digits[0]);
        if (decimals > 0) sb.Append('.').Append(digits, 1, decimals);
        sb.Append('e').Append(exponent < 0 ? '-' : '+');
        int magnitude = Math.Abs(exponent);
        if (magnitude < 10) sb.Append('0');
        sb.Append(magnitude.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string NonFinite(double x) =>
        double.IsNaN(x) ? "NaN" : x > 0 ? "Inf" : "-Inf";

    private static string[] PadLeft(string[] strings, int minWidth = 0)
    {
        int width = Math.Max(minWidth, strings.Length == 0 ? 0 : strings.Max(s => s.Length));
        for (int i = 0; i < strings.Length; i++) strings[i] = strings[i].PadLeft(width);
        return strings;
    }
}
